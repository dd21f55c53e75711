"""Real-browser tests: the pages load offline, are interactive, and keep hostile article text inert."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from timeline.render import render_fragment, render_network, render_report, render_timeline, vendor_assets
from tests.fixtures.reports import seed_report
from tests.paths import REUTERS, SEEDS, need

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"),
    pytest.mark.skipif(not (vendor_assets.VENDOR / "vis-timeline.min.js").exists(),
                       reason="vendored vis assets missing: run `make install`"),
]


@dataclass
class Loaded:
    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def load(browser, tmp_path: Path):
    """Open an HTML string from a file:// URL; every other request is blocked and counted."""
    pages = []

    def _load(markup: str, name: str = "page.html", ready: int = 1) -> Loaded:
        path = tmp_path / name
        path.write_text(markup, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        pages.append(page)
        out = Loaded(page)
        page.on("console", lambda m: out.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: out.errors.append(str(e)))

        def on_dialog(d) -> None:
            out.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)

        def route(r) -> None:
            if r.request.url == path.as_uri():
                r.continue_()
            else:
                if not r.request.url.startswith("data:"):
                    out.requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(path.as_uri())
        page.wait_for_function(f"document.querySelectorAll('[data-ready]').length === {ready}", timeout=20000)
        return out

    yield _load
    for p in pages:
        p.close()


# The network's links on screen: links a render dropped stay hidden in the DataSet for a moment (retire).
SHOWN_LINKS = "network().body.data.edges.get({filter: function (e) { return !e.hidden; }})"


def api(page, expr: str):
    return page.evaluate(f"() => document.querySelector('.tlr').timelineReport.{expr}")


@pytest.mark.parametrize("render", [render_report, render_timeline, render_network])
def test_page_loads_offline_without_errors(load, render) -> None:
    got = load(render(seed_report()))
    got.page.wait_for_timeout(300)
    assert got.requests == [] and got.errors == []
    if render is not render_network:
        assert got.page.locator(".tlr-timeline .vis-item").count() >= 12
    if render is not render_timeline:
        assert got.page.locator(".tlr-network canvas").count() == 1


def test_a_javascript_link_that_reaches_the_page_is_not_a_link(load) -> None:
    """payload() drops such URLs before the page; the page drops them again (a data block edited
    by hand, or one written by other code)."""
    data = copy.deepcopy(seed_report())
    data["articles"]["scmp-china-russia"]["url"] = "https://example.org/story"
    markup = render_report(data)
    for url, links in (("https://example.org/story", ["https://example.org/story"]),
                       ("javascript:window.__pwned=3", [])):
        page = load(markup.replace("https://example.org/story", url)).page
        api(page, "selectEvent('e6')")
        assert page.locator(".tlr-panel .tlr-article-title").count() >= 1
        assert page.locator(".tlr-panel a").evaluate_all("links => links.map(a => a.href)") == links, url


def test_search_finds_patrushev(load) -> None:
    page = load(render_report(seed_report())).page
    page.fill(".tlr-search-input", "Patrushev")
    first = page.locator(".tlr-results li").first
    assert "Nikolai Patrushev" in first.inner_text()
    first.click()
    panel = page.locator(".tlr-panel")
    assert "Nikolai Patrushev" in panel.locator("h2").inner_text()
    assert "Wang Yi" in panel.inner_text(), "strongest links list the meeting partner"


def test_time_window_filters_network(load) -> None:
    got = load(render_report(seed_report()))
    page = got.page
    assert len(api(page, "visibleActorIds()")) == 11, "opens on the articles' period, 19–23 Feb 2023"
    page.fill(".tlr-from", "2023-02-20")
    page.fill(".tlr-to", "2023-02-20")
    page.wait_for_timeout(200)
    assert sorted(api(page, "visibleEventIds()")) == ["e3", "e4", "e5"]
    assert sorted(api(page, "visibleActorIds()")) == ["biden", "kyiv", "ukr", "zelensky"]
    shown = page.evaluate("""() => document.querySelector('.tlr').timelineReport.network().body.data.nodes
        .get({filter: n => !n.hidden}).map(n => n.id).sort()""")
    assert shown == ["biden", "kyiv", "ukr", "zelensky"]
    assert "2023-02-20" in page.locator(".tlr-stats").inner_text()
    page.click(".tlr-reset")
    assert len(api(page, "visibleActorIds()")) == 13
    assert got.errors == []


def test_clicking_an_event_shows_its_sentence(load) -> None:
    page = load(render_report(seed_report())).page
    page.locator(".tlr-timeline .vis-item", has_text="AID: Ukraine").first.click()
    panel = page.locator(".tlr-panel")
    assert "pledged new military package" in panel.locator("blockquote").first.inner_text()
    assert panel.locator(".tlr-trigger").first.inner_text() == "pledged"
    assert "Also reported (1)" in panel.inner_text()
    assert panel.locator("a[href^='https://www.scmp.com/']").count() == 1
    selected = page.evaluate("() => document.querySelector('.tlr').timelineReport.network().getSelectedNodes().sort()")
    assert selected == ["biden", "ukr"]


def test_filters_and_lanes(load) -> None:
    got = load(render_report(seed_report()))
    page = got.page
    page.click(".tlr-filter:has-text('Status') summary")
    page.uncheck(".tlr-filter:has-text('Status') input[value=planned]")
    page.uncheck(".tlr-filter:has-text('Status') input[value=possible]")
    assert not {"e11", "e12", "e13"} & set(api(page, "visibleEventIds()"))
    page.select_option(".tlr-lanes", "type")
    labels = page.locator(".tlr-timeline .vis-label").all_inner_texts()
    assert "AID" in labels and "CONSULT" in labels
    assert "ASSAULT" not in labels and "Dated to a year or more" in labels, "the year-dated assault is in its band"
    page.select_option(".tlr-country", "UKR")
    assert set(api(page, "visibleActorIds()")) <= {"ukr", "zelensky", "kyiv"}
    assert got.errors == []


def test_fragment_embeds_twice(load) -> None:
    other = seed_report()
    other["title"] = "Second copy"
    other["events"] = [e for e in other["events"] if e["id"] in ("e3", "e4", "e5")]
    host = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>host</title></head><body><h1>Host page</h1>"
            + render_fragment(seed_report()) + "<p>between</p>" + render_fragment(other) + "</body></html>")
    got = load(host, "host.html", ready=2)
    page = got.page
    assert got.requests == [] and got.errors == []
    roots = page.locator(".tlr")
    assert roots.count() == 2
    assert page.locator(".tlr canvas").count() == 2
    counts = page.evaluate("() => [...document.querySelectorAll('.tlr')].map(r => r.timelineReport.visibleEventIds().length)")
    assert counts == [10, 3]
    roots.nth(1).locator(".tlr-search-input").fill("Zelensky")
    assert roots.nth(1).locator(".tlr-results li").count() >= 1
    assert roots.nth(0).locator(".tlr-results li").count() == 0
    assert page.locator("h1").first.inner_text() == "Host page"


def test_hostile_text_stays_text(load) -> None:
    evil_img = '<img src=x onerror="window.__pwned=1;alert(1)">'
    evil_script = "</script><script>window.__pwned=2;alert(2)</script>"
    data = copy.deepcopy(seed_report())
    data["title"] = evil_script + evil_img
    wang = next(a for a in data["actors"] if a["id"] == "wang")
    wang["name"] = evil_img + "Wang Yi"
    wang["aliases"].append(evil_script)
    ev = next(e for e in data["events"] if e["id"] == "e6")
    ev["trigger"] = evil_img
    ev["mentions"][0]["sentence"] = evil_img + evil_script + ev["mentions"][0]["sentence"]
    ev["mentions"][0]["trigger"] = [0, 10]
    data["articles"]["scmp-china-russia"]["url"] = "javascript:window.__pwned=3;alert(3)"
    data["articles"]["scmp-china-russia"]["title"] = evil_img
    got = load(render_report(data))
    page = got.page
    page.fill(".tlr-search-input", "img src")
    page.locator(".tlr-results li").first.click()
    api(page, "selectEvent('e6')")
    panel = page.locator(".tlr-panel")
    assert evil_img in panel.inner_text() and evil_script in panel.inner_text()
    page.locator(".tlr-timeline .vis-item").first.hover()
    page.wait_for_timeout(400)
    box = page.locator(".tlr-network canvas").bounding_box()
    at = page.evaluate("""() => { const n = document.querySelector('.tlr').timelineReport.network();
        return n.canvasToDOM(n.getPositions(['wang']).wang); }""")
    page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
    page.wait_for_timeout(600)
    tooltip = page.locator(".tlr-network .vis-tooltip")
    assert evil_img in tooltip.inner_text(), "the node tooltip shows the hostile name as text"
    assert tooltip.locator("img").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator(".tlr img, .tlr-panel script").count() == 0
    assert got.dialogs == [] and got.requests == []
    assert evil_script + evil_img in page.locator(".tlr-title").inner_text()


def test_play_steps_through_time(load) -> None:
    got = load(render_report(seed_report()))
    page = got.page
    page.click(".tlr-play")
    first = page.input_value(".tlr-from")
    page.wait_for_timeout(1500)
    second = page.input_value(".tlr-from")
    assert first and second and second > first, "each step moves the window forward"
    assert api(page, "visibleEventIds()"), "steps skip empty stretches, so a window always holds events"
    page.click(".tlr-play")
    assert "Play" in page.inner_text(".tlr-play")
    assert got.errors == []


def test_static_png_export(tmp_path: Path) -> None:
    from timeline.render import write_static

    written = write_static(seed_report(), tmp_path)
    assert [p.name for p in written] == ["timeline.svg", "network.svg", "timeline.png", "network.png"]
    for png in written[2:]:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_jupyter_iframe_runs_sandboxed(browser, tmp_path: Path) -> None:
    from timeline.render import Report

    host = tmp_path / "notebook.html"
    host.write_text("<!DOCTYPE html><html><body>" + Report(seed_report())._repr_html_() + "</body></html>",
                    encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(host.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator("[data-ready]").wait_for(timeout=20000)
    assert frame.locator(".tlr-timeline .vis-item").count() >= 12
    assert errors == []
    page.close()


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real pipeline on the seed, plus an article whose title and text are hostile."""
    from timeline.build import ingest

    folder = tmp_path_factory.mktemp("inputs")
    evil = folder / "evil.txt"
    evil.write_text("---\ntitle: '<img src=x onerror=\"window.__pwned=1;alert(1)\">'\n"
                    "url: 'javascript:window.__pwned=2'\npublished: 2023-02-23\n---\n"
                    "Poland <script>window.__pwned=3</script> pledged new aid to Ukraine on Thursday.\n",
                    encoding="utf-8")
    db = tmp_path_factory.mktemp("store") / "t.db"
    summary = ingest([SEEDS, evil], db, notify=lambda message: None)
    assert summary.new == 2
    return db


def test_real_seed_report_window_search_and_hostile_article(load, seed_store: Path) -> None:
    from timeline.query import report_data
    from timeline.store import Store

    with Store(seed_store, readonly=True) as store:
        data = report_data(store, title="seed")
    names = {a["id"]: a["name"] for a in data["actors"]}
    got = load(render_report(data))
    page = got.page
    page.fill(".tlr-search-input", "Patrushev")
    assert "Nikolai Patrushev" in page.locator(".tlr-results li").first.inner_text()
    page.fill(".tlr-from", "2023-02-20")
    page.fill(".tlr-to", "2023-02-20")
    page.wait_for_timeout(300)
    shown = {names[a] for a in api(page, "visibleActorIds()")}
    assert "Joe Biden" in shown and "Volodymyr Zelensky" in shown
    assert not shown & {"Wang Yi", "Nikolai Patrushev", "Sergey Lavrov", "Poland"}
    events = [e for e in data["events"] if e["id"] in api(page, "visibleEventIds()")]
    assert events and all("Joe Biden" in [names[a] for a in e["source"] + e["target"]] for e in events)
    poland = next(e for e in data["events"] if any(names[a] == "Poland" for a in e["source"]))
    api(page, f"selectEvent('{poland['id']}')")
    panel = page.locator(".tlr-panel").inner_text()
    assert "<script>window.__pwned=3</script>" in panel and '<img src=x onerror="window.__pwned=1' in panel
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert got.dialogs == [] and got.requests == [] and got.errors == []


def test_switch_between_all_and_political_events(load, seed_store: Path) -> None:
    from timeline.query import report_data
    from timeline.store import Store

    with Store(seed_store, readonly=True) as store:
        data = report_data(store, title="seed")
    other = {e["id"] for e in data["events"] if e["type"] == "OTHER"}
    assert other, "the seed has occurrences (OTHER events)"
    page = load(render_report(data)).page
    assert other <= set(api(page, "visibleEventIds()"))
    labels = api(page, "timeline().itemsData.get().map(function (item) { return item.label || \"\"; })")
    assert any(label.startswith("other: ") for label in labels)  # shown by their verb
    page.select_option(".tlr-scope", "political")
    shown = set(api(page, "visibleEventIds()"))
    assert shown and not shown & other
    assert all(e["type"] != "OTHER" for e in data["events"] if e["id"] in shown)
    page.select_option(".tlr-scope", "all")
    assert other <= set(api(page, "visibleEventIds()"))
    # an occurrence's place is not a link: "the West unleashed … in Ukraine" joins no one
    edges = {frozenset(pair) for pair in api(page, SHOWN_LINKS + ".map("
                                                   "function (e) { return [e.from, e.to]; })")}
    joined = {frozenset((s, t)) for e in data["events"] if e["type"] != "OTHER"
              for s in e["source"] for t in e["target"] + ([e["location"]] if e["location"] else [])}
    placed = {frozenset((s, e["location"])) for e in data["events"] if e["type"] == "OTHER" and e["location"]
              for s in e["source"]}
    assert placed - joined and not (placed - joined) & edges
    told = max(data["events"], key=lambda e: len(e["mentions"]))
    assert len(told["mentions"]) >= 2
    api(page, f"selectEvent('{told['id']}')")
    panel = page.locator(".tlr-panel").inner_text()
    assert all(" ".join(m["sentence"].split())[:40] in " ".join(panel.split()) for m in told["mentions"])


def test_the_page_draws_the_links_python_sends(load, seed_store: Path) -> None:
    """The network is the events' `links` (types.event_links), not a rule of the page's own: a
    visit's place is linked, an occurrence's is not, and a link Python adds is drawn."""
    from timeline.query import report_data
    from timeline.store import Store

    with Store(seed_store, readonly=True) as store:
        data = report_data(store, title="seed")
    sent = {frozenset(pair) for e in data["events"] for pair in e["links"]}
    lone = next(e for e in data["events"] if not e["links"] and e["source"])
    stranger = next(a["id"] for a in data["actors"] if a["id"] not in lone["source"])
    lone["links"] = [(lone["source"][0], stranger)]
    page = load(render_report(data)).page
    page.click(".tlr-reset")  # every date, every actor, the small groups too
    page.select_option(".tlr-top", "0")  # all actors
    if page.locator(".tlr-fragments").is_visible() and page.get_attribute(".tlr-fragments", "aria-pressed") != "true":
        page.click(".tlr-fragments")
    edges = {frozenset(pair) for pair in api(page, SHOWN_LINKS + ".map("
                                                   "function (e) { return [e.from, e.to]; })")}
    assert edges == sent | {frozenset(lone["links"][0])}


def test_fragment_pasted_twice_renders_both(load) -> None:
    fragment = render_fragment(seed_report())
    host = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>host</title></head><body>"
            + fragment + "<p>between</p>" + fragment + "</body></html>")
    got = load(host, "twice.html", ready=2)
    page = got.page
    assert got.requests == [] and got.errors == []
    assert page.locator(".tlr canvas").count() == 2
    counts = page.evaluate("() => [...document.querySelectorAll('.tlr')].map(r => r.timelineReport.visibleEventIds().length)")
    assert counts == [10, 10]
    assert page.locator(".tlr").nth(1).locator(".tlr-timeline .vis-item").count() >= 5


def test_date_inputs_are_iso_text_and_dates_read_in_words(load) -> None:
    page = load(render_report(seed_report())).page
    assert page.get_attribute(".tlr-from", "type") == "text"
    assert page.get_attribute(".tlr-from", "placeholder") == "YYYY-MM-DD"
    assert page.input_value(".tlr-from") == "2023-02-19" and page.input_value(".tlr-to") == "2023-02-23"
    assert page.locator(".tlr-events .tlr-date").first.inner_text() == "20 Feb 2023"
    page.fill(".tlr-from", "2023-02-3")  # half-typed: ignored until it is a whole date
    assert page.input_value(".tlr-to") == "2023-02-23"
    page.fill(".tlr-from", "2023-02-21")
    assert "2023-02-21" in page.locator(".tlr-stats").inner_text()
    api(page, "selectEvent('e2')")
    assert "fourth quarter of 2022" in page.locator(".tlr-panel").inner_text()


REUTERS_FILES = ("reut2-000.sgm", "reut2-001.sgm", "reut2-002.sgm")
REUTERS_EVERY = 15  # every 15th story of two weeks of 1987: ~200 stories, ~20 s to ingest


@pytest.fixture(scope="module")
def reuters(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A real multi-article store: every 15th Reuters story of 26 Feb – 9 Mar 1987, through the pipeline."""
    import re

    from timeline.build import ingest
    from timeline.query import report_data
    from timeline.store import Store

    need(*(REUTERS / name for name in REUTERS_FILES))
    folder = tmp_path_factory.mktemp("reuters")
    stories = []
    for name in REUTERS_FILES:
        text = (REUTERS / name).read_text(encoding="latin-1")
        stories += re.findall(r"<REUTERS\b.*?</REUTERS>", text, re.S)[::REUTERS_EVERY]
    sgm = folder / "sample.sgm"
    sgm.write_text("\n".join(stories), encoding="latin-1")
    db = folder / "r.db"
    ingest([sgm], db, notify=lambda message: None)
    with Store(db, readonly=True) as store:
        return report_data(store, title="Reuters sample")


def _window(page) -> tuple[str, str]:
    return api(page, "timeline().getWindow().start.toISOString()")[:10], \
        api(page, "timeline().getWindow().end.toISOString()")[:10]


def _first_rows(page, selector: str, n: int) -> list[str]:
    return page.eval_on_selector_all(f".tlr-panel {selector} li", f"rows => rows.slice(0, {n}).map(r => r.dataset.event)")


def test_reuters_report_opens_on_the_articles_period(load, reuters: dict) -> None:
    published = sorted(a["published"] for a in reuters["articles"].values() if a["published"])
    starts = sorted(e["date"]["start"] for e in reuters["events"] if e["date"]["start"])
    assert starts[0] < "1980", "the stories mention dates long before they were written"
    got = load(render_report(reuters))
    page = got.page
    lo, hi = _window(page)
    assert lo.startswith("1987") and hi.startswith("1987")
    assert published[0] <= "1987-02-27" and lo >= "1987-02-20" and hi <= "1987-03-15"
    assert page.input_value(".tlr-from") == lo, "the window inputs show the opening window"
    first = _first_rows(page, ".tlr-events-fine", 5)
    events = {e["id"]: e for e in reuters["events"]}
    assert first, "the side list has events"
    for eid in first:  # the side list starts inside the visible window, with day-dated events
        d = events[eid]["date"]
        assert lo <= d["start"] <= hi and d["start"] == (d["end"] or d["start"])
    assert got.errors == [] and got.requests == []


def test_reuters_one_week_window_shows_day_dated_events_first(load, reuters: dict) -> None:
    page = load(render_report(reuters)).page
    page.fill(".tlr-from", "1987-03-02")
    page.fill(".tlr-to", "1987-03-08")
    page.wait_for_timeout(300)
    events = {e["id"]: e for e in reuters["events"]}
    shown = [events[i] for i in api(page, "visibleEventIds()")]
    coarse = [e for e in shown if e["date"]["start"] != (e["date"]["end"] or e["date"]["start"])]
    assert coarse, "the window holds year-, month- and week-dated events too"
    for eid in _first_rows(page, ".tlr-events-fine", 20):
        d = events[eid]["date"]
        assert "1987-03-02" <= d["start"] <= "1987-03-08" and d["start"] == d["end"]
    assert page.locator(".tlr-events-coarse li").count() > 0, "the coarse ones follow in their own list"
    groups = api(page, "timeline().groupsData.get().sort(function (a, b) { return a.order - b.order; })"
                       ".map(function (g) { return g.label; })")
    bands = [i for i, g in enumerate(groups) if g.startswith("Dated to")]
    assert bands and min(bands) > 0 and bands == list(range(min(bands), len(groups))), "bands come after the lanes"
    raw = page.eval_on_selector_all(".tlr-panel .tlr-date", "els => els.map(e => e.textContent)")
    assert raw and not [t for t in raw if any(c in t for c in ("-W", "-FA", "-Q", "TNI", "TMO"))]


ITEM_BOXES = """() => { const pane = document.querySelector('.tlr-timeline .vis-panel.vis-center').getBoundingClientRect();
  return [...document.querySelectorAll('.tlr-timeline .vis-foreground .vis-group')].map(g =>
    [...g.querySelectorAll('.vis-item')].map(i => { const r = i.getBoundingClientRect();
      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: i.textContent}; })
    .filter(r => r.top >= pane.top && r.bottom <= pane.bottom)); }"""


def test_reuters_binned_lanes_never_overprint(load, reuters: dict) -> None:
    """Zoomed out, a lane's events are binned and vis-timeline does not stack: an event alone in its
    bin is drawn inside the bin's box, so its label cannot run over the next bin."""
    got = load(render_report(reuters))
    page = got.page
    lanes = []
    for window in ("opening", "all dates"):
        if window == "all dates":
            page.click(".tlr-reset")
            page.wait_for_timeout(500)
        assert page.locator(".tlr-timeline .tlr-bin").count() > 0, f"{window}: the lanes are binned"
        for scroll in (0, 10 ** 6):  # the lanes, then the bands below them
            page.evaluate("y => { document.querySelector('.tlr-timeline .vis-panel.vis-left').scrollTop = y; }", scroll)
            page.wait_for_timeout(400)
            lanes += page.evaluate(ITEM_BOXES)
    assert sum(len(items) for items in lanes) > 30
    clashes = [(a["text"], b["text"]) for items in lanes for i, a in enumerate(items) for b in items[i + 1:]
               if a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1
               and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1]
    assert clashes == []
    assert got.errors == []


LANES = """() => [...document.querySelectorAll('.tlr-timeline .vis-labelset .vis-label')].map(l => l.textContent)"""


def test_reuters_dropped_lanes_vanish_at_once_and_leave_the_data_soon_after(load, reuters: dict) -> None:
    """A render makes one vis call for its items and one for its lanes (dropped ones are parked,
    hidden), then removes what it dropped a moment later."""
    got = load(render_report(reuters))
    page = got.page
    actor_lanes = set(page.evaluate(LANES))
    page.select_option(".tlr-lanes", "type")
    shown = set(page.evaluate(LANES))
    assert shown and not shown & (actor_lanes - {"Other actors"} - {g for g in actor_lanes if g.startswith("Dated to")})
    held = "timeline().itemsData.get().filter(function (i) { return i.group === '_parked'; }).length"
    assert api(page, held) > 0, "the actor lanes' items wait in the hidden lane"
    page.wait_for_timeout(1000)
    assert api(page, held) == 0
    lanes = api(page, "timeline().groupsData.get().filter(function (g) { return g.id !== '_parked'; })"
                      ".map(function (g) { return g.visible; })")
    assert lanes and all(lanes), "hidden lanes are removed"
    assert got.errors == []


def test_reuters_play_steps_by_days(load, reuters: dict) -> None:
    page = load(render_report(reuters)).page
    page.click(".tlr-play")
    page.wait_for_timeout(1500)
    a, b = page.input_value(".tlr-from"), page.input_value(".tlr-to")
    page.click(".tlr-play")
    from datetime import date

    assert (date.fromisoformat(b) - date.fromisoformat(a)).days < 7, "two weeks of news play in days"
    assert a.startswith("1987")


LABEL_BOXES = """() => {
  const n = document.querySelector('.tlr').timelineReport.network();
  const scale = n.getScale();
  return Object.values(n.body.nodes).filter(x => !x.options.hidden && x.options.label && !x.isCluster && x.labelModule.size.width)
    .map(x => ({id: x.id, fontPx: x.options.font.size * scale, ...x.labelModule.size}));
}"""


def test_reuters_default_network_labels_do_not_overlap(load, reuters: dict) -> None:
    got = load(render_report(reuters))
    page = got.page
    shown = api(page, "visibleActorIds()")
    assert 10 <= len(shown) <= 100, "a top-N of the busiest actors, not the whole store"
    page.wait_for_function("""() => Object.values(document.querySelector('.tlr').timelineReport.network().body.nodes)
        .every(x => x.options.hidden || !x.options.label || x.labelModule.size.width > 0)""")  # drawn and measured
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) >= max(5, len(shown) // 3), "the default network shows labelled nodes"
    assert min(b["fontPx"] for b in boxes) >= 5, "labels are large enough to be drawn at the default zoom"
    clashes = [(a["id"], b["id"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if a["left"] < b["left"] + b["width"] and b["left"] < a["left"] + a["width"]
               and a["top"] < b["top"] + b["height"] and b["top"] < a["top"] + a["height"]]
    assert clashes == []
    legend = page.locator(".tlr-legend").bounding_box()
    canvas = page.locator(".tlr-network canvas").bounding_box()
    assert legend["y"] + legend["height"] <= canvas["y"], "the legend sits above the canvas, over no node"
    assert "dashed" in page.locator(".tlr-legend").inner_text()
    assert got.errors == []


def test_reuters_small_groups_hidden_with_a_count_and_a_toggle(load, reuters: dict) -> None:
    page = load(render_report(reuters)).page
    button = page.locator(".tlr-fragments")
    text = button.inner_text()
    assert "small group" in text and "hidden" in text
    before = set(api(page, "visibleActorIds()"))
    button.click()
    after = set(api(page, "visibleActorIds()"))
    assert before < after and button.get_attribute("aria-pressed") == "true"
    button.click()
    assert set(api(page, "visibleActorIds()")) == before
    page.select_option(".tlr-top", "50")
    assert len(api(page, "visibleActorIds()")) <= 50


def test_search_finds_words_of_the_sentences(load, seed_store: Path) -> None:
    from timeline.query import report_data
    from timeline.store import Store

    with Store(seed_store, readonly=True) as store:
        data = report_data(store, title="seed")
    page = load(render_report(data)).page
    page.fill(".tlr-search-input", "solid as rock")  # in a sentence, in no name
    hit = page.locator(".tlr-results li.tlr-result-sentence").first
    assert "solid as rock" in hit.inner_text()
    hit.click()
    assert "solid as rock" in page.locator(".tlr-panel").inner_text()


def test_confidence_is_shown_and_filters(load, seed_store: Path) -> None:
    from timeline.query import report_data
    from timeline.store import Store

    with Store(seed_store, readonly=True) as store:
        data = report_data(store, title="seed")
    confidence = {e["id"]: e["confidence"] for e in data["events"]}
    page = load(render_report(data)).page
    page.click(".tlr-reset")
    everything = set(api(page, "visibleEventIds()"))
    page.select_option(".tlr-confidence", "0.8")
    sure = set(api(page, "visibleEventIds()"))
    assert sure and sure < everything and all(confidence[e] >= 0.8 for e in sure)
    assert all(confidence[e] < 0.8 for e in everything - sure)
    first = sorted(sure)[0]
    api(page, f"selectEvent('{first}')")
    assert f"Confidence{confidence[first]:.2f}" in page.locator(".tlr-panel").inner_text().replace("\n", "")


def _reload(page) -> None:
    page.reload()
    page.wait_for_function("document.querySelectorAll('[data-ready]').length === 1", timeout=20000)


def _open_hash(page, text: str) -> None:
    """Put a view link's hash into the address bar of the open page, which reloads on it."""
    with page.expect_event("load"):
        page.evaluate("h => { location.hash = h; }", text)
    page.wait_for_selector("[data-ready]")


def _hash_written(page) -> str:
    page.wait_for_timeout(400)  # the hash is written after a short quiet spell
    return page.evaluate("() => location.hash")


def test_view_survives_reload_through_the_url_hash(load) -> None:
    got = load(render_report(seed_report()))
    page = got.page
    page.fill(".tlr-from", "2023-02-20")
    page.fill(".tlr-to", "2023-02-21")
    page.click(".tlr-filter:has-text('Status') summary")
    page.uncheck(".tlr-filter:has-text('Status') input[value=planned]")
    page.select_option(".tlr-lanes", "type")
    page.select_option(".tlr-top", "50")
    page.select_option(".tlr-confidence", "0.5")
    api(page, "selectEvent('e3')")
    before = {"events": sorted(api(page, "visibleEventIds()")), "actors": sorted(api(page, "visibleActorIds()"))}
    assert "event=e3" in _hash_written(page)
    _reload(page)
    assert page.input_value(".tlr-from") == "2023-02-20" and page.input_value(".tlr-to") == "2023-02-21"
    assert not page.is_checked(".tlr-filter:has-text('Status') input[value=planned]")
    assert page.input_value(".tlr-lanes") == "type" and page.input_value(".tlr-top") == "50"
    assert page.input_value(".tlr-confidence") == "0.5"
    assert {"events": sorted(api(page, "visibleEventIds()")), "actors": sorted(api(page, "visibleActorIds()"))} == before
    assert _window(page) == ("2023-02-20", "2023-02-22")
    assert "pledged" in page.locator(".tlr-panel blockquote").first.inner_text(), "the selected event is open again"
    api(page, "selectActor('zelensky')")
    assert "actor=zelensky" in _hash_written(page)
    _reload(page)
    assert "Volodymyr Zelensky" in page.locator(".tlr-panel h2").inner_text()
    page.click(".tlr-reset")  # every date: also a view of its own
    assert "from=&to=" in _hash_written(page)
    _reload(page)
    assert page.input_value(".tlr-from") == "" and len(api(page, "visibleEventIds()")) > len(before["events"])
    assert got.errors == [] and got.requests == []


def test_hostile_url_hash_is_ignored(load, tmp_path: Path) -> None:
    got = load(render_report(seed_report()))
    page = got.page
    default = sorted(api(page, "visibleEventIds()"))
    evil = '<img src=x onerror="window.__pwned=1">'
    _open_hash(page, "from=" + evil + "&to=2023-13-45&types=" + evil + ",__proto__&kinds=&top=1e3&lanes=<b>"
               "&country=" + evil + "&event=__proto__&actor=constructor&conf=0.55&junk=" + evil)
    assert page.input_value(".tlr-from") == "2023-02-19" and page.input_value(".tlr-lanes") == "actor"
    assert page.input_value(".tlr-top") == "100" and page.input_value(".tlr-confidence") == "0"
    assert api(page, "visibleEventIds()") == [], "kinds= (empty) is a valid choice: no actor kind, no events"
    page.click(".tlr-filter:has-text('Actor kind') summary")
    page.click(".tlr-filter:has-text('Actor kind') .tlr-all")
    assert sorted(api(page, "visibleEventIds()")) == default
    assert page.locator(".tlr img, .tlr b").count() == 0 and page.evaluate("() => window.__pwned") is None
    assert "junk" not in _hash_written(page), "the hash is rewritten from the view, not echoed"
    assert got.errors == [] and got.dialogs == [] and got.requests == []


def test_a_view_link_pasted_into_an_open_page_is_followed(load) -> None:
    got = load(render_report(seed_report()))
    page = got.page
    _open_hash(page, "lanes=type&conf=0.5")
    assert page.input_value(".tlr-lanes") == "type" and page.input_value(".tlr-confidence") == "0.5"
    assert got.errors == []


def test_a_hash_pasted_while_a_write_is_pending_is_kept(load) -> None:
    page = load(render_report(seed_report())).page
    page.select_option(".tlr-lanes", "type")  # the page will write the view in a moment
    page.evaluate("() => { location.hash = 'conf=0.8'; }")
    assert _hash_written(page) == "#conf=0.8"


def test_fragments_leave_the_host_url_alone(load) -> None:
    fragment = render_fragment(seed_report())
    host = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>host</title></head><body>"
            + fragment + fragment + "</body></html>")
    got = load(host, "hosted.html", ready=2)
    page = got.page
    page.evaluate("() => { history.replaceState(null, '', '#host-anchor'); }")
    roots = page.locator(".tlr")
    roots.nth(0).locator(".tlr-lanes").select_option("type")
    page.evaluate("() => document.querySelectorAll('.tlr')[1].timelineReport.selectEvent('e3')")
    assert _hash_written(page) == "#host-anchor"
    assert got.errors == []


def test_a_filter_keeps_the_timeline_items_it_does_not_change(load) -> None:
    """A filter hands vis only the items that changed: re-adding all of them made vis lay out and
    measure every item again, most of a filter's time on a big store."""
    page = load(render_report(seed_report())).page
    page.evaluate("() => document.querySelectorAll('.tlr-timeline .vis-item').forEach(e => { e.__kept = true; })")
    before = page.locator(".tlr-timeline .vis-item").count()
    page.click(".tlr-filter:has-text('Status') summary")
    page.uncheck(".tlr-filter:has-text('Status') input[value=planned]")
    page.wait_for_timeout(100)
    kept = page.evaluate("() => [...document.querySelectorAll('.tlr-timeline .vis-item')].filter(e => e.__kept).length")
    after = page.locator(".tlr-timeline .vis-item").count()
    # items that leave or join one of vis-timeline's clusters are drawn anew; the rest stay as they are
    assert after < before and kept >= after * 3 // 4, f"{kept} of {after} items kept their element"


def _focused(page) -> dict:
    return page.evaluate("""() => { const a = document.activeElement, row = a.closest('[data-event]');
        return {cls: a.className, event: row ? row.dataset.event : null, text: a.textContent}; }""")


def test_keyboard_reaches_and_opens_events_and_escape_clears(load) -> None:
    got = load(render_report(seed_report()))
    page = got.page
    rows = page.eval_on_selector_all(".tlr-panel .tlr-events li", "rows => rows.map(r => r.dataset.event)")
    page.focus(".tlr-panel .tlr-event-row .tlr-link")
    assert _focused(page)["event"] == rows[0]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert _focused(page)["event"] == rows[1], "arrows step through the side list"
    page.keyboard.press("Enter")
    assert page.locator(".tlr-panel .tlr-summary").count() == 1, "Enter opens the event"
    assert _focused(page)["cls"] == "tlr-back", "the focus stays in the panel"
    assert page.evaluate("() => document.querySelector('.tlr').timelineReport.timeline().getSelection().length") >= 1
    page.keyboard.press("Escape")
    assert page.locator(".tlr-panel .tlr-summary").count() == 0 and page.locator(".tlr-panel .tlr-hint").count() == 1
    assert page.evaluate("() => document.querySelector('.tlr').timelineReport.timeline().getSelection().length") == 0
    assert _focused(page)["event"] == rows[0]
    page.fill(".tlr-search-input", "Patrushev")
    page.keyboard.press("Tab")
    assert "tlr-result" in _focused(page)["cls"], "Tab reaches the search results"
    page.keyboard.press("Enter")
    assert "Nikolai Patrushev" in page.locator(".tlr-panel h2").inner_text()
    page.fill(".tlr-search-input", "Zelensky")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = _focused(page)["text"]
    page.keyboard.press(" ")
    assert page.locator(".tlr-results li").count() == 0 and second
    assert got.errors == []


def test_landmarks_and_labels(load) -> None:
    page = load(render_report(seed_report())).page
    root = page.locator(".tlr")
    assert root.get_attribute("role") == "region" and "Timeline report" in root.get_attribute("aria-label")
    assert page.locator(".tlr-search").get_attribute("role") == "search"
    panel = page.locator(".tlr-panel")
    assert panel.get_attribute("role") == "complementary" and panel.get_attribute("aria-live") == "polite"
    assert panel.get_attribute("aria-label")
    assert page.get_by_role("region", name="Timeline of events").count() == 1
    assert page.get_by_role("region", name="Network of actors").count() == 1
    assert page.get_by_role("group", name="Filters and time window").count() == 1


def test_print_hides_the_controls_and_keeps_the_views(load) -> None:
    page = load(render_report(seed_report())).page
    assert page.locator(".tlr-bar").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".tlr-bar").is_visible() and not page.locator(".tlr-search").is_visible()
    for part in (".tlr-timeline", ".tlr-network canvas", ".tlr-panel"):
        box = page.locator(part).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100, part
    panel = page.locator(".tlr-panel").bounding_box()
    assert panel["y"] >= page.locator(".tlr-network-wrap").bounding_box()["y"], "the panel follows the views"
    assert page.evaluate("() => document.documentElement.scrollHeight") > 900, "the page grows to its content"
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF"


def _download(page, selector: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click(selector)
    d = info.value
    return d.suggested_filename, Path(d.path()).read_bytes()


def test_export_csv_of_this_view_defuses_formulas(load) -> None:
    import csv
    import io

    data = copy.deepcopy(seed_report())
    ev = next(e for e in data["events"] if e["id"] == "e3")
    ev["trigger"] = "=HYPERLINK(\"http://evil\",\"x\")"
    ev["mentions"][0]["sentence"] = "+1 said the minister, \"quoted\", on two\nlines"
    got = load(render_report(data))
    page = got.page
    page.fill(".tlr-from", "2023-02-20")
    page.fill(".tlr-to", "2023-02-20")
    name, raw = _download(page, ".tlr-export-csv")
    assert name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert sorted(r["id"] for r in rows) == sorted(api(page, "visibleEventIds()")) == ["e3", "e4", "e5"]
    e3 = next(r for r in rows if r["id"] == "e3")
    assert e3["trigger"].startswith("'=HYPERLINK") and e3["sentence"].startswith("'+1 said")
    assert "\"quoted\"" in e3["sentence"] and e3["source"] == "Joe Biden"
    assert got.errors == [] and got.requests == []


def test_export_png_of_the_network(load) -> None:
    got = load(render_report(seed_report()))
    name, raw = _download(got.page, ".tlr-export-png")
    assert name.endswith(".png") and raw[:8] == b"\x89PNG\r\n\x1a\n" and len(raw) > 10_000
    assert got.errors == [] and got.requests == []


def test_export_html_reopens_on_this_view(load) -> None:
    got = load(render_report(seed_report()))
    page = got.page
    page.fill(".tlr-from", "2023-02-21")
    page.fill(".tlr-to", "2023-02-21")
    page.select_option(".tlr-lanes", "type")
    api(page, "selectEvent('e6')")
    shown = sorted(api(page, "visibleEventIds()"))
    name, raw = _download(page, ".tlr-export-html")
    assert name.endswith(".html")
    again = load(raw.decode("utf-8"), "exported.html")
    other = again.page
    assert other.evaluate("() => location.hash") == "" or "event=e6" in other.evaluate("() => location.hash")
    assert other.input_value(".tlr-from") == "2023-02-21" and other.input_value(".tlr-lanes") == "type"
    assert sorted(api(other, "visibleEventIds()")) == shown
    assert other.locator(".tlr-panel .tlr-summary").count() == 1, "the selected event is open"
    assert other.locator(".tlr").count() == 1 and other.locator(".tlr-bar").count() == 1, "the views are built once"
    assert again.errors == [] and again.requests == [] and got.errors == []
    fragment_host = "<!DOCTYPE html><html><body>" + render_fragment(seed_report()) + "</body></html>"
    hosted = load(fragment_host, "host-export.html")
    assert hosted.page.locator(".tlr-export-html").count() == 0, "a fragment cannot save its host page"
    assert hosted.page.locator(".tlr-export-csv").count() == 1


def test_link_width_follows_its_event_count(load) -> None:
    page = load(render_report(seed_report())).page
    edges = api(page, SHOWN_LINKS + ".map(function (e) { return [e.title.split('(')[1], e.width]; })")
    by_count = {}
    for title, width in edges:
        by_count.setdefault(int(title.split(" ")[0]), set()).add(width)
    assert len(by_count) >= 2, "the seed has links of one and of several events"
    fewest, most = min(by_count), max(by_count)
    assert by_count[fewest] == {1} and by_count[most] == {10}, "from the thinnest to the widest link"
