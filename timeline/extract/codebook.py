"""PLOVER codebook facts: what each event category is (quad class, score, modes) and the coding
conventions that name categories (which are symmetric, hostile, need a recipient, ...).

The facts are data (`codebook.yaml`), loaded and validated once per process; this module knows
nothing of spaCy, so that the store can import it cheaply when it first signs an event
(`SYMMETRIC_TYPES`, the categories whose direction does not count). The words that tell a category
are the lexicon's (`plover.py`, `lexicon.yaml`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args

from timeline.extract.eventdata import Code, DictionaryError
from timeline.extract import wordlists
from timeline.extract.wordlists import read_tables
from timeline.types import PLOVER_CATEGORIES, Quad

CODEBOOK_PATH = Path(__file__).with_name("codebook.yaml")
QUADS: tuple[str, ...] = get_args(Quad)
# The codebook's lists of categories, each a frozenset field of `Codebook` of the same name.
CATEGORY_LISTS = ("content_takers", "one_sided_verbs", "deal_categories", "needs_recipient", "opposed",
                  "symmetric", "hostile", "victim_only", "of_target", "reporter_acts",
                  "own_means")
# The codebook's top-level sections: exactly these, so that a misspelt section is not ignored.
SECTIONS = ("categories", "intent", "asked_modes", "refusable") + CATEGORY_LISTS
# The keys of a category's entry in `categories`.
CATEGORY_KEYS = frozenset({"quad", "score", "modes"})


def category(kind: str, where: str) -> str:
    """A PLOVER category named in a data file (`where`: its file and entry)."""
    if kind not in PLOVER_CATEGORIES:
        raise DictionaryError(f"{where}: unknown event category {kind!r}")
    return kind


def parse_code(text: str, modes: dict[str, frozenset[str]], where: str) -> Code:
    """A "CATEGORY" or "CATEGORY/mode" named in a data file, its mode one of the category's."""
    code = Code.parse(text)
    if code.type != "OTHER":
        category(code.type, where)
    if code.mode is not None and code.mode not in modes.get(code.type, frozenset()):
        raise DictionaryError(f"{where}: {code.mode!r} is not a mode of {code.type}")
    return code


def section_words(data: dict[str, Any], key: str, where: str) -> frozenset[str]:
    """The section `key` of a codebook or lexicon table, a list of words (case kept: "U.N.")."""
    return wordlists.words(data.get(key), f"{where} {key}".lstrip(), lower=False, error=DictionaryError)


@dataclass(frozen=True)
class Codebook:
    """The categories' quad classes, scores and modes, and the conventions that name categories."""

    quads: dict[str, Quad]
    scores: dict[tuple[str, str | None], float]
    modes: dict[str, frozenset[str]]
    intent_agree: frozenset[str]
    intent_concede: frozenset[str]
    intent_threaten: dict[str, str]
    asked_modes: dict[str, str]
    refusable: dict[str, str | None]
    content_takers: frozenset[str]
    one_sided_verbs: frozenset[str]
    deal_categories: frozenset[str]
    needs_recipient: frozenset[str]
    opposed: frozenset[str]
    symmetric: frozenset[str]
    hostile: frozenset[str]
    victim_only: frozenset[str]
    of_target: frozenset[str]
    reporter_acts: frozenset[str]
    own_means: frozenset[str]

    def quad(self, kind: str) -> Quad | None:
        """The category's quad class (None for OTHER)."""
        return self.quads.get(kind)

    def intensity(self, kind: str, mode: str | None) -> float | None:
        """The codebook score of the category+mode, else of the category (Table 2.2)."""
        return self.scores.get((kind, mode), self.scores.get((kind, None)))

    def threat_mode(self, code: Code) -> str | None:
        """The THREATEN mode of a conflict act that is announced rather than carried out."""
        return self.intent_threaten.get(f"{code.type}/{code.mode}", self.intent_threaten.get(code.type))

    def code(self, text: str, where: str) -> Code:
        """A "CATEGORY" or "CATEGORY/mode" named in a data file, checked against the codebook."""
        return parse_code(text, self.modes, where)


def load_codebook(path: Path = CODEBOOK_PATH) -> Codebook:
    """Parse and validate the codebook, once per process for each version of the file."""
    stat = path.stat()
    return _load_codebook(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _load_codebook(path: Path, mtime_ns: int, size: int) -> Codebook:
    data = read_tables(path, SECTIONS, DictionaryError)
    name = path.name
    quads, scores, modes = _categories(data["categories"], name)
    intent = data["intent"]
    for key, mode in intent["threaten"].items():
        parse_code(key, modes, f"{name} intent threaten")
        parse_code(f"THREATEN/{mode}", modes, f"{name} intent threaten {key}")
    return Codebook(
        quads, scores, modes,
        intent_agree=_categories_in(intent, "agree", f"{name} intent"),
        intent_concede=_categories_in(intent, "concede", f"{name} intent"),
        intent_threaten=dict(intent["threaten"]),
        asked_modes={category(k, f"{name} asked_modes"): parse_code(f"REQUEST/{v}", modes, f"{name} asked_modes {k}").mode
                     or "" for k, v in data["asked_modes"].items()},
        refusable={category(k, f"{name} refusable"): parse_code(f"REJECT/{v}", modes, f"{name} refusable {k}").mode
                   if v else None for k, v in data["refusable"].items()},
        **{key: _categories_in(data, key, name) for key in CATEGORY_LISTS},
    )


def _categories(table: Any, name: str) -> tuple[dict[str, Quad], dict[tuple[str, str | None], float],
                                                dict[str, frozenset[str]]]:
    """The quad class and score of each category (Tables 7.2 and 2.2), and its modes (Tables
    3.1-3.11) with their scores; a mode scored null takes its category's score."""
    where = f"{name} categories"
    if not isinstance(table, dict):
        raise DictionaryError(f"{where}: expected a mapping of categories")
    if missing := [kind for kind in PLOVER_CATEGORIES if kind not in table]:
        raise DictionaryError(f"{where}: missing categories {missing}")
    quads: dict[str, Quad] = {}
    scores: dict[tuple[str, str | None], float] = {}
    modes: dict[str, frozenset[str]] = {}
    for kind, info in table.items():
        category(kind, where)
        if not isinstance(info, dict) or not {"quad", "score"} <= set(info) <= CATEGORY_KEYS:
            raise DictionaryError(f"{where} {kind}: expected a mapping with quad, score and optionally modes")
        if info["quad"] not in QUADS:
            raise DictionaryError(f"{where}: bad quad {info['quad']!r} for {kind}")
        quads[kind] = info["quad"]
        scores[(kind, None)] = float(info["score"])
        kind_modes = info.get("modes") or {}
        if not isinstance(kind_modes, dict):
            raise DictionaryError(f"{where} {kind} modes: expected a mapping of modes to scores")
        if kind_modes:
            modes[kind] = section_words({"modes": list(kind_modes)}, "modes", f"{where} {kind}")
        for mode, score in kind_modes.items():
            if score is not None:
                scores[(kind, mode)] = float(score)
    return quads, scores, modes


def _categories_in(data: dict[str, Any], key: str, where: str) -> frozenset[str]:
    return frozenset(category(k, f"{where} {key}") for k in section_words(data, key, where))


SYMMETRIC_TYPES: frozenset[str] = load_codebook().symmetric
