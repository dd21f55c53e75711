"""The events the store holds, in date order, chosen by date window, type and actor."""

from __future__ import annotations

import json
from typing import Any

from timeline.query.actors import find_actor
from timeline.store import IN_LIST, Store, values


def event_filters(
    store: Store, since: str | None, until: str | None, types: list[str] | None, actor: str | None = None
) -> tuple[str, list[Any]]:
    """SQL conditions on `events ev` that choose the events a query asks for.

    Parameters
    ----------
    store : Store
        An open store (to find `actor`).
    since, until : str or None
        ISO dates: keep events whose span overlaps the window.
    types : list of str or None
        Event types (any case) to keep; None keeps every type, an empty list none.
    actor : str or None
        A name or alias of an actor that must take part.

    Returns
    -------
    tuple of (str, list)
        Conditions, each starting with " AND ", and their parameters.

    Raises
    ------
    UnknownActor
        If `actor` names no actor.

    Examples
    --------
    >>> from timeline.query import event_filters
    >>> event_filters(store, "2023-02-22", None, ["consult"])
    (' AND coalesce(ev.date_end, ev.date_start) >= ? AND ev.type IN (SELECT value FROM json_each(?))', ['2023-02-22', '["CONSULT"]'])
    >>> event_filters(store, None, None, None, actor="Lavrov")
    (' AND ev.id IN (SELECT event FROM event_actors WHERE actor = ?)', [3])
    """
    clauses: list[str] = []
    params: list[Any] = []
    if since:
        clauses.append("coalesce(ev.date_end, ev.date_start) >= ?")
        params.append(since)
    if until:
        clauses.append("ev.date_start <= ?")
        params.append(until)
    if types:
        clauses.append(f"ev.type {IN_LIST}")
        params.append(values(t.upper() for t in types))
    elif types is not None:  # an empty list (--political --type OTHER) selects nothing
        clauses.append("0")
    if actor:
        clauses.append("ev.id IN (SELECT event FROM event_actors WHERE actor = ?)")
        params.append(find_actor(store, actor).id)
    return ("".join(f" AND {c}" for c in clauses), params)


def event_cards(
    store: Store,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    types: list[str] | None = None,
) -> list[str]:
    """The chosen events in date order (undated last) as JSON objects, ready to print.

    The store keeps each event's card up to date, so a whole store's events come out without
    decoding anything.

    Parameters
    ----------
    store : Store
        An open store.
    actor, since, until, types
        Which events, as in `event_filters`.

    Returns
    -------
    list of str
        One JSON object per event, the objects `events` returns.

    Raises
    ------
    UnknownActor
        If `actor` names no actor.

    Examples
    --------
    >>> from timeline.query import event_cards
    >>> import json
    >>> [json.loads(card)["lemma"] for card in event_cards(store, actor="Wang Yi")]
    ['met', 'meet']
    """
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
    """The chosen events in date order (undated last), with their actors, status, article count
    and first reporting sentence.

    Parameters
    ----------
    store : Store
        An open store.
    actor, since, until, types
        Which events, as in `event_filters`.

    Returns
    -------
    list of dict
        Per event: id, type, mode, quad, status, lemma, confidence, articles (how many report it),
        date (value, start, end, basis), source, target and location (actor names), and the first
        report's trigger, sentence, article, title, source_name and url.

    Raises
    ------
    UnknownActor
        If `actor` names no actor.

    Examples
    --------
    >>> from timeline.query import events
    >>> first = events(store)[0]
    >>> first["type"], first["date"]["start"], first["source"], first["articles"]
    ('CONSULT', '2023-02-21', ['Nikolai Patrushev', 'Wang Yi'], 2)
    >>> [e["status"] for e in events(store, since="2023-02-22", types=["CONSULT"])]
    ['planned']
    """
    return [json.loads(card) for card in event_cards(store, actor, since, until, types)]
