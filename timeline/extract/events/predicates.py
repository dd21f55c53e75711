"""What each predicate and noun of one Doc means to the coder: a verb's code (once per token),
event nouns, and which clauses are the content of another act rather than acts of their own."""

from __future__ import annotations

from spacy.tokens import Token

from timeline.extract.coding import PredicateCoder, VerbCode
from timeline.extract.eventdata import Code
from timeline.extract.events.arguments import ArgumentFinder
from timeline.extract.syntax import children, conjuncts, has_infinitive_to, stray_infinitives


# Ways of finding a code that a light verb ("take", "hold") may not trigger on its own.
LIGHT_ORIGINS = ("cameo-verb", "lexicon")


class PredicateReader:
    """Codes the verbs and nouns of one Doc; remembers the verbs already read as another act's content."""

    def __init__(self, args: ArgumentFinder, coder: PredicateCoder) -> None:
        self.args = args
        self.lex = args.lex
        self.codebook = args.lex.codebook
        self.coder = coder
        self.contents: set[int] = set()  # verbs coded as the content of another act
        self.codes: dict[int, VerbCode | None] = {}

    def code_verb(self, verb: Token) -> VerbCode | None:
        """The verb's code (computed once per token); travel verbs are visits only when they reach
        a place actor, and a light verb codes nothing on its own ("is expected to visit": the
        visit is the act, not an intent to cooperate)."""
        if verb.i not in self.codes:
            self.codes[verb.i] = self._code_verb(verb)
        return self.codes[verb.i]

    def _code_verb(self, verb: Token) -> VerbCode | None:
        subjects, _ = self.args.subject_tokens(verb)
        found = self.coder.code(verb, subjects)
        lemma = verb.lemma_.lower()
        if found is not None and found.origin in LIGHT_ORIGINS and lemma in self.lex.stop_verbs \
                and lemma not in self.lex.verbs:
            return None  # "expect", "take", "hold" code only with an event noun ("held talks")
        if found is not None and found.origin == "travel":
            if not self.args.travel_goal(verb) or children(verb, "auxpass", "nsubjpass"):
                return None
        return found

    def event_noun(self, tok: Token) -> Code | None:
        """The code of an event noun, two-word ones first ("air raid" before "raid")."""
        lemma = tok.lemma_.lower()
        for mod in children(tok, "compound", "amod"):
            if code := self.lex.nouns.get(f"{mod.lemma_.lower()} {lemma}"):
                return code
        return self.lex.nouns.get(lemma)

    def names_act(self, noun: Token) -> bool:
        """Is this noun an event of its own (a PLOVER event noun or an occurrence noun)?"""
        return noun.pos_ in ("NOUN", "PROPN") and (
            self.event_noun(noun) is not None or noun.lemma_.lower() in self.lex.occurrence_nouns)

    def takes_content(self, noun: Token) -> bool:
        code = self.lex.nouns.get(noun.lemma_.lower())
        return code is not None and code.type in self.codebook.content_takers

    def is_content(self, verb: Token) -> bool:
        """True for the complement of an agreeing/requesting/rejecting/threatening/accusing act
        ("agreed to oppose", "urged X to withdraw", "accused X of attacking")."""
        head = verb.head
        if head.i == verb.i:
            return False
        infinitive = has_infinitive_to(verb)
        if verb.dep_ == "xcomp" and infinitive and head.dep_ == "acl" and self.takes_content(head.head):
            return True  # "an agreement struck by X and Y to deepen"
        if verb.dep_ == "acl" and infinitive and self.lex.nouns.get(head.lemma_.lower()):
            return self.takes_content(head)
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            head = head.head  # "accused X of attacking"
        elif not (verb.dep_ in ("xcomp", "ccomp") or (verb.dep_ == "advcl" and infinitive)):
            return False
        if head.pos_ != "VERB" or self.denies(head):
            return False
        found = self.code_verb(head)
        return bool(found and found.code and found.code.type in self.codebook.content_takers)

    def denies(self, verb: Token) -> bool:
        """Is this verb a denial (denial_verbs)? What it denies is an act of its own, negated, and no
        target of the denial."""
        return verb.lemma_.lower() in self.lex.denial_verbs

    def in_content(self, noun: Token) -> bool:
        """Whether an event noun is the object of another act's content ("agreed to deepen their
        partnership", "an agreement to deepen their partnership": the partnership is what was
        agreed)."""
        return noun.dep_ in ("dobj", "attr") and (noun.head.i in self.contents or self.is_content(noun.head))

    def content_code(self, verb: Token, noun: Token | None) -> tuple[Code, Token] | None:
        """The code of the act a verb or its object noun is about: "vowed to attack", "urged X to
        withdraw", "announced a plan to attack", "refused to meet"."""
        contents = children(verb, "xcomp", "ccomp")
        if noun is not None:
            contents += [c for c in children(noun, "acl") if has_infinitive_to(c)]
        if contents:
            contents += stray_infinitives(verb)
        for content in (c for first in contents for c in conjuncts(first)):  # "to hunt down and bring to justice"
            if content.pos_ == "VERB" and (found := self.code_verb(content)) and found.code and found.code.type != "OTHER":
                return found.code, content
        return None

    def mark_content(self, verb: Token, content_verb: Token) -> None:
        """Remember a content clause and the verbs coordinated with it, so that none of them is
        coded again as an act of its own."""
        stray = stray_infinitives(verb)
        group = stray if content_verb in stray else conjuncts(
            content_verb.head if content_verb.dep_ == "conj" else content_verb)
        self.contents.update(c.i for c in [*group, *stray])

    def stands_alone(self, noun: Token) -> bool:
        """Whether a nominal event is an act in the text rather than a description of a relation:
        a relation noun needs a clause that makes or changes it (see relation_nouns)."""
        if noun.lemma_.lower() not in self.lex.relation_nouns:
            return True
        head = noun.head
        if noun.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        elif noun.dep_ not in ("dobj", "attr", "nsubjpass", "conj"):
            return False
        if noun.dep_ == "conj":
            return self.stands_alone(head)
        return head.pos_ == "VERB" and head.lemma_.lower() not in self.lex.reporting_verbs


class CandidateReader:
    """Base of the readers that make candidates from a trigger: they share the Doc's argument
    finder and predicate reader, and read the lexicon and codebook."""

    def __init__(self, args: ArgumentFinder, predicates: PredicateReader) -> None:
        self.args = args
        self.index = args.index
        self.lex = args.lex
        self.codebook = args.lex.codebook
        self.words = args.words
        self.actors = args.actors
        self.predicates = predicates
