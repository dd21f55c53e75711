"""Static exports for print: timeline.svg / network.svg written by Python, PNGs rasterised from those
SVGs by headless Chromium (Playwright). Without a Chromium the PNGs are skipped with a warning."""

from __future__ import annotations

import math
import re
import shutil
import warnings
from concurrent.futures import ThreadPoolExecutor
from collections import Counter
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape as _escape

import networkx as nx

from timeline.output import write_atomic, xml_text
from timeline.render.layout import (LABEL_FONT, actor_graph, default_view, event_actor_ids, in_period, induced,
                                    label_width, positions)
from timeline.render.style import KIND_COLORS, node_radius, quad_color
from timeline.render.when import publication_period
from timeline.types import ReportData

LABEL_HEIGHT = LABEL_FONT * 1.3
CHROMIUM = Path("/usr/bin/chromium")
FONT = "font-family='system-ui, Helvetica, Arial, sans-serif'"
# Geometry of timeline.svg, in pixels: the actor-name column, the axis labels' band, one lane per
# actor, the right and bottom margins, an event dot's radius, a month/year bar's height, an event
# label's gap from its dot, and the width a character of an event label is reckoned at (with the
# room kept after it) when labels are kept from overprinting.
LANE_NAME_WIDTH = 190
AXIS_TOP = 46
LANE_HEIGHT = 34
RIGHT_MARGIN = 20
BOTTOM_MARGIN = 20
DOT_RADIUS = 6
BAR_HEIGHT = 12
LABEL_GAP = 8
EVENT_LABEL_CHAR = 7
LABEL_ROOM = 6
# network.svg: the blank border around the drawing, the title band, and node radius and edge width
# as they grow with the actor's events and the pair's events.
NETWORK_MARGIN = 90
TITLE_BAND = 40
EDGE_BASE_WIDTH, EDGE_WIDTH_PER_DOUBLING = 1.5, 2


def escape(text: str) -> str:
    """Text for an SVG element: markup escaped and the characters XML forbids removed."""
    return _escape(xml_text(text))


def _svg_open(width: int, height: int, font_size: int, title: str) -> list[str]:
    """The opening lines of a standalone SVG: root element, white background, escaped title."""
    return [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}' {FONT} font-size='{font_size}'>",
            f"<rect width='{width}' height='{height}' fill='#ffffff'/>",
            f"<text x='12' y='23' font-size='16' font-weight='600'>{escape(title)}</text>"]


def _attr(text: str) -> str:
    return _escape(xml_text(text), {'"': "&quot;"})


def timeline_svg(data: ReportData, width: int = 1400, max_lanes: int = 16) -> str:
    """Lanes for the busiest actors, a dot per dated event and a bar for month/year-precision ones."""
    dated = [ev for ev in data["events"] if ev["date"]["start"]]
    names = {a["id"]: a["name"] for a in data["actors"]}
    counts = Counter(a for ev in dated for a in event_actor_ids(ev))
    lanes = [a for a, _ in sorted(counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0])))[:max_lanes]]
    left, top, lane_h = LANE_NAME_WIDTH, AXIS_TOP, LANE_HEIGHT
    height = top + lane_h * max(len(lanes), 1) + BOTTOM_MARGIN
    out = _svg_open(width, height, 12, data["title"])
    if not dated:
        out.append("<text x='12' y='60'>No dated events.</text></svg>")
        return "\n".join(out)
    lo = min(date.fromisoformat(ev["date"]["start"] or "") for ev in dated).toordinal()
    hi = max(date.fromisoformat(ev["date"]["end"] or ev["date"]["start"] or "") for ev in dated).toordinal() + 1
    pad = max((hi - lo) * 0.03, 1)
    lo, hi = lo - pad, hi + pad

    def x(day: str, end: bool = False) -> float:
        return left + (date.fromisoformat(day).toordinal() + (1 if end else 0) - lo) / (hi - lo) * (width - left - RIGHT_MARGIN)

    for tick in _ticks(lo, hi):
        tx = left + (tick.toordinal() - lo) / (hi - lo) * (width - left - RIGHT_MARGIN)
        out.append(f"<line x1='{tx:.1f}' y1='{top - 8}' x2='{tx:.1f}' y2='{height - 14}' stroke='#e3e6ea'/>"
                   f"<text x='{tx + 3:.1f}' y='{top - 12}' fill='#4a5565' font-size='11'>{tick.isoformat()}</text>")
    kinds = {a["id"]: a["kind"] for a in data["actors"]}
    for i, actor in enumerate(lanes):
        y = top + i * lane_h + lane_h / 2
        out.append(f"<line x1='{left}' y1='{y:.1f}' x2='{width - RIGHT_MARGIN}' y2='{y:.1f}' stroke='#f0f1f3'/>"
                   f"<rect x='8' y='{y - 8:.1f}' width='4' height='16' fill='{KIND_COLORS.get(kinds.get(actor, ''), '#888')}'/>"
                   f"<text x='18' y='{y + 4:.1f}'>{escape(_clip(names.get(actor, actor), 26))}</text>")
        lane_events = [ev for ev in dated if actor in event_actor_ids(ev)]
        for ev in lane_events:
            start, end = ev["date"]["start"] or "", ev["date"]["end"] or ev["date"]["start"] or ""
            colour = quad_color(ev["quad"])
            dash = "" if ev["status"] == "asserted" else " stroke-dasharray='3 2'"
            if start != end:
                out.append(f"<rect x='{x(start):.1f}' y='{y - BAR_HEIGHT / 2:.1f}' width='{max(x(end, True) - x(start), 2):.1f}' "
                           f"height='{BAR_HEIGHT}' rx='3' fill='{colour}' fill-opacity='0.35' stroke='{colour}'{dash}/>")
            else:
                fill = colour if ev["status"] == "asserted" else "#ffffff"
                out.append(f"<circle cx='{x(start):.1f}' cy='{y:.1f}' r='{DOT_RADIUS}' fill='{fill}' stroke='{colour}' "
                           f"stroke-width='2'{dash}><title>{escape(ev['type'] + ' ' + start)}</title></circle>")
        label_end = -1.0
        for ev in sorted(lane_events, key=lambda e: e["date"]["start"] or ""):
            lx = x(ev["date"]["start"] or "") + LABEL_GAP
            if lx <= label_end:
                continue  # a label here would overprint its neighbour's
            out.append(f"<text x='{lx:.1f}' y='{y - 9:.1f}' font-size='10' fill='#3b4656'>{escape(ev['type'])}</text>")
            label_end = lx + EVENT_LABEL_CHAR * len(ev["type"]) + LABEL_ROOM
    out.append("</svg>")
    return "\n".join(out)


def _ticks(lo: float, hi: float) -> list[date]:
    """About eight round dates (month or year starts) across the axis."""
    a, b = date.fromordinal(math.ceil(lo)), date.fromordinal(int(hi))
    months = (b.year - a.year) * 12 + b.month - a.month
    if months <= 1:
        step = max((b.toordinal() - a.toordinal()) // 7, 1)
        return [date.fromordinal(d) for d in range(a.toordinal(), b.toordinal() + 1, step)]
    every = max(1, math.ceil(months / 8))
    out, y, m = [], a.year, a.month
    while (y, m) <= (b.year, b.month):
        if ((y * 12 + m) - (a.year * 12 + a.month)) % every == 0 and date(y, m, 1).toordinal() >= lo:
            out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def network_svg(data: ReportData, size: int = 1600) -> str:
    """The page's default network: the busiest actors of the articles' period in connected groups of
    three or more (the small groups are counted in the caption), edge width by event count, colour by
    the dominant quad class, and a label for every actor whose label overlaps no busier actor's."""
    period = publication_period(a.get("published") for a in data["articles"].values())
    shown, small = default_view(data, period)
    ids = [a for group in shown for a in group]
    g = induced(actor_graph(data), ids)
    members = set(ids)
    pos = positions(data, period=period) or {n: (float(x) * 1000, float(y) * 1000) for n, (x, y) in
                                             nx.spring_layout(g, seed=1, k=1.6 / math.sqrt(max(len(g), 1))).items()}
    pos = {n: p for n, p in pos.items() if n in members}
    xs, ys = [p[0] for p in pos.values()] or [0.0], [p[1] for p in pos.values()] or [0.0]
    width_span, height_span = max(max(xs) - min(xs), 1e-9), max(max(ys) - min(ys), 1e-9)
    margin = NETWORK_MARGIN
    # `size` wide, as tall as the layout needs (it is laid out wide, like the page's pane), never taller than wide.
    scale = (size - 2 * margin) / max(width_span, height_span)
    height = int(TITLE_BAND + 2 * margin + height_span * scale) if pos else size // 2
    out = _svg_open(size, height, 13, data["title"])
    if small:
        out.append(f"<text x='12' y='42' font-size='12' fill='#6b7685'>{len(small)} small groups "
                   f"({sum(len(c) for c in small)} actors) not drawn</text>")
    if not pos:
        out.append("<text x='12' y='60'>No linked actors.</text></svg>")
        return "\n".join(out)
    # Centre the drawing on both axes.
    ox = (size - width_span * scale) / 2
    oy = TITLE_BAND + (height - TITLE_BAND - height_span * scale) / 2

    def at(n: str) -> tuple[float, float]:
        x, y = pos[n]
        return ox + (x - min(xs)) * scale, oy + (y - min(ys)) * scale

    events = [ev for ev in data["events"] if in_period(ev, period)]
    quads: dict[tuple[str, str], Counter] = {}
    types: dict[tuple[str, str], Counter] = {}
    for ev in events:
        for a, b in ev["links"]:
            if a in members and b in members:
                quads.setdefault((min(a, b), max(a, b)), Counter())[ev["quad"]] += 1
                types.setdefault((min(a, b), max(a, b)), Counter())[ev["type"]] += 1
    for (a, b), c in sorted(quads.items(), key=lambda kv: sum(kv[1].values())):
        (x1, y1), (x2, y2) = at(a), at(b)
        colour = quad_color(c.most_common(1)[0][0])
        out.append(f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' stroke='{colour}' "
                   f"stroke-opacity='0.75' stroke-width='{EDGE_BASE_WIDTH + EDGE_WIDTH_PER_DOUBLING * math.log2(sum(c.values())):.1f}'/>")
    degree = Counter(a for ev in events for a in event_actor_ids(ev) if a in members)
    actors = {a["id"]: a for a in data["actors"]}
    ranked = sorted(pos, key=lambda n: (-degree.get(n, 0), n))
    most = max([degree.get(n, 0) for n in ranked] + [1])
    radius = {n: node_radius(degree.get(n, 0), most) for n in ranked}
    for n in reversed(ranked):
        x, y = at(n)
        colour = KIND_COLORS.get(actors.get(n, {}).get("kind", ""), "#888")
        out.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{radius[n]:.1f}' fill='{colour}' stroke='#ffffff' "
                   f"stroke-width='1.5'/>")
    for n, (x, top) in _placed_labels(ranked, at, radius, {n: actors.get(n, {}).get("name", n) for n in ranked}):
        out.append(f"<text x='{x:.1f}' y='{top + LABEL_FONT:.1f}' text-anchor='middle' font-size='{LABEL_FONT:.0f}' "
                   f"stroke='#ffffff' stroke-width='3' paint-order='stroke'>{_attr(actors.get(n, {}).get('name', n))}</text>")
    out.append("</svg>")
    return "\n".join(out)


Box = tuple[float, float, float, float]


def _placed_labels(ranked: list[str], at, radius: dict[str, float], names: dict[str, str]) -> list[tuple[str, tuple[float, float]]]:
    """The page's label rule: the busiest actors first, each label below its node unless it would
    overlap a label already placed or a busier actor's node (then it is left off)."""
    boxes: list[Box] = []
    circles: list[tuple[float, float, float]] = []
    out = []
    for n in ranked:
        x, y = at(n)
        w, top = label_width(names[n]), y + radius[n] + 2
        box = (x - w / 2, top, x + w / 2, top + LABEL_HEIGHT)
        clear = not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes) and \
            not any(_box_hits_circle(box, c) for c in circles)
        if clear:
            boxes.append(box)
            out.append((n, (x, top)))
        circles.append((x, y, radius[n]))
    return out


def _box_hits_circle(box: Box, circle: tuple[float, float, float]) -> bool:
    cx, cy, r = circle
    nx_, ny_ = max(box[0], min(cx, box[2])), max(box[1], min(cy, box[3]))
    return (nx_ - cx) ** 2 + (ny_ - cy) ** 2 < r * r


def _rasterise(svgs: list[Path]) -> list[Path]:
    """PNG screenshots of the SVG files via headless Chromium; [] (with a warning) when none is available."""
    executable = CHROMIUM if CHROMIUM.exists() else (Path(p) if (p := shutil.which("chromium")) else None)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        warnings.warn("PNG export skipped: playwright is not installed", stacklevel=3)
        return []
    if executable is None:
        warnings.warn("PNG export skipped: no Chromium found (apt-get install chromium)", stacklevel=3)
        return []
    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(executable),
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.route("**/*", lambda route: route.abort())
        for svg in svgs:
            text = svg.read_text(encoding="utf-8")
            size = re.search(r"width='(\d+)' height='(\d+)'", text)
            if size:
                page.set_viewport_size({"width": int(size[1]), "height": int(size[2])})
            page.set_content("<!DOCTYPE html><html><body style='margin:0'>" + text + "</body></html>")
            out.append(write_atomic(svg.with_suffix(".png"), page.screenshot()))
        browser.close()
    return out


def write_static(data: ReportData, out_dir: Path) -> list[Path]:
    """Write timeline.svg and network.svg, plus PNGs of both when a Chromium is available."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    svgs = [write_atomic(out_dir / "timeline.svg", timeline_svg(data)),
            write_atomic(out_dir / "network.svg", network_svg(data))]
    # Playwright's sync API refuses to run inside an asyncio loop (Jupyter, or another Playwright
    # session): a worker thread has none.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return svgs + pool.submit(_rasterise, svgs).result()
