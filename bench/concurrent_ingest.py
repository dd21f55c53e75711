"""Two `timeline ingest` processes writing one store at the same time, against sequential runs.

Two halves of N Reuters-21578 stories (A and B) are ingested: A then B, B then A, A and B at the
same time (two processes), and A+B twice at the same time (both processes given every story). The
bench prints each store's counts and whether `actors --json` and `events --json` match A-then-B.

    .venv/bin/python bench/concurrent_ingest.py [--n 600]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from throughput import REUTERS, TIMELINE, counts, listing, stories  # noqa: E402


def ingest_together(sources: list[Path], db: Path) -> tuple[float, list[int]]:
    """Start one ingest per source on the same store at once; wall seconds and exit codes."""
    started = time.perf_counter()
    processes = [subprocess.Popen([TIMELINE, "ingest", str(s), "--db", str(db)], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE) for s in sources]
    codes = [p.wait() for p in processes]
    for process in processes:
        assert process.stderr is not None
        errors = [line for line in process.stderr.read().decode().splitlines() if line.startswith("error:")]
        if errors:
            print("  " + "\n  ".join(errors[:3]))
    return time.perf_counter() - started, codes


def ingest_in_turn(sources: list[Path], db: Path) -> tuple[float, list[int]]:
    started = time.perf_counter()
    codes = [subprocess.run([TIMELINE, "ingest", str(s), "--db", str(db)], capture_output=True).returncode
             for s in sources]
    return time.perf_counter() - started, codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=600, help="stories in all (half in A, half in B)")
    options = parser.parse_args()
    if not REUTERS.exists():
        raise SystemExit(f"{REUTERS} is missing: the bench needs Reuters-21578 in ../shared/data")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        records = stories(options.n)
        half = len(records) // 2
        a, b, both = work / "a.jsonl", work / "b.jsonl", work / "both.jsonl"
        for path, part in ((a, records[:half]), (b, records[half:]), (both, records)):
            path.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
        runs = {
            "A then B": (ingest_in_turn, [a, b]),
            "B then A": (ingest_in_turn, [b, a]),
            "A and B at once": (ingest_together, [a, b]),
            "A+B twice at once": (ingest_together, [both, both]),
        }
        reference: Path | None = None
        print(f"{len(records)} stories, A = first {half}, B = the rest")
        for name, (run, sources) in runs.items():
            db = work / f"{name.replace(' ', '-')}.db"
            seconds, codes = run(sources, db)
            found = counts(db)
            reference = reference or db
            same = {what: listing(db, what) == listing(reference, what) for what in ("actors", "events")}
            print(f"{name:<18} {seconds:6.1f} s  exit {codes}  " + ", ".join(f"{k} {v}" for k, v in found.items())
                  + f"  same actors/events JSON as A then B: {same['actors']}/{same['events']}", flush=True)


if __name__ == "__main__":
    main()
