"""Ingest with Dask: extraction mapped over partitions by Dask, results merged into the store here.

`timeline.extract.pipeline.extract_batch` is a pure function (records in, extract JSON out), so any
engine can map it. This script uses a local Dask cluster of processes; pass a scheduler address to
use a real cluster whose workers have timeline installed (`pip install -e .` on each):

    .venv/bin/pip install 'dask[distributed]'
    .venv/bin/python bench/dask_ingest.py --n 500 --workers 2 [--scheduler tcp://host:8786]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import dask.bag as db

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import REUTERS, counts, stories  # noqa: E402

from timeline.extract.pipeline import extract_batch  # noqa: E402
from timeline.ingest.records import article_of  # noqa: E402
from timeline.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition", type=int, default=50, help="records per task")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler (default: local processes)")
    parser.add_argument("--db", type=Path)
    options = parser.parse_args()
    if not REUTERS.exists():
        sys.exit(f"{REUTERS} is absent")
    records = stories(options.n)
    db_path = options.db or Path(tempfile.mkdtemp(prefix="timeline-dask-")) / "dask.db"
    bag = db.from_sequence(records, partition_size=options.partition).map_partitions(extract_batch)
    started = time.perf_counter()
    if options.scheduler:
        from dask.distributed import Client

        with Client(options.scheduler):
            partitions = bag.to_delayed()
            results = [r for part in partitions for r in part.compute()]
    else:
        results = bag.compute(scheduler="processes", num_workers=options.workers)
    extracted = time.perf_counter() - started
    with Store(db_path) as store:
        for start in range(0, len(results), 256):
            store.add_batch((article_of(x), x) for x in results[start : start + 256])
    total = time.perf_counter() - started
    print(f"{len(records)} stories: extraction {extracted:.1f} s with {options.workers} Dask workers, "
          f"{len(records) / total:.1f} stories/s end to end")
    print("store:", counts(db_path), db_path)


if __name__ == "__main__":
    main()
