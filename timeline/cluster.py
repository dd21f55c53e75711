"""Extraction on a Dask cluster: `extract_batch` mapped over partitions of articles, results back in
input order for this process to store.

Only extraction leaves the machine. The store is written here, by the same loop and in the same
batched transactions as a local run, so resume, idempotence and the order-dependent actor-naming
rules hold exactly. A bounded queue of futures keeps at most `PARTITIONS_AHEAD` partitions per
worker thread in flight: memory stays flat on any corpus size, and a partition whose worker dies is
rescheduled by Dask and still delivered once, in its place. Dask is imported only here, and only
when a run asks for a cluster.
"""

from __future__ import annotations

import importlib.metadata
import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.types import Article, Extraction

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

# Articles per task: about a second of a worker's time, so scheduling costs little and a lost
# worker costs little work.
PARTITION_ARTICLES = 16
# Partitions sent ahead per worker thread: enough that no worker waits for the next one.
PARTITIONS_AHEAD = 3
# Seconds to reach the scheduler, and for a first worker to join it, before giving up.
CONNECT_SECONDS = 10
WORKERS_SECONDS = 30
# The local cluster's HTTP endpoint on a free port: the default, 8787, may be another cluster's.
ANY_PORT = ":0"
INSTALL_HINT = "pip install 'timeline[dask]'"
CLIENT_LOGGER = "distributed.client"
PACKAGE = "timeline"


class ClusterError(RuntimeError):
    """The cluster cannot be used: Dask missing, scheduler unreachable, a worker without timeline
    or the model, a partition that killed every worker that ran it, or one the cluster dropped."""


def record_of(article: Article) -> dict[str, Any]:
    """The JSON record `extract_batch` reads for an article this process has already cleaned."""
    return {
        "id": article.id,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
        "url": article.url,
        "text": article.text,
    }


def extract_partition(records: list[dict[str, Any]], model: str, dictionary: str | None) -> list[Extraction]:
    """The task a worker runs: the pipeline (loaded once per worker process) on one partition."""
    from timeline.extract.pipeline import extract_batch

    return extract_batch(records, model, dictionary=dictionary, cleaned=True)


def worker_version() -> str | None:
    """What a worker answers when asked whether it has timeline: the installed version (None when
    timeline runs from a source tree that was not installed)."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return None


def dictionary_path(dictionary: Path | None) -> str | None:
    """The actor dictionary as the workers are told it: an absolute path they must be able to read."""
    return str(dictionary.resolve()) if dictionary else None


@contextmanager
def connect(scheduler: str | None, local_workers: int | None, model: str, dictionary: str | None) -> Iterator[Client]:
    """A client of the scheduler at `scheduler`, or of a LocalCluster of `local_workers` processes,
    checked for timeline on every worker."""
    try:
        import distributed  # noqa: F401  (only to say what is missing)
    except ImportError:
        raise ClusterError(f"a Dask cluster needs the dask extra: {INSTALL_HINT}") from None
    with _quiet(CLIENT_LOGGER), _client(scheduler, local_workers, model, dictionary) as client:
        _check_workers(client)
        yield client


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Silence a logger for the run: the client logs a traceback when it loses the scheduler, and
    the run already says so in one line."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def _client(scheduler: str | None, local_workers: int | None, model: str, dictionary: str | None) -> Iterator[Client]:
    from distributed import Client

    if scheduler is None:
        with _local_cluster(local_workers or 1, model, dictionary) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {_one_line(error)}") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError:
            raise ClusterError(f"no Dask worker joined the scheduler at {scheduler} within "
                               f"{WORKERS_SECONDS} s") from None
        yield client


@contextmanager
def _local_cluster(workers: int, model: str, dictionary: str | None) -> Iterator[LocalCluster]:
    """Worker processes with one thread each (the pipeline is not shared between threads). Where
    the system can fork, the pipeline is loaded here first and the workers are forked with it, as
    the local pool is: spawned workers would each import spaCy and load the model again (on two
    busy cores a run of 40 stories took 21 s of set-up that way, 10 s forked)."""
    import dask
    from distributed import LocalCluster

    from timeline.extract.pipeline import cached_pipeline

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        cached_pipeline(model, dictionary)
    with dask.config.set({"distributed.worker.multiprocessing-method": method}):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=ANY_PORT) as cluster:
            yield cluster


def _check_workers(client: Client) -> None:
    """Every worker runs the same timeline as this process, else its results could differ."""
    here = worker_version()
    for worker, answer in client.run(worker_version, on_error="return").items():
        if isinstance(answer, BaseException):
            raise ClusterError(f"the Dask worker {worker} cannot import timeline ({_one_line(answer)}); install "
                               "the same timeline and spaCy model on every worker") from None
        if None not in (answer, here) and answer != here:
            raise ClusterError(f"the Dask worker {worker} has timeline {answer}, this process {here}; install the "
                               "same version on every worker")


def extract_on_cluster(
    client: Client, articles: Iterable[Article], model: str, dictionary: str | None
) -> Iterator[tuple[Article, Extraction]]:
    """(article, extraction) pairs in input order. Articles are read from `articles` in this thread
    only, as partitions are sent; each result is handed over once and then released on the cluster."""
    iterator = iter(articles)
    pending: deque[tuple[list[Article], Future]] = deque()

    def submit() -> bool:
        batch = list(islice(iterator, PARTITION_ARTICLES))
        if batch:
            future = client.submit(extract_partition, [record_of(a) for a in batch], model, dictionary, pure=False)
            pending.append((batch, future))
        return bool(batch)

    while len(pending) < _slots(client) and submit():
        pass
    while pending:
        batch, future = pending.popleft()
        extractions = _result(future, batch)
        while len(pending) < _slots(client) and submit():
            pass
        yield from zip(batch, extractions)


def _slots(client: Client) -> int:
    """Partitions to keep in flight: a few per worker thread the cluster has now (it may grow or shrink)."""
    return max(1, sum(client.nthreads().values())) * PARTITIONS_AHEAD


def _result(future: Future, batch: list[Article]) -> list[Extraction]:
    """A partition's extractions; a failure on the cluster becomes one line naming the partition."""
    from distributed import KilledWorker
    from distributed.client import FutureCancelledError

    try:
        return future.result()
    except KilledWorker:
        raise ClusterError(f"the partition of {batch[0].id} … {batch[-1].id} killed every Dask worker that "
                           "ran it") from None
    except FutureCancelledError as error:
        raise ClusterError(f"the Dask cluster dropped the partition of {batch[0].id} … {batch[-1].id} "
                           f"({error.reason})") from None
    except (ImportError, ValueError, OSError) as error:
        raise ClusterError(f"on a Dask worker: {_one_line(error)}") from None
    finally:
        future.release()


def _one_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
