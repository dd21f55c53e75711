"""Renderer tests without a browser: escaping, CSP, layout, static exports, Jupyter."""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.render import Report, render_fragment, render_network, render_report, render_timeline, \
    write_pages
from timeline.render import vendor_assets
from timeline.render.layout import PHYSICS_MAX_NODES, positions
from timeline.render.page import json_for_script, payload, safe_url
from tests.fixtures.reports import seed_report, synthetic_report
from tests.paths import ROOT
from timeline.render.static import network_svg, timeline_svg

HOSTILE = '</script><img src=x onerror="window.__pwned=1"><!--\u2028&'

needs_vendor = pytest.mark.skipif(not (vendor_assets.VENDOR / "vis-timeline.min.js").exists(),
                                  reason="vendored vis assets missing: run `make install`")


def hostile_report() -> dict:
    data = copy.deepcopy(seed_report())
    data["title"] = HOSTILE
    data["actors"][0]["name"] = HOSTILE
    data["events"][0]["mentions"][0]["sentence"] = HOSTILE + " " + data["events"][0]["mentions"][0]["sentence"]
    data["articles"]["scmp-china-russia"]["url"] = "javascript:window.__pwned=2"
    return data


def test_json_for_script_is_inert_and_round_trips() -> None:
    text = json_for_script({"s": HOSTILE})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text
    assert json.loads(text) == {"s": HOSTILE}


@given(st.text())
def test_json_for_script_never_closes_the_element(text: str) -> None:
    out = json_for_script({"t": text, "l": [text]})
    assert "</" not in out and "<!--" not in out and "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"t": text, "l": [text]}


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("  HTTP://x.org ", "HTTP://x.org"),
    ("javascript:alert(1)", None),
    (" JavaScript:alert(1)", None),
    ("data:text/html,<script>", None),
    ("//evil.example/x", None),
    (None, None),
])
def test_safe_url_keeps_only_http(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_payload_drops_javascript_urls() -> None:
    p = payload(hostile_report())
    assert p["articles"]["scmp-china-russia"]["url"] is None
    assert p["physics"] is True


def test_payload_leaves_empty_event_fields_out() -> None:
    """Nulls, falses and empty lists say nothing; on a 20,000-story store they were a sixth of the page."""
    data = seed_report()
    p = payload(data)

    def empties(item: object) -> list:
        if isinstance(item, dict):
            return [k for k, v in item.items() if v is None or v is False or v == []] + \
                [e for v in item.values() for e in empties(v)]
        return [e for v in item for e in empties(v)] if isinstance(item, list) else []

    assert not empties(p["events"])
    assert any(e["attribution"] is None for e in data["events"])  # there was something to leave out
    assert [e["id"] for e in p["events"]] == [e["id"] for e in data["events"]]


def test_payload_holds_each_sentence_once() -> None:
    """Events told by one sentence share it: on a 20,000-story store a third of the sentence text
    was repeats. Every mention still finds its own sentence."""
    data = seed_report()
    p = payload(data)
    told = [m["sentence"] for e in data["events"] for m in e["mentions"]]
    assert len(set(told)) < len(told)  # the seed has sentences with two events
    assert len(p["sentences"]) == len(set(p["sentences"])) == len({s.rstrip() for s in told})
    shown = [p["sentences"][m["s"]] for e in p["events"] for m in e["mentions"]]
    assert shown == [s.rstrip() for s in told]


def _scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>\n", page, flags=re.S)


@needs_vendor
@pytest.mark.parametrize("render", [render_report, render_timeline, render_network])
def test_page_is_self_contained_with_hashed_csp(render) -> None:
    page = render(hostile_report())
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp, "CSP meta missing"
    policy = csp.group(1)
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    scripts = _scripts(page)
    assert len(scripts) >= 2
    for s in scripts:
        digest = base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "sourceMappingURL" not in page
    assert not re.search(r"<(link|img|iframe)\b", page.split('class="tlr-data">')[0])
    assert not re.search(r"\ssrc=", page.replace("src=x", ""))
    assert HOSTILE not in page
    assert html.escape(HOSTILE) in page.split("</title>")[0]


@needs_vendor
def test_report_page_carries_the_data() -> None:
    page = render_report(seed_report())
    blob = re.search(r'<script type="application/json" class="tlr-data">(.*?)</script>', page, re.S).group(1)
    data = json.loads(blob)
    assert {e["id"] for e in data["events"]} == {e["id"] for e in seed_report()["events"]}
    assert "https://visjs.github.io/vis-network/" not in render_timeline(seed_report())
    assert "vis-timeline and vis-graph2d" not in render_network(seed_report())


@needs_vendor
def test_fragment_has_no_ids_and_no_page_chrome() -> None:
    a, b = render_fragment(seed_report()), render_fragment(seed_report())
    assert a == b, "a fragment is reproducible: it mounts its own root, so it needs no random id"
    assert not re.search(r"<div[^>]* id=", a), "no id to clash when the same fragment is pasted twice"
    assert "<html" not in a and "<body" not in a and "Content-Security-Policy" not in a
    assert "if(!(window.vis&&window.vis.Timeline))" in a


@needs_vendor
def test_write_pages(tmp_path: Path) -> None:
    written = write_pages(seed_report(), tmp_path)
    assert set(written) == {"report", "timeline", "network"}
    for path in written.values():
        assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@needs_vendor
def test_jupyter_repr_is_an_escaped_iframe() -> None:
    out = Report(hostile_report())._repr_html_()
    assert out.startswith("<iframe srcdoc=\"") and 'sandbox="allow-scripts' in out
    inner = out.split('srcdoc="')[1].split('" sandbox=')[0]
    assert "<" not in inner and '"' not in inner
    assert html.unescape(inner).startswith("<!DOCTYPE html>")
    assert HOSTILE not in out and out.endswith(f' title="{html.escape(HOSTILE, quote=True)}"></iframe>')


def test_missing_vendor_tells_user_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vendor_assets, "VENDOR", tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="make install"):
        render_report(seed_report())


def test_strip_source_map() -> None:
    code = "!function(){}();\n//# sourceMappingURL=vis-network.min.js.map"
    assert vendor_assets.strip_source_map(code).strip() == "!function(){}();"
    assert vendor_assets.strip_source_map("a();/*# sourceMappingURL=x.css.map */").strip() == "a();"


def test_layout_positions_only_for_big_graphs() -> None:
    assert positions(seed_report()) is None
    big = synthetic_report(n_articles=300, n_actors=400, n_events=900)
    pos = positions(big)
    linked = {a for e in big["events"] for a in e["source"] + e["target"]}
    assert pos is not None and len(pos) > PHYSICS_MAX_NODES and linked <= set(pos)
    assert len(set(pos.values())) > 0.95 * len(pos), "positions should not collapse onto each other"


def test_actors_linked_to_the_default_view_are_laid_out_beside_it() -> None:
    """A filter that brings an actor into the page's network shows it next to its links: placed with
    the separate stories far to the right, it made the page zoom out until the network was a speck."""
    from timeline.render.layout import actor_graph, default_view

    data = synthetic_report(n_articles=300, n_actors=400, n_events=900)
    pos, g = positions(data), actor_graph(data)
    shown, _ = default_view(data, None)
    view = {a for c in shown for a in c}
    xs, ys = [pos[a][0] for a in view], [pos[a][1] for a in view]
    pad = 0.25 * max(max(xs) - min(xs), max(ys) - min(ys))
    ring = {m for a in view for m in g.neighbors(a)} - view
    near = lambda m: (min(xs) - pad <= pos[m][0] <= max(xs) + pad  # noqa: E731
                      and min(ys) - pad <= pos[m][1] <= max(ys) + pad)
    outside = [m for m in ring if not near(m)]
    assert len(ring) > 20 and outside == []


def test_layout_and_static_network_are_the_same_on_every_run() -> None:
    """Python salts string hashes per process; a layout that iterates a set of actor ids moves nodes
    from run to run, so the same store gave a different page and network.svg each time."""
    code = ("import hashlib, json; from tests.fixtures.reports import synthetic_report; "
            "from timeline.render.layout import positions; from timeline.render.static import network_svg; "
            "data = synthetic_report(n_articles=300, n_actors=400, n_events=900); "
            "print(hashlib.sha256((json.dumps(positions(data), sort_keys=True) + network_svg(data)).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1


def test_static_svgs_are_valid_and_escaped() -> None:
    data = hostile_report()
    for svg in (timeline_svg(data), network_svg(data)):
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        assert "<img" not in svg and "<script" not in svg
    tl = ET.fromstring(timeline_svg(seed_report()))
    circles = tl.findall(".//{http://www.w3.org/2000/svg}circle")
    rects = tl.findall(".//{http://www.w3.org/2000/svg}rect")
    assert len(circles) >= 8 and len(rects) >= 4, "points for dated events, bars for year/quarter ranges"


def test_inline_script_rejects_element_breakers() -> None:
    from timeline.render.page import _inline_script

    assert _inline_script("var a = '<b>';") == "var a = '<b>';"
    for bad in ("x='</SCRIPT>'", "y='<!--'"):
        with pytest.raises(ValueError):
            _inline_script(bad)


@needs_vendor
def test_pages_are_reproducible() -> None:
    assert render_report(seed_report()) == render_report(seed_report())


def test_static_network_labels_do_not_overlap_and_small_groups_are_counted() -> None:
    from timeline.render.layout import LABEL_FONT, label_width

    svg = network_svg(synthetic_report(n_articles=300, n_actors=400, n_events=1200))
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    labels = [t for t in root.iter(ns + "text") if t.get("text-anchor") == "middle"]
    assert len(labels) >= 10
    boxes = [(float(t.get("x")) - label_width(t.text or "") / 2, float(t.get("y")) - LABEL_FONT,
              float(t.get("x")) + label_width(t.text or "") / 2, float(t.get("y"))) for t in labels]
    clashes = [(labels[i].text, labels[j].text) for i, a in enumerate(boxes) for j, b in enumerate(boxes)
               if i < j and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
    assert clashes == [], "no 'Germanygentina': labels never overprint each other"


def test_static_network_nodes_are_sized_like_the_page_and_the_drawing_is_wide() -> None:
    """Radius grew with the square root of an actor's events without bound: on the whole Reuters
    corpus the United States was a 300-pixel disc covering half the drawing."""
    from timeline.render.style import NODE_SIZES

    root = ET.fromstring(network_svg(synthetic_report(n_articles=300, n_actors=400, n_events=1200)))
    radii = [float(c.get("r")) for c in root.iter("{http://www.w3.org/2000/svg}circle")]
    assert len(radii) >= 20 and min(radii) >= NODE_SIZES[0] and max(radii) == NODE_SIZES[1]
    assert int(root.get("width")) > int(root.get("height")), "laid out wide, like the page's network pane"


def test_page_script_bundles_every_module_once() -> None:
    """app/*.js are bundled by page.py in APP_MODULES order; a module file left out would be dead code."""
    from timeline.render.page import APP_MODULES, app_script

    folder = ROOT / "timeline" / "render" / "assets" / "app"
    assert sorted(p.stem for p in folder.glob("*.js")) == sorted(APP_MODULES)
    script = app_script()
    assert script.startswith("window.TimelineReport = window.TimelineReport || (function () {")
    assert script.count("function mount(root)") == 1 and script.rstrip().endswith("})();")
    assert app_script() in render_report(seed_report())
