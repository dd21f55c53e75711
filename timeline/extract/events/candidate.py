"""The record that crosses the coder's stages: an event found in the parse, before ids and dates."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from timeline.extract.eventdata import Code


@dataclass
class Candidate:
    """An event before ids and dates: the trigger, the clause that governs it and its arguments."""

    code: Code
    trigger: Token
    clause: Token
    lemma: str
    source: list[str]
    target: list[str]
    location: str | None
    origin: str  # a VerbCode origin, "nominal" or "other"
    also: list[Token] = field(default_factory=list)  # the same act named again in the clause ("won an order")
