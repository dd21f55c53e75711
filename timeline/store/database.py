"""Opening a store file safely, and its transactions.

A writable open refuses another program's SQLite file before writing to it, switches to WAL mode
(so queries read while an ingest writes) and brings the schema up to date in one write
transaction, which also reports a read-only or locked store before any work starts. Every public
write is one transaction: a failure rolls it back and leaves the batches committed before.
"""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.parse
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from timeline.store.errors import LOCKED, StoreError, result_code, store_error
from timeline.store.schema import SCHEMA_VERSION, check_version, migrate, version
from timeline.types import Article, Extraction

# How long a writer waits for another one (a concurrent ingest commits a batch in well under a second).
BUSY_TIMEOUT_S = 30.0
# How often a first open retries the switch to WAL mode while another process makes the same switch.
WAL_RETRY_S = 0.05
# How many of another program's tables the refusal to open its database names.
FOREIGN_TABLES_SHOWN = 5


def _uri(path: Path, readonly: bool) -> str:
    """An SQLite URI for `path`; the name is percent-encoded, so `?`, `#` or `%` in it stay part of it."""
    return f"file:{urllib.parse.quote(os.fsencode(path))}" + ("?mode=ro" if readonly else "")


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
        if readonly and (found := version(self.conn)) < SCHEMA_VERSION:
            self.conn.close()
            try:
                Store(self.path).close()
            except StoreError as error:
                raise StoreError(f"{self.path}: schema {found} needs an upgrade, which failed: {error}") from None
            self.conn = self._connect(readonly)

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
            shown = ", ".join(sorted(tables)[:FOREIGN_TABLES_SHOWN]) + (
                ", …" if len(tables) > FOREIGN_TABLES_SHOWN else "")
            raise StoreError(f"{self.path}: not a timeline store (another program's database: {shown}); "
                             "give a new file with --db")

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
                found = version(conn)
                if found == 0:
                    raise StoreError(f"{self.path}: not a timeline store (no schema version)")
                check_version(self.path, found)
            else:
                self._write_ahead_log()
                conn.execute("PRAGMA synchronous = NORMAL")
                with self._transaction(passed_on=(sqlite3.Error,)):
                    migrate(conn, self.path)
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
                if result_code(error) not in LOCKED or time.monotonic() > deadline:
                    raise
                time.sleep(WAL_RETRY_S)

    @contextmanager
    def _transaction(self, passed_on: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
        """One write transaction, taking the write lock at once. On any failure it rolls back; an
        SQLite error becomes a StoreError unless it is one of `passed_on`, which go up as they are.

        Opening the store (two processes may create one store at once) is one such transaction:
        the version is read inside it, so the schema is made once."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield
            self.conn.execute("COMMIT")
        except passed_on:
            self._rollback()
            raise
        except sqlite3.Error as error:
            self._rollback()
            raise store_error(self.path, error) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        """Undo the open transaction, if SQLite has not already (it does on a full disk)."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the connection is unusable; the error that brought us here is the one to report

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def rows(self, sql: str, params: Iterable[Any] = ()) -> Iterator[sqlite3.Row]:
        """Run a read query; rows behave like dicts. Every query in `timeline.query` reads through this."""
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        yield from cursor.execute(sql, tuple(params))

    def add_batch(self, items: Iterable[tuple[Article, Extraction]]) -> int:
        """Store a batch of extracted articles in one transaction; returns how many were new.

        A failed write (disk full, I/O error) rolls the batch back and raises StoreWriteError;
        earlier batches stay. Rows that break the schema raise sqlite3.IntegrityError: a bug, not
        a fault of the disk."""
        # The write side is imported when first used: query commands open stores too, and start faster without it.
        from timeline.store.cards import refresh
        from timeline.store.writer import Writer

        writer = Writer(self.conn)
        with self._transaction(passed_on=(sqlite3.IntegrityError,)):
            added = sum(writer.add(article, extraction) for article, extraction in items)
            refresh(self.conn, writer.actors, writer.events)
        return added

    def apply_dictionary(self, entries: Iterable[dict[str, Any]]) -> int:
        """Make the store agree with a curated actor dictionary: matching actors (by name or alias)
        are merged into one, renamed, and given the entry's kind, country and sector. Returns how
        many actors were changed. One transaction."""
        from timeline.store.curation import curate

        with self._transaction():
            return sum(curate(self.conn, entry) for entry in entries)
