"""Codes one Doc: cuts it into units and windows, finds candidates, and assembles each into an
Event (status, date, attribution, confidence), folding the reports of one act into one event."""

from __future__ import annotations

from datetime import date as Date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from timeline.extract.eventdata import Code
from timeline.extract.events.arguments import ArgumentFinder
from timeline.extract.events.candidate import Candidate
from timeline.extract.events.dating import EventDater
from timeline.extract.events.document import DocumentIndex
from timeline.extract.events.reports import tell_once
from timeline.extract.events.status import StatusReader
from timeline.extract.events.triggers import TriggerFinder
from timeline.extract.syntax import char_span, children, subtree, uniq
from timeline.types import Event, Offsets

if TYPE_CHECKING:
    from timeline.extract.events.component import EventCoder

ONE_SIDE_PENALTY = 0.1
UNDATED_PENALTY = 0.05
# Confidence stays inside these bounds whatever the penalties.
MIN_CONFIDENCE, MAX_CONFIDENCE = 0.05, 0.99
# Sentence-final punctuation: a paragraph that ends without it is a headline.
TERMINALS = frozenset('. ! ? " ” ’ \' ) …'.split())
# Where an overlong sentence may be cut into windows.
CLAUSE_BREAKS = frozenset(";:,")
# Paragraph breaks inside a parser sentence: a blank line.
PARAGRAPH_NEWLINES = 2


class DocumentEvents:
    """The events of one Doc: `run()` codes it with the component's dictionaries and settings."""

    def __init__(self, coder: EventCoder, doc: Doc) -> None:
        self.coder = coder
        self.lex = coder.lex
        self.codebook = coder.lex.codebook
        self.doc = doc
        self.index = DocumentIndex(coder.lex, doc, coder.dateline)
        self.args = ArgumentFinder(self.index)
        self.triggers = TriggerFinder(self.args, coder.predicate_coder)
        self.statuses = StatusReader(self.args)
        self.dater = EventDater(self.index)

    def run(self) -> list[Event]:
        """The Doc's events in text order: headlines after the first line and discarded sentences
        (sports, entertainment) give none, and an act told again is one event (`tell_once`)."""
        reports: list[tuple[Event, bool]] = []  # every report in text order; True for one without actors
        first = next((t.i for t in self.doc if not t.is_space), 0)
        for sent in (u for s in self.doc.sents for u in self.units(s)):
            if sent.start > first and self.is_headline(sent):
                continue
            if self.coder.discards.matches(sent.text):
                continue
            reports.extend(self.sentence_reports(sent))
        reports.sort(key=lambda r: (r[0]["trigger"]["start"], r[0]["trigger"]["end"]))
        events = tell_once(reports, self.codebook.symmetric)
        for n, event in enumerate(events, 1):
            event["id"] = f"e{n}"
        return events

    def sentence_reports(self, sent: Span) -> list[tuple[Event, bool]]:
        """The sentence's events, duplicates within it folded ("met" and "the meeting"), and the
        reports without actors that may name an act told before ("the unveiling")."""
        orphans: list[tuple[Event, bool]] = []
        kept: list[tuple[Candidate, Event]] = []
        for window in self.windows(sent):
            for cand in self.triggers.candidates(window):
                self.settle_sides(cand, sent)
                if not cand.source and not cand.target:
                    if cand.origin == "nominal" and self.anaphoric(cand):
                        orphans.append((self.event(cand, sent), True))
                    if not self.stands_unnamed(cand):
                        continue
                event = self.event(cand, sent)
                if self.refers_back(cand, event):
                    orphans.append((event, True))
                elif not self.merge(kept, cand, event):
                    kept.append((cand, event))
        return orphans + [(e, False) for _, e in kept]

    def refers_back(self, cand: Candidate, event: Event) -> bool:
        """A definite event noun with no doer and no date of its own ("a suspect in the bombings",
        "victims of the attack") names an act told before: it becomes one more report of that
        act, or nothing. One with a date in its own phrase ("last week's bombing of the academy") is
        news; the date of the clause around it ("Clinton on Saturday vowed to bring to justice those
        responsible for the bombings") is not the act's."""
        own_date = event["date"]["basis"] == "timex" and any(
            t.i in self.index.timex_tokens for t in subtree(cand.trigger))
        return cand.origin == "nominal" and cand.code.type != "OTHER" and not cand.source \
            and not own_date and self.anaphoric(cand)

    def settle_sides(self, cand: Candidate, sent: Span) -> None:
        """Final sides: each actor once, the other side of a fight, and deals between companies
        made business news (OTHER), not a political event."""
        cand.source = uniq(cand.source)
        cand.target = [a for a in uniq(cand.target) if a not in cand.source]
        if not cand.target and cand.source and cand.code.type in self.codebook.opposed:
            cand.target = self.args.opponent(cand, sent)
        if cand.code.type in self.codebook.deal_categories and not any(self.index.political(a) for a in cand.source + cand.target):
            cand.code = Code("OTHER")

    def stands_unnamed(self, cand: Candidate) -> bool:
        """A use of force, an arrest or a sanction that a clause reports is an event even when the
        text names neither side ("At least 74 were killed in Nairobi"): the act is coded and its
        actors stay unknown (victim_only). A bare event noun is not ("the war", "sanctions")."""
        return cand.code.type in self.codebook.victim_only and cand.origin != "nominal"

    def anaphoric(self, cand: Candidate) -> bool:
        """A noun phrase that names an act told before ("the unveiling", "this deal", "its launch")."""
        determiners = self.lex.arguments.anaphoric_determiners
        return any(c.lower_ in determiners for c in children(cand.trigger, "det", "poss"))

    def units(self, sent: Span) -> list[Span]:
        """The sentence cut at blank lines (the parser may glue a headline to the next paragraph),
        without a dateline ("NAIROBI, Kenya (AP) _", "WASHINGTON, August 8 (Xinhua) --"): the
        place that files a story does nothing in it."""
        out, start = [], sent.start
        for tok in sent:
            if tok.is_space and tok.text.count("\n") >= PARAGRAPH_NEWLINES:
                if tok.i > start:
                    out.append(self.doc[start:tok.i])
                start = tok.i + 1
            elif tok.idx in self.index.dateline_ends:
                start = tok.i + 1
        if sent.end > start:
            out.append(self.doc[start:sent.end])
        return [u for u in out if u.text.strip()]

    def windows(self, sent: Span) -> list[Span]:
        """The sentence, or for an overlong one consecutive pieces of at most `max_sentence_tokens`
        tokens, each cut after the last clause break (; : ,) before its limit where there is one."""
        limit = self.coder.max_sentence_tokens
        if len(sent) <= limit:
            return [sent]
        out, start = [], sent.start
        while sent.end - start > limit:
            end = start + limit
            cut = next((t.i + 1 for t in reversed(self.doc[start + limit // 2:end]) if t.text in CLAUSE_BREAKS), end)
            out.append(self.doc[start:cut])
            start = cut
        out.append(self.doc[start:sent.end])
        return out

    @staticmethod
    def is_headline(unit: Span) -> bool:
        """A paragraph without final punctuation is a headline, not a report; only the document's
        first paragraph (its own title) is coded anyway."""
        words = [t for t in unit if not t.is_space]
        return bool(words) and words[-1].text not in TERMINALS and words[-1].text[-1:] not in TERMINALS

    def confidence(self, cand: Candidate, dated: bool) -> float:
        """The component's confidence for the way the trigger was found, less for one side or no date."""
        base = self.coder.confidence.get(cand.origin, self.coder.confidence["other"])
        if not (cand.source and cand.target):
            base -= ONE_SIDE_PENALTY
        if not dated:
            base -= UNDATED_PENALTY
        return round(max(MIN_CONFIDENCE, min(MAX_CONFIDENCE, base)), 2)

    def event(self, cand: Candidate, sent: Span) -> Event:
        """The Event of a candidate: a date after publication makes it planned, and the codebook
        reads planned and conditional acts (`StatusReader.codebook_code`)."""
        status = self.statuses.status(cand, sent)
        when, dated = self.dater.date(cand, sent)
        dct = self.index.dct
        if status == "asserted" and dct and when["start"] and when["basis"] == "timex":
            if Date.fromisoformat(when["start"]) > Date.fromisoformat(dct):
                status = "planned"
        if status == "asserted" and when["timex"] and when["basis"] != "timex":
            if self.index.timex_values.get(when["timex"]) == "FUTURE_REF":
                status = "planned"
        attribution = self.statuses.attribution(cand)
        code, status = self.statuses.codebook_code(cand, status, attribution)
        threat = code.type == "THREATEN" != cand.code.type
        if not cand.source and attribution and (threat or self.index.reports_own_act(attribution, code.type, cand.target)):
            cand.source = [attribution]  # the reporter threatens, or did it (codebook reporter_acts)
        mode = code.mode
        if code.type != "OTHER" and code.type == cand.code.type:
            words = {w for t in subtree(cand.trigger) for w in (t.lower_, t.lemma_.lower())}
            words |= {t.lemma_.lower() for t in cand.clause.children} | {cand.trigger.lower_}
            mode = self.lex.keyword_mode(code.type, words) or mode  # "fired tear gas": the weapon says how
        trig = cand.trigger
        sentence: Offsets = {"start": sent.start_char, "end": sent.end_char}
        return {
            "id": "",
            "type": code.type,
            "mode": mode,
            "status": status,
            "trigger": char_span(trig),
            "lemma": cand.lemma,
            "source": cand.source,
            "target": cand.target,
            "location": cand.location,
            "attribution": attribution,
            "date": when,
            "sentence": sentence,
            "confidence": self.confidence(cand, dated),
            "quad": self.codebook.quad(code.type),
            "intensity": self.codebook.intensity(code.type, mode),
            "mentions": [{"trigger": char_span(t), "sentence": sentence} for t in [trig, *cand.also]],
        }

    @staticmethod
    def merge(kept: list[tuple[Candidate, Event]], cand: Candidate, event: Event) -> bool:
        """Fold a duplicate of an event already kept in this sentence ("met" and "the meeting")."""
        actors = set(cand.source) | set(cand.target)
        for other_cand, other in kept:
            if other["type"] != event["type"] or other["status"] != event["status"]:
                continue
            if event["type"] == "OTHER" and other["lemma"] != event["lemma"]:
                continue  # "suspended after violating": two occurrences
            other_actors = set(other["source"]) | set(other["target"])
            if cand.source and other["source"] and not set(cand.source) & set(other["source"]):
                continue
            nominal = "nominal" in (cand.origin, other_cand.origin)
            related = cand.trigger.head.i == other_cand.trigger.i or other_cand.trigger.head.i == cand.trigger.i
            if not ((related and nominal) or (actors and actors <= other_actors) or (other_actors and other_actors <= actors)):
                continue
            best, worse = (other, event) if other["confidence"] >= event["confidence"] else (event, other)
            best["source"] = uniq(best["source"] + worse["source"])
            best["target"] = [a for a in uniq(best["target"] + worse["target"]) if a not in best["source"]]
            best["location"] = best["location"] or worse["location"]
            if best is event:
                other.clear()
                other.update(event)
            return True
        return False
