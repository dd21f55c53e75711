"""Network positions computed in Python for graphs too big for in-browser physics.

vis-network's physics on >150 nodes burns seconds of CPU before the first stable frame; a layout
computed once here makes the page draw at once with physics off. networkx's spring_layout needs
scipy above 500 nodes (not a dependency) and forceatlas2 takes ~15 s on 1,400 nodes, so we lay out
the densest core with spring_layout and hang the remaining (mostly leaf) actors around their
strongest placed neighbour.

The network a reader sees first (`default_view`, the same rule the page applies) gets a layout of its
own: the busiest actors of the articles' period, only connected groups of three or more, people and
organisations pulled towards their country so that blocs show, and nodes spread until their labels
have room. The page and the static SVG both draw it.
"""

from __future__ import annotations

import math
import random
from collections import deque

import networkx as nx
import numpy as np

from timeline.types import ReportData

PHYSICS_MAX_NODES = 150
CORE_NODES = 400
SCALE = 600.0
DEFAULT_TOP = 100  # actors in the network a reader sees first (the page's NET_DEFAULT_TOP)
MIN_GROUP = 3  # connected groups smaller than this are hidden by default (the page's MIN_GROUP)
BLOC_WEIGHT = 2.0  # how strongly a person or organisation is drawn to its country's node
LABEL_FONT = 14.0  # the page's label font size, in layout units
CHAR_WIDTH = 0.56  # average glyph width of the label font, in ems
SPREAD_STEPS = 80
ASPECT = 2.4  # the default view is laid out wide, like the page's network pane
AREA_PER_LABEL = 1.6  # room per node, in label boxes
Period = tuple[str, str]


def actor_graph(data: ReportData) -> nx.Graph:
    """Undirected actor graph weighted by the number of events linking each pair."""
    g = nx.Graph()
    for ev in data["events"]:
        ids = event_actor_ids(ev)
        g.add_nodes_from(ids)
        for a, b in ev["links"]:
            w = g.get_edge_data(a, b, {"weight": 0})["weight"]
            g.add_edge(a, b, weight=w + 1)
    return g


def event_actor_ids(ev: dict) -> list[str]:
    """Every actor an event involves, sources first, without repeats."""
    ids = [*ev["source"], *ev["target"], *([ev["location"]] if ev.get("location") else [])]
    return list(dict.fromkeys(ids))


def induced(g: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The subgraph on `nodes`, its nodes in `g`'s order. networkx's own `subgraph` iterates a set
    of the nodes when they are fewer than half of `g`'s, so the order (and with it every seeded
    spring layout) changed from run to run with Python's string hashing."""
    keep = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(n for n in g if n in keep)
    sub.add_edges_from((a, b, d) for a, b, d in g.edges(sub.nodes, data=True) if a in keep and b in keep)
    return sub


def in_period(ev: dict, period: Period | None) -> bool:
    """Whether an event's dates overlap the period (every event when there is none)."""
    if period is None:
        return True
    start, end = ev["date"]["start"], ev["date"]["end"] or ev["date"]["start"]
    return bool(start) and start <= period[1] and end >= period[0]


def default_view(data: ReportData, period: Period | None, top: int = DEFAULT_TOP,
                 min_group: int = MIN_GROUP) -> tuple[list[list[str]], list[list[str]]]:
    """The connected groups of the network a reader sees first, largest first, and the small ones it
    hides: the `top` actors with the most events in the period, grouped by the links among them."""
    events = [ev for ev in data["events"] if in_period(ev, period)]
    degree: dict[str, int] = {}
    for ev in events:
        for a in event_actor_ids(ev):
            degree[a] = degree.get(a, 0) + 1
    chosen = set(sorted(degree, key=lambda a: (-degree[a], a))[:top])
    g = nx.Graph()
    g.add_nodes_from(chosen)
    g.add_edges_from((a, b) for ev in events for a, b in ev["links"] if a in chosen and b in chosen)
    groups = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    return [c for c in groups if len(c) >= min_group], [c for c in groups if len(c) < min_group]


def label_width(name: str) -> float:
    """The width of a node label in layout units (the page measures the real one)."""
    return len(name) * LABEL_FONT * CHAR_WIDTH + 6


def positions(data: ReportData, seed: int = 1, period: Period | None = None) -> dict[str, tuple[float, float]] | None:
    """Fixed node positions, or None when the graph is small enough for live physics.

    The default view is laid out first with room for its labels, and the actors linked to it hang
    beside their strongest link into it; every other actor follows to its right, each connected
    component on its own and the components packed in rows, largest first, so that a newswire's
    many small separate stories sit beside the main web, not in a ring.
    """
    g = actor_graph(data)
    if g.number_of_nodes() <= PHYSICS_MAX_NODES:
        return None
    rng = random.Random(seed)
    unit = SCALE / math.sqrt(CORE_NODES)
    shown, _ = default_view(data, period)
    view = _view_layout(data, g, [a for c in shown for a in c], seed)
    near = _hang_on_view(g, view, unit, rng)
    rest = induced(g, [n for n in g if n not in near])
    components = sorted((sorted(c) for c in nx.connected_components(rest)), key=lambda c: (-len(c), c[0]))
    layouts = [_component(induced(rest, c), unit, rng, seed) for c in components]
    placed = _pack(layouts, unit) if layouts else {}
    if near and placed:
        right = max(x for x, _ in near.values()) + 4 * unit
        top = min(y for _, y in near.values())
        placed = {n: (round(x + right, 1), round(y + top, 1)) for n, (x, y) in placed.items()}
    return {**placed, **near}


def _hang_on_view(g: nx.Graph, view: dict[str, tuple[float, float]], unit: float,
                  rng: random.Random) -> dict[str, tuple[float, float]]:
    """The view's positions plus every actor linked to it, each beside its strongest placed neighbour:
    a filter that brings an actor into the network then shows it next to the actors it deals with,
    not in the far-off block of separate stories (which made the page zoom out to a speck)."""
    pos = dict(view)
    ring = sorted({m for n in view for m in g.neighbors(n) if m not in view})
    for m in ring:
        anchor = max((n for n in g.neighbors(m) if n in view), key=lambda n: (g[m][n]["weight"], n))
        pos[m] = _beside(pos[anchor], unit, rng)
    _hang(g, pos, ring, unit, rng)
    return pos


def _beside(at: tuple[float, float], unit: float, rng: random.Random) -> tuple[float, float]:
    """A point at a random angle about one unit from `at`."""
    angle, r = rng.uniform(0, 2 * math.pi), unit * rng.uniform(0.6, 1.4)
    return (round(at[0] + r * math.cos(angle), 1), round(at[1] + r * math.sin(angle), 1))


def _hang(g: nx.Graph, pos: dict[str, tuple[float, float]], start: list[str], unit: float,
          rng: random.Random) -> None:
    """Place, breadth first from `start`, every unplaced node beside the neighbour it is reached from."""
    queue = deque(start)
    while queue:
        n = queue.popleft()
        for m in sorted(g.neighbors(n)):
            if m not in pos:
                pos[m] = _beside(pos[n], unit, rng)
                queue.append(m)


def _view_layout(data: ReportData, g: nx.Graph, ids: list[str], seed: int) -> dict[str, tuple[float, float]]:
    """Spring layout of the default view with blocs (actor → its country), then spread until no two
    label boxes overlap much: each pair whose boxes collide is pushed apart along the line between them."""
    if not ids:
        return {}
    actors = {a["id"]: a for a in data["actors"]}
    sub = induced(g, ids)
    country_node = {actors[a]["country"]: a for a in ids if a in actors and actors[a]["kind"] == "country"
                    and actors[a].get("country")}
    for a in ids:
        home = country_node.get((actors.get(a) or {}).get("country") or "")
        if home and home != a:
            w = sub.get_edge_data(a, home, {"weight": 0})["weight"]
            sub.add_edge(a, home, weight=w + BLOC_WEIGHT)
    order = sorted(ids)
    widths = np.array([label_width((actors.get(a) or {}).get("name", a)) for a in order])
    height = LABEL_FONT * 2.6
    raw = nx.spring_layout(sub, seed=seed, iterations=100, weight="weight")
    xy = np.array([raw[a] for a in order], dtype=float)
    xy -= xy.mean(axis=0)
    extent = max(float(np.abs(xy).max()), 1e-9)
    side = math.sqrt(float(widths.sum()) * height * AREA_PER_LABEL / ASPECT)
    xy *= side / (2 * extent)
    xy[:, 0] *= ASPECT
    for _ in range(SPREAD_STEPS):
        dx = xy[:, None, 0] - xy[None, :, 0]
        dy = xy[:, None, 1] - xy[None, :, 1]
        need_x = (widths[:, None] + widths[None, :]) / 2 - np.abs(dx)
        need_y = height - np.abs(dy)
        clash = (need_x > 0) & (need_y > 0)
        np.fill_diagonal(clash, False)
        if not clash.any():
            break
        # Push along the cheaper axis, a vertical push counted ASPECT times dearer: the pane is wide,
        # and a view grown tall is fitted at a smaller zoom, with smaller labels.
        vertical = need_y * ASPECT <= need_x
        push_y = np.where(clash & vertical, need_y * np.sign(dy + 1e-6) * 0.5, 0.0).sum(axis=1)
        push_x = np.where(clash & ~vertical, need_x * np.sign(dx + 1e-6) * 0.5, 0.0).sum(axis=1)
        xy[:, 0] += np.clip(push_x, -height, height)
        xy[:, 1] += np.clip(push_y, -height, height)
    return {a: (round(float(x), 1), round(float(y), 1)) for a, (x, y) in zip(order, xy)}


def _component(g: nx.Graph, unit: float, rng: random.Random, seed: int) -> dict[str, tuple[float, float]]:
    """Spring layout of the component's busiest nodes; the rest hang around their placed neighbour."""
    if len(g) == 1:
        return {next(iter(g)): (0.0, 0.0)}
    by_degree = sorted(g.degree(weight="weight"), key=lambda nd: (-nd[1], nd[0]))
    core = [n for n, _ in by_degree[:CORE_NODES]]
    radius = 2 * unit * math.sqrt(len(core))
    pos = {n: (float(x) * radius, float(y) * radius)
           for n, (x, y) in nx.spring_layout(induced(g, core), iterations=60, seed=seed).items()}
    _hang(g, pos, core, unit, rng)
    return pos


def _pack(layouts: list[dict[str, tuple[float, float]]], unit: float) -> dict[str, tuple[float, float]]:
    """Shelf packing: components left to right in rows no wider than the largest one (or a square)."""
    boxes = []
    for pos in layouts:
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + unit, max(ys) - min(ys) + unit))
    area = sum(w * h for _, _, w, h in boxes)
    row_width = max(boxes[0][2], math.sqrt(area) * 1.2)
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, (left, top, width, height) in zip(layouts, boxes):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (px, py) in pos.items():
            placed[n] = (round(x + px - left + unit / 2, 1), round(y + py - top + unit / 2, 1))
        x += width
        row_height = max(row_height, height)
    return placed
