"""Calendar arithmetic on TIMEX3 values (timeline.dates): spans, shifts, holidays, bounds, anchors, plausibility."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from timeline.dates import (
    fmt, granularity, holiday, parse_bound, parse_value, plausible_event_date, resolve_offset, shift, truncate,
    value_span, weekday_from,
)


@pytest.mark.parametrize("value, span", [
    ("2022", ("2022-01-01", "2022-12-31")),
    ("2023-02", ("2023-02-01", "2023-02-28")),
    ("2024-02", ("2024-02-01", "2024-02-29")),
    ("2023-02-21", ("2023-02-21", "2023-02-21")),
    ("2023-02-21T14:30", ("2023-02-21", "2023-02-21")),
    ("2023-02-21T14:30Z", ("2023-02-21", "2023-02-21")),
    ("2023-02-21TMO", ("2023-02-21", "2023-02-21")),
    ("2023-W01", ("2023-01-02", "2023-01-08")),
    ("2023-W08", ("2023-02-20", "2023-02-26")),
    ("2023-W08-WE", ("2023-02-25", "2023-02-26")),
    ("2020-W53-WE", ("2021-01-02", "2021-01-03")),
    ("2023-W08-3", ("2023-02-22", "2023-02-22")),
    ("2023-Q1", ("2023-01-01", "2023-03-31")),
    ("2023-Q4", ("2023-10-01", "2023-12-31")),
    ("2023-H1", ("2023-01-01", "2023-06-30")),
    ("2023-H2", ("2023-07-01", "2023-12-31")),
    ("2023-SU", ("2023-06-01", "2023-08-31")),
    ("2023-WI", ("2023-12-01", "2024-02-29")),
    ("199", ("1990-01-01", "1999-12-31")),
    ("19", ("1900-01-01", "1999-12-31")),
    ("PAST_REF", (None, None)),
    ("FUTURE_REF", (None, None)),
    ("XXXX-XX-XX", (None, None)),
    ("P3Y", (None, None)),
    ("XXXX-WXX-2", (None, None)),
    ("2023-02-30", (None, None)),
    ("2023-13", (None, None)),
])
def test_value_span(value: str, span: tuple[str | None, str | None]) -> None:
    assert value_span(value) == span


def test_value_span_is_importable_where_the_event_stage_imports_it() -> None:
    from timeline.extract.temporal import value_span as from_temporal

    assert from_temporal is value_span


@pytest.mark.parametrize("point, n, unit, expected", [
    (("D", date(2024, 1, 31)), 1, "M", "2024-02-29"),  # month end, leap year
    (("M", date(2023, 1, 1)), -1, "M", "2022-12"),
    (("Q", date(2023, 1, 1)), -1, "Q", "2022-Q4"),
    (("W", date(2023, 1, 2)), -1, "W", "2022-W52"),
    (("Y", date(2023, 1, 1)), -10, "DE", "1923"),
    (("S", date(2023, 12, 1)), 1, "S", "2024-WI"),
])
def test_shift_keeps_granularity(point, n: int, unit: str, expected: str) -> None:
    assert fmt(shift(point, n, unit)) == expected


def test_truncate_and_granularity() -> None:
    assert truncate("W", date(2023, 2, 26)) == date(2023, 2, 20)  # a Sunday belongs to Monday's week
    assert truncate("S", date(2023, 1, 15)) == date(2022, 12, 1)  # January is last December's winter
    assert granularity("2023-W08-WE") == "WE" and granularity("P3Y") is None
    assert parse_value("2023-Q4") == ("Q", date(2023, 10, 1))


@pytest.mark.parametrize("rule, year, expected", [
    ({"month": 11, "weekday": "TH", "nth": 4}, 2023, date(2023, 11, 23)),           # Thanksgiving
    ({"month": 5, "weekday": "MO", "nth": -1}, 2021, date(2021, 5, 31)),            # Memorial Day
    ({"month": 11, "weekday": "TU", "nth": 1, "after_day": 2}, 2020, date(2020, 11, 3)),  # Election Day
    ({"month": 11, "weekday": "TU", "nth": 1, "after_day": 2}, 2022, date(2022, 11, 8)),  # Nov 1 is a Tuesday
    ({"easter": -2}, 1987, date(1987, 4, 17)),                                       # Good Friday
    ({"month": 12, "day": 25}, 1987, date(1987, 12, 25)),
])
def test_holidays(rule: dict, year: int, expected: date) -> None:
    assert holiday(rule, year) == expected


def test_weekday_from() -> None:
    wednesday = date(2023, 2, 22)
    assert weekday_from(wednesday, 4, 1) == date(2023, 2, 24)
    assert weekday_from(wednesday, 2, -1) == wednesday
    assert weekday_from(wednesday, 2, 1, strict=True) == date(2023, 3, 1)


@pytest.mark.parametrize("value, end, expected", [
    ("2023", False, "2023-01-01"), ("2023", True, "2023-12-31"),
    ("2024-02", True, "2024-02-29"), ("2023-02-21", True, "2023-02-21"),
])
def test_parse_bound(value: str, end: bool, expected: str) -> None:
    assert parse_bound(value, end).isoformat() == expected


@pytest.mark.parametrize("value", ["2023-13", "2023-02-30", "23", "2023-Q1", "yesterday", "2023-2"])
def test_parse_bound_refuses(value: str) -> None:
    with pytest.raises(ValueError):
        parse_bound(value, False)


@pytest.mark.parametrize("anchor, offset, relation, expected", [
    ("1987-11-05", "P2D", "after", "1987-11-07"),
    ("1987-11-05", "P1W", "before", "1987-10-29"),
    ("1987-03", "P1Y", "after", "1988-03"),
    ("1987-03", "P2D", "after", "1987-03"),       # a day count from a month stays the month
    ("1987-11-05T16:00", "PT2H", "after", "1987-11-05"),
    ("1987-11-05", "PXD", "after", None),
    ("PAST_REF", "P2D", "after", None),
])
def test_resolve_offset(anchor: str, offset: str, relation: str, expected: str | None) -> None:
    assert resolve_offset(anchor, offset, relation) == expected


@pytest.mark.parametrize("value, text, before, ok", [
    ("1805", "1805", "lifted off at ", False),          # a clock time read as a year
    ("1630", "1630", "released at ", False),
    ("1805", "1805", "the bank was founded in ", True),
    ("1955-03", "March 1955", "in ", True),
    ("1890", "97 years ago", "founded ", True),
    ("192", "the 1920s", "in ", True),
    ("1985", "1985", "up from ", True),                 # within the window: any value
    ("2099", "2099", "at ", False),
])
def test_plausible_event_date(value: str, text: str, before: str, ok: bool) -> None:
    verdict = plausible_event_date(value, "1987-03-26", text, before)
    assert verdict.ok is ok, verdict.reason


def test_plausibility_needs_a_calendar_value() -> None:
    assert not plausible_event_date("PAST_REF", "1987-03-26", "recently").ok
    assert plausible_event_date("1805", None, "1805").ok


def test_dates_module_does_not_import_spacy() -> None:
    code = "import sys, timeline.dates, timeline.cli; sys.exit('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
