"""What every test module may ask for: the session's one spaCy pipeline, and views of it with a
single timeline stage switched on."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from spacy.language import Language

from tests.stages import ACTORS, TIMEXES, only_stages
from timeline.extract import pipeline as extract

# The real loader, kept before the session's stand-in replaces it.
_load_pipeline = extract.load_pipeline


@cache
def _default_pipeline() -> Language:
    return _load_pipeline()


def _load_once(model: str | None = None, dictionary: Path | None = None) -> Language:
    """`load_pipeline` for the session: the default pipeline loads once; another model or actor
    dictionary loads as it always does."""
    if model is None and dictionary is None:
        return _default_pipeline()
    return _load_pipeline(model, dictionary)


@pytest.fixture(scope="session", autouse=True)
def one_pipeline_per_session() -> Iterator[None]:
    """Every ingest, extract, build and extract_batch run in this process shares the session's
    pipeline: a load takes seconds, and the command-line tests alone would load it a dozen times.
    Nothing loads until a test needs it; tests in a subprocess load their own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract, "load_pipeline", _load_once)
        yield


@pytest.fixture(scope="session")
def pipeline() -> Language:
    """The whole pipeline, as `timeline extract` runs it (and the instance `extract_batch` uses)."""
    return _default_pipeline()


@pytest.fixture(scope="module")
def actors_stage(pipeline: Language) -> Iterator[Language]:
    """The model and the actors stage, for a module of tests of that stage alone."""
    with only_stages(pipeline, ACTORS) as nlp:
        yield nlp


@pytest.fixture(scope="module")
def timexes_stage(pipeline: Language) -> Iterator[Language]:
    """The model and the temporal stage, for a module of tests of that stage alone."""
    with only_stages(pipeline, TIMEXES) as nlp:
        yield nlp
