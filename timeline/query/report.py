"""The data every page and export draws: the store, or the part of it a query chooses, with each
event's actors, sentences and articles."""

from __future__ import annotations

import json
from typing import Any

from timeline.query.event_list import event_filters
from timeline.store import IN_LIST, Store, chunked, values
from timeline.types import (
    SHORT_KEY_LENGTH, ReportActor, ReportArticle, ReportData, ReportEvent, ReportMention, event_links,
)

# Report ids: an actor's is "a" and its store id, an event's "e" and its store id.
ACTOR_PREFIX, EVENT_PREFIX = "a", "e"


def report_data(
    store: Store,
    title: str | None = None,
    since: str | None = None,
    until: str | None = None,
    types: list[str] | None = None,
    actor: str | None = None,
    top: int | None = None,
) -> ReportData:
    """The store, or the part of it the filters choose, as the data every page and export draws.

    Parameters
    ----------
    store : Store
        An open store.
    title : str or None
        The report's title; by default `default_title` counts and dates what the report holds.
    since, until, types, actor
        Which events, as in `event_filters`.
    top : int or None
        Keep the N actors taking part in most events, and the events among them only: a place or
        an attribution outside those N is left out of its event, so the report holds at most N actors.

    Returns
    -------
    ReportData
        The title, the actors ("a1" …), the events in date order ("e1" …) with their mentions and
        linked actor pairs, and the articles that report them by short key.

    Raises
    ------
    UnknownActor
        If `actor` names no actor.

    Examples
    --------
    >>> from timeline.query import report_data
    >>> data = report_data(store)
    >>> data["title"], [a["name"] for a in data["actors"]]
    ('3 articles, 2023-02-22 … 2023-02-25', ['Wang Yi', 'Nikolai Patrushev', 'Sergey Lavrov', 'Airbus'])
    >>> [(e["id"], e["source"], e["target"], e["links"]) for e in data["events"][:2]]
    [('e1', ['a1', 'a2'], [], [('a1', 'a2')]), ('e2', ['a1'], ['a3'], [('a1', 'a3')])]
    >>> [a["name"] for a in report_data(store, top=2)["actors"]]
    ['Wang Yi', 'Nikolai Patrushev']
    """
    where, params = event_filters(store, since, until, types, actor)
    events = _events(store, where, params)
    involved = _add_roles(store, events)
    if top:
        events, involved = _top(events, involved, top)
    article_keys = _add_mentions(store, events, involved if top else None)
    for event in events.values():
        event["links"] = event_links(event)
    articles = _articles(store, sorted(article_keys))
    return {
        "title": title or default_title(articles, since, until),
        "actors": _actors(store, events, involved),
        "events": list(events.values()),
        "articles": articles,
    }


def _store_id(report_id: str) -> int:
    """The store id in a report id ("a12" → 12)."""
    return int(report_id[1:])


def _events(store: Store, where: str, params: list[Any]) -> dict[int, ReportEvent]:
    """The chosen events by store id, in date order, without their actors and mentions yet."""
    return {
        row["id"]: {
            "id": f"{EVENT_PREFIX}{row['id']}", "type": row["type"], "mode": row["mode"], "quad": row["quad"],
            "intensity": row["intensity"], "status": row["status"], "lemma": row["lemma"], "trigger": "",
            "date": {"value": row["date_value"], "start": row["date_start"], "end": row["date_end"],
                     "basis": row["date_basis"], "timex": None},
            "source": [], "target": [], "location": None, "attribution": None,
            "confidence": row["confidence"], "mentions": [], "links": [],
        }
        for row in store.rows(
            f"""SELECT id, type, mode, quad, intensity, status, lemma, date_value, date_start, date_end, date_basis,
                       confidence FROM events ev WHERE 1 = 1{where} ORDER BY date_start, id""",
            params,
        )
    }


def _add_roles(store: Store, events: dict[int, ReportEvent]) -> dict[int, int]:
    """Fill in each event's sources, targets and place; returns how many events each source or
    target takes part in, in the order the actors are first read (`top` keeps the first of equals)."""
    involved: dict[int, int] = {}
    for block in chunked(list(events)):
        for row in store.rows(f"SELECT * FROM event_actors WHERE event {IN_LIST} ORDER BY actor", (values(block),)):
            event = events[row["event"]]
            if row["role"] == "location":
                event["location"] = f"{ACTOR_PREFIX}{row['actor']}"
            else:
                event[row["role"]].append(f"{ACTOR_PREFIX}{row['actor']}")
                involved[row["actor"]] = involved.get(row["actor"], 0) + 1
    return involved


def _top(events: dict[int, ReportEvent], involved: dict[int, int],
         top: int) -> tuple[dict[int, ReportEvent], dict[int, int]]:
    """The events among the `top` busiest actors, without places outside them, and those actors' counts."""
    keep = {a for a, _ in sorted(involved.items(), key=lambda kv: -kv[1])[:top]}
    kept = {k: e for k, e in events.items() if all(_store_id(a) in keep for a in e["source"] + e["target"])}
    for event in kept.values():
        if event["location"] and _store_id(event["location"]) not in keep:
            event["location"] = None
    return kept, {a: n for a, n in involved.items() if a in keep}


def _add_mentions(store: Store, events: dict[int, ReportEvent], kept: dict[int, int] | None) -> set[str]:
    """Fill in each event's mentions, trigger and attribution (the first one, if the actor is
    among `kept` when `top` chose actors); returns the keys of the articles that report them."""
    article_keys: set[str] = set()
    for row in store.rows(
        f"""SELECT m.event, m.article, m.trigger, m.trigger_start, m.sentence_start, m.trigger_end, m.marks,
                   m.attribution, substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence
            FROM event_mentions m JOIN articles a ON a.key = m.article
            WHERE m.event {IN_LIST} ORDER BY m.rowid""",
        (values(events),),
    ):
        event = events[row["event"]]
        offset = row["sentence_start"]
        mention: ReportMention = {
            "article": row["article"][:SHORT_KEY_LENGTH],
            "sentence": row["sentence"],
            "trigger": [row["trigger_start"] - offset, row["trigger_end"] - offset],
            "marks": [(s, e, f"{ACTOR_PREFIX}{a}") for s, e, a in json.loads(row["marks"])],
        }
        event["mentions"].append(mention)
        event["trigger"] = event["trigger"] or row["trigger"]
        if row["attribution"] and not event["attribution"] and (kept is None or row["attribution"] in kept):
            event["attribution"] = f"{ACTOR_PREFIX}{row['attribution']}"
        article_keys.add(row["article"])
    return article_keys


def default_title(articles: dict[str, ReportArticle], since: str | None = None, until: str | None = None) -> str:
    """The title of a report holding `articles` (those that report its events).

    The article's own title when there is one, else their count and the dates shown: the
    --since/--until window when there is one (events are chosen by their dates), else the range
    of publication dates.

    Parameters
    ----------
    articles : dict
        A report's articles, as `report_data` returns them.
    since, until : str or None
        The window the report's events were chosen by.

    Returns
    -------
    str

    Examples
    --------
    >>> from timeline.query import default_title
    >>> one = {"id": "a", "title": "Talks", "source": None, "url": None, "published": "2023-02-22"}
    >>> default_title({"k1": one})
    'Talks'
    >>> default_title({"k1": one, "k2": {**one, "published": "2023-02-24"}})
    '2 articles, 2023-02-22 … 2023-02-24'
    >>> default_title({"k1": one, "k2": one}, since="2023-02-01")
    '2 articles, events from 2023-02-01'
    """
    if len(articles) == 1:
        only = next(iter(articles.values()))
        if only["title"]:
            return only["title"]
    counted = f"{len(articles):,} article{'' if len(articles) == 1 else 's'}"
    if since and until:
        return f"{counted}, events {since} … {until}"
    if since or until:
        return f"{counted}, events {'from ' + since if since else 'until ' + str(until)}"
    published = sorted(a["published"] for a in articles.values() if a["published"])
    first, last = (published[0], published[-1]) if published else (None, None)
    dates = f", {first} … {last}" if first and first != last else f", {first}" if first else ""
    return counted + dates


def _actors(store: Store, events: dict[int, ReportEvent], counts: dict[int, int]) -> list[ReportActor]:
    """The events' actors (sources and targets, counted in `counts`, places and attributions) by
    store id, with their other names and how many of the events they take part in."""
    ids = set(counts) | {_store_id(e["location"]) for e in events.values() if e["location"]}
    ids |= {_store_id(e["attribution"]) for e in events.values() if e["attribution"]}
    listed = values(sorted(ids))
    aliases: dict[int, list[str]] = {}
    for row in store.rows(f"SELECT actor, alias FROM aliases WHERE actor {IN_LIST} ORDER BY alias", (listed,)):
        aliases.setdefault(row["actor"], []).append(row["alias"])
    return [
        {"id": f"{ACTOR_PREFIX}{row['id']}", "name": row["name"], "kind": row["kind"], "country": row["country"],
         "sector": row["sector"], "aliases": [a for a in aliases.get(row["id"], []) if a != row["name"]],
         "events": counts.get(row["id"], 0)}
        for row in store.rows(f"SELECT * FROM actors WHERE id {IN_LIST} ORDER BY id", (listed,))
    ]


def _articles(store: Store, keys: list[str]) -> dict[str, ReportArticle]:
    """The report's articles by short key, in key order."""
    return {
        row["key"][:SHORT_KEY_LENGTH]: {
            "id": row["id"], "title": row["title"], "source": row["source"], "url": row["url"],
            "published": row["published"],
        }
        for row in store.rows(
            f"SELECT key, id, title, source, url, published FROM articles WHERE key {IN_LIST} ORDER BY key",
            (values(keys),),
        )
    }
