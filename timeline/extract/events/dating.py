"""When an event happened: the time expression that governs its trigger, else the publication date.

Among the candidates, resolved values beat unresolved ones, then the finest granularity
("Yesterday" over "this year's conference"), then the nearest to the trigger. A timex in a clause
that bounds the event ("before the talks", "since X launched ... a year ago") does not date it.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date as Date

from spacy.tokens import Span, Token

from timeline.dates import plausible_event_date, value_span
from timeline.extract.events.candidate import Candidate
from timeline.extract.events.document import DocumentIndex
from timeline.extract.syntax import ancestors, children
from timeline.types import EventDate, Timex

# The width, in days, of a date with an open end: wider than any real one.
UNBOUNDED_DAYS = 1 << 30

Rank = tuple[bool, int, int]


def days_between(start: str | None, end: str | None) -> int:
    """The width of an ISO date range in days; UNBOUNDED_DAYS when an end is open."""
    if not start or not end:
        return UNBOUNDED_DAYS
    return (Date.fromisoformat(end) - Date.fromisoformat(start)).days


def _resolved(value: str) -> bool:
    """A value that places the event on the calendar (not "XXXX-02", "PAST_REF")."""
    return "X" not in value and not value.endswith("_REF") and value_span(value)[0] is not None


def _dating_value(timex: Timex) -> str | None:
    """The value a timex dates an event by: its own for dates and times, the date it points to for
    an anchored duration ("two days after the election on Nov. 5"), none for other durations and sets."""
    if timex["type"] in ("DATE", "TIME"):
        return timex["value"]
    anchor = timex.get("anchor")
    if timex["type"] == "DURATION" and anchor and anchor["relation"] in ("after", "before"):
        return anchor["value"]
    return None


class EventDater:
    """Dates the candidates of one Doc from its time expressions."""

    def __init__(self, index: DocumentIndex) -> None:
        self.index = index
        self.lex = index.lex
        self.bounding = index.lex.arguments.bounding

    def anchor(self, tok: Token, stop: Token) -> tuple[Token, bool]:
        """Walk from a timex up to its governing predicate; True when the path bounds rather than dates."""
        bounding = self.bounding
        bounded = False
        node = tok
        for head in ancestors(tok):
            if node.i == stop.i:
                break
            if node.lower_ in bounding or (node.i != tok.i and any(c.lower_ in bounding for c in children(node, "mark"))):
                bounded = True
            node = head
            if node.pos_ in ("VERB", "AUX") or node.lemma_.lower() in self.lex.nouns:
                if node.lower_ in bounding:
                    bounded = True
                break
        return node, bounded

    def crosses_boundary(self, tok: Token) -> bool:
        """True when a timex sits in a clause that bounds another ("since X launched ... a year ago")."""
        for node in [tok, *ancestors(tok)]:
            if node.lower_ in self.bounding or any(c.lower_ in self.bounding for c in children(node, "mark")):
                return True
        return False

    def ranked_timexes(self, cand: Candidate, sent: Span) -> tuple[list[tuple[Rank, Timex]], list[tuple[Rank, Timex]]]:
        """The sentence's timexes that may date the event, ranked: those on the trigger or its
        clause (own), and the others outside a bounding clause (near)."""
        own: list[tuple[Rank, Timex]] = []
        near: list[tuple[Rank, Timex]] = []
        governors = {cand.trigger.i, cand.clause.i}
        starts = self.index.timex_starts
        for timex, span in self.index.timexes[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]:
            if span.end > sent.end or (value := _dating_value(timex)) is None:
                continue
            root = span.root
            head, bounded = self.anchor(root, cand.trigger)
            if bounded and value == timex["value"]:  # an anchored duration's "after" is its own
                continue
            start, end = value_span(value)
            rank = (not _resolved(value), days_between(start, end), abs(root.i - cand.trigger.i))
            if head.i in governors:
                own.append((rank, timex))
            elif not self.crosses_boundary(root):
                near.append((rank, timex))
        anchors = {t["anchor"]["timex"] for _, t in own + near if t["type"] == "DURATION" and "anchor" in t}
        own = [c for c in own if c[1]["id"] not in anchors]  # "two days after ... Nov. 5": not Nov. 5
        near = [c for c in near if c[1]["id"] not in anchors]
        return own, near

    def date(self, cand: Candidate, sent: Span) -> tuple[EventDate, bool]:
        """The event date and whether it was chosen from a time expression."""
        own, near = self.ranked_timexes(cand, sent)
        chosen = min(own or near, key=lambda ranked: ranked[0])[1] if own or near else None
        if chosen is not None:
            value = _dating_value(chosen) or ""
            start, end = value_span(value)
            before = self.index.text[sent.start_char:chosen["start"]]
            if start is not None and end is not None and _resolved(value) \
                    and plausible_event_date(value, self.index.dct, chosen["text"], before).ok:
                return {"value": value, "start": start, "end": end, "basis": "timex", "timex": chosen["id"]}, True
        dct = self.index.dct
        timex_id = chosen["id"] if chosen else None
        if dct is None:
            return {"value": None, "start": None, "end": None, "basis": "unknown", "timex": timex_id}, False
        return {"value": dct, "start": dct, "end": dct, "basis": "publication", "timex": timex_id}, False
