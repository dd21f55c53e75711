"""The records actor resolution (timeline.extract.actors) passes between its steps.

A candidate mention (`Cand`) gets a `ClusterKey` saying what makes it one actor with other
mentions; the mentions of one actor gather in a `Cluster`. After clustering, every later step
(affiliations, agents, descriptions and pronouns) reads and extends one `DocState`: the actors in
order, their ids, which token refers to whom, and the refs and relations found so far.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Doc

from timeline.extract.actors.words import ActorWords
from timeline.types import Offsets, Relation

# Where a cluster's identity comes from (ClusterKey.kind).
DICT = "dict"  # an entry of the user's dictionary (ClusterKey.entry)
KNOWN = "known"  # a hand-kept actor of the gazetteer (name)
COUNTRY = "country"  # a country (country)
PLACE = "loc"  # a place that is not a country (name, lower-case)
GROUP = "grp"  # a plural nationality ("Ukrainians"; name, lower-case)
NAME = "name"  # a name NER found (name, lower-case)
BODY = "body"  # a state body named by a common noun (name, lower-case; country)
AGENT = "agent"  # an unnamed agent: country and sector, or sector and head noun (name)


class ClusterKey(NamedTuple):
    """What makes mentions one actor: the kind of identity and the identity itself."""

    kind: str
    name: str = ""
    country: str | None = None
    sector: str | None = None
    entry: int | None = None


class Role(NamedTuple):
    """An undated dictionary role: it fills only what the text does not say."""

    country: str | None
    sector: str | None


@dataclass
class Cand:
    """A candidate mention: token span, where it came from and what it is."""

    start: int
    end: int
    source: str
    label: str
    key: ClusterKey | None = None
    kind: str | None = None
    country: str | None = None
    sector: str | None = None
    name: str | None = None


@dataclass
class Cluster:
    """One actor being assembled: its mentions, surface forms, type votes and roles."""

    key: ClusterKey
    kind: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    fixed: bool = False
    generic: bool = False
    fixed_role: bool = False
    default_role: Role | None = None
    votes: Counter = field(default_factory=Counter)
    mentions: list[Cand] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    def add(self, cand: Cand, surface: str) -> None:
        self.mentions.append(cand)
        self.surfaces.append(surface)


class SentenceBounds(NamedTuple):
    start: int
    end: int
    start_char: int
    end_char: int


class Sents:
    """Sentence bounds and each token's sentence index, computed once (Token.sent rescans)."""

    def __init__(self, doc: Doc) -> None:
        self.bounds = [SentenceBounds(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
        self.of = [0] * len(doc)
        for k, bounds in enumerate(self.bounds):
            self.of[bounds.start:bounds.end] = [k] * (bounds.end - bounds.start)

    def get(self, k: int) -> SentenceBounds:
        """Sentence `k`, clamped to the document (k - 3 at its start is the first sentence)."""
        return self.bounds[max(0, min(k, len(self.bounds) - 1))]

    def start(self, k: int) -> int:
        return self.get(k).start

    def end(self, k: int) -> int:
        return self.get(k).end

    def chars(self, k: int) -> Offsets:
        bounds = self.get(k)
        return {"start": bounds.start_char, "end": bounds.end_char}


@dataclass
class DocState:
    """One document's actors after clustering, and what the later steps have found about them."""

    doc: Doc
    words: ActorWords
    window: int  # how many tokens back pronouns and descriptions look for their antecedent
    ordered: list[Cluster]
    sents: Sents
    ids: dict[ClusterKey, str] = field(default_factory=dict)
    by_id: dict[str, Cluster] = field(default_factory=dict)
    tok_actor: dict[int, str] = field(default_factory=dict)  # token index -> id of the actor it names
    refs: list[dict] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    premod: set[int] = field(default_factory=set)  # tokens of titles around a name: not someone else

    @classmethod
    def of(cls, doc: Doc, clusters: list[Cluster], words: ActorWords, window: int) -> DocState:
        """Number the actors in text order and record a ref for each of their mentions."""
        ordered = sorted(clusters, key=lambda cl: min(m.start for m in cl.mentions))
        state = cls(doc, words, window, ordered, Sents(doc))
        state.ids = {cl.key: f"a{i + 1}" for i, cl in enumerate(ordered)}
        state.by_id = {state.ids[cl.key]: cl for cl in ordered}
        for cl in ordered:
            aid = state.ids[cl.key]
            for m in cl.mentions:
                state.tok_actor.update((i, aid) for i in range(m.start, m.end))
                state.refs.append(state.ref(m.start, m.end, [aid]))
        return state

    def add_actor(self, cl: Cluster) -> str:
        """A new actor after numbering (an agent), with the next id."""
        aid = self.ids[cl.key] = f"a{len(self.ids) + 1}"
        self.by_id[aid] = cl
        self.ordered.append(cl)
        return aid

    def ref(self, start: int, end: int, actors: list[str]) -> dict:
        """A ref from tokens `start:end` to `actors`, in character offsets."""
        span = self.doc[start:end]
        return {"start": span.start_char, "end": span.end_char, "actors": actors}


def norm(text: str) -> str:
    """Normalised surface for merging: no leading article, no possessive, single spaces."""
    t = " ".join(text.replace("’", "'").split())
    if t.lower().startswith("the "):
        t = t[4:]
    if t.endswith("'s"):
        t = t[:-2]
    return t.strip(" ,.;:-\"'<>")
