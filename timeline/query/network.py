"""The actor network: an actor's counterparts, and the shortest chain of events between two actors."""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable
from typing import Any

from timeline.query.actors import find_actor
from timeline.query.event_list import event_filters
from timeline.store import IN_LIST, Store, chunked, values
from timeline.types import OTHER


class NoPath(LookupError):
    """No chain of events links two actors (within the depth searched)."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"no path between {first!r} and {second!r}")
        self.first, self.second = first, second


def links(
    store: Store, name: str, since: str | None = None, until: str | None = None, types: list[str] | None = None
) -> dict[str, Any]:
    """The actor's counterparts: per counterpart, event types with counts and first/last dates.

    Parameters
    ----------
    store : Store
        An open store.
    name : str
        A name or alias of the actor (see `find_actor`).
    since, until, types
        Which events count, as in `event_filters`.

    Returns
    -------
    dict
        ``actor`` (the name found), ``also_matched`` (other actors the name matched) and ``links``:
        per counterpart, most events first, its name, kind, country, event count, first and last
        dates and event counts by type.

    Raises
    ------
    UnknownActor
        If `name` names no actor.

    Examples
    --------
    >>> from timeline.query import links
    >>> found = links(store, "wang")
    >>> found["actor"], [(c["actor"], c["types"], c["first"]) for c in found["links"]]
    ('Wang Yi', [('Nikolai Patrushev', {'CONSULT': 1}, '2023-02-21'), ('Sergey Lavrov', {'CONSULT': 1}, '2023-02-22')])
    """
    actor = find_actor(store, name)
    where, params = event_filters(store, since, until, types)
    rows = store.rows(
        f"""SELECT other.actor AS id, o.name, o.kind, o.country, ev.type,
                   count(DISTINCT ev.id) AS n, min(ev.date_start) AS first,
                   max(coalesce(ev.date_end, ev.date_start)) AS last,
                   sum(me.role = 'source' AND other.role = 'target') AS outgoing,
                   sum(me.role = 'target' AND other.role = 'source') AS incoming
            FROM event_actors me
            JOIN events ev ON ev.id = me.event
            JOIN event_actors other ON other.event = me.event AND other.actor != me.actor
                 AND other.role IN ('source', 'target')
            JOIN actors o ON o.id = other.actor
            WHERE me.actor = ? AND me.role IN ('source', 'target'){where}
            GROUP BY other.actor, ev.type""",
        [actor.id, *params],
    )
    return {"actor": actor.name, "also_matched": list(actor.others), "links": _counterparts(rows)}


def _counterparts(rows: Iterable[sqlite3.Row]) -> list[dict[str, Any]]:
    """One item per counterpart from its rows per event type, most events first."""
    counterparts: dict[int, dict[str, Any]] = {}
    for row in rows:
        item = counterparts.setdefault(
            row["id"],
            {"actor": row["name"], "kind": row["kind"], "country": row["country"], "events": 0,
             "first": row["first"], "last": row["last"], "types": {}},
        )
        item["events"] += row["n"]
        item["types"][row["type"]] = row["n"]
        item["first"] = min(filter(None, [item["first"], row["first"]]), default=None)
        item["last"] = max(filter(None, [item["last"], row["last"]]), default=None)
    return sorted(counterparts.values(), key=lambda c: (-c["events"], c["actor"]))


# Which event_actors pairs (a, b) of one event link a to b: a source to a target or back, or two
# sources of a reciprocal event (one with no target: "X and Y met"). Co-sources of an event with a
# target ("X and Y attacked Z") and co-targets are not linked to each other, and a place is no
# participant: the same pairs as the graph's, without its location links.
_LINKED = """((a.role = 'source' AND b.role = 'target') OR (a.role = 'target' AND b.role = 'source')
    OR (a.role = 'source' AND b.role = 'source'
        AND NOT EXISTS (SELECT 1 FROM event_actors t WHERE t.event = a.event AND t.role = 'target')))"""
# The direction of an event between two consecutive actors of a path, read in the path's order.
FORWARD, BACKWARD, MUTUAL, BOTH = "forward", "backward", "mutual", "both"
DIRECTIONS = {("source", "target"): FORWARD, ("target", "source"): BACKWARD, ("source", "source"): MUTUAL}
# How the text output marks a hop: → the first actor acts on the next, ← the next acts on the
# first, ↔ events go both ways, — reciprocal events only (the link has no direction).
MARKS = {FORWARD: "→", BACKWARD: "←", BOTH: "↔", MUTUAL: "—"}
# How many hops `path` searches before it gives up.
MAX_DEPTH = 6


def path(store: Store, first: str, second: str, max_depth: int = MAX_DEPTH) -> list[dict[str, Any]]:
    """The shortest chain of actors linking two actors through events (breadth-first).

    Parameters
    ----------
    store : Store
        An open store.
    first, second : str
        Names or aliases of the actors to start from and to reach (see `find_actor`).
    max_depth : int, default 6
        How many hops to search.

    Returns
    -------
    list of dict
        One step per actor of the chain, `first` to `second`. Every step but the last says how it
        reaches the next actor (``direction``: forward, backward, both or mutual; ``via``: the
        event types) and shows the evidence (``events``: the events between the two with their
        ids, types, verbs, dates, statuses and directions).

    Raises
    ------
    UnknownActor
        If either name names no actor.
    NoPath
        If no chain of at most `max_depth` hops links them.

    Examples
    --------
    >>> from timeline.query import path
    >>> [(step["actor"], step.get("direction")) for step in path(store, "Lavrov", "Patrushev")]
    [('Sergey Lavrov', 'backward'), ('Wang Yi', 'mutual'), ('Nikolai Patrushev', None)]
    >>> path(store, "Lavrov", "Airbus")
    Traceback (most recent call last):
    ...
    timeline.query.network.NoPath: no path between 'Lavrov' and 'Airbus'
    """
    start, goal = find_actor(store, first), find_actor(store, second)
    if start.id == goal.id:
        return [{"actor": start.name}]
    parents = _search(store, start.id, goal.id, max_depth)
    if goal.id not in parents:
        raise NoPath(first, second)
    chain = [goal.id]
    while parents[chain[-1]] is not None:
        chain.append(parents[chain[-1]])  # type: ignore[arg-type]
    chain.reverse()
    return [_step(store, here, there) for here, there in zip(chain, chain[1:] + [None])]


def _search(store: Store, start: int, goal: int, max_depth: int) -> dict[int, int | None]:
    """Breadth-first from `start` until `goal` is reached or `max_depth` layers are done: each
    actor reached, with the actor it was reached from (the first one read wins)."""
    parents: dict[int, int | None] = {start: None}
    frontier = deque([start])
    for _ in range(max_depth):
        if not frontier:
            break
        layer = list(frontier)
        frontier.clear()
        for block in chunked(layer):
            for row in store.rows(
                f"""SELECT DISTINCT a.actor AS here, b.actor AS there FROM event_actors a
                    JOIN event_actors b ON b.event = a.event AND b.actor != a.actor
                    WHERE a.actor {IN_LIST} AND {_LINKED}
                    ORDER BY a.actor, b.actor""",
                (values(block),),
            ):
                if row["there"] not in parents:
                    parents[row["there"]] = row["here"]
                    frontier.append(row["there"])
        if goal in parents:
            break
    return parents


def _step(store: Store, here: int, there: int | None) -> dict[str, Any]:
    """One actor of a path and, unless it is the last, the events that link it to the next."""
    name = next(store.rows("SELECT name FROM actors WHERE id = ?", (here,)))["name"]
    if there is None:
        return {"actor": name}
    evidence = [
        {"id": row["id"], "type": row["type"], "lemma": row["lemma"], "date": row["date_value"],
         "status": row["status"], "direction": DIRECTIONS[(row["mine"], row["theirs"])]}
        for row in store.rows(
            f"""SELECT DISTINCT ev.id, ev.type, ev.lemma, ev.date_value, ev.status, a.role AS mine, b.role AS theirs
                FROM event_actors a JOIN event_actors b ON b.event = a.event AND b.actor = ?
                JOIN events ev ON ev.id = a.event
                WHERE a.actor = ? AND {_LINKED}
                ORDER BY ev.date_start IS NULL, ev.date_start, ev.id""",
            (there, here),
        )
    ]
    found = {e["direction"] for e in evidence}
    directed = found - {MUTUAL}
    direction = BOTH if len(directed) == 2 else directed.pop() if directed else MUTUAL
    return {"actor": name, "direction": direction, "via": sorted({e["type"] for e in evidence}), "events": evidence}


# How many events the text output cites per hop and direction; `--json` lists them all.
PATH_EVIDENCE_SHOWN = 5


def path_lines(steps: list[dict[str, Any]]) -> list[str]:
    """A path as text: the chain with one direction mark per hop, then per hop and direction the
    events that show it, written as each event reads (source → target, or "X — Y" together).

    Parameters
    ----------
    steps : list of dict
        A path, as `path` returns it.

    Returns
    -------
    list of str
        The chain, then one line per hop and direction citing up to five events
        (#id TYPE[:verb] [(status)] date).

    Examples
    --------
    >>> from timeline.query import path, path_lines
    >>> print("\\n".join(path_lines(path(store, "Lavrov", "Patrushev"))))
    Sergey Lavrov ← Wang Yi — Nikolai Patrushev
      Wang Yi → Sergey Lavrov: #2 CONSULT (planned) 2023-02-22
      Wang Yi — Nikolai Patrushev (together): #1 CONSULT 2023-02-21
    """
    chain = steps[0]["actor"]
    lines: list[str] = []
    for here, there in zip(steps, steps[1:]):
        chain += f" {MARKS[here['direction']]} {there['actor']}"
        for direction, (who, mark, whom) in (
            (FORWARD, (here["actor"], "→", there["actor"])),
            (BACKWARD, (there["actor"], "→", here["actor"])),
            (MUTUAL, (here["actor"], "—", there["actor"])),
        ):
            cited = [e for e in here["events"] if e["direction"] == direction]
            if not cited:
                continue
            shown = "; ".join(_evidence(e) for e in cited[:PATH_EVIDENCE_SHOWN])
            more = len(cited) - PATH_EVIDENCE_SHOWN
            rest = f"; … {more:,} more (--json lists them)" if more > 0 else ""
            together = " (together)" if direction == MUTUAL else ""
            lines.append(f"  {who} {mark} {whom}{together}: {shown}{rest}")
    return [chain, *lines]


def _evidence(event: dict[str, Any]) -> str:
    """#id TYPE[:verb] [(status)] date: one event cited as a path's evidence."""
    kind = f"{event['type']}:{event['lemma']}" if event["type"] == OTHER else event["type"]
    status = "" if event["status"] == "asserted" else f" ({event['status']})"
    return f"#{event['id']} {kind}{status} {event['date'] or 'undated'}"
