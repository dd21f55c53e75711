"""Running text through part of the session's pipeline, for tests of one extraction stage."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from spacy.language import Language

STAGE_PREFIX = "timeline_"  # the pipes timeline adds to the spaCy model
ACTORS, TIMEXES = "timeline_actors", "timeline_timexes"
SEED_DCT = "2023-02-22"  # the seed's publication date, a Wednesday


@contextmanager
def only_stages(nlp: Language, *stages: str) -> Iterator[Language]:
    """`nlp` with every timeline stage but `stages` switched off: the model's own pipes as spaCy
    ships them, then the stages under test, so that a test of one stage does not depend on the others."""
    off = [name for name in nlp.pipe_names if name.startswith(STAGE_PREFIX) and name not in stages]
    with nlp.select_pipes(disable=off):
        yield nlp


def timexes(nlp: Language, text: str, dct: str | None = SEED_DCT) -> list[dict]:
    """The time expressions the temporal stage finds in `text` published on `dct`."""
    doc = nlp.make_doc(text)
    doc._.dct = dct
    return nlp(doc)._.timexes
