"""The SQLite store: articles, actors, mentions, events and their provenance.

Each article goes in with all its rows in one transaction, keyed by its content hash, so a re-ingest
changes nothing and a killed run loses at most the batch in flight. Actors merge across articles by
normalised name (countries by ISO3) and, when unambiguous, by alias. An event reported by several
articles (same type, or the same verb for OTHER, and actors, dates within a day) is one event row
with one `event_mentions` row for every sentence that reports it.

What the `actors` and `events` queries print is kept ready in the store: each actor's event and
article counts, and a JSON card per actor and per event, recomputed inside every write transaction
for the rows it touched. A query on a large store is then one indexed read, not an aggregation.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import closing
import unicodedata
import urllib.parse
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

from timeline.types import Actor, Article, Event, Extraction, Offsets, act_name

SCHEMA_VERSION = 3
# How long a writer waits for another one (a concurrent ingest commits a batch in well under a second).
BUSY_TIMEOUT_S = 30.0
# How often a first open retries the switch to WAL mode while another process makes the same switch.
WAL_RETRY_S = 0.05
STATUS_RANK = {"asserted": 0, "negated": 1, "planned": 2, "possible": 3}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    title TEXT, published TEXT, published_basis TEXT NOT NULL, source TEXT, url TEXT, path TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_id ON articles(id);
CREATE TABLE IF NOT EXISTS actors (
    id INTEGER PRIMARY KEY,
    norm TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT, sector TEXT,
    curated INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0,
    articles INTEGER NOT NULL DEFAULT 0,
    card TEXT
);
CREATE TABLE IF NOT EXISTS aliases (
    norm TEXT NOT NULL,
    actor INTEGER NOT NULL REFERENCES actors(id),
    alias TEXT NOT NULL,
    PRIMARY KEY (norm, actor)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS aliases_actor ON aliases(actor);
CREATE TABLE IF NOT EXISTS mentions (
    article TEXT NOT NULL REFERENCES articles(key),
    actor INTEGER NOT NULL REFERENCES actors(id),
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_actor_article ON mentions(actor, article);
CREATE TABLE IF NOT EXISTS resolved (
    norm TEXT PRIMARY KEY,
    actor INTEGER NOT NULL REFERENCES actors(id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    signature TEXT NOT NULL,
    type TEXT NOT NULL, mode TEXT, quad TEXT, intensity REAL,
    status TEXT NOT NULL, lemma TEXT NOT NULL,
    date_value TEXT, date_start TEXT, date_end TEXT, date_basis TEXT NOT NULL,
    confidence REAL NOT NULL,
    card TEXT
);
CREATE INDEX IF NOT EXISTS events_signature ON events(signature, date_start);
CREATE INDEX IF NOT EXISTS events_date ON events(date_start);
CREATE INDEX IF NOT EXISTS events_type ON events(type);
CREATE TABLE IF NOT EXISTS event_actors (
    event INTEGER NOT NULL REFERENCES events(id),
    actor INTEGER NOT NULL REFERENCES actors(id),
    role TEXT NOT NULL,
    PRIMARY KEY (event, actor, role)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors(actor, role);
CREATE TABLE IF NOT EXISTS event_mentions (
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
CREATE INDEX IF NOT EXISTS event_mentions_event ON event_mentions(event);
CREATE INDEX IF NOT EXISTS event_mentions_article ON event_mentions(article);
CREATE TABLE IF NOT EXISTS relations (
    article TEXT NOT NULL REFERENCES articles(key),
    source INTEGER NOT NULL REFERENCES actors(id),
    target INTEGER NOT NULL REFERENCES actors(id),
    type TEXT NOT NULL, role TEXT,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS relations_source ON relations(source);
"""
# Indexes on columns that schema 1 lacked; created after the upgrade adds those columns.
_INDEXES = """
CREATE INDEX IF NOT EXISTS actors_busiest ON actors(events DESC, articles DESC, name, kind, country, sector);
CREATE INDEX IF NOT EXISTS events_order ON events(date_start IS NULL, date_start, id);
DROP INDEX IF EXISTS mentions_actor;
"""


T = TypeVar("T")


def chunked(items: list[T], size: int = 500) -> list[list[T]]:
    """Slices small enough for SQLite's limit on `?` parameters in one statement."""
    return [items[i : i + size] for i in range(0, len(items), size)]


class StoreError(RuntimeError):
    """The store file cannot be used (not SQLite, another program's database, newer schema,
    read-only, locked)."""


class StoreWriteError(StoreError):
    """A write failed half-way through a run (disk full, I/O error): the batches committed before
    are kept and running the same command again finishes the job."""


_NOT_A_STORE = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}
_READ_ONLY = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN}
_LOCKED = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def store_error(path: Path, error: sqlite3.Error) -> StoreError:
    """One line for what SQLite said, by its result code: the store is not a database, cannot be
    written, is locked, or a write failed (disk full, I/O error)."""
    code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
    if code in _NOT_A_STORE:
        return StoreError(f"{path}: not a timeline store ({error})")
    if code in _READ_ONLY:
        return StoreError(f"{path}: the store cannot be written ({error}); check the file's and its folder's "
                          "permissions, or give another --db")
    if code in _LOCKED:
        return StoreError(f"{path}: the store is locked by another program ({error}); try again when it is done")
    return StoreWriteError(f"{path}: cannot write the store ({error})")


def _statements(script: str) -> list[str]:
    """The statements of a schema script (none of them holds a semicolon in a string)."""
    return [statement.strip() for statement in script.split(";") if statement.strip()]


def _uri(path: Path, readonly: bool) -> str:
    """An SQLite URI for `path`; the name is percent-encoded, so `?`, `#` or `%` in it stay part of it."""
    return f"file:{urllib.parse.quote(os.fsencode(path))}" + ("?mode=ro" if readonly else "")


def normalise(name: str) -> str:
    """The matching key of a name: case-folded, accents and punctuation dropped, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.casefold().split())


def actor_key(actor: Actor) -> str:
    """Cross-document identity: countries by ISO3 code, everything else by normalised name."""
    if actor["kind"] == "country" and actor.get("country"):
        return f"country:{actor['country']}"
    return normalise(actor["name"])


SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})


def event_signature(kind: str, lemma: str, sources: Iterable[int], targets: Iterable[int]) -> str:
    """What makes two event reports the same event (with dates within a day): the act (type, and
    verb for OTHER, as within an article) and actors.

    A meeting or a joint project is the same event whether it is told as "X met Y" or "X and Y met",
    so for those types the direction does not count."""
    act = act_name(kind, lemma)
    if kind in SYMMETRIC_TYPES:
        return f"{act}|{','.join(map(str, sorted({*sources, *targets})))}|*"
    return f"{act}|{','.join(map(str, sorted(sources)))}|{','.join(map(str, sorted(targets)))}"


class Store:
    """An open store; use as a context manager. Every public write is its own transaction."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder; give the store's file with --db")
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"{self.path}: not a regular file; give the store's file with --db")
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no store here; run `timeline ingest` or `timeline build` first")
        if not readonly:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"{self.path}: cannot create its folder ({error.strerror or error})") from None
            self._refuse_foreign()
        self.conn = self._connect(readonly)
        if readonly and (version := self._version()) < SCHEMA_VERSION:
            self.conn.close()
            try:
                Store(self.path).close()
            except StoreError as error:
                raise StoreError(f"{self.path}: schema {version} needs an upgrade, which failed: {error}") from None
            self.conn = self._connect(readonly)
        self._actor_cache: dict[str, int] = {}
        self._touched: tuple[set[int], set[int]] = (set(), set())

    def _refuse_foreign(self) -> None:
        """Refuse, before anything is written, an existing SQLite file of another program: a
        writable open would otherwise add this schema's tables to it."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        try:
            with closing(sqlite3.connect(_uri(self.path, readonly=True), uri=True)) as probe:
                tables = {r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                versioned = "meta" in tables and probe.execute(
                    "SELECT 1 FROM meta WHERE key = 'schema'").fetchone() is not None
        except sqlite3.Error as error:
            raise store_error(self.path, error) from None
        if tables and not versioned:
            shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
            raise StoreError(f"{self.path}: not a timeline store (another program's database: {shown}); "
                             "give a new file with --db")

    def _rollback(self) -> None:
        """Undo the open transaction, if SQLite has not already (it does on a full disk)."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the connection is unusable; the error that brought us here is the one to report

    def _connect(self, readonly: bool) -> sqlite3.Connection:
        """Open the file; a writable open creates the schema or upgrades an older one."""
        try:
            conn = sqlite3.connect(_uri(self.path, readonly), uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as error:
            raise store_error(self.path, error) from None
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            self.conn = conn
            if readonly:
                version = self._version()
                if version == 0:
                    raise StoreError(f"{self.path}: not a timeline store (no schema version)")
                if version > SCHEMA_VERSION:
                    raise StoreError(f"{self.path}: written by a newer timeline (schema {version})")
            else:
                self._write_ahead_log()
                conn.execute("PRAGMA synchronous = NORMAL")
                self._prepare()
        except BaseException as error:
            conn.close()
            if isinstance(error, sqlite3.Error):
                raise store_error(self.path, error) from None
            raise
        return conn

    def _write_ahead_log(self) -> None:
        """Switch to WAL mode. SQLite does not wait for a journal-mode change: a first open racing
        another process's gets 'database is locked' at once, so try again until the busy timeout."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if (error.sqlite_errorcode & 0xFF) not in _LOCKED or time.monotonic() > deadline:
                    raise
                time.sleep(WAL_RETRY_S)

    def _prepare(self) -> None:
        """Create the schema or upgrade an older one in one write transaction, so that two processes
        opening a new store at once make one schema. It writes even to a current store (a row set
        to its own value), so that a read-only or locked store is reported when a run starts, not
        after its first batch (taking the write lock alone is not enough: in WAL mode SQLite grants
        it on a file it may not write)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(_SCHEMA):
                self.conn.execute(statement)
            version = self._version()
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: written by a newer timeline (schema {version})")
            if version == 0:
                self.conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif version < SCHEMA_VERSION:
                self._upgrade(version)
            else:
                self.conn.execute("UPDATE meta SET value = value WHERE key = 'schema'")
            for statement in _statements(_INDEXES):
                self.conn.execute(statement)
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _version(self) -> int:
        """The schema version the store records; 0 for a database without timeline's `meta` table."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone():
            return 0
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        return int(row[0]) if row else 0

    def _upgrade(self, version: int) -> None:
        """Upgrade an older schema inside the open's transaction. 1 → 2: add the counts and event
        cards that queries read, and fill them. 2 → 3: an OTHER event's signature holds its verb, so
        "Airbus resigned" and "Airbus crashed" stop being one event for later merges."""
        if version < 2:
            self.conn.execute("ALTER TABLE actors ADD COLUMN events INTEGER NOT NULL DEFAULT 0")
            self.conn.execute("ALTER TABLE actors ADD COLUMN articles INTEGER NOT NULL DEFAULT 0")
            self.conn.execute("ALTER TABLE actors ADD COLUMN card TEXT")
            self.conn.execute("ALTER TABLE events ADD COLUMN card TEXT")
            self._refresh([r[0] for r in self.conn.execute("SELECT id FROM actors")],
                          [r[0] for r in self.conn.execute("SELECT id FROM events")])
        self.conn.execute("UPDATE events SET signature = 'OTHER:' || lemma || substr(signature, 6) "
                          "WHERE type = 'OTHER' AND signature LIKE 'OTHER|%'")
        self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION),))

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def known(self, keys: Iterable[str]) -> set[str]:
        """The article keys among `keys` that are already stored."""
        found: set[str] = set()
        for chunk in chunked(list(keys)):
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.conn.execute(f"SELECT key FROM articles WHERE key IN ({marks})", chunk))
        return found

    def add_batch(self, items: Iterable[tuple[Article, Extraction]]) -> int:
        """Store a batch of extracted articles in one transaction; returns how many were new.

        A failed write (disk full, I/O error) rolls the batch back and raises StoreWriteError;
        earlier batches stay. The actor cache starts empty in each batch, because another process
        writing the same store may have merged actors since the last one."""
        added = 0
        self._actor_cache.clear()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for article, extraction in items:
                if self.conn.execute("SELECT 1 FROM articles WHERE key = ?", (article.key,)).fetchone():
                    continue
                self._add(article, extraction)
                added += 1
            self._refresh(*self._touched)
            self.conn.execute("COMMIT")
        except sqlite3.IntegrityError:
            self._rollback()  # rows that break the schema: a bug, not a fault of the disk
            raise
        except sqlite3.Error as error:
            self._rollback()
            raise store_error(self.path, error) from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._touched = (set(), set())
        return added

    def _add(self, article: Article, x: Extraction) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.conn.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                article.key, article.id, article.title,
                article.published.isoformat() if article.published else None,
                article.published_basis, article.source, article.url, article.path, x["text"], now,
            ),
        )
        local: dict[str, int] = {}
        for actor in x["actors"]:
            actor_id = self._actor(actor)
            local[actor["id"]] = actor_id
            self._touched[0].add(actor_id)
            self.conn.executemany(
                "INSERT INTO mentions VALUES (?,?,?,?,?)",
                [(article.key, actor_id, m["start"], m["end"], m["text"]) for m in actor["mentions"]],
            )
        index = _ArticleIndex(x)
        for event in x["events"]:
            self._event(article.key, event, local, index)
        self.conn.executemany(
            "INSERT INTO relations VALUES (?,?,?,?,?,?,?)",
            [
                (article.key, local[r["source"]], local[r["target"]], r["type"], r["role"],
                 r["sentence"]["start"], r["sentence"]["end"])
                for r in x["relations"]
                if r["source"] in local and r["target"] in local
            ],
        )

    def _actor(self, actor: Actor) -> int:
        """The store id of an extracted actor, creating the actor if it is new.

        Everything here depends only on the store and the actor, never on what this process saw
        before, so an interrupted and resumed ingest ends with the same actors as an uninterrupted one."""
        key = actor_key(actor)
        actor_id = self._actor_cache.get(key)
        if actor_id is None:
            row = self.conn.execute("SELECT id FROM actors WHERE norm = ?", (key,)).fetchone()
            if row is None:
                row = self.conn.execute("SELECT actor FROM resolved WHERE norm = ?", (key,)).fetchone()
            if row is None:
                row = self._unique_alias_match(actor)
                if row is not None:
                    self.conn.execute("INSERT INTO resolved VALUES (?, ?)", (key, row[0]))
            if row is None:
                cursor = self.conn.execute(
                    "INSERT INTO actors (norm, name, kind, country, sector) VALUES (?,?,?,?,?)",
                    (key, actor["name"], actor["kind"], actor.get("country"), actor.get("sector")),
                )
                row = (int(cursor.lastrowid or 0),)
            actor_id = self._actor_cache[key] = int(row[0])
        if actor.get("country") or actor.get("sector"):
            self.conn.execute(
                "UPDATE actors SET country = coalesce(country, ?), sector = coalesce(sector, ?) "
                "WHERE id = ? AND curated = 0 AND (country IS NULL OR sector IS NULL)",
                (actor.get("country"), actor.get("sector"), actor_id),
            )
        self.conn.executemany(
            "INSERT OR IGNORE INTO aliases VALUES (?,?,?)",
            [(normalise(n), actor_id, n) for n in dict.fromkeys([actor["name"], *actor["aliases"]]) if normalise(n)],
        )
        return actor_id

    def _unique_alias_match(self, actor: Actor) -> tuple[int] | None:
        """An existing actor of the same kind that has this actor's name as its only alias match.

        The answer is recorded in `resolved`, so that the same name resolves the same way later even
        after the alias becomes ambiguous: a resumed run then ends exactly like an uninterrupted one."""
        rows = self.conn.execute(
            "SELECT DISTINCT a.id FROM aliases s JOIN actors a ON a.id = s.actor WHERE s.norm = ? AND a.kind = ?",
            (normalise(actor["name"]), actor["kind"]),
        ).fetchall()
        return rows[0] if len(rows) == 1 else None

    def _event(self, article_key: str, event: Event, local: dict[str, int], index: _ArticleIndex) -> None:
        sources = sorted({local[a] for a in event["source"] if a in local})
        targets = sorted({local[a] for a in event["target"] if a in local})
        if not sources and not targets:
            return
        signature = event_signature(event["type"], event["lemma"], sources, targets)
        day = event["date"]["start"]
        match = None
        if day:
            low, high = _day_window(day)
            match = self.conn.execute(
                "SELECT id, status, confidence, date_basis FROM events WHERE signature = ? AND date_start BETWEEN ? AND ? "
                "ORDER BY date_basis = 'timex' DESC LIMIT 1",
                (signature, low, high),
            ).fetchone()
        if match is None:
            cursor = self.conn.execute(
                "INSERT INTO events (signature, type, mode, quad, intensity, status, lemma, date_value, "
                "date_start, date_end, date_basis, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    signature, event["type"], event["mode"], event["quad"], event["intensity"], event["status"],
                    event["lemma"], event["date"]["value"], day, event["date"]["end"], event["date"]["basis"],
                    event["confidence"],
                ),
            )
            event_id = int(cursor.lastrowid or 0)
            roles = [(event_id, a, "source") for a in sources] + [(event_id, a, "target") for a in targets]
            if event["location"] in local:
                roles.append((event_id, local[event["location"]], "location"))
            self.conn.executemany("INSERT OR IGNORE INTO event_actors VALUES (?,?,?)", roles)
        else:
            event_id, status, confidence, basis = match
            if basis != "timex" and event["date"]["basis"] == "timex":
                self.conn.execute(
                    "UPDATE events SET date_value = ?, date_start = ?, date_end = ?, date_basis = 'timex' WHERE id = ?",
                    (event["date"]["value"], day, event["date"]["end"], event_id),
                )
            if STATUS_RANK[event["status"]] < STATUS_RANK[status]:
                self.conn.execute("UPDATE events SET status = ? WHERE id = ?", (event["status"], event_id))
            if event["confidence"] > confidence:
                self.conn.execute("UPDATE events SET confidence = ? WHERE id = ?", (event["confidence"], event_id))
        self._touched[1].add(event_id)
        mentions = event.get("mentions") or [{"trigger": event["trigger"], "sentence": event["sentence"]}]
        date_text = index.timex_text.get(event["date"]["timex"] or "")
        attribution = local.get(event["attribution"] or "")
        self.conn.executemany(
            "INSERT INTO event_mentions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    event_id, article_key, event["id"], event["status"],
                    mention["trigger"]["start"], mention["trigger"]["end"], mention["trigger"]["text"],
                    mention["sentence"]["start"], mention["sentence"]["end"], date_text, attribution,
                    json.dumps(index.marks(event, mention["sentence"], local)), event["confidence"],
                )
                for mention in mentions
            ],
        )

    def apply_dictionary(self, entries: Iterable[dict[str, Any]]) -> int:
        """Make the store agree with a curated actor dictionary: matching actors (by name or alias)
        are merged into one, renamed, and given the entry's kind, country and sector. Returns how
        many actors were changed. One transaction."""
        changed = 0
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for entry in entries:
                names = [entry["name"], *entry["aliases"]]
                norms = [normalise(n) for n in names if normalise(n)]
                marks = ",".join("?" * len(norms))
                rows = self.conn.execute(
                    f"""SELECT a.id, a.norm, (SELECT count(*) FROM mentions m WHERE m.actor = a.id) AS n
                        FROM actors a WHERE a.norm IN ({marks}) OR a.id IN (SELECT actor FROM aliases WHERE norm IN ({marks}))
                        ORDER BY a.norm = ? DESC, n DESC, a.id""",
                    [*norms, *norms, normalise(entry["name"])],
                ).fetchall()
                if not rows:
                    continue
                keep, merged = rows[0][0], [r[0] for r in rows[1:]]
                for other in merged:
                    self._merge_actor(other, keep)
                kind = entry["kind"] or self.conn.execute("SELECT kind FROM actors WHERE id = ?", (keep,)).fetchone()[0]
                key = actor_key({"name": entry["name"], "kind": kind, "country": entry["country"]})  # type: ignore[typeddict-item]
                self.conn.execute(
                    "UPDATE actors SET norm = ?, name = ?, kind = ?, country = coalesce(?, country), "
                    "sector = coalesce(?, sector), curated = 1 WHERE id = ?",
                    (key, entry["name"], kind, entry["country"], entry["sector"], keep),
                )
                self.conn.executemany(
                    "INSERT OR IGNORE INTO aliases VALUES (?,?,?)", [(normalise(n), keep, n) for n in names if normalise(n)]
                )
                changed += 1 + len(merged)
                self._refresh([keep], [r[0] for r in self.conn.execute(
                    "SELECT DISTINCT event FROM event_actors WHERE actor = ?", (keep,))])
            self.conn.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise store_error(self.path, error) from None
        except BaseException:
            self._rollback()
            raise
        self._actor_cache.clear()
        return changed

    def _merge_actor(self, other: int, keep: int) -> None:
        """Point everything that names `other` at `keep`, then drop `other`."""
        for table in ("mentions", "relations"):
            columns = ("actor",) if table == "mentions" else ("source", "target")
            for column in columns:
                self.conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (keep, other))
        self.conn.execute("UPDATE event_mentions SET attribution = ? WHERE attribution = ?", (keep, other))
        self.conn.execute("UPDATE resolved SET actor = ? WHERE actor = ?", (keep, other))
        events = [r[0] for r in self.conn.execute("SELECT DISTINCT event FROM event_actors WHERE actor = ?", (other,))]
        self.conn.execute("UPDATE OR IGNORE event_actors SET actor = ? WHERE actor = ?", (keep, other))
        self.conn.execute("DELETE FROM event_actors WHERE actor = ?", (other,))
        self.conn.execute("UPDATE OR IGNORE aliases SET actor = ? WHERE actor = ?", (keep, other))
        self.conn.execute("DELETE FROM aliases WHERE actor = ?", (other,))
        self.conn.execute("DELETE FROM actors WHERE id = ?", (other,))
        for event in events:
            roles: dict[str, list[int]] = {"source": [], "target": [], "location": []}
            for actor, role in self.conn.execute("SELECT actor, role FROM event_actors WHERE event = ?", (event,)):
                roles[role].append(actor)
            kind, lemma = self.conn.execute("SELECT type, lemma FROM events WHERE id = ?", (event,)).fetchone()
            self.conn.execute("UPDATE events SET signature = ? WHERE id = ?",
                              (event_signature(kind, lemma, roles["source"], roles["target"]), event))

    def _refresh(self, actors: Iterable[int], events: Iterable[int]) -> None:
        """Recompute what queries read ready-made: the actors' counts and cards, and the events'
        cards. Called inside each write transaction for the rows it touched."""
        for chunk in chunked(sorted(set(actors))):
            marks = ",".join("?" * len(chunk))
            self.conn.execute(
                f"""UPDATE actors SET
                        events = (SELECT count(DISTINCT event) FROM event_actors WHERE actor = actors.id),
                        articles = (SELECT count(DISTINCT article) FROM mentions WHERE actor = actors.id)
                    WHERE id IN ({marks})""",
                chunk,
            )
            aliases: dict[int, list[str]] = {}
            for actor, alias in self.conn.execute(
                f"SELECT actor, alias FROM aliases WHERE actor IN ({marks}) ORDER BY alias", chunk
            ):
                aliases.setdefault(actor, []).append(alias)
            fields = ("id", "name", "kind", "country", "sector", "events", "articles")
            cards = []
            for row in self.conn.execute(
                f"SELECT id, name, kind, country, sector, events, articles FROM actors WHERE id IN ({marks})", chunk
            ):
                card = {**dict(zip(fields, row)), "aliases": [a for a in aliases.get(row[0], ()) if a != row[1]]}
                cards.append((json.dumps(card, ensure_ascii=False), row[0]))
            self.conn.executemany("UPDATE actors SET card = ? WHERE id = ?", cards)
        for chunk in chunked(sorted(set(events))):
            self.conn.executemany(
                "UPDATE events SET card = ? WHERE id = ?",
                [(json.dumps(card, ensure_ascii=False), card["id"]) for card in self._event_cards(chunk)],
            )

    def _event_cards(self, ids: list[int]) -> list[dict[str, Any]]:
        """What the `events` query shows of each event: its fields, actors by role, how many
        articles report it, and the first report's trigger, sentence and article."""
        marks = ",".join("?" * len(ids))
        roles: dict[int, dict[str, list[str]]] = {i: {"source": [], "target": [], "location": []} for i in ids}
        for event, role, name in self.conn.execute(
            f"""SELECT e.event, e.role, a.name FROM event_actors e JOIN actors a ON a.id = e.actor
                WHERE e.event IN ({marks}) ORDER BY a.name""",
            ids,
        ):
            roles[event][role].append(name)
        first: dict[int, dict[str, Any]] = {}
        for event, _, trigger, article, title, source, url, sentence in self.conn.execute(
            f"""SELECT m.event, min(m.rowid), m.trigger, a.id, a.title, a.source, a.url,
                       substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start)
                FROM event_mentions m JOIN articles a ON a.key = m.article
                WHERE m.event IN ({marks}) GROUP BY m.event""",
            ids,
        ):
            first[event] = {"trigger": trigger, "sentence": " ".join(sentence.split()), "article": article,
                            "title": title, "source_name": source, "url": url}
        cards = []
        for row in self.conn.execute(
            f"""SELECT id, type, mode, quad, status, lemma, confidence,
                       (SELECT count(DISTINCT article) FROM event_mentions WHERE event = events.id),
                       date_value, date_start, date_end, date_basis
                FROM events WHERE id IN ({marks})""",
            ids,
        ):
            card = dict(zip(("id", "type", "mode", "quad", "status", "lemma", "confidence", "articles"), row))
            card["date"] = dict(zip(("value", "start", "end", "basis"), row[8:]))
            cards.append({**card, **roles[row[0]], **first.get(row[0], {})})
        return cards

    def counts(self) -> dict[str, int]:
        tables = ("articles", "actors", "events", "event_mentions", "mentions", "relations")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def integrity(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def rows(self, sql: str, params: Iterable[Any] = ()) -> Iterator[sqlite3.Row]:
        """Run a read query; rows behave like dicts."""
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        yield from cursor.execute(sql, tuple(params))


def _day_window(day: str) -> tuple[str, str]:
    """The days within one day of `day`, as ISO dates; at the calendar's ends (0001-01-01,
    9999-12-31, which a hostile publication date can produce) the window stops there."""
    point = date.fromisoformat(day)
    low = point - timedelta(days=1) if point > date.min else point
    high = point + timedelta(days=1) if point < date.max else point
    return low.isoformat(), high.isoformat()


class _ArticleIndex:
    """An extraction's actor mentions in text order and its timex texts by id, so that each event
    finds what lies in its sentence by bisection: a 1 MB article has tens of thousands of events
    and mentions, and reading every mention for every event made storing it quadratic."""

    def __init__(self, x: Extraction) -> None:
        self.spans: dict[str, list[tuple[int, int]]] = {
            actor["id"]: sorted((m["start"], m["end"]) for m in actor["mentions"]) for actor in x["actors"]}
        self.starts = {actor: [start for start, _ in spans] for actor, spans in self.spans.items()}
        self.timex_text = {timex["id"]: timex["text"] for timex in x["timexes"]}

    def marks(self, event: Event, sentence: Offsets, local: dict[str, int]) -> list[tuple[int, int, int]]:
        """Mentions of the event's actors inside one of its sentences, as (start, end, store actor
        id) relative to the sentence."""
        start, end = sentence["start"], sentence["end"]
        involved = {*event["source"], *event["target"], event["location"], event["attribution"]}
        marks = []
        for actor in involved:
            if actor is None or actor not in local or actor not in self.spans:
                continue
            spans = self.spans[actor]
            for first, last in spans[bisect_left(self.starts[actor], start):]:
                if first > end:
                    break
                if last <= end:
                    marks.append((first - start, last - start, local[actor]))
        return sorted(marks)
