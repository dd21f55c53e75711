"""Network positions computed in Python for graphs too big for in-browser physics.

vis-network's physics on >150 nodes burns seconds of CPU before the first stable frame; a layout
computed once here makes the page draw at once with physics off. networkx's spring_layout needs
scipy above 500 nodes (not a dependency) and forceatlas2 takes ~15 s on 1,400 nodes, so we lay out
the densest core with spring_layout and hang the remaining (mostly leaf) actors around their
strongest placed neighbour.
"""

from __future__ import annotations

import math
import random
from collections import deque

import networkx as nx

from timeline.types import ReportData

PHYSICS_MAX_NODES = 150
CORE_NODES = 400
SCALE = 600.0


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




def positions(data: ReportData, seed: int = 1) -> dict[str, tuple[float, float]] | None:
    """Fixed node positions, or None when the graph is small enough for live physics.

    Each connected component is laid out on its own and the components are packed in rows, largest
    first, so that a newswire's many small separate stories sit beside the main web, not in a ring.
    """
    g = actor_graph(data)
    if g.number_of_nodes() <= PHYSICS_MAX_NODES:
        return None
    rng = random.Random(seed)
    unit = SCALE / math.sqrt(CORE_NODES)
    components = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    layouts = [_component(g.subgraph(c), unit, rng, seed) for c in components]
    return _pack(layouts, unit)


def _component(g: nx.Graph, unit: float, rng: random.Random, seed: int) -> dict[str, tuple[float, float]]:
    """Spring layout of the component's busiest nodes; the rest hang around their placed neighbour."""
    if len(g) == 1:
        return {next(iter(g)): (0.0, 0.0)}
    by_degree = sorted(g.degree(weight="weight"), key=lambda nd: (-nd[1], nd[0]))
    core = [n for n, _ in by_degree[:CORE_NODES]]
    radius = 2 * unit * math.sqrt(len(core))
    pos = {n: (float(x) * radius, float(y) * radius)
           for n, (x, y) in nx.spring_layout(g.subgraph(core), iterations=60, seed=seed).items()}
    queue = deque(core)
    while queue:
        n = queue.popleft()
        for m in sorted(g.neighbors(n)):
            if m not in pos:
                angle, r = rng.uniform(0, 2 * math.pi), unit * rng.uniform(0.6, 1.4)
                pos[m] = (pos[n][0] + r * math.cos(angle), pos[n][1] + r * math.sin(angle))
                queue.append(m)
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
