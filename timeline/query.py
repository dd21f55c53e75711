"""Questions about the store: actors, their links, events, and paths between actors.

Plain SQL over the store's indexes, so that a query on a large store answers in well under a second
without importing spaCy.
"""

from __future__ import annotations

import difflib
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
    """The actor a user means: exact name, then alias, then a whole word of the name, case-insensitively.

    Among several matches the one with most events wins; the others are named in `ActorRef.others`.
    """
    key = normalise(name)
    rows = list(
        store.rows(
            """SELECT a.id, a.name, (a.norm = ? OR a.norm = 'country:' || upper(?)) AS exact,
                      (SELECT count(*) FROM event_actors e WHERE e.actor = a.id) AS n
               FROM actors a WHERE a.norm = ? OR a.norm = 'country:' || upper(?)
                  OR a.id IN (SELECT actor FROM aliases WHERE norm = ?)
               ORDER BY exact DESC, n DESC, a.id""",
            (key, key, key, key, key),
        )
    )
    if not rows:
        rows = list(
            store.rows(
                """SELECT a.id, a.name, (SELECT count(*) FROM event_actors e WHERE e.actor = a.id) AS n
                   FROM actors a WHERE a.norm LIKE '% ' || ? OR a.norm LIKE ? || ' %'
                      OR a.id IN (SELECT actor FROM aliases WHERE norm LIKE '% ' || ? OR norm LIKE ? || ' %')
                   ORDER BY n DESC, a.id""",
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
    if types:
        clauses.append(f"ev.type IN ({','.join('?' * len(types))})")
        params.extend(t.upper() for t in types)
    if actor:
        clauses.append("ev.id IN (SELECT event FROM event_actors WHERE actor = ?)")
        params.append(find_actor(store, actor).id)
    return ("".join(f" AND {c}" for c in clauses), params)


def list_actors(store: Store) -> list[dict[str, Any]]:
    """Every actor with its kind, country, sector, aliases and event count, busiest first."""
    aliases: dict[int, list[str]] = {}
    for row in store.rows("SELECT actor, alias FROM aliases ORDER BY alias"):
        aliases.setdefault(row["actor"], []).append(row["alias"])
    result = []
    for row in store.rows(
        """SELECT a.id, a.name, a.kind, a.country, a.sector,
                  coalesce(e.n, 0) AS events, coalesce(m.n, 0) AS articles
           FROM actors a
           LEFT JOIN (SELECT actor, count(DISTINCT event) AS n FROM event_actors GROUP BY actor) e ON e.actor = a.id
           LEFT JOIN (SELECT actor, count(DISTINCT article) AS n FROM mentions GROUP BY actor) m ON m.actor = a.id
           ORDER BY events DESC, articles DESC, a.name"""
    ):
        item = dict(row)
        item["aliases"] = [a for a in aliases.get(row["id"], []) if a != row["name"]]
        result.append(item)
    return result


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


def events(
    store: Store,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    types: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Events in date order with their actors, status and first reporting sentence."""
    where, params = event_filters(store, since, until, types, actor)
    selected = f"SELECT ev.id FROM events ev WHERE 1 = 1{where}"
    rows = list(
        store.rows(
            f"""SELECT ev.id, ev.type, ev.mode, ev.quad, ev.status, ev.lemma, ev.date_value, ev.date_start,
                       ev.date_end, ev.date_basis, ev.confidence,
                       (SELECT count(DISTINCT article) FROM event_mentions WHERE event = ev.id) AS articles
                FROM events ev WHERE 1 = 1{where}
                ORDER BY ev.date_start IS NULL, ev.date_start, ev.id""",
            params,
        )
    )
    roles: dict[int, dict[str, list[str]]] = {}
    for row in store.rows(
        f"""SELECT e.event, e.role, a.name FROM event_actors e JOIN actors a ON a.id = e.actor
            WHERE e.event IN ({selected}) ORDER BY a.name""",
        params,
    ):
        roles.setdefault(row["event"], {"source": [], "target": [], "location": []})[row["role"]].append(row["name"])
    sentences: dict[int, dict[str, Any]] = {}
    for row in store.rows(
        f"""SELECT m.event, min(m.rowid), m.trigger, a.id AS article, a.title, a.source, a.url,
                   substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence
            FROM event_mentions m JOIN articles a ON a.key = m.article
            WHERE m.event IN ({selected}) GROUP BY m.event""",
        params,
    ):
        sentences[row["event"]] = {
            "trigger": row["trigger"], "sentence": " ".join(row["sentence"].split()), "article": row["article"],
            "title": row["title"], "source_name": row["source"], "url": row["url"],
        }
    return [
        {
            **{k: r[k] for k in ("id", "type", "mode", "quad", "status", "lemma", "confidence", "articles")},
            "date": {"value": r["date_value"], "start": r["date_start"], "end": r["date_end"], "basis": r["date_basis"]},
            **roles.get(r["id"], {"source": [], "target": [], "location": []}),
            **sentences.get(r["id"], {}),
        }
        for r in rows
    ]


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
