"""PLOVER codebook data: the event lexicon, quad classes and conflict/cooperation scores.

Kept free of spaCy so that query and render code can import the quad/score tables cheaply.
The lexicon itself is data (lexicon.yaml) so that analysts can extend it without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from timeline.types import PLOVER_CATEGORIES, Quad

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")


@dataclass(frozen=True)
class Code:
    """An event category with an optional PLOVER mode ("CONSULT/visit")."""

    type: str
    mode: str | None = None

    @classmethod
    def parse(cls, text: str) -> "Code":
        kind, _, mode = text.partition("/")
        return cls(kind, mode or None)


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Code]
    particles: dict[tuple[str, str], Code]
    non_events: frozenset[tuple[str, str]]
    objects: dict[tuple[str, str], Code]
    nouns: dict[str, Code]
    support_verbs: frozenset[str]
    travel_verbs: frozenset[str]
    agent_nouns: frozenset[str]
    other_verbs: frozenset[str]
    mode_keywords: dict[str, dict[str, str]]
    quads: dict[str, Quad]
    scores: dict[tuple[str, str | None], float]

    def quad(self, kind: str) -> Quad | None:
        return self.quads.get(kind)

    def intensity(self, kind: str, mode: str | None) -> float | None:
        """The codebook score of the category+mode, else of the category (Table 2.2)."""
        return self.scores.get((kind, mode), self.scores.get((kind, None)))

    def keyword_mode(self, kind: str, words: set[str]) -> str | None:
        """A mode signalled by words near the trigger ("drone", "phone"), in lexicon order."""
        for word, mode in self.mode_keywords.get(kind, {}).items():
            if word in words:
                return mode
        return None


def _check(code: Code, where: str) -> Code:
    if code.type not in PLOVER_CATEGORIES and code.type != "OTHER":
        raise ValueError(f"{where}: unknown event category {code.type!r}")
    return code


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Parse and validate the YAML lexicon once per process."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    quads: dict[str, Quad] = {}
    scores: dict[tuple[str, str | None], float] = {}
    for kind, info in data["categories"].items():
        _check(Code(kind), "categories")
        quads[kind] = info["quad"]
        scores[(kind, None)] = float(info["score"])
        for mode, score in (info.get("modes") or {}).items():
            scores[(kind, mode)] = float(score)
    objects: dict[tuple[str, str], Code] = {}
    for rule in data["objects"]:
        code = _check(Code.parse(rule["type"]), "objects")
        for verb in rule["verbs"]:
            for obj in rule["objects"]:
                objects.setdefault((verb, obj), code)
    keywords = {
        kind: {word: mode for mode, words in modes.items() for word in words}
        for kind, modes in data["modes"].items()
    }
    return Lexicon(
        verbs={k: _check(Code.parse(v), k) for k, v in data["verbs"].items()},
        particles={tuple(k.split()): _check(Code.parse(v), k) for k, v in data["particles"].items()},
        objects=objects,
        non_events=frozenset(tuple(k.split()) for k in data["non_events"]),
        nouns={k: _check(Code.parse(v), k) for k, v in data["nouns"].items()},
        support_verbs=frozenset(data["support_verbs"]),
        travel_verbs=frozenset(data["travel_verbs"]),
        agent_nouns=frozenset(data["agent_nouns"]),
        other_verbs=frozenset(data["other_verbs"]),
        mode_keywords=keywords,
        quads=quads,
        scores=scores,
    )
