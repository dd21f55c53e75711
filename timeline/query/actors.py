"""Which actor a name means, and the actors the store holds."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from timeline.store import Store, normalise
from timeline.store.cards import ACTOR_FIELDS

# How many close names the error for an unknown actor suggests, and how close they must be
# (difflib's ratio).
SUGGESTIONS = 5
SUGGESTION_CUTOFF = 0.6


class UnknownActor(LookupError):
    """No actor matches a name; carries the closest names for the message."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"no actor named {name!r}{hint}")
        self.suggestions = suggestions


@dataclass(frozen=True)
class ActorRef:
    """The actor a name found, and the names of the other actors it also matched."""

    id: int
    name: str
    others: tuple[str, ...] = ()


def find_actor(store: Store, name: str) -> ActorRef:
    """The actor a user means by `name`.

    A name or alias equal to `name` wins, else one containing it as whole words, case-insensitively.
    Among several matches the busiest wins (most events, then articles), so "U.S." finds the country
    that every article names rather than a stray "U.S" that the parser took for a place.

    Parameters
    ----------
    store : Store
        An open store.
    name : str
        A name or alias as the user typed it.

    Returns
    -------
    ActorRef
        The actor's id and name, and in `others` the names of the other actors that matched.

    Raises
    ------
    UnknownActor
        If no actor matches; the message names the closest actors.

    Examples
    --------
    >>> from timeline.query import find_actor
    >>> find_actor(store, "patrushev").name
    'Nikolai Patrushev'
    >>> find_actor(store, "Patrushyev")
    Traceback (most recent call last):
    ...
    timeline.query.actors.UnknownActor: no actor named 'Patrushyev'; closest: Patrushev, Nikolai Patrushev
    """
    key = normalise(name)
    rows = list(store.rows(
        """SELECT id, name FROM actors
           WHERE norm = ? OR norm = 'country:' || upper(?) OR id IN (SELECT actor FROM aliases WHERE norm = ?)
           ORDER BY events DESC, articles DESC, norm = ? DESC, id""",
        (key, key, key, key),
    ))
    if not rows:
        rows = list(store.rows(
            """SELECT id, name FROM actors
               WHERE norm LIKE '% ' || ? OR norm LIKE ? || ' %'
                  OR id IN (SELECT actor FROM aliases WHERE norm LIKE '% ' || ? OR norm LIKE ? || ' %')
               ORDER BY events DESC, articles DESC, id""",
            (key, key, key, key),
        ))
    if not rows:
        raise UnknownActor(name, _closest(store, key))
    return ActorRef(rows[0]["id"], rows[0]["name"], tuple(r["name"] for r in rows[1:]))


def _closest(store: Store, key: str) -> list[str]:
    """The stored names closest to a normalised name that matched none, for the error message."""
    names = [r[0] for r in store.rows("SELECT DISTINCT alias FROM aliases")]
    by_norm = {normalise(n): n for n in names}
    close = difflib.get_close_matches(key, list(by_norm), n=SUGGESTIONS, cutoff=SUGGESTION_CUTOFF)
    if not close:
        close = [k for k in by_norm if key and key in k][:SUGGESTIONS]
    return [by_norm[c] for c in close]


def actor_cards(store: Store) -> list[str]:
    """Every actor, busiest first, as a JSON object ready to print.

    The store keeps the cards up to date, so the whole list comes out without decoding anything.

    Parameters
    ----------
    store : Store
        An open store.

    Returns
    -------
    list of str
        One JSON object per actor: id, name, kind, country, sector, event and article counts, aliases.

    Examples
    --------
    >>> from timeline.query import actor_cards
    >>> actor_cards(store)[0]
    '{"id": 1, "name": "Wang Yi", "kind": "person", "country": null, "sector": null, "events": 2, "articles": 2, "aliases": ["Wang"]}'
    """
    return [row[0] for row in store.rows("SELECT card FROM actors ORDER BY events DESC, articles DESC, name")]


def list_actors(store: Store, aliases: bool = True) -> list[dict[str, Any]]:
    """Every actor with its kind, country, sector, and event and article counts, busiest first.

    Parameters
    ----------
    store : Store
        An open store.
    aliases : bool, default True
        Include each actor's other names; leaving them out is quicker on a large store.

    Returns
    -------
    list of dict
        Per actor: id, name, kind, country, sector, events, articles and (with `aliases`) aliases.

    Examples
    --------
    >>> from timeline.query import list_actors
    >>> [(a["name"], a["events"], a["articles"]) for a in list_actors(store, aliases=False)]
    [('Wang Yi', 2, 2), ('Nikolai Patrushev', 1, 2), ('Airbus', 1, 1), ('Sergey Lavrov', 1, 1)]
    >>> list_actors(store)[1]["aliases"]
    ['Patrushev']
    """
    if aliases:
        return [json.loads(card) for card in actor_cards(store)]
    return [
        dict(zip(ACTOR_FIELDS, row))
        for row in store.rows(f"SELECT {', '.join(ACTOR_FIELDS)} FROM actors ORDER BY events DESC, articles DESC, name")
    ]
