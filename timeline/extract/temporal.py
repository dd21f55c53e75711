"""Temporal stage: find time expressions in news text and normalise them to TIMEX3 values.

A HeidelTime-style rule tagger in pure Python. Precompiled regexes propose candidate spans
(TimeML span conventions: no leading preposition, keep "the end of", "early", "about"); the spaCy
parse only vets ambiguous words ("may", "March", "current") and gives the tense that sets the
direction of bare weekdays and months. Deictic expressions ("yesterday", "last year") resolve
against the publication date (`doc._.dct`); anaphoric ones ("a day earlier", "the next day")
against the last date the text mentioned. Without a publication date, values that need one stay
underspecified ("XXXX-XX-XX"): the clock is never consulted.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from calendar import monthrange
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from spacy.language import Language
from spacy.tokens import Doc, Token

from timeline.extract.temporal_lexicon import (
    AMPM, APPROX, COUNT, DAYNUM, FUTURE_AUX, FUTURE_CUES, WEAK_FUTURE_CUES, FUTURE_VERBS, GENERIC, HOLIDAYS, MOD, MONTH,
    MONTHS, NUMBERS, ORDINALS, PARTS_OF_DAY, PAST_CUES, SEASON_START, SEASONS, SETS,
    UNIT, UNIT_P, UNITS, WDAY, WEEKDAYS, YEAR, ZONE,
)
from timeline.types import Timex

Point = tuple[str, date]  # granularity ("CE","DE","Y","H","Q","S","M","W","WE","D") and its first day
Result = tuple[str, str, "Point | None"]  # TIMEX3 type, value, calendar point to anchor later anaphora

_GRAN_RANK = {"CE": 0, "DE": 1, "Y": 2, "H": 3, "Q": 4, "S": 5, "M": 6, "W": 7, "WE": 7, "D": 8}
_SHIFT = {
    "D": lambda n: relativedelta(days=n), "W": lambda n: relativedelta(weeks=n),
    "WE": lambda n: relativedelta(weeks=n), "FN": lambda n: relativedelta(weeks=2 * n),
    "M": lambda n: relativedelta(months=n), "Q": lambda n: relativedelta(months=3 * n),
    "HY": lambda n: relativedelta(months=6 * n), "H": lambda n: relativedelta(months=6 * n),
    "S": lambda n: relativedelta(years=n), "Y": lambda n: relativedelta(years=n),
    "DE": lambda n: relativedelta(years=10 * n), "CE": lambda n: relativedelta(years=100 * n),
}
_UNDERSPECIFIED = {
    "CE": "XX", "DE": "XXX", "Y": "XXXX", "H": "XXXX-HX", "Q": "XXXX-QX", "S": "XXXX-XX",
    "M": "XXXX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "D": "XXXX-XX-XX",
}


def truncate(gran: str, d: date) -> date:
    """The first day of the period of granularity `gran` that contains `d`."""
    if gran == "D":
        return d
    if gran in ("W", "WE"):
        return d - timedelta(days=d.weekday())
    if gran == "M":
        return d.replace(day=1)
    if gran == "Q":
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    if gran == "H":
        return date(d.year, 1 if d.month <= 6 else 7, 1)
    if gran == "S":
        if d.month <= 2:
            return date(d.year - 1, 12, 1)
        return date(d.year, (d.month // 3) * 3, 1)
    if gran == "DE":
        return date(d.year // 10 * 10 or 1, 1, 1)
    if gran == "CE":
        return date(d.year // 100 * 100 or 1, 1, 1)
    return date(d.year, 1, 1)


def shift(point: Point, n: int, unit: str) -> Point:
    """Move a calendar point by n units, keeping its granularity."""
    gran, d = point
    try:
        moved = d + _SHIFT.get(unit, _SHIFT["D"])(n)
    except (OverflowError, ValueError):
        return point
    return gran, truncate(gran, moved)


def fmt(point: Point) -> str:
    """The TIMEX3 value of a calendar point."""
    gran, d = point
    if gran == "D":
        return d.isoformat()
    if gran == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if gran in ("W", "WE"):
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if gran == "WE" else "")
    if gran == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if gran == "H":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if gran == "S":
        return f"{d.year:04d}-" + {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[d.month]
    if gran == "DE":
        return f"{d.year // 10:03d}"
    if gran == "CE":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


_SPAN_VALUE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|W(?P<w>\d{1,2})(?:-(?:WE|\d))?|Q(?P<q>[1-4])|"
    r"H(?P<h>[12])|(?P<s>SP|SU|FA|WI)))?(?:T.*)?$|^(?P<dec>\d{3})$|^(?P<cen>\d{2})$"
)


def value_span(value: str) -> tuple[str | None, str | None]:
    """The inclusive calendar span (ISO dates) a TIMEX3 value covers; (None, None) when it has none.

    Events carry this span so that a graph can place "2022" across the whole year instead of on
    its first day; durations, sets and PAST_REF-style values have no place on the calendar.
    """
    m = _SPAN_VALUE.match(value or "")
    if not m:
        return None, None
    try:
        if m.group("dec"):
            y = int(m.group("dec")) * 10
            return date(max(y, 1), 1, 1).isoformat(), date(y + 9, 12, 31).isoformat()
        if m.group("cen"):
            y = int(m.group("cen")) * 100
            return date(max(y, 1), 1, 1).isoformat(), date(y + 99, 12, 31).isoformat()
        y = int(m.group("y"))
        if m.group("d"):
            d = date(y, int(m.group("m")), int(m.group("d")))
            return d.isoformat(), d.isoformat()
        if m.group("m"):
            mo = int(m.group("m"))
            return date(y, mo, 1).isoformat(), date(y, mo, monthrange(y, mo)[1]).isoformat()
        if m.group("w"):
            monday = date.fromisocalendar(y, int(m.group("w")), 1)
            if value.endswith("-WE"):
                return (monday + timedelta(days=5)).isoformat(), (monday + timedelta(days=6)).isoformat()
            if re.search(r"-W\d+-\d$", value):
                d = monday + timedelta(days=int(value[-1]) - 1)
                return d.isoformat(), d.isoformat()
            return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
        if m.group("q"):
            first = 3 * int(m.group("q")) - 2
            return date(y, first, 1).isoformat(), date(y, first + 2, monthrange(y, first + 2)[1]).isoformat()
        if m.group("h"):
            first = 1 if m.group("h") == "1" else 7
            return date(y, first, 1).isoformat(), date(y, first + 5, 30 if first == 1 else 31).isoformat()
        if m.group("s"):
            start = date(y, SEASON_START[m.group("s")], 1)
            end = start + relativedelta(months=3) - timedelta(days=1)
            return start.isoformat(), end.isoformat()
        return date(y, 1, 1).isoformat(), date(y, 12, 31).isoformat()
    except ValueError:
        return None, None


def _count(text: str | None) -> int | None:
    """The number a count phrase names; None for vague ones ("several", "a few")."""
    if not text:
        return 1
    t = re.sub(r"\s+", " ", text.lower().strip())
    if t in NUMBERS:
        return NUMBERS[t]
    if re.fullmatch(r"\d+", t):
        return int(t)
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    return None


def _unit(text: str) -> str:
    t = text.lower()
    if t == "centuries":
        return "CE"
    return UNITS.get(t[:-1] if t.endswith("s") and t[:-1] in UNITS else t, "D")


def _duration(n: int | float | None, unit: str) -> str:
    """A TIMEX3 duration value: P3Y, PT2H, PXD, P20Y for two decades."""
    num = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    if unit in ("DE", "CE") and n is not None:
        return f"P{int(n * (10 if unit == 'DE' else 100))}Y"
    letter = {"S": "TS", "MIN": "TM", "H": "TH", "WE": "WE", "FN": "W", "HY": "M", "DE": "DE", "CE": "CE"}.get(unit, unit)
    if unit == "FN" and n is not None:
        num = str(int(2 * n))
    if unit == "HY" and n is not None:
        num = str(int(6 * n))
    if letter.startswith("T"):
        return f"PT{num}{letter[1:]}"
    return f"P{num}{letter}"


class Context:
    """What resolution needs: the parse, the publication date and the last date mentioned."""

    def __init__(self, doc: Doc, text: str, dct: date | None) -> None:
        self.doc = doc
        self.text = text
        self.dct = dct
        self.anchor: Point | None = None
        self._starts: list[int] | None = None

    def token_at(self, char: int) -> Token:
        """The token covering a character offset (Doc.char_span rebuilds doc.text on every call)."""
        if self._starts is None:
            self._starts = [t.idx for t in self.doc]
        return self.doc[max(0, bisect_right(self._starts, char) - 1)]

    def deictic(self, gran: str) -> Point | None:
        return (gran, truncate(gran, self.dct)) if self.dct else None

    def anaphoric(self, gran: str | None = None) -> Point | None:
        """The last mentioned date (at its own granularity unless one is asked), else the DCT."""
        if self.anchor:
            if gran is None or _GRAN_RANK[gran] > _GRAN_RANK[self.anchor[0]]:
                return self.anchor
            return gran, truncate(gran, self.anchor[1])
        return self.deictic(gran or "D")

    def direction(self, start: int, end: int) -> int:
        """+1 future, -1 past, 0 unknown: strong cue words before the span, then the governing verb's
        tense and modality, then weak cues ("by", "until") that only lean towards the future."""
        words = re.findall(r"[a-z']+", self.text[max(0, start - 16):start].lower())
        last1, last2 = " ".join(words[-1:]), " ".join(words[-2:])
        if last1 in FUTURE_CUES or last2 in FUTURE_CUES:
            return 1
        if last1 in PAST_CUES:
            return -1
        tok = self.token_at(end - 1)
        while start <= tok.head.idx < end and tok.head.i != tok.i:
            tok = tok.head  # the span's own head, e.g. "weekend" in "the weekend"
        tense = self._tense(tok)
        if last1 in WEAK_FUTURE_CUES:  # "until Tuesday" is a deadline ahead unless told from a past perfect
            return -1 if tense == _PAST_PERFECT else 1
        return max(-1, tense)

    def _tense(self, tok: Token) -> int:
        """The direction the clause's verb gives: will/plan/present future, past or past perfect."""
        start = tok
        for _ in range(8):
            if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
                break
            if tok is not start and tok.pos_ not in ("ADP", "NUM", "PROPN") or tok.dep_ in ("poss", "compound", "nmod"):
                return 0  # the date modifies a noun ("payable Dec. 7"), not the clause's verb
            tok = tok.head
        aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in FUTURE_AUX for a in aux):
            return 1
        if tok.tag_ == "VB" and any(a.lower_ == "to" for a in aux) and tok.head.i != tok.i:
            tok = tok.head
            aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
            if any(a.lower_ in FUTURE_AUX for a in aux):
                return 1
            if tok.lemma_ in FUTURE_VERBS and tok.tag_ != "VBD" and not any(a.tag_ == "VBD" for a in aux):
                return 1
        if any(a.lemma_ == "have" and a.tag_ == "VBD" for a in aux):
            return _PAST_PERFECT
        if tok.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
            return -1
        if tok.tag_ == "VBN" and not aux:
            return -1
        if tok.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
            return 0  # present perfect: the report is now, the date may lie either side
        if tok.lemma_ in FUTURE_VERBS and tok.tag_ in ("VBN", "VBZ", "VBP"):
            return 1
        if tok.tag_ in ("VBZ", "VBP") or tok.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in aux):
            return 1
        return 0


_PAST_PERFECT = -2


def _weekday(ctx: Context, wd: int, rel: str | None, start: int, end: int) -> Point | None:
    """The date of a weekday name relative to the DCT, in the direction that tense or cue gives."""
    if not ctx.dct:
        return None
    dct = ctx.dct
    rel = (rel or "").lower()
    if rel == "last" or rel == "past":
        back = (dct.weekday() - wd) % 7 or 7
        return "D", dct - timedelta(days=back)
    if rel in ("next", "coming", "this coming"):
        ahead = (wd - dct.weekday()) % 7 or 7
        return "D", dct + timedelta(days=ahead)
    if rel == "this":
        return "D", dct + timedelta(days=wd - dct.weekday())
    direction = ctx.direction(start, end)
    if direction > 0:
        return "D", dct + timedelta(days=(wd - dct.weekday()) % 7)
    return "D", dct - timedelta(days=(dct.weekday() - wd) % 7)


def _month_year(ctx: Context, month: int, rel: str | None, start: int, end: int) -> int | None:
    """The year of a month named without one: the relative word, else the tense, else the closest."""
    if not ctx.dct:
        return None
    y, m = ctx.dct.year, ctx.dct.month
    rel = (rel or "").lower()
    if rel == "last":
        return y if month < m else y - 1
    if rel == "next":
        return y if month > m else y + 1
    if rel == "this":
        return y
    direction = ctx.direction(start, end)
    if direction == 0:  # news looks back more than ahead: only the next four months count as coming
        ahead = (month - m) % 12
        return y if ahead == 0 else (y + (month < m) if ahead <= 4 else y - (month > m))
    if direction < 0 and month > m:
        return y - 1
    if direction > 0 and month < m:
        return y + 1
    return y


# ---------------------------------------------------------------- handlers: match -> Result | None

Handler = Callable[[re.Match[str], Context, int, int], "Result | None"]


def _date_result(point: Point | None, gran: str) -> Result:
    return ("DATE", fmt(point), point) if point else ("DATE", _UNDERSPECIFIED[gran], None)


def h_iso(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if m["H"]:
        return "TIME", f"{d.isoformat()}T{m['H']}:{m['M']}", ("D", d)
    return "DATE", d.isoformat(), ("D", d)


def h_slash(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    y = int(m["y"])
    y = y + (1900 if y >= 50 else 2000) if y < 100 else y
    try:
        d = date(y, int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return "DATE", d.isoformat(), ("D", d)


def _month_of(m: re.Match[str]) -> int:
    return MONTHS[m["month"].lower().rstrip(".")]


def h_month_day(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    month, day = _month_of(m), int(m["day"])
    year = int(m["year"]) if m["year"] else _month_year(ctx, month, m.groupdict().get("rel"), s, e)
    if year is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}", None
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return "DATE", d.isoformat(), ("D", d)


def h_month(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    month = _month_of(m)
    if m["yrel"]:  # "February this year"
        year = ctx.dct.year + {"last": -1, "next": 1}.get(m["yrel"].lower(), 0) if ctx.dct else None
    else:
        year = int(m["year"]) if m["year"] else _month_year(ctx, month, m["rel"], s, e)
    if year is None:
        return "DATE", f"XXXX-{month:02d}", None
    point = ("M", date(year, month, 1))
    return "DATE", fmt(point), point


def h_year(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    point = ("Y", date(int(m["year"]), 1, 1))
    return "DATE", fmt(point), point


def h_decade(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    if m["cent"]:
        return "DATE", f"{m['cent']}{m['d']}", ("DE", date(int(m["cent"]) * 100 + int(m["d"]) * 10, 1, 1))
    d = int(m["d2"])
    century = 20 if d <= 1 else 19
    return "DATE", f"{century}{d}", ("DE", date(century * 100 + d * 10, 1, 1))


def h_century(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    n = ORDINALS.get(m["ord"].lower()) or int(re.sub(r"\D", "", m["ord"]) or 0)
    if not 1 <= n <= 30:
        return None
    return "DATE", f"{n - 1:02d}", ("CE", date(max((n - 1) * 100, 1), 1, 1))


def h_weekday(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    wd = WEEKDAYS[m["wday"].lower().rstrip(".")]
    if m["ana"]:  # "the previous Friday": counted from the date the story is at, not from the DCT
        base = ctx.anaphoric("D")
        if base is None:
            point = None
        elif m["ana"].lower().endswith(("previous", "preceding")):
            point = "D", base[1] - timedelta(days=(base[1].weekday() - wd) % 7 or 7)
        else:
            point = "D", base[1] + timedelta(days=(wd - base[1].weekday()) % 7 or 7)
    else:
        point = _weekday(ctx, wd, m["rel"], s, e)
    pod = m.groupdict().get("pod")
    if pod:
        suffix = PARTS_OF_DAY[pod.lower()]
        if point is None:
            return "TIME", f"XXXX-WXX-{wd + 1}T{suffix}", None
        return "TIME", f"{fmt(point)}T{suffix}", point
    if point is None:
        return "DATE", f"XXXX-WXX-{wd + 1}", None
    return "DATE", fmt(point), point


_DEICTIC_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}


def h_deictic_day(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    word = m["word"].lower()
    offset = _DEICTIC_DAYS.get(word)
    if word == "the day before yesterday":
        offset = -2
    elif word == "the day after tomorrow":
        offset = 2
    point = ("D", ctx.dct + timedelta(days=offset)) if ctx.dct else None
    pod = m.groupdict().get("pod") or ("night" if word == "tonight" else None)
    if pod:
        suffix = PARTS_OF_DAY[pod.lower()]
        return "TIME", (fmt(point) if point else "XXXX-XX-XX") + f"T{suffix}", point
    return _date_result(point, "D")


def h_part_of_day(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'this morning', 'last night', 'the next morning', 'overnight'."""
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    suffix = PARTS_OF_DAY[m["pod"].lower()]
    if rel in ("the next", "the following"):
        base = ctx.anaphoric("D")
        point = shift(base, 1, "D") if base else None
    elif rel in ("that", "the same", "earlier that", "later that"):
        point = ctx.anaphoric("D")
    elif rel == "last" or rel == "yesterday":
        point = ("D", ctx.dct - timedelta(days=1)) if ctx.dct else None
    else:
        point = ctx.deictic("D")
    return "TIME", (fmt(point) if point else "XXXX-XX-XX") + f"T{suffix}", point


def h_time(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    word = (m.groupdict().get("word") or "").lower()
    if word in ("noon", "midday"):
        hh, mi = 12, 0
    elif word == "midnight":
        hh, mi = 24, 0
    else:
        hh, mi = int(m["h"]), int(m.groupdict().get("mi") or 0)
        ampm = (m.groupdict().get("ampm") or "").lower()
        ampm = {"morning": "am", "afternoon": "pm", "evening": "pm", "night": "pm"}.get(ampm, ampm)
        if hh > 24 or mi > 59 or (ampm and not 1 <= hh <= 12):
            return None
        if ampm.startswith("p") and hh < 12:
            hh += 12
        elif ampm.startswith("a") and hh == 12:
            hh = 0
    point: Point | None = None
    gd = m.groupdict()
    if gd.get("wday"):
        point = _weekday(ctx, WEEKDAYS[gd["wday"].lower().rstrip(".")], None, s, e)
    elif gd.get("dword"):
        off = _DEICTIC_DAYS.get(gd["dword"].lower(), 0)
        point = ("D", ctx.dct + timedelta(days=off)) if ctx.dct else None
    elif gd.get("month"):
        r = h_month_day(m, ctx, s, e)
        point = r[2] if r else None
    else:
        point = ctx.anaphoric("D") if ctx.anchor and ctx.anchor[0] == "D" else ctx.deictic("D")
    day = fmt(point) if point else "XXXX-XX-XX"
    return "TIME", f"{day}T{hh:02d}:{mi:02d}", point


def h_generic(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    key = re.sub(r"\s+", " ", m.group(0).lower())
    return "DATE", GENERIC[key], None


def h_relative(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'last year', 'this month', 'next week', 'the following year', 'that day', 'the current quarter'."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit_word = m["unit"].lower()
    if unit_word in SEASONS:
        return h_season_rel(rel, SEASONS[unit_word], ctx)
    unit = _unit(unit_word)
    gran = {"FN": "W", "HY": "H"}.get(unit, unit)
    if rel in ("the following", "the next", "the previous", "the preceding", "the prior", "that",
               "the same", "that same", "later that", "earlier that"):
        base = ctx.anaphoric(gran)
        if base is None:
            return _date_result(None, gran)
        step = {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1, "the prior": -1}
        return _date_result(shift((gran, truncate(gran, base[1])), step.get(rel, 0), unit), gran)
    base = ctx.deictic(gran)
    if base is None:
        return _date_result(None, gran)
    step = {"last": -1, "past": -1, "this past": -1, "next": 1, "coming": 1, "this coming": 1}.get(rel, 0)
    return _date_result(shift(base, step, unit), gran)


def h_the_year(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'the year ended March 31' is a twelve-month span; 'for the (full) year' is the current one."""
    if re.match(r"\s+(?:ended|ending|to\s+(?:date|\w+\.?\s+\d))\b", ctx.text[e:e + 20], re.I) or \
            (m["adj"] or "").lower() == "fiscal":
        return "DURATION", "P1Y", None
    return _date_result(ctx.deictic("Y"), "Y")


def h_weekend(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'the weekend': the coming one when the clause looks ahead, else the one just past."""
    if not ctx.dct:
        return "DATE", "XXXX-WXX-WE", None
    monday = truncate("W", ctx.dct)
    weekend_started = ctx.dct.weekday() >= 5
    if ctx.direction(s, e) > 0:
        point: Point = ("WE", monday)
    else:
        point = ("WE", monday if weekend_started else monday - timedelta(days=7))
    return "DATE", fmt(point), point


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}


def h_decade_words(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    d = _DECADE_WORDS[m["dw"].lower()]
    point: Point = ("DE", date(1900 + 10 * d, 1, 1))
    return "DATE", fmt(point), point


def h_end_of(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'the end of the year': the current period, as the story's date sets it."""
    gran = _unit(m["unit"])
    return _date_result(ctx.deictic(gran), gran)


def h_season_rel(rel: str, code: str, ctx: Context) -> Result:
    if not ctx.dct:
        return "DATE", f"XXXX-{code}", None
    y = ctx.dct.year
    start = date(y, SEASON_START[code], 1)
    current = truncate("S", ctx.dct)
    if rel in ("last", "past", "this past"):
        while start >= current:
            start = date(start.year - 1, start.month, 1)
    elif rel in ("next", "coming", "this coming"):
        while start <= current:
            start = date(start.year + 1, start.month, 1)
    elif code == "WI" and ctx.dct.month <= 2:
        start = date(y - 1, 12, 1)
    point = ("S", start)
    return "DATE", fmt(point), point


def h_season(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    code = SEASONS[m["season"].lower()]
    if m["year"]:
        point = ("S", date(int(m["year"]), SEASON_START[code], 1))
        return "DATE", fmt(point), point
    rel = (m["rel"] or "").lower()
    if rel == "the":
        if ctx.anchor and _GRAN_RANK[ctx.anchor[0]] >= _GRAN_RANK["Y"]:
            point = ("S", date(ctx.anchor[1].year, SEASON_START[code], 1))
            return "DATE", fmt(point), point
        rel = ""
    if not rel:
        direction = ctx.direction(s, e)
        rel = "last" if direction < 0 else "next" if direction > 0 else "this"
        if rel != "this" and ctx.dct and truncate("S", ctx.dct).month == SEASON_START[code]:
            rel = "this"
    return h_season_rel(rel, code, ctx)


def h_ago(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'a year ago' (deictic), 'a day earlier' / 'two weeks later' (anaphoric)."""
    n = _count(m["count"])
    unit = _unit(m["unit"])
    word = m["dir"].lower()
    past = word in ("ago", "earlier", "before", "back", "previously")
    if n is None:
        return "DATE", "PAST_REF" if past else "FUTURE_REF", None
    sign = -1 if past else 1
    if unit in ("S", "MIN", "H"):
        return "DATE", "PAST_REF" if past else "FUTURE_REF", None
    gran = {"FN": "W", "HY": "H", "WE": "W"}.get(unit, unit)
    ttype, value, point = _h_ago_point(word, n * sign, unit, gran, ctx)
    # "a year earlier" compares figures with the reported period: not a new narrative anchor
    return ttype, value, None if unit in ("Y", "Q", "HY", "DE", "CE") else point


def _h_ago_point(word: str, n: int, unit: str, gran: str, ctx: Context) -> Result:
    """Shift the DCT ("ago", "from now") or the last mentioned date ("earlier", "later") by n units."""
    if word in ("ago", "from now", "hence", "back"):
        base = ctx.deictic(gran)
        if base and unit == "Y" and ctx.anchor and ctx.anchor[0] == "Q":
            base = ctx.anchor  # "up from $5 a year ago": the year-ago quarter of the one just reported
    else:
        base = ctx.anaphoric()
    if base is None:
        return _date_result(None, gran)
    return _date_result(shift(base, n, unit), base[0])


def h_anaphoric_day(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'the day before', 'the next day', 'the week after'."""
    unit = _unit(m["unit"])
    gran = {"FN": "W", "HY": "H"}.get(unit, unit)
    word = m["dir"].lower()
    sign = -1 if word in ("before", "earlier", "previously") else 1
    base = ctx.anaphoric(gran)
    if base is None:
        return _date_result(None, gran)
    return _date_result(shift((gran, truncate(gran, base[1])), sign, unit), gran)


def h_duration(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    unit_word = m["unit"].lower()
    n = _count(m["count"]) if m["count"] else (None if unit_word.endswith("s") else 1)
    unit = _unit(unit_word)
    if unit == "Q":
        return "DURATION", _duration(None if n is None else 3 * n, "M"), None
    frac = re.fullmatch(r"(\d+)\s+1/2", m["count"] or "")
    if frac:
        n = int(frac.group(1))
    if frac or m.groupdict().get("half") or m.groupdict().get("half2"):
        if n is None:
            return None
        halves = {"Y": "P{}Y6M", "M": "P{}M15D", "W": "P{}W3DT12H", "D": "P{}DT12H", "H": "PT{}H30M",
                  "MIN": "PT{}M30S"}
        if unit in halves:
            return "DURATION", halves[unit].format(n), None
        return "DURATION", _duration(n + 0.5, unit), None
    return "DURATION", _duration(n, unit), None


def h_bare_plural(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    return "DURATION", _duration(None, _unit(m["unit"])), None


def h_set(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    gd = m.groupdict()
    if gd.get("adv"):
        return "SET", SETS[gd["adv"].lower()], None
    if gd.get("month"):
        return "SET", f"XXXX-{_month_of(m):02d}", None
    if gd.get("wday"):
        name = gd["wday"].lower().rstrip(".")
        wd = WEEKDAYS.get(name, WEEKDAYS.get(name.rstrip("s"), 0))
        pod = gd.get("pod")
        return "SET", f"XXXX-WXX-{wd + 1}" + (f"T{PARTS_OF_DAY[pod.lower()]}" if pod else ""), None
    n = 2 if (gd.get("other")) else 1
    return "SET", _duration(n, _unit(m["unit"])), None


def h_quarter(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'the third quarter', 'third-quarter', 'the fourth quarter of 1997', 'the latest quarter'."""
    word = re.sub(r"\s+", " ", (m["q"] or "").lower())
    kind = m["kind"].lower()
    gran, months, size = ("Q", 3, 4) if kind.startswith("quarter") else ("H", 6, 2)
    n = ORDINALS.get(word) or (2 if gran == "H" and word == "last" and (m["year"] or m["yrel"]) else None)
    yrel = m["yrel"] or m["yrel2"]
    if m["year"] or m["year2"]:
        year = int(m["year"] or m["year2"])
    elif yrel:
        if not ctx.dct:
            return "DATE", f"XXXX-{gran}{n or 'X'}", None
        year = ctx.dct.year + {"last": -1, "next": 1}.get(yrel.lower(), 0)
    else:
        year = None
    if m["ago"] and n and n <= size:
        if year is None and ctx.dct is None:
            return "DATE", f"XXXX-{gran}{n}", None
        year = (year or ctx.dct.year) - 1  # type: ignore[union-attr]
        return "DATE", fmt((gran, date(year, (n - 1) * months + 1, 1))), None
    if kind == "period":
        if year is not None and not word:
            return "DATE", f"{year:04d}", None
        gran, n = "Q", None
    if n and n <= size:
        if year is None:
            if ctx.dct is None:
                return "DATE", f"XXXX-{gran}{n}", None
            year = ctx.dct.year
            if date(year, (n - 1) * months + 1, 1) > ctx.dct and ctx.direction(s, e) <= 0:
                year -= 1
        point = (gran, date(year, (n - 1) * months + 1, 1))
        return "DATE", fmt(point), point
    if word in ("year-earlier", "year-ago", "comparable", "year earlier") or m["ago"] and not n:
        base = ctx.anchor if ctx.anchor and ctx.anchor[0] == gran else None
        if base is None and ctx.dct:
            base = shift(ctx.deictic(gran), -1, gran)
        if base is None:
            return _date_result(None, gran)
        return "DATE", fmt(shift(base, -1, "Y")), None
    if year is not None:
        return "DATE", f"{year:04d}-{gran}X", None
    if word in ("latest", "last", "past", "previous", "recent", "most recent"):
        base = ctx.deictic(gran)
        return _date_result(shift(base, -1, gran) if base else None, gran)
    if word in ("next", "coming"):
        base = ctx.deictic(gran)
        return _date_result(shift(base, 1, gran) if base else None, gran)
    if word in ("current", "this"):
        return _date_result(ctx.deictic(gran), gran)
    # bare "the quarter": the one the story is about
    if ctx.anchor and ctx.anchor[0] == gran:
        return "DATE", fmt(ctx.anchor), ctx.anchor
    base = ctx.deictic(gran)
    return _date_result(shift(base, -1, gran) if base else None, gran)


def h_year_ago(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """Adjectival 'year-earlier' / 'year-ago': a year before the period the story reports."""
    base = ctx.anchor if ctx.anchor and ctx.anchor[0] in ("Q", "H") else None
    if base is None:
        base = ctx.deictic("Y")
    if base is None:
        return "DATE", "XXXX", None
    return _date_result(shift(base, -1, "Y"), base[0])


_YEAR_WORDS = {"eighteen": 18, "nineteen": 19, "twenty": 20}


def h_spelled_year(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """Years as transcripts spell them: 'nineteen ninety-six', 'the year two thousand'."""
    words = re.split(r"[\s-]+", m["yw"].lower())
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        year = 2000 + (NUMBERS.get(rest[0], 0) if rest else 0)
    else:
        tail = words[1:]
        if tail == ["hundred"]:
            low = 0
        else:
            low = sum(NUMBERS.get(w, 0) for w in tail)
        year = _YEAR_WORDS[words[0]] * 100 + low
    if not m["month"] and not s < m.start("yw") and year % 100 < 10 and words[0] != "two":
        return None
    if m["month"]:
        point: Point = ("M", date(year, _month_of(m), 1))
    else:
        point = ("Y", date(year, 1, 1))
    return "DATE", fmt(point), point


def h_holiday(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    name = re.sub(r"\s+", " ", m["hol"].lower()).replace("’", "'")
    year = int(m["year"]) if m["year"] else None
    if year is None:
        if not ctx.dct:
            return "DATE", "XXXX-XX-XX", None
        year = ctx.dct.year
        rel = (m["rel"] or "").lower()
        if rel == "last":
            year -= 1
        elif rel == "next":
            year += 1
        elif not rel:
            direction = ctx.direction(s, e)
            options = [y for y in (year - 1, year, year + 1)
                       if direction == 0 or (direction < 0) == (_holiday(name, y) <= ctx.dct)]
            year = min(options or [year], key=lambda y: abs((_holiday(name, y) - ctx.dct).days))
    d = _holiday(name, year)
    return "DATE", d.isoformat(), ("D", d)


def _holiday(name: str, year: int) -> date:
    if name in HOLIDAYS:
        month, day = HOLIDAYS[name]
        return date(year, month, day)
    if name.startswith("easter"):
        return easter(year)
    if name == "good friday":
        return easter(year) - timedelta(days=2)
    if name.startswith("thanksgiving"):
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name == "election day":  # US: the Tuesday after the first Monday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7 + 1)
    if name == "labor day":
        first = date(year, 9, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7)
    last = date(year, 5, 31)  # memorial day: last Monday of May
    return last - timedelta(days=last.weekday())


# ---------------------------------------------------------------- the grammar

_REL = r"(?P<rel>(?i:last|this\s+coming|this\s+past|this|next|coming|past))\s+"
_DEICTIC = r"(?i:today|yesterday|tomorrow|tonight)"
_POD = r"(?P<pod>(?i:morning|afternoon|evening|night))"

RULES: list[tuple[str, str, Handler]] = [
    ("iso", r"\b(?P<y>(?:1[0-9]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<H>[0-2]\d):(?P<M>[0-5]\d))?\b", h_iso),
    ("slash", r"(?<![\d/.])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>(?:19|20)\d\d|\d\d)(?![\d/])", h_slash),
    ("month_day", rf"{MOD}(?:{_REL})?{MONTH}\s+{DAYNUM}(?:(?:,\s*|\s+){YEAR})?", h_month_day),
    ("day_month", rf"{MOD}(?i:the\s+)?{DAYNUM}\s+(?:(?i:of)\s+)?{MONTH}(?:,?\s+{YEAR})?", h_month_day),
    ("month_year", rf"{MOD}(?:{_REL})?{MONTH}(?:,?\s+(?:(?i:of)\s+)?{YEAR}|\s+(?P<yrel>(?i:last|this|next))\s+(?i:year))?", h_month),
    ("year", rf"{MOD}(?:(?i:fiscal(?:\s+year)?|FY|calendar(?:\s+year)?)\s*)?(?:(?<=(?i:mid)-)|(?<![\d$£€¥#.,\-/])){YEAR}(?!-\d|/\d|\s*(?i:percent|per\s+cent))", h_year),
    ("decade", rf"(?:(?i:the)\s+)?{MOD}(?:(?P<cent>1[0-9]|20)(?P<d>\d)0|['’](?P<d2>\d)0)['’]?s\b", h_decade),
    ("century", rf"(?:(?i:the)\s+)?{MOD}(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[- ]first))[\s-]+(?i:century)", h_century),
    ("weekday", rf"{MOD}(?:{_REL}|(?P<ana>(?i:the\s+(?:previous|preceding|following|next)))\s+)?{WDAY}(?:\s+{_POD})?", h_weekday),
    ("weekday_date", rf"{MOD}{WDAY.replace('wday', 'wday2')},?\s+(?:(?i:the)\s+)?{MONTH}\s+{DAYNUM}(?:,?\s+{YEAR})?", h_month_day),
    ("spelled_year", rf"(?:(?i:the\s+year)\s+)?(?:{MONTH}\s+)?(?P<yw>(?i:nineteen|eighteen|twenty)[\s-]+(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)|(?i:two\s+thousand)(?:[\s-]+(?i:and\s+)?(?i:one|two|three|four|five|six|seven|eight|nine|ten))?)(?![\w-]|'(?!s))", h_spelled_year),
    ("deictic", rf"{MOD}(?P<word>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)|{_DEICTIC})(?:(?:'s)?\s+{_POD})?(?!\w|'(?!s))", h_deictic_day),
    ("pod", r"(?:(?P<rel>(?i:this|last|the\s+next|the\s+following|that|the\s+same|earlier\s+that|later\s+that|later\s+this|earlier\s+this|early\s+this|late\s+this))\s+(?P<pod>(?i:morning|afternoon|evening|night))|(?P<pod2>(?i:overnight|mid-?afternoon))(?:\s+(?P<dword>(?i:today|yesterday|tomorrow)))?)(?!\w|'(?!s))", None),
    ("time", rf"(?P<h>[012]?\d)(?:[:.](?P<mi>[0-5]\d))?\s*{AMPM}{ZONE}(?:,?\s+(?:(?i:on\s+))?(?:{WDAY}|(?P<dword>{_DEICTIC})|{MONTH}\s+{DAYNUM}(?:,?\s+{YEAR})?))?", h_time),
    ("time24", rf"(?<![\d:.$])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?=\s+(?:[ECMP][SD]T|GMT|UTC|BST|CET|(?i:local\s+time)|(?i:hours?)\b))(?:{ZONE})", h_time),
    ("noon", rf"\b(?P<word>(?i:noon|midday|midnight))(?:,?\s+(?:{WDAY}|(?P<dword>{_DEICTIC})))?(?!\w|'(?!s))", h_time),
    ("generic", r"(?i:the\s+(?:recent\s+past|near\s+future|distant\s+future|future|past|present)|recent\s+(?:times|years)|these\s+days|nowadays|currently|presently|recently|lately|now|current)(?![\w-]|'(?!s))", h_generic),
    ("the_year", r"(?i:the)\s+(?:(?P<adj>(?i:full|fiscal|calendar|entire|whole))\s+)?(?i:year)(?![\w-]|'(?!s)|\s+(?i:two|nineteen|1\d\d\d|20\d\d|before|after|earlier|later|ago)\b)", h_the_year),
    ("weekend", r"(?i:the)\s+(?i:weekend)(?![\w-]|'(?!s))", h_weekend),
    ("decade_words", rf"(?i:the)\s+{MOD}(?P<dw>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))(?![\w-])", h_decade_words),
    ("time_words", r"(?P<h>1[0-2]|0?[1-9])(?:\s+(?i:o'clock))?\s+(?i:in\s+the)\s+(?P<ampm>(?i:morning|afternoon|evening|night))(?![\w-])", h_time),
    ("end_of", r"(?i:(?:the\s+)?(?:end|beginning|start|middle|close|rest|remainder|balance)\s+of\s+the\s+(?P<unit>year|month|week|quarter|decade|century))(?![\w-])", h_end_of),
    ("relative", rf"{MOD}(?:(?i:earlier|later)\s+)?(?P<rel>(?i:last|this\s+past|this\s+coming|this|next|past|coming|the\s+following|the\s+next|the\s+previous|the\s+preceding|the\s+prior|that\s+same|that|the\s+same|the\s+current|current))\s+(?P<unit>(?i:week|weekend|fortnight|month|quarter|year|decade|century|spring|summer|fall|autumn|winter|day))(?![\w-]|'(?!s))", h_relative),
    ("ago", rf"{APPROX}(?P<count>{COUNT})[\s-]+{UNIT}(?:\s+(?i:or\s+so))?\s+(?P<dir>(?i:ago|earlier|later|from\s+now|hence|back|previously))(?!\w|'(?!s))", h_ago),
    ("ana_day", r"(?i:the)\s+(?P<unit>(?i:day|week|month|year|night))\s+(?P<dir>(?i:before|after|earlier|later))(?=\s*[,.;:)]|\s+(?:that|when|as)\b)", h_anaphoric_day),
    ("duration", rf"(?:(?i:the)\s+(?:(?i:first|last|past|next|coming|previous|following|final|remaining|latest|entire|whole|full|same|preceding)\s+)?)?(?P<count>{COUNT})(?P<half>\s+(?i:and\s+a\s+half))?[\s-]+{UNIT}(?P<half2>\s+(?i:and\s+a\s+half))?(?:[\s-]+(?i:long))?(?![\w-]|'(?!s))", h_duration),
    ("past_next", rf"(?:(?i:the)\s+)?(?i:past|next|last|coming|previous|following|recent)\s+(?P<count>(?i:few|several|many|couple\s+of))?\s*{UNIT}(?![\w-]|'(?!s))", h_duration),
    ("bare_plural", rf"\b(?i:for|in|within|over)\s+(?P<core>{UNIT_P})(?![\w-]|'(?!s))", h_bare_plural),
    ("set", rf"(?i:every|each|per)\s+(?:(?P<other>(?i:other))\s+)?(?:{MONTH}|{UNIT}|{WDAY}(?:\s+{_POD})?)(?!\w|'(?!s))", h_set),
    ("set_a", rf"\b(?i:once|twice|thrice|times)\s+(?P<core>(?i:a|an)\s+{UNIT})(?!\w|'(?!s))", h_set),
    ("set_adv", r"(?P<adv>(?i:daily|nightly|hourly|weekly|biweekly|monthly|annually|annual|yearly))(?![\w-]|'(?!s))", h_set),
    ("set_plural", rf"(?P<wday>Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays)(?:\s+{_POD})?(?!\w|'(?!s))", h_set),
    ("quarter", rf"(?:(?i:the)\s+)?(?:(?P<yrel2>(?i:this|last|next))\s+(?i:year)['’]s\s+|{YEAR.replace('year', 'year2')}(?:['’]s)?\s+)?(?:(?P<ago>(?i:comparable\s+)?(?i:year-ago|year-earlier|year\s+earlier|year\s+ago))\s+)?(?:(?i:fiscal)\s+)?(?:(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th|latest|last|current|previous|final|past|year-earlier|year-ago|year\s+earlier|comparable|recent|most\s+recent|next|coming|this))[\s-]+)?(?:(?i:fiscal)[\s-]+)?(?P<kind>(?i:quarter|half|period))(?![\w-]|'(?!s))(?:(?:\s+(?i:of)\s+(?:(?i:fiscal|the\s+fiscal\s+year|the\s+year|calendar)\s+)?|\s+(?i:fiscal)\s+|\s+){YEAR}|\s+(?i:of)\s+(?P<yrel>(?i:this|last|next))\s+(?i:year))?", h_quarter),
    ("year_ago", r"(?i:year-earlier|year-ago|year\s+earlier)(?=\s+(?:period|quarter|level|figure|result|month|week|profit|earning|sale|loss|net|revenue|share|\w+s\b))", h_year_ago),
    ("season", rf"{MOD}(?:(?P<rel>(?i:last|this|next|past|coming|the))\s+)?(?P<season>(?i:spring|summer|fall|autumn|winter))(?:(?:\s+(?i:of))?\s+{YEAR})?(?![\w-]|'(?!s))", h_season),
    ("holiday", rf"(?:(?P<rel>(?i:last|this|next))\s+)?(?P<hol>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?|Good\s+Friday|Independence\s+Day|Labor\s+Day|Election\s+Day|Memorial\s+Day|Halloween|Valentine['’]s\s+Day|Veterans\s+Day|Boxing\s+Day)(?:,?\s+{YEAR})?", h_holiday),
]


def _h_pod(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    if m["pod2"]:
        offset = _DEICTIC_DAYS.get((m["dword"] or "today").lower(), 0)
        point = ("D", ctx.dct + timedelta(days=offset)) if ctx.dct else None
        suffix = PARTS_OF_DAY[m["pod2"].lower().replace("mid", "").lstrip("-")]
        return "TIME", (fmt(point) if point else "XXXX-XX-XX") + f"T{suffix}", point
    return h_part_of_day(m, ctx, s, e)


_UNIT_WORDS = r"(?i:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur|semester)"
TRIGGERS: dict[str, str] = {
    "iso": r"\d{4}-\d\d-\d\d", "slash": r"\d/\d",
    "month_day": r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)",
    "year": r"(?<!\d)(?:1[0-9]|20)\d\d(?!\d)", "decade": r"\d0['’]?s\b", "century": r"(?i:centur)",
    "weekday": r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|MON|TUE|WED|THU|FRI|SAT|SUN)",
    "deictic": r"(?i:today|yesterday|tomorrow|tonight)", "pod": r"(?i:morning|afternoon|evening|night)",
    "time": r"\d\s*(?i:[ap]\.?m)\b", "time24": r"\d:\d\d", "noon": r"(?i:noon|midday|midnight)",
    "generic": r"(?i:past|future|present|recent|days|nowadays|current|presently|recently|lately|now)",
    "relative": r"(?i:week|month|quarter|year|decade|century|spring|summer|fall|autumn|winter|day)",
    "ago": r"(?i:ago|earlier|later|from now|hence|back|previously)\b", "ana_day": r"(?i:before|after|earlier|later)\b",
    "duration": _UNIT_WORDS, "past_next": _UNIT_WORDS, "bare_plural": _UNIT_WORDS,
    "set": r"(?i:every|each|per)\b", "set_a": r"(?i:once|twice|thrice|times)\b",
    "set_adv": r"(?i:daily|nightly|hourly|weekly|monthly|annual|yearly)", "set_plural": r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days",
    "quarter": r"(?i:quarter|half|period)", "year_ago": r"(?i:year[- ](?:earlier|ago))",
    "season": r"(?i:spring|summer|fall|autumn|winter)",
    "holiday": r"(?:Christmas|New Year|Thanksgiving|Easter|Good Friday|Independence Day|Labor Day|Election Day|Memorial Day|Halloween|Valentine|Veterans Day|Boxing Day)",
}
TRIGGERS["day_month"] = TRIGGERS["month_year"] = TRIGGERS["weekday_date"] = TRIGGERS["month_day"]
TRIGGERS["the_year"] = r"(?i:the\s+(?:\w+\s+)?year)"
TRIGGERS["weekend"] = r"(?i:weekend)"
TRIGGERS["decade_words"] = r"(?i:ties\b)"
TRIGGERS["time_words"] = r"(?i:in\s+the\s+(?:morning|afternoon|evening|night))"
TRIGGERS["end_of"] = r"(?i:\bof\s+the\s+)"
TRIGGERS["spelled_year"] = r"(?i:nineteen|eighteen|thousand)"
_MARGIN = 64
_COMPILED: list[tuple[str, re.Pattern[str], re.Pattern[str], Handler]] = [
    (name, re.compile(TRIGGERS[name]), re.compile(r"(?<!\w)" + pattern),
     handler or _h_pod)
    for name, pattern, handler in RULES
]
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "jan", "mar", "jun", "august"})
_SEASON_NOUNS = frozenset({"spring", "fall"})
_YEAR_NOUNS = frozenset({"earnings", "profits", "sales", "results", "elections", "levels", "figures",
                         "revenues", "losses", "prices", "rates", "games", "olympics"})
_COUNT_WORDS = frozenset({"about", "some", "nearly", "than", "only", "almost", "approximately", "over",
                          "around", "roughly", "estimated"})
_NO_ANCHOR = frozenset({"year_ago"})


def _vet(name: str, m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """Reject candidates that the parse says are not dates: 'may' as a modal, 'May' the person, a bare
    year that counts things, 'current' as a noun, 'spring'/'fall' as verbs."""
    doc = ctx.doc
    gd = m.groupdict()
    month = gd.get("month")
    if month and month.lower().rstrip(".") in _AMBIGUOUS_MONTHS and name == "month_year" and not gd.get("year"):
        tok = ctx.token_at(m.start("month"))
        if tok.tag_ in ("MD", "VB", "VBP", "VBZ", "VBD") or tok.ent_type_ in ("PERSON", "ORG", "GPE"):
            return False
        if month.lower() == "may" and tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ in ("VB", "RB", "PRP"):
            return False
    if name == "year":
        tok = ctx.token_at(m.start("year"))
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        prev = doc[tok.i - 1] if tok.i else None
        counts_things = nxt is not None and nxt.tag_ == "NNS" and nxt.lower_ not in _YEAR_NOUNS
        if counts_things and (tok.ent_type_ in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL") or
                              prev is not None and prev.lower_ in _COUNT_WORDS):
            return False
    if name == "generic" and m.group(0).lower() == "current":
        tok = ctx.token_at(s)
        if tok.pos_ != "ADJ" or tok.head.lower_ in ("account", "accounts", "assets", "liabilities"):
            return False
    if name == "season" and gd.get("season", "").lower() in _SEASON_NOUNS and not gd.get("rel") and not gd.get("year"):
        return False
    if name == "season" and (gd.get("rel") or "").lower() == "the" and not gd.get("year"):
        after = ctx.text[e:e + 4].lower()
        if after.startswith(" of"):
            return False
    if name in ("duration", "ago") and gd.get("unit", "").lower() == "second" and (gd.get("count") or "").lower() in ("a", "an"):
        return False
    if name == "duration" and (gd.get("count") or "").isdigit() and int(gd["count"]) >= 1000 and \
            not gd.get("unit", "").lower().endswith("s"):
        return False
    if name == "duration" and (gd.get("count") or "").lower() in ("a", "an") and s > 0:
        prev = ctx.token_at(s - 1)
        if prev.like_num or prev.lower_ in ("million", "billion", "trillion", "%", "percent", "cents"):
            return False  # a rate ("$5 a year", "24 hours a day"), which TimeML leaves untagged
    if name == "duration" and gd.get("unit", "").lower() in ("quarter", "quarters") and (
            ctx.text[m.end():m.end() + 3] == " of" or (gd.get("count") or "").lower() in ("a", "an")):
        return False  # "a quarter of the shares", "three-quarters of": fractions, not time
    if name == "duration" and (gd.get("unit") or "")[:1].isupper() and (gd.get("count") or "")[:1].isdigit():
        return False  # "60 Minutes", a title
    if name == "quarter" and gd.get("kind", "").lower() == "period" and (gd.get("q") or "").lower() in ORDINALS:
        return False  # "third period": a game, not a fiscal quarter
    if name == "quarter" and not gd.get("q") and not gd.get("year2") and (
            gd.get("kind", "").lower() in ("half", "period") or not m.group(0).lower().startswith("the")):
        return False
    if name == "spelled_year" and not gd.get("month"):
        last = ctx.token_at(e - 1)
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else last
        if nxt is not last and (nxt.tag_ == "NNS" or nxt.like_num):
            return False  # "two thousand years", "nineteen hundred people"
    if name == "holiday" and gd.get("hol", "") == "Easter" and not gd.get("year") and not gd.get("rel"):
        return False
    return True


class TimexTagger:
    """The `timeline_timexes` component: writes `doc._.timexes` (Timex dicts in text order)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = tag(doc, doc._.dct)
        return doc


def tag(doc: Doc, dct: str | None) -> list[Timex]:
    """Find and normalise the time expressions of a parsed Doc."""
    text = doc.text
    ctx = Context(doc, text, _parse_dct(dct))
    candidates: list[tuple[int, int, str, re.Match[str], Handler]] = []
    for name, trigger, pattern, handler in _COMPILED:
        for lo, hi in _windows(trigger, text):
            for m in pattern.finditer(text, lo, hi):
                s, e = m.span("core") if "core" in pattern.groupindex and m.group("core") else m.span()
                while e > s and text[e - 1] in " \t\n,":
                    e -= 1
                if text[s:s + 4].lower() == "the " and (
                        name == "quarter" and m["q"] and text[m.end("q")] == "-" or
                        name == "duration" and text[m.end("count"):m.start("unit")] == "-"):
                    s += 4  # adjectival "the third-quarter results", "the 14-day strike": no article
                if e > s:
                    candidates.append((s, e, name, m, handler))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    taken: list[tuple[int, int, str, re.Match[str], Handler]] = []
    occupied = bytearray(len(text) + 1)
    for cand in candidates:
        s, e, name, m, _ = cand
        if any(occupied[s:e]) or not _vet(name, m, ctx, s, e):
            continue
        occupied[s:e] = b"\x01" * (e - s)
        taken.append(cand)
    taken.sort(key=lambda c: c[0])

    timexes: list[Timex] = []
    for s, e, name, m, handler in taken:
        result = handler(m, ctx, s, e)
        if result is None:
            continue
        ttype, value, point = result
        if point is not None and name not in _NO_ANCHOR and not value.startswith("XXXX"):
            ctx.anchor = point
        timexes.append({"id": f"t{len(timexes) + 1}", "start": s, "end": e, "text": text[s:e],
                        "type": ttype, "value": value})  # type: ignore[typeddict-item]
    return timexes


def _windows(trigger: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Stretches of text around a rule's trigger words: full patterns run only there, because a
    pattern with optional prefixes ("the end of", "about") is slow to try at every offset."""
    windows: list[tuple[int, int]] = []
    for m in trigger.finditer(text):
        lo, hi = max(0, m.start() - _MARGIN), m.end() + _MARGIN
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _parse_dct(dct: str | None) -> date | None:
    if not dct:
        return None
    try:
        return date.fromisoformat(dct[:10])
    except ValueError:
        return None


@Language.factory("timeline_timexes")
def make_timexes(nlp: Language, name: str) -> TimexTagger:
    return TimexTagger()
