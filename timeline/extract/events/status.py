"""Whether an event happened, is planned, possible or negated (PLOVER's auxiliary modes, 2.3), who
reports it, and the codebook's reading of a planned or conditional act (3.1, 3.4.2, 3.11)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from timeline.extract.eventdata import Code
from timeline.extract.events.arguments import ArgumentFinder
from timeline.extract.events.candidate import Candidate
from timeline.extract.syntax import NOMINAL_SUBJECTS, WALK_LIMIT, ancestors, children, has_infinitive_to, preps, subtree
from timeline.types import Status

# Clause arcs along which a governing verb's status reaches the event ("plans to attack").
STATUS_ARCS = ("conj", "xcomp", "acl", "advcl", "ccomp")


class StatusReader:
    """Reads status and attribution off the clause that governs a trigger."""

    def __init__(self, args: ArgumentFinder) -> None:
        self.args = args
        self.index = args.index
        self.lex = args.lex
        self.codebook = args.lex.codebook
        self.words = args.lex.status

    def status(self, cand: Candidate, sent: Span) -> Status:
        """Negation, modals, governing verbs and adjectives on the clause chain, a question, and
        future words in the clause's phrases decide it; asserted unless something says otherwise."""
        words = self.words
        clause, trigger = cand.clause, cand.trigger
        if trigger.pos_ in ("NOUN", "PROPN") and (noun_status := self.noun_status(trigger)) is not None:
            return noun_status
        chain = self.governors(clause)
        status: Status = "asserted"
        for i, node in enumerate(chain):
            if children(node, "neg"):
                return "negated"
            lemma = node.lemma_.lower()
            modals = {c.lower_ for c in children(node, "aux") if c.tag_ == "MD"}
            if node.dep_ == "acl" and has_infinitive_to(node) and status == "asserted":
                # "a campaign to discredit X" is an aim, "a plan to attack X" a plan
                status = "planned" if node.head.lemma_.lower() in words.plan_governors else "possible"
            if i > 0:
                if lemma in words.negating_governors:
                    return "negated"
                if lemma in words.possible_governors or lemma in words.possible_adjectives:
                    status = "possible"
                elif (lemma in words.plan_governors or lemma in words.plan_adjectives) and status == "asserted":
                    status = "planned"
                elif lemma == "be" and chain[i - 1].dep_ == "xcomp" and status == "asserted":
                    status = "planned"
                for adj in children(node, "acomp"):
                    if adj.lemma_.lower() in words.plan_adjectives and status == "asserted":
                        status = "planned"
            if modals & words.possible_modals:
                status = "possible"
            elif modals & words.plan_modals and status == "asserted":
                status = "planned"
            if self.has_condition_mark(node):
                status = "possible"
        if sent.text.rstrip().endswith("?"):
            return "possible"
        if status == "asserted" and clause.tag_ != "VBD" and any(
            w.lower_ in words.future_words and w.dep_ == "amod" for _, obj in preps(clause) for w in subtree(obj)
        ):
            status = "planned"  # "sanctions in the coming days", but "sold ... for shipment next week" happened
        return status

    def noun_status(self, trigger: Token) -> Status | None:
        """The status a nominal event's own words give it ("no talks", "talks are likely"), if any."""
        if any(c.lower_ == "no" for c in trigger.children):
            return "negated"
        if trigger.dep_ in NOMINAL_SUBJECTS:
            adjectives = {c.lemma_.lower() for c in children(trigger.head, "acomp", "attr")}
            if adjectives & self.words.possible_adjectives:
                return "negated" if children(trigger.head, "neg") else "possible"
            if adjectives & self.words.plan_adjectives:
                return "planned"
        return None

    @staticmethod
    def governors(clause: Token) -> list[Token]:
        """The clause and the verbs that govern it, up to the first that has its own subject or
        that reports it (at most WALK_LIMIT)."""
        chain = [clause]
        while chain[-1].dep_ in STATUS_ARCS and chain[-1].head.i != chain[-1].i and len(chain) < WALK_LIMIT:
            node = chain[-1]
            if node.dep_ == "conj" and children(node, "aux", "nsubj", "neg"):
                break
            chain.append(node.head)
            if node.dep_ == "ccomp" or (node.dep_ == "advcl" and not children(node, "aux")):
                break
        return chain

    def has_condition_mark(self, node: Token) -> bool:
        """Is the clause introduced by "if" or "unless"?"""
        return any(c.lower_ in self.words.condition_marks for c in children(node, "mark"))

    def attribution(self, cand: Candidate) -> str | None:
        """Who reports the event: "according to X" on the clause path, else the nearest reporting
        verb whose content clause holds the event ("X said Y will ..."), else None."""
        reporter, via = None, ""
        for node in [cand.clause, *ancestors(cand.clause)]:
            for prep in children(node, "prep"):
                if prep.lemma_.lower() == "accord":
                    for to in children(prep, "prep"):
                        for obj in children(to, "pobj"):
                            if found := self.args.np_actors(obj, with_preps=True):
                                return found[0]
            if reporter is None and node.lemma_.lower() in self.lex.reporting_verbs and via in ("ccomp", "parataxis"):
                for subj in children(node, "nsubj"):
                    if found := self.args.np_actors(subj, with_preps=True):
                        reporter = found[0]
            via = node.dep_
        return reporter

    def codebook_code(self, cand: Candidate, status: Status, attribution: str | None) -> tuple[Code, Status]:
        """The PLOVER reading of a planned or conditional act (3.1, 3.4.2, 3.11): future
        cooperation is AGREE, an announced retreat CONCEDE, and a conflict act that someone says
        will (or would, if …) happen is a THREATEN that has been made; with no doer named, the
        speaker's ("Canada said French fishermen would be arrested")."""
        code = cand.code
        if status == "negated" and code.type in self.codebook.refusable and self.future(cand.clause):
            return Code("REJECT", self.codebook.refusable[code.type], code.cameo), "asserted"  # "will not resign"
        if status not in ("planned", "possible") or code.type == "OTHER":
            return code, status
        if status == "planned" and code.type in self.codebook.intent_agree:
            return Code("AGREE", None, code.cameo), status
        if status == "planned" and code.type in self.codebook.intent_concede:
            return Code("CONCEDE", None, code.cameo), status
        unclaimed = attribution is not None and not cand.source
        chain = self.governors(cand.clause)
        consequence = not any(self.has_condition_mark(n) for n in chain) and any(self.conditional(n) for n in chain)
        announced = consequence or (
            attribution is not None and (unclaimed or self.index.speaks_for(attribution, cand.source)))
        if announced and (mode := self.codebook.threat_mode(code)):
            return Code("THREATEN", mode, code.cameo), "asserted"
        return code, status

    def future(self, clause: Token) -> bool:
        """Does the clause speak of the future ("will not", "is not going to")?"""
        words = self.words.plan_modals
        nodes = [clause, *(ancestors(clause)[:2] if clause.dep_ in ("xcomp", "ccomp") else [])]
        return any(c.lower_ in words for n in nodes for c in children(n, "aux")) or any(
            n.lemma_.lower() == "go" and n.tag_ == "VBG" for n in nodes)

    def conditional(self, clause: Token) -> bool:
        """Is the clause the consequence of a condition ("if Congress passed it, we would retaliate")?"""
        return any(c.dep_ == "advcl" and self.has_condition_mark(c) for c in clause.children)
