"""The report's palette and vocabularies, defined once: the page reads them from its payload and the
static SVGs import them, so a colour or a category changes in one place."""

from __future__ import annotations

import math
from typing import Any, get_args

from timeline.types import EVENT_TYPES, ActorKind, Quad, Status

KINDS: tuple[str, ...] = get_args(ActorKind)
STATUSES: tuple[str, ...] = get_args(Status)
NO_QUAD = "none"  # the key for events without a quad class (OTHER)
KIND_COLORS: dict[str, str] = {"person": "#4e79a7", "organization": "#f28e2b", "country": "#59a14f",
                               "location": "#b07aa1", "group": "#e3b505"}
QUAD_COLORS: dict[str, str] = {"verbal_cooperation": "#74b66e", "material_cooperation": "#1b7837",
                               "verbal_conflict": "#f29e4c", "material_conflict": "#c62828", NO_QUAD: "#8c8c8c"}
QUAD_LABELS: dict[str, str] = {q: q.replace("_", " ") for q in get_args(Quad)} | {NO_QUAD: "other"}
NODE_SIZES = (7, 30)  # network node radius in px, for the actor with fewest and with most events


def quad_color(quad: str | None) -> str:
    """The colour of an event's quad class (grey for none)."""
    return QUAD_COLORS.get(quad or NO_QUAD, QUAD_COLORS[NO_QUAD])


def style_payload() -> dict[str, Any]:
    """What the page needs to colour and name things, in the order its menus list them."""
    return {"kinds": list(KINDS), "kind_colors": KIND_COLORS, "quads": list(QUAD_COLORS), "quad_colors": QUAD_COLORS,
            "quad_labels": QUAD_LABELS, "statuses": list(STATUSES), "types": list(EVENT_TYPES),
            "node_sizes": list(NODE_SIZES)}


def node_radius(events: int, most: int) -> float:
    """A node's radius by the square root of its events, from NODE_SIZES[0] for one event to
    NODE_SIZES[1] for the busiest actor shown (the page applies the same rule)."""
    low, high = NODE_SIZES
    return low + (high - low) * math.sqrt(max(events - 1, 0) / max(most - 1, 1))
