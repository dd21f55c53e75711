"""What can go wrong with a store file, as one-line errors the CLI turns into exit codes."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(RuntimeError):
    """The store file cannot be used (not SQLite, another program's database, newer schema,
    read-only, locked)."""


class StoreWriteError(StoreError):
    """A write failed half-way through a run (disk full, I/O error): the batches committed before
    are kept and running the same command again finishes the job."""


NOT_A_STORE = frozenset({sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT})
READ_ONLY = frozenset({sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN})
LOCKED = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
# SQLite's extended result codes carry the primary code in their low byte.
PRIMARY_CODE_MASK = 0xFF


def result_code(error: sqlite3.Error) -> int:
    """SQLite's primary result code for an error (0 when it gives none)."""
    return (getattr(error, "sqlite_errorcode", 0) or 0) & PRIMARY_CODE_MASK


def store_error(path: Path, error: sqlite3.Error) -> StoreError:
    """One line for what SQLite said, by its result code: the store is not a database, cannot be
    written, is locked, or a write failed (disk full, I/O error)."""
    code = result_code(error)
    if code in NOT_A_STORE:
        return StoreError(f"{path}: not a timeline store ({error})")
    if code in READ_ONLY:
        return StoreError(f"{path}: the store cannot be written ({error}); check the file's and its folder's "
                          "permissions, or give another --db")
    if code in LOCKED:
        return StoreError(f"{path}: the store is locked by another program ({error}); try again when it is done")
    return StoreWriteError(f"{path}: cannot write the store ({error})")
