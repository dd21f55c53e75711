"""Load and validate the temporal grammar (`temporal_rules.yaml`): word lists, holidays, fragments, rules.

The grammar is data, HeidelTime-style; this module turns it into compiled rules and refuses a file
that would fail at tagging time: an unknown fragment or word list, a regex that does not compile,
a normaliser or constraint the tagger does not have, an option on a group the pattern lacks, or an
example that cannot be a test. No spaCy here, so the file can be checked without loading a model.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from timeline.dates import holiday
from timeline.extract.wordlists import DataFileError, UniqueKeyLoader

DEFAULT_RULES = Path(__file__).with_name("temporal_rules.yaml")
SECTIONS = frozenset({"version", "examples_dct", "lists", "holidays", "fragments", "rules"})
RULE_KEYS = frozenset({"name", "trigger", "pattern", "normalise", "constraints", "options", "examples"})
OPTIONS = frozenset({"anchors", "adjectival"})
EXAMPLE_KEYS = frozenset({"text", "dct", "timex", "value", "type", "none"})
TIMEX_TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})
_REFERENCE = re.compile(r"\{(@?)([A-Za-z_][A-Za-z0-9_]*)\}")
_MAX_DEPTH = 20


class GrammarError(ValueError):
    """The rules file is malformed; the message names the section, rule or example."""


@dataclass(frozen=True)
class Example:
    """One example of a rule, run as a test: `timex` gets `value` (and `type`), or `none` is untagged."""

    rule: str
    text: str
    dct: str
    timex: str | None
    value: str | None
    type: str | None
    none: str | None


@dataclass(frozen=True)
class Rule:
    name: str
    trigger: re.Pattern[str]
    pattern: re.Pattern[str]
    normalise: str
    constraints: tuple[str, ...]
    anchors: bool
    adjectival: str | None
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Grammar:
    lists: Mapping[str, Any]
    holidays: Mapping[str, Mapping[str, Any]]
    rules: tuple[Rule, ...]
    data: Mapping[str, Any]  # the file as read, for to_disk

    @property
    def examples(self) -> list[Example]:
        return [example for rule in self.rules for example in rule.examples]


def load_grammar(path: Path | str = DEFAULT_RULES, *, normalisers: Collection[str],
                 constraints: Collection[str], required_lists: Collection[str] = ()) -> Grammar:
    """Read and validate a rules file (see its header for the format)."""
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=UniqueKeyLoader)
    except (OSError, yaml.YAMLError, DataFileError) as error:
        raise GrammarError(f"{path}: cannot read the temporal rules: {error}") from None
    return build_grammar(data, normalisers=normalisers, constraints=constraints, required_lists=required_lists)


def build_grammar(data: Any, *, normalisers: Collection[str], constraints: Collection[str],
                  required_lists: Collection[str] = ()) -> Grammar:
    """Validate parsed rules data and compile it."""
    if not isinstance(data, dict):
        raise GrammarError("the temporal rules must be a mapping")
    unknown = set(data) - SECTIONS
    if unknown:
        raise GrammarError(f"unknown sections {sorted(unknown)}")
    lists = _lists(data.get("lists") or {})
    missing = set(required_lists) - set(lists)
    if missing:
        raise GrammarError(f"lists: missing {sorted(missing)}")
    holidays = _holidays(data.get("holidays") or {})
    fragments = data.get("fragments") or {}
    if not isinstance(fragments, dict) or not all(isinstance(v, str) for v in fragments.values()):
        raise GrammarError("fragments: each fragment must be a regex string")
    dct = str(data.get("examples_dct", ""))
    _check_date(dct, "examples_dct")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise GrammarError("rules: a non-empty list is required")
    rules: list[Rule] = []
    names: set[str] = set()
    for i, raw in enumerate(raw_rules):
        rule = _rule(raw, i, lists, fragments, dct, normalisers, constraints)
        if rule.name in names:
            raise GrammarError(f"rule {rule.name!r}: the name is used twice")
        names.add(rule.name)
        rules.append(rule)
    return Grammar(lists, holidays, tuple(rules), data)


def _lists(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise GrammarError("lists: must map list names to word lists")
    out: dict[str, Any] = {}
    for name, words in raw.items():
        if isinstance(words, dict):
            out[name] = {str(k): v for k, v in words.items()}
        elif isinstance(words, list) and all(isinstance(w, str) for w in words):
            out[name] = frozenset(words)
        else:
            raise GrammarError(f"lists: {name!r} must be a list of words or a mapping of words to values")
        if not out[name]:
            raise GrammarError(f"lists: {name!r} is empty")
    return out


def _holidays(raw: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, dict):
        raise GrammarError("holidays: must map holiday names to rules")
    for name, rule in raw.items():
        try:
            holiday(rule, 2000)
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise GrammarError(f"holidays: {name!r} is not a holiday rule ({error!r})") from None
    return {str(k).lower(): dict(v) for k, v in raw.items()}


def _alternation(words: Collection[str]) -> str:
    """A non-capturing alternation of words, longest first, any whitespace inside a word."""
    parts = [r"\s+".join(re.escape(w) for w in word.split()) for word in sorted(words, key=lambda w: (-len(w), w))]
    return "(?:" + "|".join(parts) + ")"


def expand(text: str, fragments: Mapping[str, str], lists: Mapping[str, Any], where: str, depth: int = 0) -> str:
    """Replace {FRAGMENT} and {@list} references, recursively."""
    if depth > _MAX_DEPTH:
        raise GrammarError(f"{where}: fragments refer to each other in a cycle")

    def replace(m: re.Match[str]) -> str:
        is_list, name = m.group(1), m.group(2)
        if is_list:
            if name not in lists:
                raise GrammarError(f"{where}: unknown word list {{@{name}}}")
            return _alternation(lists[name])
        if name not in fragments:
            raise GrammarError(f"{where}: unknown fragment {{{name}}}")
        return expand(fragments[name], fragments, lists, f"{where} > {name}", depth + 1)

    return _REFERENCE.sub(replace, text)


def _compile(text: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as error:
        raise GrammarError(f"{where}: the regex does not compile: {error}") from None


def _check_date(value: str, where: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise GrammarError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def _rule(raw: Any, index: int, lists: Mapping[str, Any], fragments: Mapping[str, str], dct: str,
          normalisers: Collection[str], constraints: Collection[str]) -> Rule:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise GrammarError(f"rules[{index}]: a mapping with a name is required")
    name = raw["name"]
    where = f"rule {name!r}"
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise GrammarError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("trigger", "pattern", "normalise"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise GrammarError(f"{where}: {key} is required")
    if raw["normalise"] not in normalisers:
        raise GrammarError(f"{where}: unknown normaliser {raw['normalise']!r}")
    checks = raw.get("constraints") or []
    if not isinstance(checks, list) or any(c not in constraints for c in checks):
        raise GrammarError(f"{where}: unknown constraints {[c for c in checks if c not in constraints]}")
    options = raw.get("options") or {}
    if not isinstance(options, dict) or set(options) - OPTIONS:
        raise GrammarError(f"{where}: options must be among {sorted(OPTIONS)}")
    trigger = _compile(expand(raw["trigger"], fragments, lists, f"{where} trigger"), f"{where} trigger")
    pattern = _compile(r"(?<!\w)" + expand(raw["pattern"], fragments, lists, f"{where} pattern"), f"{where} pattern")
    adjectival = options.get("adjectival")
    if adjectival is not None and adjectival not in pattern.groupindex:
        raise GrammarError(f"{where}: option adjectival names {adjectival!r}, a group the pattern lacks")
    examples = raw.get("examples")
    if not isinstance(examples, list) or not examples:
        raise GrammarError(f"{where}: at least one example is required")
    return Rule(name, trigger, pattern, raw["normalise"], tuple(checks), bool(options.get("anchors", True)),
                adjectival, tuple(_example(e, name, dct) for e in examples))


def _example(raw: Any, rule: str, default_dct: str) -> Example:
    where = f"rule {rule!r}"
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise GrammarError(f"{where}: each example needs a text")
    unknown = set(raw) - EXAMPLE_KEYS
    if unknown:
        raise GrammarError(f"{where}: example {raw['text']!r} has unknown keys {sorted(unknown)}")
    timex, none = raw.get("timex"), raw.get("none")
    if (timex is None) == (none is None):
        raise GrammarError(f"{where}: example {raw['text']!r} needs exactly one of timex and none")
    if (timex or none) not in raw["text"]:
        raise GrammarError(f"{where}: example {raw['text']!r} does not contain {timex or none!r}")
    if timex is not None and not isinstance(raw.get("value"), str):
        raise GrammarError(f"{where}: example {raw['text']!r} needs the value of {timex!r}")
    if raw.get("type") is not None and raw["type"] not in TIMEX_TYPES:
        raise GrammarError(f"{where}: example {raw['text']!r} has an unknown type {raw['type']!r}")
    dct = str(raw.get("dct", default_dct))
    _check_date(dct, f"{where}: example {raw['text']!r}")
    return Example(rule, raw["text"], dct, timex, raw.get("value"), raw.get("type"), none)
