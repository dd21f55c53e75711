"""The data types that cross stage boundaries.

Extraction results are plain JSON-ready dicts (TypedDicts) rather than objects: the extract JSON
contract is these dicts verbatim, worker processes (local or on Dask) send them back pickled with no
conversion, and the store writes them without a mapping layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, NotRequired, TypedDict

SCHEMA_ID = "timeline.extract/1"

ActorKind = Literal["person", "organization", "country", "location", "group"]
# CAMEO/PLOVER sectors (MED is media, HLH health, as in CAMEO); see eventdata.SECTORS.
Sector = Literal["GOV", "MIL", "COP", "REB", "OPP", "JUD", "LEG", "BUS", "CVL", "EDU", "MED", "HLH", "LAB", "REF",
                 "REL", "CRM", "SPY", "NGO", "IGO", "UAF", "ELI", "AGR", "ENV"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Status = Literal["asserted", "planned", "possible", "negated"]
DateBasis = Literal["timex", "publication", "unknown"]
Quad = Literal["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]

PLOVER_CATEGORIES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
OTHER = "OTHER"  # an occurrence outside the PLOVER categories, kept with its verb
EVENT_TYPES: tuple[str, ...] = PLOVER_CATEGORIES + (OTHER,)
# How many hex digits of an article's content key (`Article.key`) stand for the article: its id
# when the input gives none, and its key in a report's `articles` and in each mention.
SHORT_KEY_LENGTH = 12
# What `timeline export --format` writes (timeline.export); here so the CLI lists them without importing networkx.
EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "csv", "timelinejs")


@dataclass(frozen=True)
class Article:
    """One ingested document. `key` (content hash) is the store's identity; `id` is the user-facing one."""

    key: str
    id: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None
    published_basis: Literal["cli", "metadata", "page", "none"] = "none"
    # What reading changed or dropped (text not in UTF-8, a date that is not one), for one warning each.
    notes: tuple[str, ...] = ()


class Span(TypedDict):
    start: int
    end: int
    text: str


class Offsets(TypedDict):
    start: int
    end: int


class ActorInfo(TypedDict):
    """What an actor is, in one document or across the store."""

    id: str
    name: str
    kind: ActorKind
    country: str | None
    sector: str | None
    aliases: list[str]


class Actor(ActorInfo):
    mentions: list[Span]
    generic: NotRequired[bool]  # an unnamed group or institution ("Israeli soldiers", "the police")


class TimexAnchor(TypedDict):
    """The date a timex was counted from: the last date mentioned ("a day later": relation
    "anaphora") or the date after "after"/"before" in an anchored duration ("two days after the
    election on Nov. 5": relation "after", offset "P2D", value the date it points to)."""

    timex: str
    relation: Literal["anaphora", "after", "before"]
    offset: str | None
    value: str


class Timex(TypedDict):
    id: str
    start: int
    end: int
    text: str
    type: TimexType
    value: str
    anchor: NotRequired[TimexAnchor]


class EventDate(TypedDict):
    value: str | None
    start: str | None
    end: str | None
    basis: DateBasis
    timex: str | None


class Mention(TypedDict):
    """One report of an event: its trigger and sentence."""
    trigger: Span
    sentence: Offsets


class Event(TypedDict):
    id: str
    type: str
    mode: str | None
    status: Status
    trigger: Span
    lemma: str
    source: list[str]
    target: list[str]
    location: str | None
    attribution: str | None
    date: EventDate
    sentence: Offsets
    confidence: float
    quad: Quad | None
    intensity: float | None
    mentions: list[Mention]  # every report in the article, the first at `trigger`


def act_name(kind: str, lemma: str) -> str:
    """What two reports must share to be one act: the type, and for OTHER (which holds every
    occurrence from "resign" to "crash") the verb too. Used within an article and by the store."""
    return f"{OTHER}:{lemma}" if kind == OTHER else kind


class Relation(TypedDict):
    type: Literal["affiliation"]
    source: str
    target: str
    role: str | None
    sentence: Offsets


class DocumentInfo(TypedDict):
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None


class Extraction(TypedDict):
    schema: str
    document: DocumentInfo
    text: str
    actors: list[Actor]
    timexes: list[Timex]
    events: list[Event]
    relations: list[Relation]


class ReportActor(ActorInfo):
    """An actor node as the report and the exports see it (store-wide, merged across articles)."""

    events: int


class ReportMention(TypedDict):
    """One article's sentence reporting an event; offsets are relative to `sentence`."""

    article: str
    sentence: str
    trigger: list[int]
    marks: list[tuple[int, int, str]]


class ReportEvent(TypedDict):
    """A store event, merged over the articles that report it."""

    id: str
    type: str
    mode: str | None
    quad: Quad | None
    intensity: float | None
    status: Status
    lemma: str
    trigger: str
    date: EventDate
    source: list[str]
    target: list[str]
    location: str | None
    attribution: str | None
    confidence: float
    mentions: list[ReportMention]
    # The actor pairs the event links (`event_links`), sent with the event so the page draws the same network.
    links: list[tuple[str, str]]


def event_links(event: ReportEvent) -> list[tuple[str, str]]:
    """The actor pairs an event links, the one rule for the graph, the exports, the static layout
    and the page: each source to each target; for a reciprocal event (sources only: "X and Y met")
    each pair of sources; and each source to the event's place, except for an OTHER occurrence,
    whose place ("Airbus delivered jets in Toulouse") says where, not with whom."""
    sources, targets, place = event["source"], event["target"], event["location"]
    if targets:
        pairs = [(s, t) for s in sources for t in targets if s != t]
    else:
        pairs = [(a, b) for i, a in enumerate(sources) for b in sources[i + 1:] if a != b]
    if place and event["type"] != OTHER:
        pairs += [(s, place) for s in sources if s != place]
    return list(dict.fromkeys(pairs))


def is_reciprocal(event: ReportEvent) -> bool:
    """Sources only ("X and Y met"): the links between them have no direction."""
    return not event["target"]


class ReportArticle(TypedDict):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None


class ReportData(TypedDict):
    """Everything a rendered page shows: the input of `timeline.render`."""

    title: str
    actors: list[ReportActor]
    events: list[ReportEvent]
    articles: dict[str, ReportArticle]
