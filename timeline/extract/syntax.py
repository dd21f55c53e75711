"""Bounded walks over spaCy's dependency parse, shared by the event coder's stages.

Every walk is capped (`WALK_LIMIT`, `SUBTREE_LIMIT`): a hostile run-on sentence can be thousands of
tokens deep, and no argument of an event is that far away. The dependency labels named here are
spaCy's English label set, not lexical knowledge, so they stay in code.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from timeline.types import Span as SpanDict

# Parse walks stop after this many steps up (ancestors) or tokens (subtrees).
WALK_LIMIT = 40
SUBTREE_LIMIT = 60
# The arcs of a subject in spaCy's English labels. An active verb's subject, a noun phrase or a clause
# ("Iran said", "that it refused angered Iraq"):
ACTIVE_SUBJECTS = frozenset({"nsubj", "csubj"})
# A noun phrase that is a verb's subject, of an active or a passive verb ("Iran said", "Iran was warned"):
NOMINAL_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Any of them.
ALL_SUBJECTS = ACTIVE_SUBJECTS | NOMINAL_SUBJECTS
# The arcs that hold a verb's objects (direct, passive subject, indirect, predicative).
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "iobj", "oprd", "attr", "dative"})
# The arcs of a prepositional phrase under a token: prep, agent ("by"), dative ("to").
PREP_DEPS = ("prep", "agent", "dative")


def children(tok: Token, *deps: str) -> list[Token]:
    """The token's children on any of these arcs, in text order."""
    return [c for c in tok.children if c.dep_ in deps]


def conjuncts(tok: Token) -> list[Token]:
    """The token and every token coordinated with it; iterative, as lists can be long."""
    out, todo = [], [tok]
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(reversed([c for c in node.children if c.dep_ == "conj"]))
    return out


def ancestors(tok: Token) -> list[Token]:
    """The token's heads up to the root, at most WALK_LIMIT of them."""
    out = []
    node = tok
    while node.head.i != node.i and len(out) < WALK_LIMIT:
        node = node.head
        out.append(node)
    return out


def subtree(tok: Token) -> list[Token]:
    """The token's subtree in text order, cut to its SUBTREE_LIMIT nearest nodes."""
    out, todo = [], [tok]
    while todo and len(out) < SUBTREE_LIMIT:
        node = todo.pop()
        out.append(node)
        todo.extend(node.children)
    return sorted(out, key=lambda t: t.i)


def preps(tok: Token) -> list[tuple[str, Token]]:
    """(preposition, object) pairs under a token, over prep, agent ("by") and dative ("to") arcs."""
    return [(prep.lower_, obj) for prep in children(tok, *PREP_DEPS) for obj in children(prep, "pobj")]


def stray_infinitives(verb: Token) -> list[Token]:
    """Bare infinitives the parser coordinated with a finite verb instead of with its content
    ("expressed willingness to practise X, oppose Y and promote Z": oppose and promote hang on
    expressed). A base form, or a present tense after a past one, with no subject or auxiliary of
    its own cannot be the finite verb's second clause."""
    if verb.tag_ == "VB":
        return []
    tags = {"VB", "VBP"} if verb.tag_ in ("VBD", "VBN") else {"VB"}
    return [c for c in conjuncts(verb)[1:]
            if c.tag_ in tags and not children(c, "nsubj", "nsubjpass", "aux", "auxpass")]


def has_infinitive_to(verb: Token) -> bool:
    """Is the verb a to-infinitive ("to withdraw")?"""
    return any(c.lower_ == "to" for c in children(verb, "aux"))


def char_span(tok: Token) -> SpanDict:
    """The token's character offsets and text, as the extract JSON records a trigger."""
    return {"start": tok.idx, "end": tok.idx + len(tok.text), "text": tok.text}


def uniq(ids: Iterable[str]) -> list[str]:
    """The ids in first-seen order, each once."""
    return list(dict.fromkeys(ids))
