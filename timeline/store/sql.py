"""Small SQL helpers, sqlite-utils style: inserts named by column from dicts, and lists of values
passed as one JSON parameter.

A positional `INSERT ... VALUES (?,?,?,...)` breaks silently when a column is added or moved; a
named one fails loudly. And a list passed as `json_each(?)` needs no statement per length and no
chunking under SQLite's limit on parameters.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Literal, TypeVar

# `column IN_LIST` with `values(...)` as its parameter: the column is one of the listed values.
IN_LIST = "IN (SELECT value FROM json_each(?))"

Row = Mapping[str, Any]


def values(items: Iterable[Any]) -> str:
    """A list of ids, keys or names as the one parameter of an `IN_LIST` condition."""
    return json.dumps(list(items))


# What an insert does with a row that breaks a uniqueness constraint: fail (None), skip it, or replace the old row.
Conflict = Literal["IGNORE", "REPLACE"] | None


@lru_cache(maxsize=None)
def insert_statement(table: str, columns: tuple[str, ...], on_conflict: Conflict = None) -> str:
    """`INSERT INTO table ("a", "b") VALUES (:a, :b)`, built once per table and column set."""
    verb = f"INSERT OR {on_conflict}" if on_conflict else "INSERT"
    names = ", ".join(f'"{c}"' for c in columns)
    return f"{verb} INTO {table} ({names}) VALUES ({', '.join(f':{c}' for c in columns)})"


def insert(conn: sqlite3.Connection, table: str, row: Row, on_conflict: Conflict = None) -> int:
    """Insert one row given as {column: value}; returns its rowid."""
    cursor = conn.execute(insert_statement(table, tuple(row), on_conflict), row)
    return int(cursor.lastrowid or 0)


def insert_all(conn: sqlite3.Connection, table: str, rows: Sequence[Row], on_conflict: Conflict = None) -> None:
    """Insert rows that all have the first row's columns."""
    if rows:
        conn.executemany(insert_statement(table, tuple(rows[0]), on_conflict), rows)


T = TypeVar("T")
# How many values `chunked` puts in one block.
BLOCK_SIZE = 500


def chunked(items: list[T], size: int = BLOCK_SIZE) -> list[list[T]]:
    """Blocks of `items`, in their order, for reads whose answer depends on the order rows arrive in.

    Earlier versions read long lists in blocks of 500 (SQLite's limit on `?` parameters); where
    the first of several equal rows wins (which of two equally busy actors a report's `top` keeps,
    which parent a path takes), reading in the same blocks keeps the same answers."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def statements(script: str) -> list[str]:
    """The statements of a schema script (none of them holds a semicolon in a string)."""
    return [statement.strip() for statement in script.split(";") if statement.strip()]
