"""One event per act in an article (issue 12): later reports of an act told before become more
mentions of it. Also used when a long text was coded in pieces (`pipeline.merge_chunks`)."""

from __future__ import annotations

from timeline.extract.events.dating import days_between
from timeline.extract.syntax import uniq
from timeline.types import Event, EventDate, act_name


def tell_once(reports: list[tuple[Event, bool]], symmetric: frozenset[str]) -> list[Event]:
    """One event per act in an article (issue 12): a report of the same act as an earlier one
    (same type, or the same verb for OTHER; same status; dates that can agree; participants that
    one report holds all of, or none for "the unveiling") becomes one more mention of it."""
    told: list[Event] = []
    for event, orphan in reports:
        same = [e for e in told if _same_act(e, event, orphan, symmetric)]
        if same:
            _fold(same[-1], event)
        elif not orphan:
            told.append(event)
    return told


def _same_act(first: Event, later: Event, orphan: bool, symmetric: frozenset[str]) -> bool:
    if act_name(first["type"], first["lemma"]) != act_name(later["type"], later["lemma"]) \
            or first["status"] != later["status"]:
        return False
    if first["mode"] and later["mode"] and first["mode"] != later["mode"]:
        return False
    a, b = first["date"], later["date"]
    if a["basis"] == b["basis"] == "timex" and a["start"] and b["start"] and a["end"] and b["end"] \
            and (a["end"] < b["start"] or b["end"] < a["start"]):
        return False
    if orphan:
        return True
    ours, theirs = set(first["source"]) | set(first["target"]), set(later["source"]) | set(later["target"])
    if not (ours & theirs and (ours <= theirs or theirs <= ours)):
        return False
    if first["type"] not in symmetric and first["source"] and later["source"] \
            and not set(first["source"]) & set(later["source"]):
        return False  # X attacked Y, Y attacked X: two acts
    return True


def _fold(event: Event, later: Event) -> None:
    """Add a later report to an event: its mentions, any new participants, and a better date."""
    event["mentions"].extend(later["mentions"])
    event["source"] = uniq(event["source"] + later["source"])
    event["target"] = [a for a in uniq(event["target"] + later["target"]) if a not in event["source"]]
    event["location"] = event["location"] or later["location"]
    event["attribution"] = event["attribution"] or later["attribution"]
    ours, theirs = event["date"], later["date"]
    if theirs["basis"] == "timex" and (ours["basis"] != "timex" or _width(theirs) < _width(ours)):
        event["date"] = theirs
    event["confidence"] = max(event["confidence"], later["confidence"])


def _width(when: EventDate) -> int:
    return days_between(when["start"], when["end"])
