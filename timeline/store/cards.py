"""The read model: what the `actors` and `events` queries print, kept ready in the store.

Each actor's event and article counts, and a JSON card per actor and per event, are recomputed
inside every write transaction for the rows it touched, so that a query on a large store is one
indexed read, not an aggregation.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from timeline.store.sql import IN_LIST, values

# An actor's columns as a card and the `actors` listing show them, in this order.
ACTOR_FIELDS = ("id", "name", "kind", "country", "sector", "events", "articles")
EVENT_FIELDS = ("id", "type", "mode", "quad", "status", "lemma", "confidence", "articles")
DATE_FIELDS = ("value", "start", "end", "basis")
ROLES = ("source", "target", "location")


def refresh(conn: sqlite3.Connection, actors: Iterable[int], events: Iterable[int]) -> None:
    """Recompute the actors' counts and cards and the events' cards. Call it inside the write
    transaction that touched them."""
    actor_ids = sorted(set(actors))
    conn.execute(
        f"""UPDATE actors SET
                events = (SELECT count(DISTINCT event) FROM event_actors WHERE actor = actors.id),
                articles = (SELECT count(DISTINCT article) FROM mentions WHERE actor = actors.id)
            WHERE id {IN_LIST}""",
        (values(actor_ids),),
    )
    conn.executemany("UPDATE actors SET card = ? WHERE id = ?",
                     [(json.dumps(card, ensure_ascii=False), card["id"]) for card in _actor_cards(conn, actor_ids)])
    conn.executemany(
        "UPDATE events SET card = ? WHERE id = ?",
        [(json.dumps(card, ensure_ascii=False), card["id"]) for card in _event_cards(conn, sorted(set(events)))],
    )


def _actor_cards(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """What the `actors` query shows of each actor: its fields and its other names."""
    listed = values(ids)
    aliases: dict[int, list[str]] = {}
    for actor, alias in conn.execute(f"SELECT actor, alias FROM aliases WHERE actor {IN_LIST} ORDER BY alias",
                                     (listed,)):
        aliases.setdefault(actor, []).append(alias)
    return [
        {**dict(zip(ACTOR_FIELDS, row)), "aliases": [a for a in aliases.get(row[0], ()) if a != row[1]]}
        for row in conn.execute(f"SELECT {', '.join(ACTOR_FIELDS)} FROM actors WHERE id {IN_LIST}", (listed,))
    ]


def _event_cards(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """What the `events` query shows of each event: its fields, actors by role, how many
    articles report it, and the first report's trigger, sentence and article."""
    listed = values(ids)
    roles: dict[int, dict[str, list[str]]] = {i: {role: [] for role in ROLES} for i in ids}
    for event, role, name in conn.execute(
        f"""SELECT e.event, e.role, a.name FROM event_actors e JOIN actors a ON a.id = e.actor
            WHERE e.event {IN_LIST} ORDER BY a.name""",
        (listed,),
    ):
        roles[event][role].append(name)
    first: dict[int, dict[str, Any]] = {}
    for event, _, trigger, article, title, source, url, sentence in conn.execute(
        f"""SELECT m.event, min(m.rowid), m.trigger, a.id, a.title, a.source, a.url,
                   substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start)
            FROM event_mentions m JOIN articles a ON a.key = m.article
            WHERE m.event {IN_LIST} GROUP BY m.event""",
        (listed,),
    ):
        first[event] = {"trigger": trigger, "sentence": " ".join(sentence.split()), "article": article,
                        "title": title, "source_name": source, "url": url}
    cards = []
    for row in conn.execute(
        f"""SELECT id, type, mode, quad, status, lemma, confidence,
                   (SELECT count(DISTINCT article) FROM event_mentions WHERE event = events.id),
                   date_value, date_start, date_end, date_basis
            FROM events WHERE id {IN_LIST}""",
        (listed,),
    ):
        card = dict(zip(EVENT_FIELDS, row))
        card["date"] = dict(zip(DATE_FIELDS, row[len(EVENT_FIELDS):]))
        cards.append({**card, **roles[row[0]], **first.get(row[0], {})})
    return cards
