"""Exports of the event graph for other tools: GraphML, GEXF (dynamic, for Gephi's timeline), JSON,
CSV (one row per event) and TimelineJS JSON."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

import networkx as nx

from timeline.graph import LINK_TOGETHER, article_ids, build_graph
from timeline.output import csv_text, xml_text
from timeline.types import EXPORT_FORMATS as FORMATS, ReportData


def export(data: ReportData, fmt: str) -> str:
    """A report's graph and events in a file format other tools read, as text.

    Parameters
    ----------
    data : ReportData
        A report, as `timeline.query.report_data` makes it.
    fmt : str
        One of `FORMATS`: graphml (yEd), gexf (Gephi, with dates), json, csv (one row per event)
        or timelinejs.

    Returns
    -------
    str
        The file's text.

    Raises
    ------
    ValueError
        If `fmt` is not one of `FORMATS`.

    Examples
    --------
    >>> from timeline.export import export
    >>> from timeline.query import report_data
    >>> data = report_data(store)
    >>> print(export(data, "csv").splitlines()[1])
    e1,2023-02-21,2023-02-21,2023-02-21,CONSULT,,verbal_cooperation,asserted,Wang Yi; Nikolai Patrushev,,,met,0.8,a; b,Wang Yi met Nikolai Patrushev in Moscow on Tuesday.
    >>> import json
    >>> json.loads(export(data, "timelinejs"))["events"][0]["text"]
    {'headline': 'Wang Yi, Nikolai Patrushev CONSULT', 'text': 'Wang Yi met Nikolai Patrushev in Moscow on Tuesday.<p>— Talks &lt;in&gt; Moscow &amp; Beijing</p>'}
    >>> export(data, "pdf")
    Traceback (most recent call last):
    ...
    ValueError: unknown export format 'pdf'; choose one of graphml, gexf, json, csv, timelinejs
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writer(data)


# GEXF 1.2 edge types: a source acting on a target or a place is directed; sources acting together
# ("X and Y met") are mutual, which Gephi draws both ways.
GEXF_DIRECTED, GEXF_MUTUAL = "directed", "mutual"


def _gexf(data: ReportData) -> str:
    """Dynamic GEXF 1.2: the category is each edge's label and a `category` attribute (GEXF keeps
    `type` for the edge's direction); undated edges have no interval; a node starts with its first
    dated edge."""
    graph = build_graph(data)
    graph.graph["mode"] = "dynamic"
    starts: dict[str, str] = {}
    for source, target, attributes in graph.edges(data=True):
        attributes["label"] = attributes["category"]
        attributes["type"] = GEXF_MUTUAL if attributes["link"] == LINK_TOGETHER else GEXF_DIRECTED
        if not attributes["start"]:
            del attributes["start"], attributes["end"]
            continue
        for node in (source, target):
            starts[node] = min(starts.get(node, attributes["start"]), attributes["start"])
    for node, start in starts.items():
        graph.nodes[node]["start"] = start
    return "\n".join(nx.generate_gexf(_xml_safe(graph), version="1.2draft"))


def _xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with every text attribute stripped of what XML forbids: networkx escapes markup
    but writes control characters as they are, which no XML reader accepts."""
    for attributes in [graph.graph, *(a for _, a in graph.nodes(data=True)),
                       *(a for _, _, a in graph.edges(data=True))]:
        for name, value in attributes.items():
            if isinstance(value, str):
                attributes[name] = xml_text(value)
    return graph


def _json(data: ReportData) -> dict[str, Any]:
    return {"schema": "timeline.graph/1", "title": data["title"], "actors": data["actors"],
            "events": data["events"], "articles": data["articles"]}


def _names(data: ReportData) -> dict[str, str]:
    return {a["id"]: a["name"] for a in data["actors"]}


CSV_HEADER = ["event", "date", "start", "end", "type", "mode", "quad", "status", "source", "target",
              "location", "trigger", "confidence", "articles", "sentence"]


def _csv(data: ReportData) -> str:
    names = _names(data)
    rows = []
    for event in data["events"]:
        first = event["mentions"][0] if event["mentions"] else None
        rows.append([
            event["id"], event["date"]["value"], event["date"]["start"], event["date"]["end"], event["type"],
            event["mode"], event["quad"], event["status"],
            "; ".join(names.get(a, a) for a in event["source"]), "; ".join(names.get(a, a) for a in event["target"]),
            names.get(event["location"] or "", ""), event["trigger"], event["confidence"],
            "; ".join(article_ids(event, data)),
            " ".join(first["sentence"].split()) if first else "",
        ])
    return csv_text(CSV_HEADER, rows)


def _timelinejs_date(iso: str) -> dict[str, str]:
    year, month, day = iso.split("-")
    return {"year": year, "month": month, "day": day}


def _timelinejs(data: ReportData) -> dict[str, Any]:
    """TimelineJS 3 JSON. TimelineJS renders `text` fields as HTML, so all article text is escaped."""
    names = _names(data)
    items = []
    for event in data["events"]:
        if not event["date"]["start"]:
            continue
        who = ", ".join(names.get(a, a) for a in event["source"])
        whom = ", ".join(names.get(a, a) for a in event["target"])
        first = event["mentions"][0] if event["mentions"] else None
        article = data["articles"].get(first["article"]) if first else None
        item: dict[str, Any] = {
            "start_date": _timelinejs_date(event["date"]["start"]),
            "text": {
                "headline": html.escape(f"{who} {event['type']} {whom}".strip()),
                "text": html.escape(" ".join(first["sentence"].split())) if first else "",
            },
            "group": event["type"],
        }
        if event["date"]["end"] and event["date"]["end"] != event["date"]["start"]:
            item["end_date"] = _timelinejs_date(event["date"]["end"])
        if article and article.get("title"):
            item["text"]["text"] += f"<p>— {html.escape(article['title'])}</p>"
        items.append(item)
    return {"title": {"text": {"headline": html.escape(data["title"]), "text": ""}}, "events": items}


def _graphml(data: ReportData) -> str:
    return "\n".join(nx.generate_graphml(_xml_safe(build_graph(data))))


# The export registry: one writer per name in `timeline.types.EXPORT_FORMATS` (the CLI's choices,
# kept there so that `timeline --help` does not import networkx); tests check that the two agree.
_WRITERS: dict[str, Callable[[ReportData], str]] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "json": lambda data: json.dumps(_json(data), ensure_ascii=False, indent=1),
    "csv": _csv,
    "timelinejs": lambda data: json.dumps(_timelinejs(data), ensure_ascii=False, indent=1),
}
