"""The store's schema, as the ordered steps that made it: a new store runs them all, an older one
the steps it lacks, inside the transaction that opens it.

`meta.schema` holds the number of the last step applied (what older timelines read to refuse a
newer store), and the `migrations` table names each step and when it ran. To change the schema,
append a step: never edit one that has shipped, since stores made by it exist.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from timeline.store.cards import refresh
from timeline.store.errors import StoreError
from timeline.store.sql import insert, insert_all, statements

# The tables of schema 1, as its last release left them.
_V1_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    key TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    title TEXT, published TEXT, published_basis TEXT NOT NULL, source TEXT, url TEXT, path TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_id ON articles(id);
CREATE TABLE actors (
    id INTEGER PRIMARY KEY,
    norm TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT, sector TEXT,
    curated INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE aliases (
    norm TEXT NOT NULL,
    actor INTEGER NOT NULL REFERENCES actors(id),
    alias TEXT NOT NULL,
    PRIMARY KEY (norm, actor)
) WITHOUT ROWID;
CREATE INDEX aliases_actor ON aliases(actor);
CREATE TABLE mentions (
    article TEXT NOT NULL REFERENCES articles(key),
    actor INTEGER NOT NULL REFERENCES actors(id),
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX mentions_actor_article ON mentions(actor, article);
CREATE TABLE resolved (
    norm TEXT PRIMARY KEY,
    actor INTEGER NOT NULL REFERENCES actors(id)
) WITHOUT ROWID;
CREATE INDEX mentions_article ON mentions(article);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    signature TEXT NOT NULL,
    type TEXT NOT NULL, mode TEXT, quad TEXT, intensity REAL,
    status TEXT NOT NULL, lemma TEXT NOT NULL,
    date_value TEXT, date_start TEXT, date_end TEXT, date_basis TEXT NOT NULL,
    confidence REAL NOT NULL
);
CREATE INDEX events_signature ON events(signature, date_start);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_type ON events(type);
CREATE TABLE event_actors (
    event INTEGER NOT NULL REFERENCES events(id),
    actor INTEGER NOT NULL REFERENCES actors(id),
    role TEXT NOT NULL,
    PRIMARY KEY (event, actor, role)
) WITHOUT ROWID;
CREATE INDEX event_actors_actor ON event_actors(actor, role);
CREATE TABLE event_mentions (
    event INTEGER NOT NULL REFERENCES events(id),
    article TEXT NOT NULL REFERENCES articles(key),
    local_id TEXT NOT NULL,
    status TEXT NOT NULL,
    trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL, trigger TEXT NOT NULL,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
    date_text TEXT,
    attribution INTEGER REFERENCES actors(id),
    marks TEXT NOT NULL,
    confidence REAL NOT NULL
);
CREATE INDEX event_mentions_event ON event_mentions(event);
CREATE INDEX event_mentions_article ON event_mentions(article);
CREATE TABLE relations (
    article TEXT NOT NULL REFERENCES articles(key),
    source INTEGER NOT NULL REFERENCES actors(id),
    target INTEGER NOT NULL REFERENCES actors(id),
    type TEXT NOT NULL, role TEXT,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL
);
CREATE INDEX relations_source ON relations(source);
"""
# Schema 1 gained these without a new number; a store made before them gets them with schema 2.
_V1_LATE = """
CREATE TABLE IF NOT EXISTS resolved (
    norm TEXT PRIMARY KEY,
    actor INTEGER NOT NULL REFERENCES actors(id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_actor_article ON mentions(actor, article);
DROP INDEX IF EXISTS mentions_actor;
"""
_V2_COLUMNS = """
ALTER TABLE actors ADD COLUMN events INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN card TEXT;
ALTER TABLE events ADD COLUMN card TEXT;
CREATE INDEX actors_busiest ON actors(events DESC, articles DESC, name, kind, country, sector);
CREATE INDEX events_order ON events(date_start IS NULL, date_start, id);
"""
_LOG = "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT)"


def _script(conn: sqlite3.Connection, script: str) -> None:
    """Run a schema script statement by statement (`executescript` would commit the open transaction)."""
    for statement in statements(script):
        conn.execute(statement)


def v1_initial(conn: sqlite3.Connection) -> None:
    """Articles, actors and their aliases and mentions, events with their actors and mentions, relations."""
    _script(conn, _V1_TABLES)


def v2_counts_and_cards(conn: sqlite3.Connection) -> None:
    """Each actor's event and article counts and a JSON card per actor and event, which the `actors`
    and `events` queries read instead of aggregating, filled for the rows already stored; and
    what schema 1 gained late, for a store made before it."""
    _script(conn, _V1_LATE)
    _script(conn, _V2_COLUMNS)
    refresh(conn, [r[0] for r in conn.execute("SELECT id FROM actors")],
            [r[0] for r in conn.execute("SELECT id FROM events")])


def v3_verb_in_other_signatures(conn: sqlite3.Connection) -> None:
    """An OTHER event's signature holds its verb, so "Airbus resigned" and "Airbus crashed" stop
    being one event for later merges."""
    conn.execute("UPDATE events SET signature = 'OTHER:' || lemma || substr(signature, 6) "
                 "WHERE type = 'OTHER' AND signature LIKE 'OTHER|%'")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    v1_initial, v2_counts_and_cards, v3_verb_in_other_signatures)
SCHEMA_VERSION = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    """The schema version the store records; 0 for a database without timeline's `meta` table."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone():
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    return int(row[0]) if row else 0


def check_version(path: Path, found: int) -> None:
    """Refuse a store that a newer timeline wrote: its schema has steps this one does not know."""
    if found > SCHEMA_VERSION:
        raise StoreError(f"{path}: written by a newer timeline (schema {found})")


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Apply the steps the store lacks, in order, inside the open write transaction, and log them.

    It writes even to a current store (a row set to its own value), so that a read-only or locked
    store is reported when a run starts, not after its first batch: taking the write lock alone is
    not enough, since in WAL mode SQLite grants it on a file it may not write."""
    found = version(conn)
    check_version(path, found)
    conn.execute(_LOG)
    insert_all(conn, "migrations", [_logged(n, applied_at=None) for n in range(1, found + 1)], on_conflict="IGNORE")
    for number in range(found + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[number - 1](conn)
        insert(conn, "meta", {"key": "schema", "value": str(number)}, on_conflict="REPLACE")
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        insert(conn, "migrations", _logged(number, applied_at=now), on_conflict="REPLACE")
    conn.execute("UPDATE meta SET value = value WHERE key = 'schema'")


def _logged(number: int, applied_at: str | None) -> dict[str, Any]:
    """A `migrations` row. A step that a timeline without the log applied has no date."""
    return {"version": number, "name": MIGRATIONS[number - 1].__name__, "applied_at": applied_at}
