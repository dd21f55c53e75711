"""Calendar arithmetic on TIMEX3 values, shared by the temporal tagger, the event stage and the CLI.

No spaCy here: query commands parse their --since/--until bounds with this module and must start
fast. A calendar *point* is a granularity and the first day of the period it names: ("Q", 2023-10-01)
is 2023-Q4. Periods move with `dateutil.relativedelta`, so month ends, leap years and nth weekdays
("the fourth Thursday of November") come from a well-kept library instead of hand-written loops.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import MO, TU, WE, TH, FR, SA, SU, relativedelta

Point = tuple[str, date]

# Granularities, coarse to fine: century, decade, year, half, quarter, season, month, week,
# weekend, day. A finer one can be read off a coarser anchor, not the other way round.
GRAN_RANK: dict[str, int] = {"CE": 0, "DE": 1, "Y": 2, "H": 3, "Q": 4, "S": 5, "M": 6, "W": 7, "WE": 7, "D": 8}
# How far one step of each TIMEX3 unit moves a point (FN fortnight, HY half-year / semester).
UNIT_STEP: dict[str, relativedelta] = {
    "D": relativedelta(days=1), "W": relativedelta(weeks=1), "WE": relativedelta(weeks=1),
    "FN": relativedelta(weeks=2), "M": relativedelta(months=1), "Q": relativedelta(months=3),
    "HY": relativedelta(months=6), "H": relativedelta(months=6), "S": relativedelta(years=1),
    "Y": relativedelta(years=1), "DE": relativedelta(years=10), "CE": relativedelta(years=100),
}
UNDERSPECIFIED: dict[str, str] = {
    "CE": "XX", "DE": "XXX", "Y": "XXXX", "H": "XXXX-HX", "Q": "XXXX-QX", "S": "XXXX-XX",
    "M": "XXXX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "D": "XXXX-XX-XX",
}
SEASON_START: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
WEEKDAY_CODES: dict[str, int] = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_SEASON_CODE = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


def truncate(gran: str, d: date) -> date:
    """The first day of the period of granularity `gran` that contains `d`."""
    if gran == "D":
        return d
    if gran in ("W", "WE"):
        return d + relativedelta(weekday=MO(-1))
    if gran == "M":
        return d.replace(day=1)
    if gran == "Q":
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    if gran == "H":
        return date(d.year, 1 if d.month <= 6 else 7, 1)
    if gran == "S":  # meteorological seasons; winter starts in the December before
        return date(d.year - 1, 12, 1) if d.month <= 2 else date(d.year, d.month // 3 * 3, 1)
    if gran == "DE":
        return date(d.year // 10 * 10 or 1, 1, 1)
    if gran == "CE":
        return date(d.year // 100 * 100 or 1, 1, 1)
    return date(d.year, 1, 1)


def shift(point: Point, n: int, unit: str) -> Point:
    """Move a calendar point by n units of `unit`, keeping its granularity (at the calendar's edge: stay)."""
    gran, d = point
    try:
        moved = d + UNIT_STEP.get(unit, UNIT_STEP["D"]) * n
    except (OverflowError, ValueError):
        return point
    return gran, truncate(gran, moved)


def fmt(point: Point) -> str:
    """The TIMEX3 value of a calendar point: 2023-02-21, 2023-02, 2023-W08, 2023-Q4, 2023-SU, 199, 19."""
    gran, d = point
    if gran == "D":
        return d.isoformat()
    if gran == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if gran in ("W", "WE"):
        year, week, _ = d.isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if gran == "WE" else "")
    if gran == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if gran == "H":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if gran == "S":
        return f"{d.year:04d}-{_SEASON_CODE[d.month]}"
    if gran == "DE":
        return f"{d.year // 10:03d}"
    if gran == "CE":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


_VALUE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|W(?P<w>\d{1,2})(?:-(?P<wd>WE|[1-7]))?|Q(?P<q>[1-4])|"
    r"H(?P<h>[12])|(?P<s>SP|SU|FA|WI)))?(?:T.*)?$|^(?P<dec>\d{3})$|^(?P<cen>\d{2})$"
)


def parse_value(value: str | None) -> Point | None:
    """The calendar point a TIMEX3 value names (a time of day counts as its day); None when it has none."""
    m = _VALUE.match(value or "")
    if not m:
        return None
    try:
        if m["dec"]:
            return "DE", date(max(int(m["dec"]) * 10, 1), 1, 1)
        if m["cen"]:
            return "CE", date(max(int(m["cen"]) * 100, 1), 1, 1)
        y = int(m["y"])
        if m["d"]:
            return "D", date(y, int(m["m"]), int(m["d"]))
        if m["m"]:
            return "M", date(y, int(m["m"]), 1)
        if m["w"]:
            monday = date.fromisocalendar(y, int(m["w"]), 1)
            if m["wd"] == "WE":
                return "WE", monday
            if m["wd"]:
                return "D", monday + timedelta(days=int(m["wd"]) - 1)
            return "W", monday
        if m["q"]:
            return "Q", date(y, 3 * int(m["q"]) - 2, 1)
        if m["h"]:
            return "H", date(y, 1 if m["h"] == "1" else 7, 1)
        if m["s"]:
            return "S", date(y, SEASON_START[m["s"]], 1)
        return "Y", date(y, 1, 1)
    except ValueError:
        return None


def granularity(value: str | None) -> str | None:
    """The granularity of a TIMEX3 value ("D" for 2023-02-21T14:30); None for durations, sets, *_REF."""
    point = parse_value(value)
    return point[0] if point else None


_PERIOD_LENGTH: dict[str, relativedelta] = {
    "CE": relativedelta(years=100), "DE": relativedelta(years=10), "Y": relativedelta(years=1),
    "H": relativedelta(months=6), "Q": relativedelta(months=3), "S": relativedelta(months=3),
    "M": relativedelta(months=1), "W": relativedelta(weeks=1), "D": relativedelta(days=1),
}


def value_span(value: str | None) -> tuple[str | None, str | None]:
    """The inclusive calendar span (ISO dates) a TIMEX3 value covers; (None, None) when it has none.

    Events carry this span so that a graph can place "2022" across the whole year instead of on
    its first day; durations, sets and PAST_REF-style values have no place on the calendar.
    """
    point = parse_value(value)
    if point is None:
        return None, None
    gran, first = point
    if gran == "WE":
        first += timedelta(days=5)
        return first.isoformat(), (first + timedelta(days=1)).isoformat()
    last = first + _PERIOD_LENGTH[gran] - timedelta(days=1)
    return first.isoformat(), last.isoformat()


def parse_date(value: str) -> date:
    """An ISO calendar date (YYYY-MM-DD); ValueError otherwise."""
    return date.fromisoformat(value)


def parse_bound(value: str, end: bool) -> date:
    """A date bound given as YYYY, YYYY-MM or YYYY-MM-DD: its first day, or its last when `end`.

    ValueError for anything else, so that the CLI can refuse it with a usage error.
    """
    if not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value):
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    point = parse_value(value)
    if point is None:
        raise ValueError(f"{value!r} is not a calendar date")
    first, last = value_span(value)
    return date.fromisoformat(last if end else first)  # type: ignore[arg-type]


# ---------------------------------------------------------------- holidays

def holiday(rule: Mapping[str, object], year: int) -> date:
    """The date of a holiday in `year` from its rule: a fixed month and day, an nth weekday of a month
    ({"month": 11, "weekday": "TH", "nth": 4}; nth -1 is the last; "after_day" starts the count
    later, as US Election Day counts from Nov. 2), or a number of days from Easter."""
    if "easter" in rule:
        return easter(year) + timedelta(days=int(rule["easter"]))  # type: ignore[call-overload]
    month = int(rule["month"])  # type: ignore[call-overload]
    if "day" in rule:
        return date(year, month, int(rule["day"]))  # type: ignore[call-overload]
    nth = int(rule["nth"])  # type: ignore[call-overload]
    weekday = WEEKDAYS[WEEKDAY_CODES[str(rule["weekday"])]]
    if nth < 0:
        return date(year, month, 1) + relativedelta(day=31, weekday=weekday(nth))
    start = int(rule.get("after_day", 1))  # type: ignore[call-overload]
    return date(year, month, start) + relativedelta(weekday=weekday(nth))


# ---------------------------------------------------------------- weekdays and anchored offsets

def weekday_from(d: date, weekday: int, direction: int, strict: bool = False) -> date:
    """The given weekday (0 = Monday) nearest `d` going forward (direction > 0) or back; `strict`
    skips `d` itself ("next Friday" said on a Friday is a week ahead)."""
    if direction > 0:
        return (d + timedelta(days=strict)) + relativedelta(weekday=WEEKDAYS[weekday](+1))
    return (d - timedelta(days=strict)) + relativedelta(weekday=WEEKDAYS[weekday](-1))


_DURATION = re.compile(r"^P(?:(?P<n>\d+)(?P<unit>[YMWD]|DE|CE))$|^PT(?P<tn>\d+)(?P<tunit>[HM])$")
_DURATION_UNIT = {"Y": "Y", "M": "M", "W": "W", "D": "D", "DE": "DE", "CE": "CE"}


def resolve_offset(anchor_value: str, offset: str, relation: str) -> str | None:
    """The date `offset` (a TIMEX3 duration: P2D, P3W, P1Y) after or before an anchor value.

    "two days after the election on Nov. 5": resolve_offset("1987-11-05", "P2D", "after") is
    "1987-11-07". The result keeps the coarser of the two granularities: "a year after March 1987"
    is 1988-03, "two days after March 1987" stays 1987-03 (the day cannot be known). Hours and
    minutes keep the anchor's day. None when either value is not one this can count with.
    """
    point = parse_value(anchor_value)
    m = _DURATION.match(offset or "")
    if point is None or m is None or relation not in ("after", "before"):
        return None
    sign = 1 if relation == "after" else -1
    if m["tunit"]:
        hours = int(m["tn"]) if m["tunit"] == "H" else 0
        point = point if hours < 24 else shift(point, sign * (hours // 24), "D")
        return fmt(point)
    unit = _DURATION_UNIT[m["unit"]]
    if GRAN_RANK[point[0]] < GRAN_RANK[unit]:
        return fmt(point)  # the anchor is coarser than the step: the result is only as precise as it
    return fmt(shift(point, sign * int(m["n"]), unit))


# ---------------------------------------------------------------- plausibility of an event date

# An event dated this many years or more from its article's publication needs the text to say so.
EVENT_YEAR_GAP = 30
_MONTH_NAME = re.compile(
    r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b")
_RELATIVE_TO_PUBLICATION = re.compile(r"(?i)\b(?:ago|century|centuries)\b|\d0['’]?s\b")
_YEAR_RANGE = re.compile(r"\b(?:1[0-9]|20)\d\d\s*(?:-|to|and|through)\s*(?:1[0-9]|20)?\d\d\b")
_DATING_WORD = re.compile(
    r"(?i)\b(?:in|since|from|until|till|by|before|after|of|during|around|circa|between|year|fiscal)"
    r"\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?$")


@dataclass(frozen=True)
class Plausibility:
    """Whether a value may date an event, and why (for logs and for the report's undated list)."""

    ok: bool
    reason: str


def plausible_event_date(value: str | None, published: date | str | None, timex_text: str,
                         before: str = "", max_gap: int = EVENT_YEAR_GAP) -> Plausibility:
    """May a timex (its `value`, its surface `timex_text` and the `before` text that precedes it in
    its sentence) date an event reported on `published`?

    Within `max_gap` years of publication any calendar value may. Farther away only when the text
    says so explicitly: a month name in the expression ("March 1805"), a dating word just before a
    bare year ("in 1955", "since 1805", "the fiscal 1930"), a decade or century ("the 1920s"), a count
    back from publication ("97 years ago"), or a range of years. Otherwise the event falls back to
    its publication date (basis "publication"): "1805 EST" is a clock time, not the year 1805.
    """
    point = parse_value(value)
    if point is None:
        return Plausibility(False, "no calendar value")
    if published is None:
        return Plausibility(True, "no publication date to compare with")
    pub = date.fromisoformat(published) if isinstance(published, str) else published
    start, end = value_span(value)
    gap = max(pub.year - date.fromisoformat(end).year, date.fromisoformat(start).year - pub.year)  # type: ignore[arg-type]
    if gap < max_gap:
        return Plausibility(True, f"within {max_gap} years of publication")
    if _MONTH_NAME.search(timex_text):
        return Plausibility(True, f"{gap} years from publication; the expression names a month")
    if _RELATIVE_TO_PUBLICATION.search(timex_text) or point[0] in ("DE", "CE"):
        return Plausibility(True, f"{gap} years from publication; a decade, century or count back")
    if _YEAR_RANGE.search(timex_text):
        return Plausibility(True, f"{gap} years from publication; a range of years")
    if _DATING_WORD.search(before[-40:]):
        return Plausibility(True, f"{gap} years from publication; a dating word precedes the year")
    return Plausibility(False, f"{gap} years from publication without explicit support in the text")
