"""Curating the store's actors with a dictionary: the actors an entry names become one, with the
entry's name, kind, country and sector, and later ingests leave them as curated."""

from __future__ import annotations

import sqlite3
from typing import Any

from timeline.store.cards import ROLES, refresh
from timeline.store.identity import actor_key, event_signature, normalise
from timeline.store.sql import IN_LIST, insert_all, values


def curate(conn: sqlite3.Connection, entry: dict[str, Any]) -> int:
    """Merge the actors that `entry` names (by name or alias) into the one that bears its name, or
    else the most mentioned, rename and curate it, and refresh its cards; returns how many actors
    changed. Call it inside a write transaction."""
    names = [entry["name"], *entry["aliases"]]
    norms = values(normalise(n) for n in names if normalise(n))
    rows = conn.execute(
        f"""SELECT a.id, a.norm, (SELECT count(*) FROM mentions m WHERE m.actor = a.id) AS n
            FROM actors a WHERE a.norm {IN_LIST} OR a.id IN (SELECT actor FROM aliases WHERE norm {IN_LIST})
            ORDER BY a.norm = ? DESC, n DESC, a.id""",
        (norms, norms, normalise(entry["name"])),
    ).fetchall()
    if not rows:
        return 0
    keep, merged = rows[0][0], [r[0] for r in rows[1:]]
    for other in merged:
        merge_actor(conn, other, keep)
    kind = entry["kind"] or conn.execute("SELECT kind FROM actors WHERE id = ?", (keep,)).fetchone()[0]
    key = actor_key({"name": entry["name"], "kind": kind, "country": entry["country"]})  # type: ignore[typeddict-item]
    conn.execute(
        "UPDATE actors SET norm = ?, name = ?, kind = ?, country = coalesce(?, country), "
        "sector = coalesce(?, sector), curated = 1 WHERE id = ?",
        (key, entry["name"], kind, entry["country"], entry["sector"], keep),
    )
    insert_all(conn, "aliases", [{"norm": normalise(n), "actor": keep, "alias": n} for n in names if normalise(n)],
               on_conflict="IGNORE")
    refresh(conn, [keep], _events_of(conn, keep))
    return 1 + len(merged)


def _events_of(conn: sqlite3.Connection, actor: int) -> list[int]:
    """The events an actor takes part in, in any role."""
    return [r[0] for r in conn.execute("SELECT DISTINCT event FROM event_actors WHERE actor = ?", (actor,))]


def merge_actor(conn: sqlite3.Connection, other: int, keep: int) -> None:
    """Point everything that names `other` at `keep`, then drop `other`; the events it took part
    in get their signatures again, since those name actors."""
    for table, column in (("mentions", "actor"), ("relations", "source"), ("relations", "target"),
                          ("event_mentions", "attribution"), ("resolved", "actor")):
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (keep, other))
    events = _events_of(conn, other)
    for table in ("event_actors", "aliases"):
        conn.execute(f"UPDATE OR IGNORE {table} SET actor = ? WHERE actor = ?", (keep, other))
        conn.execute(f"DELETE FROM {table} WHERE actor = ?", (other,))
    conn.execute("DELETE FROM actors WHERE id = ?", (other,))
    for event in events:
        roles: dict[str, list[int]] = {role: [] for role in ROLES}
        for actor, role in conn.execute("SELECT actor, role FROM event_actors WHERE event = ?", (event,)):
            roles[role].append(actor)
        kind, lemma = conn.execute("SELECT type, lemma FROM events WHERE id = ?", (event,)).fetchone()
        conn.execute("UPDATE events SET signature = ? WHERE id = ?",
                     (event_signature(kind, lemma, roles["source"], roles["target"]), event))
