"""Where events are told in a stretch of text: each verb that codes an act (or an occurrence), then
each event noun that no verb has taken as its object."""

from __future__ import annotations

from spacy.tokens import Span, Token

from timeline.extract.coding import PredicateCoder
from timeline.extract.eventdata import Code
from timeline.extract.events.arguments import ArgumentFinder
from timeline.extract.events.candidate import Candidate
from timeline.extract.events.nominal import NominalReader
from timeline.extract.events.predicates import PredicateReader
from timeline.extract.events.verbal import VerbalReader
from timeline.extract.syntax import children, conjuncts

# Codes from PETRARCH-2's dictionary, not the lexicon: when they make no PLOVER event the verb is
# still an occurrence ("signed a contract" between companies).
CAMEO_ORIGINS = frozenset({"cameo-verb", "cameo-pattern"})


# How a demand hangs on the protest that voices it ("farmers demanding ...", "a rally to demand ...").
AIM_DEPS = ("acl", "advcl", "xcomp", "relcl")


def without_protest_aims(cands: list[Candidate]) -> list[Candidate]:
    """A demand that a protest voices is the protest's aim (PLOVER 3.12), not a REQUEST of its own:
    "farmers demanding a better deal blocked roads", "a rally to demand his return", "demonstrators
    thronged the street, demanding that Elian stay"."""
    anchors = set()
    for c in cands:
        if c.code.type == "PROTEST":
            anchors |= {c.trigger.i, c.clause.i} | {t.i for t in children(c.clause, "nsubj", "nsubjpass")}
    return [c for c in cands
            if not (c.code.type == "REQUEST" and c.trigger.dep_ in AIM_DEPS and c.trigger.head.i in anchors)]


class TriggerFinder:
    """Finds the candidate events of one Doc, window by window."""

    def __init__(self, args: ArgumentFinder, coder: PredicateCoder) -> None:
        self.args = args
        self.lex = args.lex
        self.predicates = PredicateReader(args, coder)
        self.verbal = VerbalReader(args, self.predicates)
        self.nominal = NominalReader(args, self.predicates)

    def candidates(self, window: Span) -> list[Candidate]:
        """Verbs first, so that the nouns their events hold are not coded again."""
        out: list[Candidate] = []
        consumed: set[int] = set()  # nouns a verb's event already holds ("imposed sanctions")
        for tok in window:
            if tok.pos_ != "VERB" or tok.dep_ == "amod" or tok.i in self.predicates.contents \
                    or self.predicates.is_content(tok):
                continue
            cand = self.verb_candidate(tok, consumed)
            if cand is not None and cand.code.type == "OTHER":
                self.add_occurrence_nouns(cand, tok, consumed)
            if cand is not None:
                out.append(cand)
        return without_protest_aims(out + self.noun_candidates(window, consumed))

    def verb_candidate(self, tok: Token, consumed: set[int]) -> Candidate | None:
        """The event a verb tells: a PLOVER act, else an occurrence."""
        found = self.predicates.code_verb(tok)
        if found is None or found.code is None or found.code.type == "OTHER":
            return self.nominal.other(tok)
        cand = self.verbal.verbal(tok, found)
        if cand is not None:
            consumed |= {o.i for o in self.args.patient_tokens(tok) for o in conjuncts(o)}
            if found.noun is not None:
                consumed |= {n.i for n in conjuncts(found.noun)}
        elif found.origin in CAMEO_ORIGINS or tok.lemma_.lower() in self.lex.person_verbs:
            cand = self.nominal.other(tok)  # no PLOVER act here ("released the iPhone"), but an occurrence
        return cand

    def add_occurrence_nouns(self, cand: Candidate, tok: Token, consumed: set[int]) -> None:
        """The same occurrence named again by the verb's object ("won an order from Qatar Airways":
        the order's side takes part)."""
        cand.also = [o for o in children(tok, "dobj") if o.lemma_.lower() in self.lex.occurrence_nouns]
        consumed |= {o.i for o in cand.also}
        for noun in cand.also:
            named = self.nominal.nominal(noun, Code("OTHER"))
            cand.target += [a for a in named.source + named.target if a not in cand.source]

    def noun_candidates(self, window: Span, consumed: set[int]) -> list[Candidate]:
        """Events and occurrences named by nouns that no verb's event holds."""
        out: list[Candidate] = []
        for tok in window:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.i in consumed or tok.i in self.args.index.timex_tokens \
                    or self.predicates.in_content(tok):
                continue
            if (code := self.predicates.event_noun(tok)) and self.predicates.stands_alone(tok):
                out.append(self.nominal.nominal(tok, code))
            elif (verb := self.lex.occurrence_nouns.get(tok.lemma_.lower())) is not None:
                out.append(self.nominal.nominal(tok, Code("OTHER"), verb))
        return out
