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
from timeline.types import OTHER


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


def path(store: Store, first: str, second: str, max_depth: int = 6) -> list[dict[str, Any]]:
    """The shortest chain of actors linking two actors through events (breadth-first).

    Every step but the last says how it reaches the next actor, and shows the evidence: the
    events between the two with their ids, types, dates, statuses and directions."""
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
                    JOIN event_actors b ON b.event = a.event AND b.actor != a.actor
                    WHERE a.actor IN ({','.join('?' * len(chunk))}) AND {_LINKED}
                    ORDER BY a.actor, b.actor""",
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
    events that show it, written as each event reads (source → target, or "X — Y" together)."""
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
