"""The PLOVER event lexicon: which words tell which category, and the word lists the coder applies.

The lexicon is data (lexicon.yaml) so that analysts can extend it without touching code; it is the
project's layer over PETRARCH-2's CAMEO dictionary (`timeline.extract.eventdata`). Every category
and mode it names is checked against the codebook (`codebook.py`, `codebook.yaml`), which holds
the facts about the categories themselves. Kept free of spaCy, like the codebook.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from timeline.extract.codebook import CODEBOOK_PATH, Codebook, category, load_codebook, section_words
from timeline.extract.wordlists import read_tables
from timeline.extract.eventdata import SECTORS, Code, DictionaryError

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
# Sections of plain word lists, each a frozenset field of `Lexicon` of the same name.
WORD_LISTS = ("support_verbs", "travel_verbs", "agent_nouns", "proxy_nouns", "battle_places", "person_verbs",
              "charge_verbs", "civilian_sectors", "state_sectors", "business_sectors", "trade_verbs", "giving_verbs",
              "non_event_verbs", "frame_verbs")
# Word lists whose words are actor sector codes ("GOV"), each one of `eventdata.SECTORS`.
SECTOR_LISTS = ("civilian_sectors", "state_sectors", "business_sectors")
# The lexicon's top-level sections: exactly these, so that a misspelt or missing section fails on load.
SECTIONS = WORD_LISTS + ("verbs", "particles", "objects", "non_events", "nouns", "modes", "cameo_bare_off", "status",
                         "speech", "arguments", "physical_nouns", "stop_verbs", "occurrence_nouns", "relation_nouns")
SPEECH_LISTS = ("reporting_verbs", "speech_nouns", "criticism_verbs", "denial_verbs")
# The argument words derived from others rather than listed: what takes part in an occurrence ("sold it
# to Delta", "won an order from Qatar Airways") is a target preposition's object, but not "at", and
# "from" too.
DERIVED_ARGUMENTS = ("occurrence_preps",)


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
    condition_marks: frozenset[str]


@dataclass(frozen=True)
class ArgumentWords:
    """Function words that tell an event's sides, place and bounds (prepositions, determiners)."""

    target_preps: frozenset[str]
    location_preps: frozenset[str]
    travel_goal_preps: frozenset[str]
    force_preps: frozenset[str]
    occasion_preps: frozenset[str]
    nominal_source_preps: frozenset[str]
    occurrence_preps: frozenset[str]
    actor_preps: frozenset[str]
    container_preps: frozenset[str]
    bounding: frozenset[str]
    anaphoric_determiners: frozenset[str]
    relative_pronouns: frozenset[str]
    news_agencies: tuple[str, ...]  # in the order the dateline pattern tries them


@dataclass(frozen=True)
class Lexicon:
    """The lexicon's tables, with the codebook its categories were checked against."""

    codebook: Codebook
    verbs: dict[str, Code]
    particles: dict[tuple[str, ...], Code]
    non_events: frozenset[tuple[str, ...]]
    objects: dict[tuple[str, str], Code]
    nouns: dict[str, Code]
    mode_keywords: dict[str, dict[str, str]]
    status: StatusWords
    arguments: ArgumentWords
    reporting_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    criticism_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    physical_nouns: frozenset[str]
    cameo_bare_off: frozenset[str]
    stop_verbs: frozenset[str]
    occurrence_nouns: dict[str, str]
    relation_nouns: frozenset[str]
    support_verbs: frozenset[str]
    travel_verbs: frozenset[str]
    agent_nouns: frozenset[str]
    proxy_nouns: frozenset[str]
    battle_places: frozenset[str]
    person_verbs: frozenset[str]
    charge_verbs: frozenset[str]
    civilian_sectors: frozenset[str]
    state_sectors: frozenset[str]
    business_sectors: frozenset[str]
    trade_verbs: frozenset[str]
    giving_verbs: frozenset[str]
    non_event_verbs: frozenset[str]
    frame_verbs: frozenset[str]

    def keyword_mode(self, kind: str, words: set[str]) -> str | None:
        """A mode signalled by words near the trigger ("drone", "phone"), in lexicon order."""
        for word, mode in self.mode_keywords.get(kind, {}).items():
            if word in words:
                return mode
        return None


def load_lexicon(path: Path = LEXICON_PATH, codebook: Path = CODEBOOK_PATH) -> Lexicon:
    """Parse and validate the YAML lexicon against the codebook, once per process for each
    version of the files."""
    stat, book = path.stat(), codebook.stat()
    return _load_lexicon(path, stat.st_mtime_ns, stat.st_size, codebook, book.st_mtime_ns, book.st_size)


@lru_cache(maxsize=4)
def _load_lexicon(path: Path, mtime_ns: int, size: int, codebook_path: Path, book_mtime_ns: int,
                  book_size: int) -> Lexicon:
    codebook = load_codebook(codebook_path)
    data = read_tables(path, SECTIONS, DictionaryError)
    name = path.name
    try:
        return Lexicon(codebook=codebook, **_coding_tables(data, codebook), **_word_tables(data))
    except DictionaryError as error:
        raise DictionaryError(f"{name} {error}") from None


def _coding_tables(data: dict[str, Any], codebook: Codebook) -> dict[str, Any]:
    """The tables that map words to categories, every code checked against the codebook."""
    objects: dict[tuple[str, str], Code] = {}
    for rule in data["objects"]:
        code = codebook.code(rule["type"], "objects")
        nouns = [n for obj in rule["objects"] for n in _synset(obj)]
        for verb in rule["verbs"]:
            for obj in nouns:
                objects.setdefault((verb, obj), code)
    return {
        "verbs": {k: codebook.code(v, f"verbs {k}") for k, v in data["verbs"].items()},
        "particles": {tuple(k.split()): codebook.code(v, f"particles {k}") for k, v in data["particles"].items()},
        "objects": objects,
        "non_events": frozenset(tuple(k.split()) for k in data["non_events"]),
        "nouns": {k: codebook.code(v, f"nouns {k}") for k, v in data["nouns"].items()},
        "mode_keywords": _mode_keywords(data["modes"], codebook),
        "cameo_bare_off": frozenset(v for k, verbs in data["cameo_bare_off"].items() if category(k, "cameo_bare_off")
                                    for v in verbs),
    }


def _word_tables(data: dict[str, Any]) -> dict[str, Any]:
    """The word lists: status and argument words, speech, and the lists the coder applies."""
    status_keys = [f.name for f in fields(StatusWords)]
    argument_keys = [f.name for f in fields(ArgumentWords) if f.name not in DERIVED_ARGUMENTS]
    status = _table(data, "status", status_keys)
    speech = _table(data, "speech", SPEECH_LISTS)
    arguments = _table(data, "arguments", argument_keys)
    argument_words = {key: section_words(arguments, key, "arguments") for key in argument_keys}
    argument_words["occurrence_preps"] = argument_words["target_preps"] - {"at"} | {"from"}
    argument_words["news_agencies"] = tuple(arguments["news_agencies"])
    return {
        "status": StatusWords(**{key: section_words(status, key, "status") for key in status_keys}),
        "arguments": ArgumentWords(**argument_words),
        **{key: section_words(speech, key, "speech") for key in SPEECH_LISTS},
        "physical_nouns": frozenset(n for w in section_words(data, "physical_nouns", "") for n in _synset(w)),
        "stop_verbs": section_words(data, "stop_verbs", "") | section_words(data, "non_event_verbs", ""),
        "occurrence_nouns": _occurrence_nouns(data),
        "relation_nouns": _relation_nouns(data),
        **{key: section_words(data, key, "") for key in WORD_LISTS},
        **{key: _sectors(data, key) for key in SECTOR_LISTS},
    }


def _table(data: dict[str, Any], key: str, keys: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """A section that is a mapping of exactly these word lists."""
    table = data[key]
    if not isinstance(table, dict):
        raise DictionaryError(f"{key}: expected a mapping of word lists")
    missing, unknown = sorted(set(keys) - set(table)), sorted(set(table) - set(keys))
    if missing or unknown:
        raise DictionaryError(f"{key}: missing lists {missing}, unknown lists {unknown}")
    return table


def _sectors(data: dict[str, Any], key: str) -> frozenset[str]:
    sectors = section_words(data, key, "")
    if unknown := sorted(sectors - set(SECTORS)):
        raise DictionaryError(f"{key}: {unknown} are not sector codes")
    return sectors


def _mode_keywords(table: Any, codebook: Codebook) -> dict[str, dict[str, str]]:
    """The words near a trigger that tell each category's mode, each mode one of the category's."""
    if not isinstance(table, dict) or not all(isinstance(kinds, dict) for kinds in table.values()):
        raise DictionaryError("modes: must map categories to modes to words")
    out: dict[str, dict[str, str]] = {}
    for kind, kinds in table.items():
        category(kind, "modes")
        for mode in kinds:
            if mode not in codebook.modes.get(kind, frozenset()):
                raise DictionaryError(f"modes {kind}: {mode!r} is not a mode of {kind}")
            section_words(kinds, mode, f"modes {kind}")
        out[kind] = {word: mode for mode, ws in kinds.items() for word in ws}  # in lexicon order
    return out


def _occurrence_nouns(data: dict[str, Any]) -> dict[str, str]:
    table = data.get("occurrence_nouns")
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
        raise DictionaryError("occurrence_nouns: must map nouns to verbs")
    if clash := sorted(set(table) & set(data["nouns"])):
        raise DictionaryError(f"occurrence_nouns: {clash} are PLOVER event nouns already")
    return dict(table)


def _relation_nouns(data: dict[str, Any]) -> frozenset[str]:
    nouns = section_words(data, "relation_nouns", "")
    if unknown := sorted(nouns - set(data["nouns"])):
        raise DictionaryError(f"relation_nouns: {unknown} are not event nouns")
    return nouns


def _synset(word: str) -> list[str]:
    """A lexicon word, or for "&NAME" the head words of CAMEO's synonym set NAME ("&CURRENCY")."""
    if not word.startswith("&"):
        return [word]
    from timeline.extract.eventdata import DATA, VERBS_FILE, _json

    synsets = _json(DATA / VERBS_FILE)["synsets"]
    if word[1:] not in synsets:
        raise DictionaryError(f"no CAMEO synset {word}")
    return sorted({phrase[-1] for phrase in synsets[word[1:]] if phrase})
