"""Renderer benchmark: renders real stores (the seed, built here by the pipeline, and any store
given with --db, e.g. 2,000 Reuters stories), writes the pages to bench/out/, takes screenshots
there, and prints render time, file sizes and browser load times.

    .venv/bin/timeline ingest reuters2000.jsonl --db bench/out/reuters2000.db   # see bench/throughput.py
    .venv/bin/python bench/report.py [--runs 3] [--db bench/out/reuters2000.db] [--synthetic 2000]

"ready" is navigation start → every view mounted (timeline items and network nodes handed to vis);
"first frame" is the next animation frame after that, i.e. when the complete report is on screen;
"FCP" is Chromium's first-contentful-paint; "filter" is unticking the first category in the
Categories menu at once after ready → the next animation frame (timeline, side list and network
updated); --filter-kinds also times each other control (quad class, status, actor kind, country,
political only, confidence, lanes, top-N, a one-week window) a second after ready. Numbers depend
on machine load: check `uptime`.
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


APPLY = """(js) => new Promise(done => { const t0 = performance.now(); (new Function(js))();
  requestAnimationFrame(() => done(performance.now() - t0)); })"""


def _select(css: str, value: str) -> str:
    return f"const s = document.querySelector('{css}'); s.value = {value}; s.dispatchEvent(new Event('change'));"


def _toggle(css: str) -> str:
    return f"const b = document.querySelector('{css}'); b.checked = !b.checked; b.dispatchEvent(new Event('change'));"


# Each control a reader filters with: (apply, undo); None undoes by applying again.
FILTER_KINDS = {
    "category": (_toggle(".tlr-filter:nth-of-type(1) .tlr-filter-list input"), None),
    "quad class": (_toggle(".tlr-filter:nth-of-type(2) .tlr-filter-list input"), None),
    "status": (_toggle(".tlr-filter:nth-of-type(3) .tlr-filter-list input"), None),
    "actor kind": (_toggle(".tlr-filter:nth-of-type(4) .tlr-filter-list input"), None),
    "country": (_select(".tlr-country", "document.querySelector('.tlr-country').options[1].value"),
                _select(".tlr-country", "''")),
    "political only": (_select(".tlr-scope", "'political'"), _select(".tlr-scope", "'all'")),
    "confidence": (_select(".tlr-confidence", "'0.7'"), _select(".tlr-confidence", "'0'")),
    "lanes by type": (_select(".tlr-lanes", "'type'"), _select(".tlr-lanes", "'actor'")),
    "top 400 actors": (_select(".tlr-top", "'400'"), _select(".tlr-top", "'100'")),
    "one-week window": ("const r = document.querySelector('.tlr').timelineReport, d = new Date(PERIOD_FROM);"
                        "d.setDate(d.getDate() + 6); r.setWindow(PERIOD_FROM, d.toISOString().slice(0, 10));",
                        "document.querySelector('.tlr').timelineReport.setWindow(PERIOD_FROM, PERIOD_TO)"),
}


def filter_kinds(browser, path: Path, runs: int) -> dict[str, float]:
    """Each kind of filter applied `runs` times (and undone) a second after the page is ready, as a
    reader would: the median ms of each, to the next frame. Controls the page lacks are skipped."""
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    page.route("**/*", lambda r: r.continue_() if r.request.url == path.as_uri() else r.abort())
    page.goto(path.as_uri())
    page.wait_for_selector("[data-ready]", timeout=60000)
    period = page.evaluate("() => [document.querySelector('.tlr-from').value, document.querySelector('.tlr-to').value]")
    lacking = {"one-week window": not period[0], "political only": not page.query_selector(".tlr-scope"),
               "country": page.evaluate("() => document.querySelector('.tlr-country').options.length < 2")}
    page.wait_for_timeout(1000)
    out = {}
    for name, (apply, undo) in FILTER_KINDS.items():
        if lacking.get(name):
            continue
        apply, undo = (js.replace("PERIOD_FROM", repr(period[0])).replace("PERIOD_TO", repr(period[1]))
                       for js in (apply, undo or apply))
        times = []
        for _ in range(runs):
            times.append(page.evaluate(APPLY, apply))
            page.wait_for_timeout(250)
            page.evaluate(APPLY, undo)
            page.wait_for_timeout(250)
        out[name] = statistics.median(times)
    page.close()
    return out


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
    ap.add_argument("--filter-kinds", action="store_true", help="also time every kind of filter on each store's report")
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
            if args.filter_kinds and name != "seed":
                kinds = filter_kinds(browser, pages["report"], args.runs)
                worst = max(kinds, key=kinds.get)
                print(f"  each filter on report.html, a second after ready (median of {args.runs}): "
                      + ", ".join(f"{k} {v:.0f} ms" for k, v in kinds.items()) + f"; slowest: {worst} {kinds[worst]:.0f} ms")
        browser.close()
    print(f"\nscreenshots and pages in {OUT}")


if __name__ == "__main__":
    main()
