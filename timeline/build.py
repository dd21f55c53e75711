"""The main jobs, as library functions: ingest files into a store, and extract without storing.

`ingest` streams: documents are read lazily, the ones already stored are skipped before the model
sees them, and results are committed every `commit_every` articles, so memory stays flat and a
killed run loses at most the batch in flight.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice
from pathlib import Path

from timeline.ingest import DEFAULT_MAX_BYTES, IngestProblem, NoText, discover, iter_articles, iter_jsonl
from timeline.ingest.readers import BLOCK_BYTES
from timeline.ingest.records import open_regular, shown
from timeline.query import counts, known
from timeline.store import Store, StoreWriteError
from timeline.types import Article, Extraction

# Where messages for the user go: stderr by default (the CLI counts errors on the way); a no-op in tests and benchmarks.
Notify = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


@dataclass
class IngestSummary:
    """What a run did with each document: stored it (`new`), found it stored already (`skipped`),
    met it earlier in the same input (`duplicates`), found no text in it (`empty`: a Reuters
    story without a body), or could not read it (`failed`)."""

    new: int = 0
    skipped: int = 0
    failed: int = 0
    duplicates: int = 0
    empty: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        c = self.counts
        extra = (f", {self.duplicates:,} duplicate{'' if self.duplicates == 1 else 's'} within the input"
                 if self.duplicates else "")
        extra += f", {self.empty:,} without text (skipped)" if self.empty else ""
        return (
            f"articles: {self.new:,} new, {self.skipped:,} already stored, {self.failed:,} failed{extra}; "
            f"store: {c.get('articles', 0):,} articles, {c.get('actors', 0):,} actors, {c.get('events', 0):,} events; "
            f"{self.seconds:.1f} s"
        )


def estimate_total(paths: Iterable[str | Path]) -> int | None:
    """A cheap count of the documents under `paths`, for the progress bar's ETA (None for stdin).
    Files are read a block at a time, and only regular files are opened."""
    total = 0
    for path in discover(paths):
        if path == "-":
            return None
        if not isinstance(path, Path):
            continue
        suffix = path.suffix.lower()
        marker = {".sgm": b"<BODY>", ".jsonl": b"\n"}.get(suffix)
        try:
            total += _count(path, marker) if marker else 1
        except (OSError, ValueError):
            total += 1
    return total


def _count(path: Path, marker: bytes) -> int:
    """How many times `marker` occurs in the file (a marker cut by a block boundary may be missed:
    this is an estimate)."""
    with open_regular(path) as handle:
        return sum(block.count(marker) for block in iter(lambda: handle.read(BLOCK_BYTES), b""))


def ingest(
    paths: Iterable[str | Path],
    db: Path,
    published: date | None = None,
    workers: int = 1,
    model: str | None = None,
    dictionary: Path | None = None,
    commit_every: int = 64,
    max_bytes: int = DEFAULT_MAX_BYTES,
    notify: Notify = _stderr,
    progress: bool = False,
    scheduler: str | None = None,
    dask_workers: int | None = None,
) -> IngestSummary:
    """Read, extract and store every new article under `paths`; problems are reported, not raised.

    Extraction runs in `workers` local processes, or on the Dask scheduler at `scheduler`, or on a
    local Dask cluster of `dask_workers` processes; the store is written here in every case."""
    paths = list(paths)
    summary = IngestSummary()
    started = time.perf_counter()
    with Store(db) as store:
        fresh = _new_articles(iter_articles(paths, published, max_bytes), store, summary, notify)
        first = next(fresh, None)
        if first is not None:
            extraction = _extraction(chain([first], fresh), workers, model, dictionary, scheduler, dask_workers)
            with extraction as (results, label):
                shown_bar = progress and sys.stderr.isatty()
                with ProgressBar(shown_bar, estimate_total(paths) if shown_bar else None, label) as advance:
                    _store_all(results, store, summary, commit_every, advance)
        if dictionary is not None:
            from timeline.extract.dictionary import load_dictionary

            store.apply_dictionary(load_dictionary(dictionary))
        summary.counts = counts(store)
    summary.seconds = time.perf_counter() - started
    return summary


@contextmanager
def _extraction(
    articles: Iterator[Article], workers: int, model: str | None, dictionary: Path | None, scheduler: str | None,
    dask_workers: int | None,
) -> Iterator[tuple[Iterator[tuple[Article, Extraction]], str]]:
    """The (article, extraction) pairs in input order, from local processes or a Dask cluster, and
    the progress bar's label; the model or the cluster is set up only here, once there is work."""
    if scheduler is None and dask_workers is None:
        from timeline.extract.pipeline import extract_articles, load_pipeline

        nlp = load_pipeline(model, dictionary)
        yield extract_articles(nlp, articles, n_process=workers, batch_size=32), "ingest"
        return
    from timeline.cluster import connect, dictionary_path, extract_on_cluster
    from timeline.extract.pipeline import model_name

    name, where = model_name(model), dictionary_path(dictionary)
    with connect(scheduler, dask_workers, name, where) as client:
        label = f"ingest on {len(client.nthreads())} Dask workers"
        yield extract_on_cluster(client, articles, name, where), label


def _store_all(results: Iterator[tuple[Article, Extraction]], store: Store, summary: IngestSummary,
               commit_every: int, advance: Callable[[int, int], None]) -> None:
    """Commit the results in batches, in order; a failed write or a lost cluster says how far it got."""
    from timeline.cluster import ClusterError

    try:
        while batch := list(islice(results, commit_every)):
            summary.new += store.add_batch(batch)
            advance(len(batch), summary.skipped + summary.duplicates + summary.failed)
    except (StoreWriteError, ClusterError) as error:
        raise type(error)(f"{error}; the {summary.new:,} new articles committed before it are stored, "
                          "run the same command again to finish") from None


def _new_articles(
    items: Iterator[Article | IngestProblem | NoText], store: Store, summary: IngestSummary, notify: Notify,
    chunk: int = 64,
) -> Iterator[Article]:
    """Articles not in the store yet nor earlier in this run; problems are reported and counted,
    records without text counted."""
    seen: set[str] = set()
    while block := list(islice(items, chunk)):
        articles = [a for a in block if isinstance(a, Article)]
        summary.empty += sum(isinstance(item, NoText) for item in block)
        for problem in (p for p in block if isinstance(p, IngestProblem)):
            summary.failed += 1
            notify(f"error: {problem}")
        stored = known(store, (a.key for a in articles))
        for article in articles:
            if article.key in seen:
                summary.duplicates += 1
                continue
            seen.add(article.key)
            if article.key in stored:
                summary.skipped += 1
                continue
            _warn(article, notify)
            yield article


def _warn(article: Article, notify: Notify) -> None:
    """One warning for each thing reading changed or dropped, and one when there is no date."""
    where = shown(f"{article.path} [{article.id}]" if article.path else article.id)
    for note in article.notes:
        notify(f"warning: {where}: {shown(note)}")
    if article.published is None:
        notify(f"warning: {where}: no publication date; relative dates stay unresolved")


def run_rate(done: float, seconds: float | None) -> float:
    """Articles per second since the run started (0 before any time has passed)."""
    return done / seconds if seconds else 0.0


class ProgressBar:
    """A rich progress bar on stderr with articles/s and ETA, only when stderr is a terminal.

    It counts the articles to extract: documents found stored already or unreadable leave the total
    as they are met, so a resumed run's bar and ETA cover only the work that is left."""

    def __init__(self, enabled: bool, total: int | None, label: str = "ingest") -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.total = total
        self.label = label

    def __enter__(self) -> Callable[[int, int], None]:
        if not self.enabled:
            return lambda done, dropped: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
        from rich.text import Text

        class Rate(ProgressColumn):
            """Articles per second over the whole run: rich's own speed, over a short window of
            updates that come a batch at a time, reads 0.0 between batches."""

            def render(self, task):  # type: ignore[no-untyped-def]
                return Text(f"{run_rate(task.completed, task.elapsed):.1f} articles/s")

        self.bar = Progress(
            TextColumn(self.label), BarColumn(), MofNCompleteColumn(), Rate(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self.bar.start()
        task = self.bar.add_task("ingest", total=self.total)

        def advance(done: int, dropped: int) -> None:
            total = None if self.total is None else max(self.total - dropped, 0)
            self.bar.update(task, advance=done, total=total)

        return advance

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.bar.stop()


def extract_paths(
    paths: Iterable[str | Path],
    published: date | None = None,
    model: str | None = None,
    dictionary: Path | None = None,
    notify: Notify = _stderr,
    jsonl: bool = False,
) -> Iterator[Extraction]:
    """Extract JSON for every article under `paths`, in order, loading the model once; nothing is stored.

    With `jsonl`, each path (or - for stdin) holds one JSON record per line, whatever its name.
    A record without text (a Reuters story without a body) has nothing to extract and is passed over.
    """
    from timeline.extract.pipeline import extract_articles, load_pipeline

    nlp = None
    items = iter_jsonl(paths, published) if jsonl else iter_articles(paths, published)
    for item in items:
        if isinstance(item, NoText):
            continue
        if isinstance(item, IngestProblem):
            notify(f"error: {item}")
            continue
        _warn(item, notify)
        nlp = nlp or load_pipeline(model, dictionary)
        for _, extraction in extract_articles(nlp, [item]):
            yield extraction
