"""When two reports name the same actor or the same event, across articles."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from timeline.types import Actor, act_name


def normalise(name: str) -> str:
    """The matching key of a name: case-folded, accents and punctuation dropped, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.casefold().split())


def actor_key(actor: Actor) -> str:
    """Cross-document identity: countries by ISO3 code, everything else by normalised name."""
    if actor["kind"] == "country" and actor.get("country"):
        return f"country:{actor['country']}"
    return normalise(actor["name"])


def event_signature(kind: str, lemma: str, sources: Iterable[int], targets: Iterable[int],
                    place: int | None = None) -> str:
    """What makes two event reports the same event (with dates within a day): the act (type, and
    verb for OTHER, as within an article) and actors.

    A meeting or a joint project is the same event whether it is told as "X met Y" or "X and Y met",
    so for those types the direction does not count. An act whose sides the text leaves unnamed
    ("74 were killed in Nairobi") is told apart by its place."""
    # Imported here, not at the top: only writers sign events, and the codebook's YAML would
    # otherwise be read by every query command that opens a store.
    from timeline.extract.codebook import SYMMETRIC_TYPES

    act = act_name(kind, lemma)
    if kind in SYMMETRIC_TYPES:
        return f"{act}|{','.join(map(str, sorted({*sources, *targets})))}|*"
    sides = f"{act}|{','.join(map(str, sorted(sources)))}|{','.join(map(str, sorted(targets)))}"
    return f"{sides}|@{place}" if place is not None else sides
