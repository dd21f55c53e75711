"""Questions about the store: actors, their links, events, and paths between actors.

Plain SQL over the store's indexes, so that a query on a large store answers in well under a second
without importing spaCy.
"""

from __future__ import annotations

import difflib
import json
from collections import deque
from dataclasses import dataclass
from typing import Any

from timeline.store import Store, chunked, normalise


class UnknownActor(LookupError):
    """No actor matches a name; carries the closest names for the message."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"no actor named {name!r}{hint}")
        self.suggestions = suggestions


@dataclass(frozen=True)
class ActorRef:
    id: int
    name: str
    others: tuple[str, ...] = ()


def find_actor(store: Store, name: str) -> ActorRef:
    """The actor a user means: a name or alias equal to `name`, else one containing it as whole
    words, case-insensitively.

    Among several matches the busiest wins (most events, then articles), so "U.S." finds the country
    that every article names rather than a stray "U.S" that the parser took for a place; the others
    are named in `ActorRef.others`."""
    key = normalise(name)
    rows = list(
        store.rows(
            """SELECT id, name FROM actors
               WHERE norm = ? OR norm = 'country:' || upper(?) OR id IN (SELECT actor FROM aliases WHERE norm = ?)
               ORDER BY events DESC, articles DESC, norm = ? DESC, id""",
            (key, key, key, key),
        )
    )
    if not rows:
        rows = list(
            store.rows(
                """SELECT id, name FROM actors
                   WHERE norm LIKE '% ' || ? OR norm LIKE ? || ' %'
                      OR id IN (SELECT actor FROM aliases WHERE norm LIKE '% ' || ? OR norm LIKE ? || ' %')
                   ORDER BY events DESC, articles DESC, id""",
                (key, key, key, key),
            )
        )
    if not rows:
        names = [r[0] for r in store.rows("SELECT DISTINCT alias FROM aliases")]
        by_norm = {normalise(n): n for n in names}
        close = difflib.get_close_matches(key, list(by_norm), n=5, cutoff=0.6)
        if not close:
            close = [k for k in by_norm if key and key in k][:5]
        raise UnknownActor(name, [by_norm[c] for c in close])
    return ActorRef(rows[0]["id"], rows[0]["name"], tuple(r["name"] for r in rows[1:]))


def event_filters(
    store: Store, since: str | None, until: str | None, types: list[str] | None, actor: str | None = None
) -> tuple[str, list[Any]]:
    """SQL conditions on `events ev`: a date window (overlapping the event's span), event types, and
    an actor taking part (raises UnknownActor)."""
    clauses: list[str] = []
    params: list[Any] = []
    if since:
        clauses.append("coalesce(ev.date_end, ev.date_start) >= ?")
        params.append(since)
    if until:
        clauses.append("ev.date_start <= ?")
        params.append(until)
    if types is not None:  # an empty list (--political --type OTHER) selects nothing
        clauses.append(f"ev.type IN ({','.join('?' * len(types))})" if types else "0")
        params.extend(t.upper() for t in types)
    if actor:
        clauses.append("ev.id IN (SELECT event FROM event_actors WHERE actor = ?)")
        params.append(find_actor(store, actor).id)
    return ("".join(f" AND {c}" for c in clauses), params)


def actor_cards(store: Store) -> list[str]:
    """Every actor, busiest first, as JSON objects ready to print (the store keeps them up to date)."""
    return [row[0] for row in store.rows("SELECT card FROM actors ORDER BY events DESC, articles DESC, name")]


def list_actors(store: Store, aliases: bool = True) -> list[dict[str, Any]]:
    """Every actor with its kind, country, sector, event and article counts and (unless `aliases`
    is false, which is quicker on a large store) its other names, busiest first."""
    if aliases:
        return [json.loads(card) for card in actor_cards(store)]
    fields = ("id", "name", "kind", "country", "sector", "events", "articles")
    return [
        dict(zip(fields, row))
        for row in store.rows(
            "SELECT id, name, kind, country, sector, events, articles FROM actors "
            "ORDER BY events DESC, articles DESC, name"
        )
    ]


def links(
    store: Store, name: str, since: str | None = None, until: str | None = None, types: list[str] | None = None
) -> dict[str, Any]:
    """The actor's counterparts: per counterpart, event types with counts and first/last dates."""
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
    ordered = sorted(counterparts.values(), key=lambda c: (-c["events"], c["actor"]))
    return {"actor": actor.name, "also_matched": list(actor.others), "links": ordered}


def event_cards(
    store: Store,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    types: list[str] | None = None,
) -> list[str]:
    """The selected events in date order as JSON objects, ready to print: the store keeps each
    event's card up to date, so a whole store's events come out without decoding anything."""
    where, params = event_filters(store, since, until, types, actor)
    return [
        row[0]
        for row in store.rows(
            f"SELECT ev.card FROM events ev WHERE 1 = 1{where} ORDER BY ev.date_start IS NULL, ev.date_start, ev.id",
            params,
        )
    ]


def events(
    store: Store,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    types: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Events in date order with their actors, status, article count and first reporting sentence."""
    return [json.loads(card) for card in event_cards(store, actor, since, until, types)]


def path(store: Store, first: str, second: str, max_depth: int = 6) -> list[dict[str, Any]]:
    """The shortest chain of actors linking two actors through shared events (breadth-first)."""
    start, goal = find_actor(store, first), find_actor(store, second)
    if start.id == goal.id:
        return [{"actor": start.name}]
    parents: dict[int, int | None] = {start.id: None}
    frontier = deque([start.id])
    for _ in range(max_depth):
        if not frontier:
            break
        layer = list(frontier)
        frontier.clear()
        for chunk in chunked(layer):
            for row in store.rows(
                f"""SELECT DISTINCT a.actor AS here, b.actor AS there FROM event_actors a
                    JOIN event_actors b ON b.event = a.event AND b.actor != a.actor AND b.role IN ('source', 'target')
                    WHERE a.role IN ('source', 'target') AND a.actor IN ({','.join('?' * len(chunk))})""",
                chunk,
            ):
                if row["there"] not in parents:
                    parents[row["there"]] = row["here"]
                    frontier.append(row["there"])
        if goal.id in parents:
            break
    if goal.id not in parents:
        return []
    chain = [goal.id]
    while parents[chain[-1]] is not None:
        chain.append(parents[chain[-1]])  # type: ignore[arg-type]
    chain.reverse()
    return [_step(store, here, there) for here, there in zip(chain, chain[1:] + [None])]


def _step(store: Store, here: int, there: int | None) -> dict[str, Any]:
    name = next(store.rows("SELECT name FROM actors WHERE id = ?", (here,)))["name"]
    if there is None:
        return {"actor": name}
    types = [
        r["type"]
        for r in store.rows(
            """SELECT DISTINCT ev.type FROM event_actors a JOIN event_actors b ON b.event = a.event
               JOIN events ev ON ev.id = a.event WHERE a.actor = ? AND b.actor = ? ORDER BY ev.type""",
            (here, there),
        )
    ]
    return {"actor": name, "via": types}
