"""Worst-case inputs through the whole pipeline (read, extract, store), one process per input:
run-on sentences of 10, 50 and 200 KB, a 1 MB line of normal sentences, and HTML nested 100,000
deep. Prints wall time, peak RSS and where the time went (reading, each pipeline component,
storing), then how time grows from 10 KB to 200 KB of run-on sentence (linear is ×20).

    python bench/worst_case.py                      # every input, 900 s at most each
    python bench/worst_case.py --only runon-10k --only runon-50k --timeout 600
    python bench/worst_case.py --profile runon-10k  # cProfile of the extraction, top functions

The inputs are generated (no data needed). Issue 14's targets: a 200 KB run-on sentence in under
10 s, peak RSS under 1 GB for the 1 MB line, time growing at most linearly from 10 to 200 KB.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Clauses of news prose with actors, places and dates, so every stage has work in a run-on sentence.
CLAUSES = [
    "rebels attacked the convoy near Goma", "the army responded with artillery on Tuesday",
    "President Joe Biden met Volodymyr Zelensky in Kyiv", "China accused the United States of interference",
    "police arrested 40 protesters in Paris", "the minister said talks would resume next week",
    "Germany pledged new aid to Ukraine", "Iran threatened to close the Strait of Hormuz",
    "the United Nations called for a ceasefire in Sudan", "Japan and India signed a trade agreement in Tokyo",
    "Turkey sent troops to the border on Monday", "the European Union imposed sanctions on Belarus",
]
SENTENCES = " ".join(c[0].upper() + c[1:] + "." for c in CLAUSES) + " "
HTML_DEPTH = 100_000
RUNON_SIZES = {"runon-10k": 10_000, "runon-50k": 50_000, "runon-200k": 200_000}


def runon(size: int) -> str:
    """One sentence of `size` characters: clauses joined by commas and conjunctions, one full stop."""
    joins = [", and ", "; ", ", while ", ", but ", " as "]
    parts, length, i = [CLAUSES[0][0].upper() + CLAUSES[0][1:]], len(CLAUSES[0]), 1
    while length < size:
        piece = joins[i % len(joins)] + CLAUSES[i % len(CLAUSES)]
        parts.append(piece)
        length += len(piece)
        i += 1
    return "".join(parts) + ".\n"


def inputs(folder: Path) -> dict[str, Path]:
    """Write every input into `folder`; name → file."""
    files: dict[str, Path] = {}
    for name, size in RUNON_SIZES.items():
        files[name] = folder / f"{name}.txt"
        files[name].write_text(runon(size), encoding="utf-8")
    files["line-1m"] = folder / "line-1m.txt"
    files["line-1m"].write_text((SENTENCES * (1_000_000 // len(SENTENCES) + 1))[:1_000_000] + "\n", encoding="utf-8")
    files["deep-html"] = folder / "deep-html.html"
    body = "<p>Rebels attacked the convoy near Goma on Tuesday, officials said.</p>" * 3
    files["deep-html"].write_text(f"<html><head><title>Deep</title></head><body>{'<div>' * HTML_DEPTH}{body}"
                                  f"{'</div>' * HTML_DEPTH}</body></html>", encoding="utf-8")
    files["tiny"] = folder / "tiny.txt"
    files["tiny"].write_text(CLAUSES[2][0].upper() + CLAUSES[2][1:] + ".\n", encoding="utf-8")
    return files


def child(path: Path, profile: bool) -> dict:
    """Run one input the way `timeline ingest` does (read, pipeline in pieces, store), timing each
    stage and each pipeline component; runs in a process of its own so its peak RSS is its own."""
    from timeline.extract.pipeline import _pieces, load_pipeline, make_doc, merge_chunks, to_extraction
    from timeline.ingest import IngestProblem, iter_articles
    from timeline.store import Store

    started = time.perf_counter()
    nlp = load_pipeline()
    times: dict[str, float] = defaultdict(float)
    times["load model"] = time.perf_counter() - started
    clock = time.perf_counter()
    items = list(iter_articles([path], date(2023, 2, 22)))
    times["read"] = time.perf_counter() - clock
    articles = [a for a in items if not isinstance(a, IngestProblem)]
    problems = [str(p) for p in items if isinstance(p, IngestProblem)]
    profiler = cProfile.Profile() if profile else None
    results = []
    for article in articles:
        parts = []
        for start, end in _pieces(article.text):
            doc = make_doc(nlp, article, start, end)
            for name, component in nlp.pipeline:
                clock = time.perf_counter()
                if profiler is not None:
                    profiler.enable()
                doc = component(doc)
                if profiler is not None:
                    profiler.disable()
                times[name] += time.perf_counter() - clock
            parts.append((start, to_extraction(doc, article)))
        results.append((article, merge_chunks(article, parts)))
    clock = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.db") as store:
        store.add_batch(results)
    times["store"] = time.perf_counter() - clock
    if profiler is not None:
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(25)
    return {"seconds": time.perf_counter() - started - times["load model"], "times": dict(times),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "events": sum(len(x["events"]) for _, x in results), "chars": sum(len(a.text) for a in articles),
            "problems": problems}


def measure(name: str, path: Path, timeout: float, profile: bool) -> dict | None:
    """The child's report for one input, or None when it ran out of time."""
    command = [sys.executable, __file__, "--child", str(path)] + (["--profile-child"] if profile else [])
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    if profile:
        sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", help="run only this input (repeatable)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per input (default 900)")
    parser.add_argument("--profile", help="print a cProfile of this input's extraction")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.profile_child)))
        return
    with tempfile.TemporaryDirectory() as folder:
        files = inputs(Path(folder))
        if args.profile:
            measure(args.profile, files[args.profile], args.timeout, profile=True)
            return
        names = args.only or ["tiny", *RUNON_SIZES, "line-1m", "deep-html"]
        results: dict[str, dict | None] = {}
        print(f"{'input':<11} {'KB':>6} {'time s':>8} {'peak RSS MB':>11} {'events':>6}  slowest stages")
        for name in names:
            result = results[name] = measure(name, files[name], args.timeout, profile=False)
            size = files[name].stat().st_size / 1000
            if result is None:
                print(f"{name:<11} {size:>6.0f} {'>' + format(args.timeout, '.0f'):>8} {'?':>11} {'?':>6}  "
                      "did not finish", flush=True)
                continue
            top = sorted(result["times"].items(), key=lambda kv: -kv[1])
            stages = ", ".join(f"{k} {v:.1f}" for k, v in top[:4] if k != "load model")
            note = f"  ({result['problems'][0]})" if result["problems"] else ""
            print(f"{name:<11} {size:>6.0f} {result['seconds']:>8.1f} {result['peak_rss_mb']:>11.0f} "
                  f"{result['events']:>6}  {stages}{note}", flush=True)
        small, large = results.get("runon-10k"), results.get("runon-200k")
        if small and large:
            ratio = large["seconds"] / small["seconds"]
            print(f"growth 10 → 200 KB run-on: time ×{ratio:.1f} for ×20 the text "
                  f"({'linear or better' if ratio <= 20 * 1.25 else 'superlinear'})")


if __name__ == "__main__":
    main()
