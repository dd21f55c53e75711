"""What the store holds as a whole: row counts, its integrity, and which articles it has."""

from __future__ import annotations

from collections.abc import Iterable

from timeline.store import IN_LIST, Store, values

# The tables whose sizes an ingest reports.
COUNTED_TABLES = ("articles", "actors", "events", "event_mentions", "mentions", "relations")


def counts(store: Store) -> dict[str, int]:
    """How many rows each of the main tables holds.

    Parameters
    ----------
    store : Store
        An open store.

    Returns
    -------
    dict of str to int
        Rows per table: articles, actors, events, event_mentions, mentions, relations.

    Examples
    --------
    >>> from timeline.query import counts
    >>> counts(store)
    {'articles': 3, 'actors': 4, 'events': 3, 'event_mentions': 4, 'mentions': 7, 'relations': 0}
    """
    return {t: next(store.rows(f"SELECT count(*) FROM {t}"))[0] for t in COUNTED_TABLES}


def integrity(store: Store) -> str:
    """SQLite's integrity check of the store file.

    Parameters
    ----------
    store : Store
        An open store.

    Returns
    -------
    str
        "ok", or the first problem SQLite found.

    Examples
    --------
    >>> from timeline.query import integrity
    >>> integrity(store)
    'ok'
    """
    return str(next(store.rows("PRAGMA integrity_check"))[0])


def known(store: Store, keys: Iterable[str]) -> set[str]:
    """The article keys among `keys` that are stored already.

    Parameters
    ----------
    store : Store
        An open store.
    keys : iterable of str
        Content keys (`Article.key`).

    Returns
    -------
    set of str

    Examples
    --------
    >>> from timeline.query import known
    >>> stored = next(store.rows("SELECT key FROM articles ORDER BY key"))["key"]
    >>> known(store, [stored, "0" * 64]) == {stored}
    True
    """
    return {row[0] for row in store.rows(f"SELECT key FROM articles WHERE key {IN_LIST}", (values(keys),))}
