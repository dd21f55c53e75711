"""Load and validate the actors stage's cue words (`actor_words.yaml`); see the file's header.

No spaCy here, so the file can be checked without a model; the component reads it in its
`from_disk` (and from the package by default), so a saved pipeline carries its own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from timeline.extract.wordlists import WordListError, mapping, read_tables, words

ACTOR_WORDS_FILE = "actor_words.yaml"
DEFAULT_ACTOR_WORDS = Path(__file__).with_name(ACTOR_WORDS_FILE)
# What a plural description can stand for.
PLURAL_CLASSES = frozenset({"country", "person", "any"})
_MARKED = re.compile(r"\[([^\[\]]+)\]")


@dataclass(frozen=True)
class ActorWords:
    """The cue-word tables, by the name they have in the file."""

    locative_preps: frozenset[str]
    place_verbs: frozenset[str]
    appoint_verbs: frozenset[str]
    product_nouns: frozenset[str]
    launch_verbs: frozenset[str]
    publication_nouns: frozenset[str]
    outlet_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    plural_heads: dict[str, str]
    pair_heads: frozenset[str]
    title_modifiers: frozenset[str]
    former: frozenset[str]
    name_titles: frozenset[str]
    examples: dict[str, tuple[str, ...]]


TABLES = tuple(f.name for f in fields(ActorWords) if f.name != "examples")


def marked_word(example: str) -> tuple[str, int, int]:
    """The example's text without brackets, and where its marked word is in it."""
    found = _MARKED.search(example)
    if found is None:
        raise WordListError(f"example {example!r}: no [marked] word")
    text = example[:found.start()] + found.group(1) + example[found.end():]
    return text, found.start(), found.start() + len(found.group(1))


def _examples(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(e, str) for e in raw):
        raise WordListError(f"{where}: examples must be a non-empty list of texts")
    for example in raw:
        if len(_MARKED.findall(example)) != 1:
            raise WordListError(f"{where}: example {example!r} must mark exactly one [word]")
    return tuple(raw)


def load_actor_words(path: Path = DEFAULT_ACTOR_WORDS) -> ActorWords:
    """Read and validate the cue words."""
    data = read_tables(path, TABLES)
    tables: dict[str, Any] = {}
    examples: dict[str, tuple[str, ...]] = {}
    for name in TABLES:
        where = f"{path}: {name}"
        table = data[name]
        if not isinstance(table, dict) or set(table) != {"words", "examples"}:
            raise WordListError(f"{where}: expected `words` and `examples`")
        if name == "plural_heads":
            tables[name] = mapping(table["words"], where, PLURAL_CLASSES.__contains__)
        else:
            tables[name] = words(table["words"], where)
        examples[name] = _examples(table["examples"], where)
    return ActorWords(**tables, examples=examples)
