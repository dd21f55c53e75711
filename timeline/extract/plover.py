"""PLOVER codebook data: the event lexicon, quad classes, scores, modes and the coding conventions.

Kept free of spaCy so that query and render code can import the quad/score tables cheaply. The
lexicon is data (lexicon.yaml) so that analysts can extend it without touching code; it is the
project's layer over PETRARCH-2's CAMEO dictionary (`timeline.extract.eventdata`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from timeline.extract.eventdata import Code, DictionaryError
from timeline.types import PLOVER_CATEGORIES, Quad

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
STATUS_LISTS = ("plan_governors", "possible_governors", "negating_governors", "plan_adjectives",
                "possible_adjectives", "plan_modals", "possible_modals", "future_words")


@dataclass(frozen=True)
class StatusWords:
    """Words that make an event planned, possible or negated (PLOVER's auxiliary modes, 2.3)."""

    plan_governors: frozenset[str]
    possible_governors: frozenset[str]
    negating_governors: frozenset[str]
    plan_adjectives: frozenset[str]
    possible_adjectives: frozenset[str]
    plan_modals: frozenset[str]
    possible_modals: frozenset[str]
    future_words: frozenset[str]


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
    proxy_nouns: frozenset[str]
    mode_keywords: dict[str, dict[str, str]]
    quads: dict[str, Quad]
    scores: dict[tuple[str, str | None], float]
    modes: dict[str, frozenset[str]]
    status: StatusWords
    reporting_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    criticism_verbs: frozenset[str]
    content_takers: frozenset[str]
    intent_agree: frozenset[str]
    intent_concede: frozenset[str]
    intent_threaten: dict[str, str]
    physical_nouns: frozenset[str]
    battle_places: frozenset[str]
    person_verbs: frozenset[str]
    refusable: dict[str, str | None]
    asked_modes: dict[str, str]
    needs_recipient: frozenset[str]
    one_sided_verbs: frozenset[str]
    cameo_bare_off: frozenset[str]
    civilian_sectors: frozenset[str]
    trade_verbs: frozenset[str]
    deal_categories: frozenset[str]
    stop_verbs: frozenset[str]
    non_event_verbs: frozenset[str]
    frame_verbs: frozenset[str]
    occurrence_nouns: dict[str, str]
    relation_nouns: frozenset[str]
    symmetric: frozenset[str]
    opposed: frozenset[str]
    hostile: frozenset[str]
    victim_only: frozenset[str]
    of_target: frozenset[str]

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

    def threat_mode(self, code: Code) -> str | None:
        """The THREATEN mode of a conflict act that is announced rather than carried out."""
        return self.intent_threaten.get(f"{code.type}/{code.mode}", self.intent_threaten.get(code.type))


def _category(kind: str, where: str) -> str:
    if kind not in PLOVER_CATEGORIES:
        raise DictionaryError(f"lexicon {where}: unknown event category {kind!r}")
    return kind


def _code(text: str, where: str, modes: dict[str, frozenset[str]]) -> Code:
    code = Code.parse(text)
    if code.type != "OTHER":
        _category(code.type, where)
    if code.mode is not None and code.mode not in modes.get(code.type, frozenset()):
        raise DictionaryError(f"lexicon {where}: {code.mode!r} is not a mode of {code.type}")
    return code


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    if not isinstance(data.get(key), list):
        raise DictionaryError(f"lexicon: section {key!r} must be a list")
    return frozenset(str(w) for w in data[key])


def _occurrence_nouns(data: dict[str, Any]) -> dict[str, str]:
    table = data.get("occurrence_nouns")
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
        raise DictionaryError("lexicon: occurrence_nouns must map nouns to verbs")
    if clash := sorted(set(table) & set(data["nouns"])):
        raise DictionaryError(f"lexicon: occurrence_nouns {clash} are PLOVER event nouns already")
    return dict(table)


def _relation_nouns(data: dict[str, Any]) -> frozenset[str]:
    words = _words(data, "relation_nouns")
    if unknown := sorted(words - set(data["nouns"])):
        raise DictionaryError(f"lexicon: relation_nouns {unknown} are not event nouns")
    return words


def _synset(word: str) -> list[str]:
    """A lexicon word, or for "&NAME" the head words of CAMEO's synonym set NAME ("&CURRENCY")."""
    if not word.startswith("&"):
        return [word]
    from timeline.extract.eventdata import DATA, VERBS_FILE, _json

    synsets = _json(DATA / VERBS_FILE)["synsets"]
    if word[1:] not in synsets:
        raise DictionaryError(f"lexicon: no CAMEO synset {word}")
    return sorted({phrase[-1] for phrase in synsets[word[1:]] if phrase})


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML that refuses a mapping with the same key twice (the second would silently win)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        for key in keys:
            if keys.count(key) > 1:
                raise DictionaryError(f"lexicon: {key!r} is given twice (line {node.start_mark.line + 1})")
        return super().construct_mapping(node, deep)


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Parse and validate the YAML lexicon, once per process for each version of the file."""
    stat = path.stat()
    return _load_lexicon(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _load_lexicon(path: Path, mtime_ns: int, size: int) -> Lexicon:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    modes = {_category(k, "all_modes"): frozenset(v) for k, v in data["all_modes"].items()}
    quads: dict[str, Quad] = {}
    scores: dict[tuple[str, str | None], float] = {}
    for kind, info in data["categories"].items():
        _category(kind, "categories")
        if info["quad"] not in QUADS:
            raise DictionaryError(f"lexicon categories: bad quad {info['quad']!r} for {kind}")
        quads[kind] = info["quad"]
        scores[(kind, None)] = float(info["score"])
        for mode, score in (info.get("modes") or {}).items():
            if mode not in modes.get(kind, frozenset()):
                raise DictionaryError(f"lexicon categories: {mode!r} is not a mode of {kind}")
            scores[(kind, mode)] = float(score)
    objects: dict[tuple[str, str], Code] = {}
    for rule in data["objects"]:
        code = _code(rule["type"], "objects", modes)
        nouns = [n for obj in rule["objects"] for n in _synset(obj)]
        for verb in rule["verbs"]:
            for obj in nouns:
                objects.setdefault((verb, obj), code)
    keywords = {
        _category(kind, "modes"): {word: mode for mode, words in kinds.items() for word in words}
        for kind, kinds in data["modes"].items()
    }
    status = data["status"]
    speech = data["speech"]
    intent = data["intent"]
    for key, mode in intent["threaten"].items():
        _code(f"THREATEN/{mode}", f"intent {key}", modes)
    return Lexicon(
        verbs={k: _code(v, k, modes) for k, v in data["verbs"].items()},
        particles={tuple(k.split()): _code(v, k, modes) for k, v in data["particles"].items()},
        objects=objects,
        non_events=frozenset(tuple(k.split()) for k in data["non_events"]),
        nouns={k: _code(v, k, modes) for k, v in data["nouns"].items()},
        support_verbs=_words(data, "support_verbs"),
        travel_verbs=_words(data, "travel_verbs"),
        agent_nouns=_words(data, "agent_nouns"),
        proxy_nouns=_words(data, "proxy_nouns"),
        mode_keywords=keywords,
        quads=quads,
        scores=scores,
        modes=modes,
        status=StatusWords(**{key: _words(status, key) for key in STATUS_LISTS}),
        reporting_verbs=_words(speech, "reporting_verbs"),
        speech_nouns=_words(speech, "speech_nouns"),
        criticism_verbs=_words(speech, "criticism_verbs"),
        content_takers=frozenset(_category(k, "content_takers") for k in speech["content_takers"]),
        intent_agree=frozenset(_category(k, "intent") for k in intent["agree"]),
        intent_concede=frozenset(_category(k, "intent") for k in intent["concede"]),
        intent_threaten=dict(intent["threaten"]),
        physical_nouns=frozenset(n for w in _words(data, "physical_nouns") for n in _synset(w)),
        battle_places=_words(data, "battle_places"),
        person_verbs=_words(data, "person_verbs"),
        asked_modes={_category(k, "asked_modes"): _code(f"REQUEST/{v}", "asked_modes", modes).mode or ""
                     for k, v in data["asked_modes"].items()},
        refusable={_category(k, "refusable"): (_code(f"REJECT/{v}", "refusable", modes).mode if v else None)
                   for k, v in data["refusable"].items()},
        needs_recipient=frozenset(_category(k, "needs_recipient") for k in data["needs_recipient"]),
        one_sided_verbs=frozenset(_category(k, "one_sided_verbs") for k in data["one_sided_verbs"]),
        cameo_bare_off=frozenset(v for k, verbs in data["cameo_bare_off"].items() if _category(k, "cameo_bare_off")
                                 for v in verbs),
        civilian_sectors=_words(data, "civilian_sectors"),
        trade_verbs=_words(data, "trade_verbs"),
        deal_categories=frozenset(_category(k, "deal_categories") for k in data["deal_categories"]),
        stop_verbs=_words(data, "stop_verbs") | _words(data, "non_event_verbs"),
        non_event_verbs=_words(data, "non_event_verbs"),
        frame_verbs=_words(data, "frame_verbs"),
        occurrence_nouns=_occurrence_nouns(data),
        relation_nouns=_relation_nouns(data),
        symmetric=frozenset(_category(k, "symmetric") for k in data["symmetric"]),
        opposed=frozenset(_category(k, "opposed") for k in data["opposed"]),
        hostile=frozenset(_category(k, "hostile") for k in data["hostile"]),
        victim_only=frozenset(_category(k, "victim_only") for k in data["victim_only"]),
        of_target=frozenset(_category(k, "of_target") for k in data["of_target"]),
    )
