"""Renderer benchmark: renders real stores (the seed, built here by the pipeline, and any store
given with --db, e.g. 2,000 Reuters stories), writes the pages to bench/out/, takes screenshots
there, and prints render time, file sizes and browser load times.

    .venv/bin/timeline ingest reuters2000.jsonl --db bench/out/reuters2000.db   # see bench/throughput.py
    .venv/bin/python bench/report.py [--runs 3] [--db bench/out/reuters2000.db] [--synthetic 2000]

"ready" is navigation start → every view mounted (timeline items and network nodes handed to vis);
"first frame" is the next animation frame after that, i.e. when the complete report is on screen;
"FCP" is Chromium's first-contentful-paint; "filter" is unticking the first category in the
Categories menu → the next animation frame (timeline, side list and network updated). Numbers depend on machine load: check `uptime`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from timeline.build import ingest
from timeline.query import report_data
from timeline.render import write_pages, write_static
from timeline.store import Store
from timeline.types import ReportData

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the synthetic report is a test fixture, kept in the tests package
from tests.fixtures.reports import synthetic_report  # noqa: E402

OUT = ROOT / "bench" / "out"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


FILTER = """() => new Promise(done => {
  const box = document.querySelector('.tlr-filter input[type=checkbox]');
  const t0 = performance.now();
  box.checked = false;
  box.dispatchEvent(new Event('change'));
  requestAnimationFrame(() => done(performance.now() - t0));
})"""


def measure(browser, path: Path, shot: Path | None) -> dict[str, float]:
    """Load one page offline and time it; every request other than the page itself is blocked and counted."""
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    blocked, errors = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url == path.as_uri()
               else (blocked.append(r.request.url), r.abort()))
    page.goto(path.as_uri())
    page.wait_for_selector("[data-ready]", timeout=60000)
    ready = page.evaluate("() => performance.now()")
    frame = page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(performance.now())))")
    fcp = page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0")
    filter_ms = page.evaluate(FILTER)
    if shot is not None:
        page.wait_for_timeout(1500)
        page.screenshot(path=str(shot))
    page.close()
    return {"ready": ready / 1000, "frame": frame / 1000, "fcp": fcp / 1000, "filter": filter_ms / 1000,
            "blocked": len(blocked), "errors": len(errors)}


def store_report(db: Path) -> ReportData:
    with Store(db, readonly=True) as store:
        return report_data(store)


def seed_store_report() -> ReportData:
    """The seed article through the whole pipeline, into a fresh store."""
    db = OUT / "seed.db"
    db.unlink(missing_ok=True)
    ingest([ROOT / "seeds"], db, notify=lambda message: None)
    return store_report(db)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--db", type=Path, action="append", default=[], help="a store to render (repeatable)")
    ap.add_argument("--synthetic", type=int, default=0, help="also a synthetic report of this many articles")
    args = ap.parse_args()
    datasets = {"seed": seed_store_report}
    for db in args.db:
        datasets[db.stem] = lambda db=db: store_report(db)
    if args.synthetic:
        n = args.synthetic
        datasets["synthetic"] = lambda: synthetic_report(n_articles=n, n_actors=n * 3 // 4, n_events=n * 3)
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, make in datasets.items():
            data = make()
            out = OUT / name
            t0 = time.perf_counter()
            pages = write_pages(data, out)
            t1 = time.perf_counter()
            static = write_static(data, out)
            t2 = time.perf_counter()
            print(f"\n{name}: {len(data['articles'])} articles, {len(data['actors'])} actors, "
                  f"{len(data['events'])} events; write_pages {t1 - t0:.2f}s, write_static {t2 - t1:.2f}s")
            for p in static:
                print(f"  {p.name:14} {p.stat().st_size / 1e3:8.1f} kB")
            for view, path in pages.items():
                runs = [measure(browser, path, out / f"{view}.screenshot.png" if i == 0 else None)
                        for i in range(args.runs)]
                med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                print(f"  {path.name:14} {path.stat().st_size / 1e6:6.2f} MB  ready {med['ready']:.2f}s  "
                      f"first frame {med['frame']:.2f}s  FCP {med['fcp']:.2f}s  filter {med['filter'] * 1000:.0f} ms  "
                      f"(median of {args.runs}; "
                      f"blocked requests {int(med['blocked'])}, console errors {int(med['errors'])})")
        browser.close()
    print(f"\nscreenshots and pages in {OUT}")


if __name__ == "__main__":
    main()
