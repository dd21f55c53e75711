"""Writing one batch of extracted articles: their rows, the store's actor for each extracted actor,
and one event row for every event however many articles report it.

Actors merge across articles by normalised name (countries by ISO3) and, when unambiguous, by
alias. An event reported by several articles (same type, or the same verb for OTHER, and actors,
dates within a day) is one event row with one `event_mentions` row for every sentence that reports it.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_left
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple

from timeline.store.identity import actor_key, event_signature, normalise
from timeline.store.sql import insert, insert_all
from timeline.types import Actor, Article, Event, Extraction, Offsets

# Which of two reports of one event states it more firmly; the merged event keeps the firmer status.
STATUS_RANK = {"asserted": 0, "negated": 1, "planned": 2, "possible": 3}
# A merged event takes a date read from the text over one that fell back on publication.
TEXT_DATE = "timex"


class StoredEvent(NamedTuple):
    """The fields of a stored event that a later report of it may improve."""

    id: int
    status: str
    confidence: float
    date_basis: str


class Writer:
    """Writes articles inside one open write transaction and remembers the actors and events it
    touched, whose cards the transaction recomputes before it commits.

    A writer lives for one batch: its actor cache starts empty in each, because another process
    writing the same store may have merged actors since the last one."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.actors: set[int] = set()
        self.events: set[int] = set()
        self._actor_ids: dict[str, int] = {}

    def add(self, article: Article, extraction: Extraction) -> bool:
        """Store an article with all its rows, unless the store holds it already; says whether it was new."""
        if self.conn.execute("SELECT 1 FROM articles WHERE key = ?", (article.key,)).fetchone():
            return False
        insert(self.conn, "articles", {
            "key": article.key, "id": article.id, "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "published_basis": article.published_basis, "source": article.source, "url": article.url,
            "path": article.path, "text": extraction["text"],
            "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        })
        local: dict[str, int] = {}
        for actor in extraction["actors"]:
            actor_id = local[actor["id"]] = self._actor(actor)
            self.actors.add(actor_id)
            insert_all(self.conn, "mentions", [
                {"article": article.key, "actor": actor_id, "start": m["start"], "end": m["end"], "text": m["text"]}
                for m in actor["mentions"]])
        index = _ArticleIndex(extraction)
        for event in extraction["events"]:
            self._event(article.key, event, local, index)
        insert_all(self.conn, "relations", [
            {"article": article.key, "source": local[r["source"]], "target": local[r["target"]], "type": r["type"],
             "role": r["role"], "sentence_start": r["sentence"]["start"], "sentence_end": r["sentence"]["end"]}
            for r in extraction["relations"] if r["source"] in local and r["target"] in local])
        return True

    def _actor(self, actor: Actor) -> int:
        """The store id of an extracted actor, creating the actor if it is new.

        Everything here depends only on the store and the actor, never on what this process saw
        before, so an interrupted and resumed ingest ends with the same actors as an uninterrupted one."""
        key = actor_key(actor)
        actor_id = self._actor_ids.get(key)
        if actor_id is None:
            actor_id = self._known_actor(key, actor)
            if actor_id is None:
                actor_id = insert(self.conn, "actors", {"norm": key, "name": actor["name"], "kind": actor["kind"],
                                                        "country": actor.get("country"), "sector": actor.get("sector")})
            self._actor_ids[key] = actor_id
        if actor.get("country") or actor.get("sector"):
            self.conn.execute(
                "UPDATE actors SET country = coalesce(country, ?), sector = coalesce(sector, ?) "
                "WHERE id = ? AND curated = 0 AND (country IS NULL OR sector IS NULL)",
                (actor.get("country"), actor.get("sector"), actor_id),
            )
        insert_all(self.conn, "aliases", [
            {"norm": normalise(n), "actor": actor_id, "alias": n}
            for n in dict.fromkeys([actor["name"], *actor["aliases"]]) if normalise(n)], on_conflict="IGNORE")
        return actor_id

    def _known_actor(self, key: str, actor: Actor) -> int | None:
        """The stored actor with this key, or the one its name resolved to before, or an actor of
        the same kind that has the name as its only alias match.

        An alias match is recorded in `resolved`, so that the same name resolves the same way later
        even after the alias becomes ambiguous: a resumed run then ends exactly like an uninterrupted one."""
        row = (self.conn.execute("SELECT id FROM actors WHERE norm = ?", (key,)).fetchone()
               or self.conn.execute("SELECT actor FROM resolved WHERE norm = ?", (key,)).fetchone())
        if row is not None:
            return int(row[0])
        rows = self.conn.execute(
            "SELECT DISTINCT a.id FROM aliases s JOIN actors a ON a.id = s.actor WHERE s.norm = ? AND a.kind = ?",
            (normalise(actor["name"]), actor["kind"]),
        ).fetchall()
        if len(rows) != 1:
            return None
        insert(self.conn, "resolved", {"norm": key, "actor": rows[0][0]})
        return int(rows[0][0])

    def _event(self, article_key: str, event: Event, local: dict[str, int], index: _ArticleIndex) -> None:
        """Store one reported event: as a new event, or as another report of a stored one."""
        sources = sorted({local[a] for a in event["source"] if a in local})
        targets = sorted({local[a] for a in event["target"] if a in local})
        place = local.get(event["location"] or "") if not sources and not targets else None
        if not sources and not targets and place is None:
            return  # an act with no actor and no place: in the article's extract only
        signature = event_signature(event["type"], event["lemma"], sources, targets, place)
        match = self._same_event(signature, event["date"]["start"])
        if match is None:
            event_id = self._new_event(signature, event, local, sources, targets)
        else:
            event_id = match.id
            self._improve(match, event)
        self.events.add(event_id)
        mentions = event.get("mentions") or [{"trigger": event["trigger"], "sentence": event["sentence"]}]
        date_text = index.timex_text.get(event["date"]["timex"] or "")
        attribution = local.get(event["attribution"] or "")
        insert_all(self.conn, "event_mentions", [
            {"event": event_id, "article": article_key, "local_id": event["id"], "status": event["status"],
             "trigger_start": mention["trigger"]["start"], "trigger_end": mention["trigger"]["end"],
             "trigger": mention["trigger"]["text"], "sentence_start": mention["sentence"]["start"],
             "sentence_end": mention["sentence"]["end"], "date_text": date_text, "attribution": attribution,
             "marks": json.dumps(index.marks(event, mention["sentence"], local)), "confidence": event["confidence"]}
            for mention in mentions])

    def _same_event(self, signature: str, day: str | None) -> StoredEvent | None:
        """The stored event with this signature dated within a day of `day`, preferring one dated by its text."""
        if not day:
            return None
        low, high = _day_window(day)
        row = self.conn.execute(
            "SELECT id, status, confidence, date_basis FROM events WHERE signature = ? AND date_start BETWEEN ? AND ? "
            "ORDER BY date_basis = ? DESC LIMIT 1",
            (signature, low, high, TEXT_DATE),
        ).fetchone()
        return StoredEvent(*row) if row else None

    def _new_event(self, signature: str, event: Event, local: dict[str, int], sources: list[int],
                   targets: list[int]) -> int:
        """Insert an event and its actors by role; returns its id."""
        event_id = insert(self.conn, "events", {
            "signature": signature, "type": event["type"], "mode": event["mode"], "quad": event["quad"],
            "intensity": event["intensity"], "status": event["status"], "lemma": event["lemma"],
            "date_value": event["date"]["value"], "date_start": event["date"]["start"],
            "date_end": event["date"]["end"], "date_basis": event["date"]["basis"], "confidence": event["confidence"],
        })
        roles = [(a, "source") for a in sources] + [(a, "target") for a in targets]
        if event["location"] in local:
            roles.append((local[event["location"]], "location"))
        insert_all(self.conn, "event_actors", [{"event": event_id, "actor": a, "role": role} for a, role in roles],
                   on_conflict="IGNORE")
        return event_id

    def _improve(self, stored: StoredEvent, event: Event) -> None:
        """What another report of a stored event adds: a date from its text, a firmer status, a higher confidence."""
        if stored.date_basis != TEXT_DATE and event["date"]["basis"] == TEXT_DATE:
            self.conn.execute(
                "UPDATE events SET date_value = ?, date_start = ?, date_end = ?, date_basis = ? WHERE id = ?",
                (event["date"]["value"], event["date"]["start"], event["date"]["end"], TEXT_DATE, stored.id),
            )
        if STATUS_RANK[event["status"]] < STATUS_RANK[stored.status]:
            self.conn.execute("UPDATE events SET status = ? WHERE id = ?", (event["status"], stored.id))
        if event["confidence"] > stored.confidence:
            self.conn.execute("UPDATE events SET confidence = ? WHERE id = ?", (event["confidence"], stored.id))


def _day_window(day: str) -> tuple[str, str]:
    """The days within one day of `day`, as ISO dates; at the calendar's ends (0001-01-01,
    9999-12-31, which a hostile publication date can produce) the window stops there."""
    point = date.fromisoformat(day)
    low = point - timedelta(days=1) if point > date.min else point
    high = point + timedelta(days=1) if point < date.max else point
    return low.isoformat(), high.isoformat()


class _ArticleIndex:
    """An extraction's actor mentions in text order and its timex texts by id, so that each event
    finds what lies in its sentence by bisection: a 1 MB article has tens of thousands of events
    and mentions, and reading every mention for every event made storing it quadratic."""

    def __init__(self, extraction: Extraction) -> None:
        self.spans: dict[str, list[tuple[int, int]]] = {
            actor["id"]: sorted((m["start"], m["end"]) for m in actor["mentions"]) for actor in extraction["actors"]}
        self.starts = {actor: [start for start, _ in spans] for actor, spans in self.spans.items()}
        self.timex_text = {timex["id"]: timex["text"] for timex in extraction["timexes"]}

    def marks(self, event: Event, sentence: Offsets, local: dict[str, int]) -> list[tuple[int, int, int]]:
        """Mentions of the event's actors inside one of its sentences, as (start, end, store actor
        id) relative to the sentence."""
        start, end = sentence["start"], sentence["end"]
        involved = {*event["source"], *event["target"], event["location"], event["attribution"]}
        marks = []
        for actor in involved:
            if actor is None or actor not in local or actor not in self.spans:
                continue
            spans = self.spans[actor]
            for first, last in spans[bisect_left(self.starts[actor], start):]:
                if first > end:
                    break
                if last <= end:
                    marks.append((first - start, last - start, local[actor]))
        return sorted(marks)
