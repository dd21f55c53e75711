"""Ingest on a Dask cluster: the same store as a local run, a worker killed mid-run, the actor
dictionary travelling with the task, and every way the cluster can be unusable as one line and an
exit code."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.paths import REUTERS, SEEDS, need, needs
from timeline.cli import EXIT_CLUSTER, EXIT_USAGE, app
from timeline.cluster import ANY_PORT
from timeline.ingest import iter_articles
from timeline.types import Article

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install -e '.[dask]')")

REUTERS_000 = REUTERS / "reut2-000.sgm"
STORIES = 200
# The worker is killed once the first batch of articles is committed: mid-run, with partitions in flight.
FIRST_BATCH = 64
KILL_WAIT_SECONDS = 120
TABLES = ("articles", "actors", "events", "event_mentions", "mentions", "relations", "aliases")
UNREACHABLE = "tcp://127.0.0.1:1"
runner = CliRunner()
needs_reuters = needs(REUTERS_000)


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def snapshot(db: Path) -> dict[str, object]:
    """Everything the acceptance compares: row counts, and the `actors --json` and `events --json` output."""
    conn = sqlite3.connect(db)
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    conn.close()
    listings = {}
    for what in ("actors", "events"):
        code, out, err = invoke(what, "--json", "--db", str(db))
        assert code == 0, err
        listings[what] = json.loads(out)
    return {"counts": counts, **listings}


def stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 200 Reuters stories as JSON lines."""
    need(REUTERS_000)
    found = [a for a in iter_articles([REUTERS_000]) if isinstance(a, Article)][:STORIES]
    path = tmp_path_factory.mktemp("stories") / "stories.jsonl"
    path.write_text("".join(json.dumps({"id": a.id, "title": a.title, "text": a.text,
                                        "published": a.published.isoformat() if a.published else None}) + "\n"
                            for a in found), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def local(stories: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The reference: the same stories ingested by one local process."""
    db = tmp_path_factory.mktemp("local") / "local.db"
    code, _, err = invoke("ingest", str(stories), "--db", str(db))
    assert code == 0, err
    return snapshot(db)


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    """A LocalCluster of 2 worker processes (restarted by their nannies when killed), and a client of it."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=ANY_PORT) as cluster, distributed.Client(cluster) as client:
        yield client


@needs_reuters
def test_dask_workers_2_store_the_same_as_a_local_run(stories: Path, local: dict, tmp_path: Path) -> None:
    db = tmp_path / "dask.db"
    code, _, err = invoke("ingest", str(stories), "--db", str(db), "--dask-workers", "2")
    assert code == 0, err
    assert f"articles: {local['counts']['articles']} new" in err
    assert snapshot(db) == local


@needs_reuters
def test_a_worker_killed_mid_run_is_replaced_and_the_store_is_the_same(
        stories: Path, local: dict, client: distributed.Client, tmp_path: Path) -> None:
    """SIGKILL one worker while it extracts, once the first batch is stored: Dask runs its partition
    again elsewhere, and the result is written once, in its place."""
    db = tmp_path / "killed.db"
    pids = client.run(os.getpid)
    killed: list[str] = []

    def kill_a_busy_worker() -> None:
        deadline = time.monotonic() + KILL_WAIT_SECONDS
        while time.monotonic() < deadline:
            busy = [w for w, keys in client.processing().items() if keys and w in pids]
            if busy and stored(db) >= FIRST_BATCH:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(busy[0])
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    code, _, err = invoke("ingest", str(stories), "--db", str(db), "--scheduler", client.scheduler.address)
    killer.join()
    assert killed, "no worker was busy after the first batch"
    assert code == 0, err
    assert snapshot(db) == local
    client.wait_for_workers(2)
    assert pids[killed[0]] not in client.run(os.getpid).values()

    code, _, err = invoke("ingest", str(stories), "--db", str(db), "--scheduler", UNREACHABLE)
    assert code == 0, err  # every article is stored: nothing is sent, the scheduler is never contacted
    assert err.startswith("articles: 0 new, ") and f"store: {local['counts']['articles']} articles" in err


def test_the_dictionary_travels_with_the_task(client: distributed.Client, tmp_path: Path) -> None:
    from timeline.cluster import extract_partition
    from timeline.extract.pipeline import model_name

    path = tmp_path / "actors.yaml"
    path.write_text("- name: Acme Widgets\n  aliases: [Acme]\n  kind: organization\n  country: USA\n"
                    "  sector: BUS\n", encoding="utf-8")
    record = {"id": "acme", "text": "Acme said it would open a plant in Ohio.", "published": "1987-03-10"}
    (with_dictionary,) = client.submit(extract_partition, [record], model_name(), str(path), pure=False).result()
    acme = [a for a in with_dictionary["actors"] if a["name"] == "Acme Widgets"]
    assert acme and (acme[0]["kind"], acme[0]["sector"]) == ("organization", "BUS")


def test_cluster_options_exclude_local_workers(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    for args in (["--scheduler", UNREACHABLE, "--workers", "2"], ["--dask-workers", "2", "--workers", "1"],
                 ["--scheduler", UNREACHABLE, "--dask-workers", "2"]):
        code, _, err = invoke("ingest", str(SEEDS), "--db", db, *args)
        assert code == EXIT_USAGE, args
        assert err.startswith("error: ") and err.count("\n") == 1, err
    assert not Path(db).exists()


def test_an_unreachable_scheduler_is_one_line_and_exit_6(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("timeline.cluster.CONNECT_SECONDS", 1)
    code, _, err = invoke("ingest", str(SEEDS), "--db", str(tmp_path / "x.db"), "--scheduler", UNREACHABLE)
    assert code == EXIT_CLUSTER == 6
    assert err.startswith(f"error: cannot reach the Dask scheduler at {UNREACHABLE}") and err.count("\n") == 1, err


def test_a_worker_without_timeline_is_one_line_and_exit_6(tmp_path: Path) -> None:
    """A worker whose Python cannot import timeline (here hidden by a preload script) is named before any work."""
    hide = tmp_path / "hide_timeline.py"
    hide.write_text("import sys\nsys.modules['timeline'] = None\n", encoding="utf-8")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=ANY_PORT,
                                  preload=[str(hide)]) as cluster:
        code, _, err = invoke("ingest", str(SEEDS), "--db", str(tmp_path / "x.db"), "--scheduler",
                              cluster.scheduler_address)
    assert code == EXIT_CLUSTER
    assert "cannot import timeline" in err and err.startswith("error: ") and err.count("\n") == 1, err


class FakeFuture:
    def __init__(self, client: FakeClient, result: list[dict]) -> None:
        self.client, self.value = client, result

    def result(self) -> list[dict]:
        return self.value

    def release(self) -> None:
        self.client.in_flight -= 1


class FakeClient:
    """Two worker threads; counts the partitions sent and not yet handed over."""

    def __init__(self) -> None:
        self.in_flight = self.most = 0

    def nthreads(self) -> dict[str, int]:
        return {"tcp://a": 1, "tcp://b": 1}

    def submit(self, function, records: list[dict], model: str, dictionary: str | None, pure: bool) -> FakeFuture:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        return FakeFuture(self, [{"document": {"id": r["id"]}} for r in records])


def test_at_most_three_partitions_per_worker_thread_are_in_flight_and_input_is_read_as_sent() -> None:
    from timeline.cluster import PARTITION_ARTICLES, PARTITIONS_AHEAD, extract_on_cluster

    read = 0

    def corpus() -> Iterator[Article]:
        nonlocal read
        for n in range(1000):
            read += 1
            yield Article(key=str(n), id=f"a{n}", text="Iran attacked Iraq.")

    client = FakeClient()
    results = extract_on_cluster(client, corpus(), "model", None)
    next(results)
    window = 2 * PARTITIONS_AHEAD * PARTITION_ARTICLES
    assert read <= window + PARTITION_ARTICLES
    rest = list(results)
    assert client.most <= 2 * PARTITIONS_AHEAD and client.in_flight == 0
    assert [x["document"]["id"] for _, x in rest] == [f"a{n}" for n in range(1, 1000)]
    assert all(a.id == x["document"]["id"] for a, x in rest)
