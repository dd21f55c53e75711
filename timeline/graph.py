"""The event graph of a report (`timeline.query.report_data`): a networkx MultiDiGraph with actor
nodes and event edges.

An event gives one edge per actor pair it links (`types.event_links`): each source to each target,
each pair of sources of a reciprocal event ("X and Y met"), and each source to the place of any
event but an OTHER occurrence. An event with a single participant and no place stays in the store,
the timeline and the exports' event lists, but draws no edge.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from timeline.types import ReportData, ReportEvent, is_reciprocal


# What an edge of the graph stands for: a source acting on a target, sources acting together, or a
# source acting at a place.
LINK_TARGET, LINK_TOGETHER, LINK_PLACE = "target", "together", "place"


def build_graph(data: ReportData) -> nx.MultiDiGraph:
    """The report's actors as nodes and its events as edges, one per actor pair an event links.

    Parameters
    ----------
    data : ReportData
        A report, as `timeline.query.report_data` makes it.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by actor id, with label, kind, country, sector, aliases and event count; edges
        keyed by event id, with the link (target, together or place), category, mode, quad, status,
        verb, dates, articles and the first sentence.

    Examples
    --------
    >>> from timeline.graph import build_graph
    >>> from timeline.query import report_data
    >>> graph = build_graph(report_data(store))
    >>> graph.number_of_nodes(), graph.number_of_edges()
    (4, 2)
    >>> [(s, t, key, a["link"], a["category"]) for s, t, key, a in graph.edges(keys=True, data=True)]
    [('a1', 'a2', 'e1', 'together', 'CONSULT'), ('a1', 'a3', 'e2', 'target', 'CONSULT')]
    """
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
    """The user-facing ids of the articles that report an event.

    Parameters
    ----------
    event : ReportEvent
        One of the report's events.
    data : ReportData
        The report, whose `articles` map each mention's short key to its article.

    Returns
    -------
    list of str
        The articles' ids, sorted.

    Examples
    --------
    >>> from timeline.graph import article_ids
    >>> from timeline.query import report_data
    >>> data = report_data(store)
    >>> article_ids(data["events"][0], data)
    ['a', 'b']
    """
    return sorted({data["articles"][m["article"]]["id"] for m in event["mentions"] if m["article"] in data["articles"]})


def _edge_attributes(event: ReportEvent, data: ReportData) -> dict[str, Any]:
    """An event's edge attributes, as text (GraphML and GEXF have no null)."""
    first = event["mentions"][0] if event["mentions"] else None
    return {
        "category": event["type"], "mode": event["mode"] or "", "quad": event["quad"] or "",
        "status": event["status"], "lemma": event["lemma"],
        "date": event["date"]["value"] or "", "start": event["date"]["start"] or "",
        "end": event["date"]["end"] or event["date"]["start"] or "",
        "articles": "; ".join(article_ids(event, data)),
        "sentence": " ".join(first["sentence"].split()) if first else "",
    }
