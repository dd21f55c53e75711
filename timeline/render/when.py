"""Dates for readers: TIMEX3 values in words ("week 9, 1987", "autumn 1986", "26 Feb 1987, night"),
how fine each one is, and the period the articles were published in (where a report opens)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, timedelta

from timeline.dates import GRAN_RANK, parse_value

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
PARTS_OF_DAY = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
ORDINALS = ("first", "second", "third", "fourth")
REFS = {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in the future"}
GRAIN_NAMES = {"CE": "century", "DE": "decade", "Y": "year", "H": "half", "Q": "quarter", "S": "season",
               "M": "month", "W": "week", "WE": "weekend", "D": "day"}
# Events dated no finer than a week are "coarse": the report draws them in bands of their own so that
# inside a narrow window the day-dated events lead.
COARSEST_FINE_RANK = GRAN_RANK["D"]
COARSE_SPAN_DAYS = 7
PERIOD_LOW, PERIOD_HIGH = 0.05, 0.95
PERIOD_PAD = 0.1
PERIOD_MIN_PAD_DAYS = 1

_TIME = re.compile(r"T(?:(?P<part>MO|MI|AF|EV|NI|DT)|(?P<hh>\d{2}):?(?P<mm>\d{2})?)")


def day_words(d: date) -> str:
    """26 Feb 1987."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _span_words(start: str | None, end: str | None) -> str:
    if not start:
        return "undated"
    a = date.fromisoformat(start)
    if not end or end == start:
        return day_words(a)
    return f"{day_words(a)} – {day_words(date.fromisoformat(end))}"


def date_words(value: str | None, start: str | None = None, end: str | None = None) -> str:
    """A TIMEX3 value as a reader would say it; the calendar span in words when the value is none we name."""
    if value in REFS:
        return REFS[value]
    point = parse_value(value) if value else None
    if point is None:
        return _span_words(start, end)
    gran, first = point
    year = first.year
    words = {
        "CE": lambda: f"{year // 100 + 1}th century",
        "DE": lambda: f"{year}s",
        "Y": lambda: str(year),
        "H": lambda: f"{ORDINALS[(first.month - 1) // 6]} half of {year}",
        "Q": lambda: f"{ORDINALS[(first.month - 1) // 3]} quarter of {year}",
        "S": lambda: f"{SEASONS[str(value)[5:7]]} {year}",
        "M": lambda: f"{MONTHS[first.month - 1]} {year}",
        "W": lambda: f"week {first.isocalendar()[1]}, {first.isocalendar()[0]}",
        "WE": lambda: f"weekend of week {first.isocalendar()[1]}, {first.isocalendar()[0]}",
        "D": lambda: day_words(first),
    }[gran]()
    time = _TIME.search(str(value)[10:]) if gran == "D" else None
    if time:
        words += ", " + (PARTS_OF_DAY[time["part"]] if time["part"] else f"{time['hh']}:{time['mm'] or '00'}")
    return words


def grain(value: str | None, start: str | None, end: str | None) -> str | None:
    """How fine a date is: "day", "week", "month", "quarter", "season", "half", "year", "decade",
    "century", or "range" for a span no single value names; None when undated."""
    if not start:
        return None
    point = parse_value(value) if value else None
    if point is not None:
        return GRAIN_NAMES[point[0]]
    return "day" if not end or end == start else "range"


def is_coarse(value: str | None, start: str | None, end: str | None) -> bool:
    """Dated only to a week or coarser (or to a span longer than a week)."""
    if not start:
        return False
    point = parse_value(value) if value else None
    if point is not None:
        return GRAN_RANK[point[0]] < COARSEST_FINE_RANK
    days = (date.fromisoformat(end or start) - date.fromisoformat(start)).days
    return days > COARSE_SPAN_DAYS


def _quantile(days: list[date], q: float) -> date:
    return days[min(len(days) - 1, max(0, math.ceil(q * len(days)) - 1))]


def publication_period(published: Iterable[str | None]) -> tuple[str, str] | None:
    """The 5th–95th percentile of the articles' publication dates, padded by a tenth of its length
    (at least a day each side); None when no article has a date."""
    days = sorted(date.fromisoformat(p[:10]) for p in published if p and _is_iso_day(p[:10]))
    if not days:
        return None
    lo, hi = _quantile(days, PERIOD_LOW), _quantile(days, PERIOD_HIGH)
    pad = timedelta(days=max(PERIOD_MIN_PAD_DAYS, round((hi - lo).days * PERIOD_PAD)))
    return (lo - pad).isoformat(), (hi + pad).isoformat()


def _is_iso_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
