"""The event graph, built from the store: a networkx MultiDiGraph with actor nodes and event edges.

An event gives one edge per actor pair it links (`types.event_links`): each source to each target,
each pair of sources of a reciprocal event ("X and Y met"), and each source to the place of any
event but an OTHER occurrence. An event with a single participant and no place stays in the store,
the timeline and the exports' event lists, but draws no edge.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from timeline.query import event_filters
from timeline.store import Store, chunked
from timeline.types import (
    ReportActor, ReportArticle, ReportData, ReportEvent, ReportMention, event_links, is_reciprocal,
)


def report_data(
    store: Store,
    title: str | None = None,
    since: str | None = None,
    until: str | None = None,
    types: list[str] | None = None,
    actor: str | None = None,
    top: int | None = None,
) -> ReportData:
    """The store, or the part of it the filters select, as the data every page and export draws.

    `top` keeps the N actors taking part in most events, and the events among them only: a place or
    an attribution outside those N is left out of its event, so the report holds at most N actors.
    Without a `title`, the title counts and dates what the report holds (`default_title`)."""
    where, params = event_filters(store, since, until, types, actor)
    events: dict[int, ReportEvent] = {}
    for row in store.rows(
        f"""SELECT id, type, mode, quad, intensity, status, lemma, date_value, date_start, date_end, date_basis,
                   confidence FROM events ev WHERE 1 = 1{where} ORDER BY date_start, id""",
        params,
    ):
        events[row["id"]] = {
            "id": f"e{row['id']}", "type": row["type"], "mode": row["mode"], "quad": row["quad"],
            "intensity": row["intensity"], "status": row["status"], "lemma": row["lemma"], "trigger": "",
            "date": {"value": row["date_value"], "start": row["date_start"], "end": row["date_end"],
                     "basis": row["date_basis"], "timex": None},
            "source": [], "target": [], "location": None, "attribution": None,
            "confidence": row["confidence"], "mentions": [], "links": [],
        }
    ids = list(events)
    involved: dict[int, int] = {}
    for chunk in chunked(ids):
        marks = ",".join("?" * len(chunk))
        for row in store.rows(f"SELECT * FROM event_actors WHERE event IN ({marks}) ORDER BY actor", chunk):
            event = events[row["event"]]
            if row["role"] == "location":
                event["location"] = f"a{row['actor']}"
            else:
                event[row["role"]].append(f"a{row['actor']}")
                involved[row["actor"]] = involved.get(row["actor"], 0) + 1
    if top:
        keep = {a for a, _ in sorted(involved.items(), key=lambda kv: -kv[1])[:top]}
        events = {
            k: e for k, e in events.items()
            if all(int(a[1:]) in keep for a in e["source"] + e["target"])
        }
        ids = list(events)
        involved = {a: n for a, n in involved.items() if a in keep}
        for event in events.values():
            if event["location"] and int(event["location"][1:]) not in keep:
                event["location"] = None
    article_keys: set[str] = set()
    for chunk in chunked(ids):
        marks = ",".join("?" * len(chunk))
        for row in store.rows(
            f"""SELECT m.event, m.article, m.trigger, m.trigger_start, m.sentence_start, m.trigger_end, m.marks,
                       m.attribution, substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence
                FROM event_mentions m JOIN articles a ON a.key = m.article
                WHERE m.event IN ({marks}) ORDER BY m.rowid""",
            chunk,
        ):
            event = events[row["event"]]
            offset = row["sentence_start"]
            mention: ReportMention = {
                "article": row["article"][:12],
                "sentence": row["sentence"],
                "trigger": [row["trigger_start"] - offset, row["trigger_end"] - offset],
                "marks": [(s, e, f"a{a}") for s, e, a in json.loads(row["marks"])],
            }
            event["mentions"].append(mention)
            event["trigger"] = event["trigger"] or row["trigger"]
            if row["attribution"] and not event["attribution"] and (not top or row["attribution"] in involved):
                event["attribution"] = f"a{row['attribution']}"
            article_keys.add(row["article"])
    actor_ids = set(involved) | {int(e["location"][1:]) for e in events.values() if e["location"]}
    actor_ids |= {int(e["attribution"][1:]) for e in events.values() if e["attribution"]}
    for event in events.values():
        event["links"] = event_links(event)
    articles = _articles(store, sorted(article_keys))
    return {
        "title": title or default_title(articles, since, until),
        "actors": _actors(store, sorted(actor_ids), involved),
        "events": list(events.values()),
        "articles": articles,
    }


def default_title(articles: dict[str, ReportArticle], since: str | None = None, until: str | None = None) -> str:
    """The title of a report holding `articles` (those that report its events): the article's own
    title when there is one, else their count and the dates shown: the --since/--until window
    when there is one (events are chosen by their dates), else the range of publication dates."""
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


def _actors(store: Store, ids: list[int], counts: dict[int, int]) -> list[ReportActor]:
    actors: list[ReportActor] = []
    for chunk in chunked(ids):
        marks = ",".join("?" * len(chunk))
        aliases: dict[int, list[str]] = {}
        for row in store.rows(f"SELECT actor, alias FROM aliases WHERE actor IN ({marks}) ORDER BY alias", chunk):
            aliases.setdefault(row["actor"], []).append(row["alias"])
        for row in store.rows(f"SELECT * FROM actors WHERE id IN ({marks})", chunk):
            actors.append({
                "id": f"a{row['id']}", "name": row["name"], "kind": row["kind"], "country": row["country"],
                "sector": row["sector"], "aliases": [a for a in aliases.get(row["id"], []) if a != row["name"]],
                "events": counts.get(row["id"], 0),
            })
    return actors


def _articles(store: Store, keys: list[str]) -> dict[str, ReportArticle]:
    articles: dict[str, ReportArticle] = {}
    for chunk in chunked(keys):
        for row in store.rows(
            f"SELECT key, id, title, source, url, published FROM articles WHERE key IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            articles[row["key"][:12]] = {
                "id": row["id"], "title": row["title"], "source": row["source"], "url": row["url"],
                "published": row["published"],
            }
    return articles


# What an edge of the graph stands for: a source acting on a target, sources acting together, or a
# source acting at a place.
LINK_TARGET, LINK_TOGETHER, LINK_PLACE = "target", "together", "place"


def build_graph(data: ReportData) -> nx.MultiDiGraph:
    """Actor nodes and event edges (one per `links` pair); attributes carry the category, the link,
    dates, status, articles and the sentence."""
    graph = nx.MultiDiGraph()
    for actor in data["actors"]:
        graph.add_node(
            actor["id"], label=actor["name"], kind=actor["kind"], country=actor["country"] or "",
            sector=actor["sector"] or "", aliases="; ".join(actor["aliases"]), events=actor["events"],
        )
    for event in data["events"]:
        for source, target in event["links"]:
            link = (LINK_TARGET if target in event["target"] else
                    LINK_TOGETHER if is_reciprocal(event) and target in event["source"] else LINK_PLACE)
            graph.add_edge(source, target, key=event["id"], link=link, **_edge_attributes(event, data))
    return graph


def article_ids(event: ReportEvent, data: ReportData) -> list[str]:
    """The user-facing ids of the articles that report an event."""
    return sorted({data["articles"][m["article"]]["id"] for m in event["mentions"] if m["article"] in data["articles"]})


def _edge_attributes(event: ReportEvent, data: ReportData) -> dict[str, Any]:
    first = event["mentions"][0] if event["mentions"] else None
    return {
        "category": event["type"], "mode": event["mode"] or "", "quad": event["quad"] or "",
        "status": event["status"], "lemma": event["lemma"],
        "date": event["date"]["value"] or "", "start": event["date"]["start"] or "",
        "end": event["date"]["end"] or event["date"]["start"] or "",
        "articles": "; ".join(article_ids(event, data)),
        "sentence": " ".join(first["sentence"].split()) if first else "",
    }
