"""Reading the package's YAML data files strictly: the actors stage's word lists (`gazetteer.yaml`,
`actor_words.yaml`), the event coder's codebook and lexicon (`codebook.yaml`, `lexicon.yaml`), the
shipped dictionaries' overrides (`cameo_plover.yaml`, `agents.yaml`), the temporal grammar and the
user's actor dictionary (these two through `UniqueKeyLoader`, with their own errors). Imports none
of those modules, so that each of them can import this one.

Analysts edit these files by hand, so a slip must fail on load with the file and the table named,
not change what the stage finds: a key given twice (YAML would let the second win silently), a
word list that is not a list of lower-case words, a value outside the allowed set.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A data file is malformed; the message names the file and the table or entry."""


class WordListError(DataFileError):
    """A word-list file of the actors stage is malformed."""


class UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML that refuses a mapping with the same key twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise DataFileError(f"{key!r} is given twice (line {key_node.start_mark.line + 1})")
            seen.add(key)
        return super().construct_mapping(node, deep)


def read_yaml(path: Path, error: type[DataFileError] = DataFileError) -> dict[str, Any]:
    """The file's top-level mapping; a syntax slip, a repeated key or another shape raises `error`
    with the file named."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=UniqueKeyLoader)
    except (OSError, yaml.YAMLError, DataFileError) as problem:
        raise error(f"{path}: {problem}") from None
    if not isinstance(data, dict):
        raise error(f"{path}: expected a mapping of tables")
    return data


def read_tables(path: Path, required: Collection[str],
                error: type[DataFileError] = WordListError) -> dict[str, Any]:
    """The file's top-level mapping, with exactly the `required` tables (else `error`)."""
    data = read_yaml(path, error)
    missing, unknown = set(required) - set(data), set(data) - set(required)
    if missing or unknown:
        raise error(f"{path}: missing tables {sorted(missing)}, unknown tables {sorted(unknown)}")
    return data


def words(raw: Any, where: str, lower: bool = True, error: type[DataFileError] = WordListError) -> frozenset[str]:
    """A list of distinct words (lower-case unless `lower` is false). A bare YAML on/off/yes/no or a
    number is refused: YAML reads them as a boolean or a number, not as the word."""
    if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() == w and w for w in raw):
        raise error(f"{where}: expected a list of words")
    if len(set(raw)) != len(raw):
        raise error(f"{where}: a word is listed twice")
    if lower and any(w != w.lower() for w in raw):
        raise error(f"{where}: words must be lower-case")
    return frozenset(raw)


def mapping(raw: Any, where: str, valid: Callable[[Any], bool], lower: bool = True) -> dict[str, Any]:
    """A mapping of words to values that pass `valid` (keys lower-case unless `lower` is false)."""
    if not isinstance(raw, dict):
        raise WordListError(f"{where}: expected a mapping")
    words(list(raw), where, lower)
    bad = {k: v for k, v in raw.items() if not valid(v)}
    if bad:
        raise WordListError(f"{where}: unknown values {bad}")
    return dict(raw)
