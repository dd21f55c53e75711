"""Temporal stage: find time expressions in news text and normalise them to TIMEX3 values.

A HeidelTime-style rule tagger whose grammar is data (`temporal_rules.yaml`, loaded and validated
by `temporal_lexicon`): each rule's cheap trigger finds where its full pattern may match, candidate
spans follow TimeML conventions (no leading preposition; "the end of", "early", "about" kept), the
longest candidate wins, and the rule's constraints and normaliser, named in the file, are functions
of this module. The spaCy parse only vets ambiguous words ("may", "March", a year-shaped number)
and gives the tense that sets the direction of bare weekdays, months and quarters. Deictic
expressions ("yesterday", "last year") resolve against the publication date (`doc._.dct`);
anaphoric ones ("a day earlier", "the next day") against the last date the text mentioned; an
anchored duration ("two days after the election on Nov. 5") also gets the date it points to.
Without a publication date, values that need one stay underspecified ("XXXX-XX-XX"): the clock is
never consulted. Calendar arithmetic lives in `timeline.dates` (no spaCy).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from dateutil.relativedelta import relativedelta
from spacy.language import Language
from spacy.tokens import Doc, Token

from timeline.dates import (
    GRAN_RANK, UNDERSPECIFIED, Point, fmt, holiday, parse_value, resolve_offset, shift, truncate,
    value_span, weekday_from,
)
from timeline.extract.temporal_lexicon import DEFAULT_RULES, Grammar, Rule, load_grammar
from timeline.types import Timex

__all__ = ["TimexTagger", "value_span", "load_tagger_grammar", "CONSTRAINTS", "NORMALISERS"]

Result = tuple[str, str, "Point | None"]  # TIMEX3 type, value, calendar point to anchor later anaphora
Normaliser = Callable[[re.Match[str], "Context", int, int], "Result | None"]
Constraint = Callable[[re.Match[str], "Context", int, int], bool]

# Directions a clause gives a bare weekday, month or quarter.
FUTURE, PAST, UNKNOWN = 1, -1, 0
PAST_PERFECT = -2  # "had agreed on Monday": behind a past reference
PLANNED = 2        # "had planned to impose Dec. 15": ahead of a past reference, so near either side

# Neighbours of a year-shaped number that connect it to another number in a series ("to 1850 from").
_SERIES_LINKS = frozenset({"to", "from", "vs", "vs.", "versus", ",", "-", "/"})
_YEAR_SHAPE = re.compile(r"(?:1[0-9]|20)\d\d")
# A figure compared with its year-ago value: "compared with $5 million last year", "up from".
_COMPARISON = re.compile(r"(?i)\b(?:compared\s+(?:with|to)|versus|vs\.?|against|(?:up|down|rose|fell|increased|decreased)\s+from|from)\b(?![^.;]*\b(?:in|of)\s+(?:1[0-9]|20)\d\d)[^.;]*$")


@dataclass(frozen=True)
class Lexicon:
    """The grammar's word lists under the names the normalisers use."""

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    numbers: Mapping[str, int]
    ordinals: Mapping[str, int]
    units: Mapping[str, str]
    seasons: Mapping[str, str]
    parts_of_day: Mapping[str, str]
    sets: Mapping[str, str]
    generic: Mapping[str, str]
    deictic_days: Mapping[str, int]
    decade_words: Mapping[str, int]
    century_words: Mapping[str, int]
    clock_zones: Mapping[str, str]
    future_cues: frozenset[str]
    weak_future_cues: frozenset[str]
    past_cues: frozenset[str]
    future_aux: frozenset[str]
    future_verbs: frozenset[str]
    plan_verbs: frozenset[str]
    deferral_verbs: frozenset[str]
    ambiguous_months: frozenset[str]
    season_verbs: frozenset[str]
    year_nouns: frozenset[str]
    count_words: frozenset[str]
    number_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    street_words: frozenset[str]
    name_exceptions: frozenset[str]
    now_discourse: frozenset[str]
    generic_today_nouns: frozenset[str]

    @classmethod
    def from_grammar(cls, grammar: Grammar) -> Lexicon:
        lists = dict(grammar.lists)
        lists["months"] = {**lists.pop("month_names"), **lists.pop("month_abbreviations")}
        return cls(**{name: lists[name] for name in cls.__dataclass_fields__})


REQUIRED_LISTS = frozenset(Lexicon.__dataclass_fields__) - {"months"} | {"month_names", "month_abbreviations"}


@dataclass(frozen=True)
class Settings:
    """The tunables of the component (spaCy `default_config`)."""

    window: int = 64           # characters around a trigger in which its rule's full pattern runs
    lookahead_months: int = 4  # a bare month up to this far ahead, in a clause without tense, is coming


class Context:
    """What resolution needs: the parse, the publication date, the last date mentioned, the lexicon."""

    def __init__(self, doc: Doc, dct: date | None, lex: Lexicon, holidays: Mapping[str, Mapping[str, Any]],
                 settings: Settings) -> None:
        self.doc = doc
        self.text = doc.text
        self.dct = dct
        self.lex = lex
        self.holidays = holidays
        self.settings = settings
        self.anchor: Point | None = None
        self.anchor_id: str | None = None
        self.anchor_at: int | None = None  # where the anchor's expression starts in the text
        self.used_anchor = False
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
            self.used_anchor = True
            if gran is None or GRAN_RANK[gran] > GRAN_RANK[self.anchor[0]]:
                return self.anchor
            return gran, truncate(gran, self.anchor[1])
        return self.deictic(gran or "D")

    def direction(self, start: int, end: int, present_is_future: bool = True) -> int:
        """FUTURE, PAST, UNKNOWN, PAST_PERFECT or PLANNED: strong cue words before the span, then the
        governing verb's tense and modality, then weak cues ("by", "until") that lean ahead.
        `present_is_future` False: a present tense says nothing ("reports fourth-quarter results")."""
        words = re.findall(r"[a-z']+", self.text[max(0, start - 16):start].lower())
        last1, last2 = " ".join(words[-1:]), " ".join(words[-2:])
        if last1 in self.lex.future_cues or last2 in self.lex.future_cues:
            return FUTURE
        if last1 in self.lex.past_cues or last2 in self.lex.past_cues:
            return PAST
        tok = self.token_at(end - 1)
        while start <= tok.head.idx < end and tok.head.i != tok.i:
            tok = tok.head  # the span's own head, e.g. "weekend" in "the weekend"
        tense = self._tense(tok, present_is_future)
        if last1 in self.lex.weak_future_cues:  # "until Tuesday" is a deadline ahead unless told from a past perfect
            return PAST if tense == PAST_PERFECT else FUTURE
        return tense

    def _tense(self, tok: Token, present_is_future: bool) -> int:
        """The direction the clause's verb gives: will/plan/present future, past, past perfect, planned."""
        lex = self.lex
        start = tok
        via: Token | None = None  # the preposition the date hangs from
        for _ in range(8):
            if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
                break
            if tok.dep_ == "prep":
                via = tok
            if tok is not start and tok.pos_ not in ("ADP", "NUM", "PROPN") or tok.dep_ in ("poss", "compound", "nmod"):
                return UNKNOWN  # the date modifies a noun ("payable Dec. 7"), not the clause's verb
            tok = tok.head
        aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in lex.future_aux for a in aux):
            return FUTURE
        if tok.lemma_ in lex.deferral_verbs and via is not None and via.lower_ in lex.weak_future_cues | {"to"}:
            return PLANNED  # "rescheduled the meeting to May 18", "extended until April 3": moved ahead
        if tok.tag_ == "VB" and any(a.lower_ == "to" for a in aux) and tok.head.i != tok.i:
            head = tok.head
            head_aux = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
            if any(a.lower_ in lex.future_aux for a in head_aux):
                return FUTURE
            past_head = head.tag_ == "VBD" or any(a.tag_ == "VBD" for a in head_aux)
            if head.lemma_ in lex.plan_verbs and past_head:
                return PLANNED
            if head.lemma_ in lex.future_verbs and not past_head:
                return FUTURE
            tok, aux = head, head_aux
        if tok.lemma_ in lex.plan_verbs and any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in tok.children):
            past = tok.tag_ in ("VBD", "VBN") or any(a.tag_ == "VBD" for a in aux)
            return PLANNED if past else FUTURE  # "planned a demonstration on Saturday": the plan's date
        if any(a.lemma_ == "have" and a.tag_ == "VBD" for a in aux):
            return PAST_PERFECT
        if tok.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
            return PAST
        if tok.tag_ == "VBN" and not aux:
            return PAST
        if tok.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
            return UNKNOWN  # present perfect: the report is now, the date may lie either side
        if tok.lemma_ in lex.future_verbs and tok.tag_ in ("VBN", "VBZ", "VBP"):
            return FUTURE
        if tok.tag_ == "VBP" and any(c.dep_ == "nsubj" and c.tag_ in ("NN", "NNP") for c in tok.children):
            return PAST  # "Weakness hurt the index": a singular subject makes "hurt" a past tense
        if present_is_future and (tok.tag_ in ("VBZ", "VBP") or
                                  tok.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in aux)):
            return FUTURE
        return UNKNOWN


# ---------------------------------------------------------------- resolution helpers

def _weekday(ctx: Context, wd: int, rel: str | None, start: int, end: int) -> Point | None:
    """The date of a weekday name relative to the DCT, in the direction that tense or cue gives."""
    if not ctx.dct:
        return None
    rel = (rel or "").lower()
    if rel in ("last", "past"):
        return "D", weekday_from(ctx.dct, wd, PAST, strict=True)
    if rel in ("next", "coming", "this coming"):
        return "D", weekday_from(ctx.dct, wd, FUTURE, strict=True)
    if rel == "this":
        return "D", truncate("W", ctx.dct) + timedelta(days=wd)
    direction = ctx.direction(start, end)
    return "D", weekday_from(ctx.dct, wd, FUTURE if direction in (FUTURE, PLANNED) else PAST)


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
    direction = ctx.direction(start, end, present_is_future=False)  # "as of February, the store accounts for"
    if direction in (UNKNOWN, PLANNED):  # news looks back more than ahead: only the next few months are coming
        ahead = (month - m) % 12
        return y if ahead == 0 else (y + (month < m) if ahead <= ctx.settings.lookahead_months else y - (month > m))
    if direction < 0 and month > m:
        return y - 1
    if direction > 0 and month < m:
        return y + 1
    return y


def _date_result(point: Point | None, gran: str) -> Result:
    return ("DATE", fmt(point), point) if point else ("DATE", UNDERSPECIFIED[gran], None)


def _count(ctx: Context, text: str | None) -> int | None:
    """The number a count phrase names; None for vague ones ("several", "a few")."""
    if not text:
        return 1
    numbers = ctx.lex.numbers
    t = re.sub(r"\s+", " ", text.lower().strip())
    if t in numbers:
        return numbers[t]
    if re.fullmatch(r"\d+", t):
        return int(t)
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:
        return numbers[parts[0]] + numbers[parts[1]]
    return None


def _unit(ctx: Context, text: str) -> str:
    t = text.lower()
    if t == "centuries":
        return "CE"
    units = ctx.lex.units
    return units.get(t[:-1] if t.endswith("s") and t[:-1] in units else t, "D")


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


def _month_of(ctx: Context, m: re.Match[str]) -> int:
    return ctx.lex.months[m["month"].lower().rstrip(".")]


def _group(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


# ---------------------------------------------------------------- normalisers: match -> Result | None

def n_iso(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if m["H"]:
        return "TIME", f"{d.isoformat()}T{m['H']}:{m['M']}", ("D", d)
    return "DATE", d.isoformat(), ("D", d)


def n_slash(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    y = int(m["y"])
    y = y + (1900 if y >= 50 else 2000) if y < 100 else y
    try:
        d = date(y, int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return "DATE", d.isoformat(), ("D", d)


def n_month_day(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    month, day = _month_of(ctx, m), int(m["day"])
    year = int(m["year"]) if m["year"] else _month_year(ctx, month, _group(m, "rel"), s, e)
    if year is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}", None
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return "DATE", d.isoformat(), ("D", d)


def n_month(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    month = _month_of(ctx, m)
    if m["yrel"]:  # "February this year"
        year = ctx.dct.year + {"last": -1, "next": 1}.get(m["yrel"].lower(), 0) if ctx.dct else None
    else:
        year = int(m["year"]) if m["year"] else _month_year(ctx, month, m["rel"], s, e)
    if year is None:
        return "DATE", f"XXXX-{month:02d}", None
    point = ("M", date(year, month, 1))
    return "DATE", fmt(point), point


def n_year(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    point = ("Y", date(int(m["year"]), 1, 1))
    return "DATE", fmt(point), point


def n_decade(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    if m["cent"]:
        return "DATE", f"{m['cent']}{m['d']}", ("DE", date(int(m["cent"]) * 100 + int(m["d"]) * 10, 1, 1))
    d = int(m["d2"])
    century = 20 if d <= 1 else 19
    return "DATE", f"{century}{d}", ("DE", date(century * 100 + d * 10, 1, 1))


def n_century(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    n = ctx.lex.ordinals.get(m["ord"].lower()) or int(re.sub(r"\D", "", m["ord"]) or 0)
    if not 1 <= n <= 30:
        return None
    return "DATE", f"{n - 1:02d}", ("CE", date(max((n - 1) * 100, 1), 1, 1))


def n_weekday(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    wd = ctx.lex.weekdays[m["wday"].lower().rstrip(".")]
    if m["ana"]:  # "the previous Friday": counted from the date the story is at, not from the DCT
        base = ctx.anaphoric("D")
        if base is None:
            point = None
        else:
            back = m["ana"].lower().endswith(("previous", "preceding"))
            point = "D", weekday_from(base[1], wd, PAST if back else FUTURE, strict=True)
    else:
        point = _weekday(ctx, wd, m["rel"], s, e)
    pod = _group(m, "pod")
    if pod:
        suffix = ctx.lex.parts_of_day[pod.lower()]
        if point is None:
            return "TIME", f"XXXX-WXX-{wd + 1}T{suffix}", None
        return "TIME", f"{fmt(point)}T{suffix}", point
    if point is None:
        return "DATE", f"XXXX-WXX-{wd + 1}", None
    return "DATE", fmt(point), point


def n_deictic_day(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    word = re.sub(r"\s+", " ", m["word"].lower())
    offset = ctx.lex.deictic_days[word]
    point = ("D", ctx.dct + timedelta(days=offset)) if ctx.dct else None
    pod = _group(m, "pod") or ("night" if word == "tonight" else None)
    if pod:
        suffix = ctx.lex.parts_of_day[pod.lower()]
        return "TIME", (fmt(point) if point else "XXXX-XX-XX") + f"T{suffix}", point
    return _date_result(point, "D")


def n_part_of_day(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'this morning', 'last night', 'the next morning', 'overnight', 'mid-afternoon yesterday'."""
    lex = ctx.lex
    if m["pod2"]:
        offset = lex.deictic_days.get((m["dword"] or "today").lower(), 0)
        point = ("D", ctx.dct + timedelta(days=offset)) if ctx.dct else None
        suffix = lex.parts_of_day[m["pod2"].lower().replace("mid", "").lstrip("-")]
        return "TIME", (fmt(point) if point else "XXXX-XX-XX") + f"T{suffix}", point
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    suffix = lex.parts_of_day[m["pod"].lower()]
    if rel in ("the next", "the following"):
        base = ctx.anaphoric("D")
        point = shift(base, 1, "D") if base else None
    elif rel in ("that", "the same", "earlier that", "later that"):
        point = ctx.anaphoric("D")
    elif rel == "last":
        point = ("D", ctx.dct - timedelta(days=1)) if ctx.dct else None
    else:
        point = ctx.deictic("D")
    return "TIME", (fmt(point) if point else "XXXX-XX-XX") + f"T{suffix}", point


_PART_AS_HALF_DAY = {"morning": "am", "afternoon": "pm", "evening": "pm", "night": "pm"}


def n_time(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """A clock time, with the day that follows it ("4 p.m. EST Thursday") or else the story's day."""
    word = (_group(m, "word") or "").lower()
    if word in ("noon", "midday"):
        hh, mi = 12, 0
    elif word == "midnight":
        hh, mi = 24, 0
    else:
        hh, mi = int(m["h"]), int(_group(m, "mi") or 0)
        ampm = (_group(m, "ampm") or "").lower()
        ampm = _PART_AS_HALF_DAY.get(ampm, ampm)
        if hh > 24 or mi > 59 or (ampm and not 1 <= hh <= 12):
            return None
        if ampm.startswith("p") and hh < 12:
            hh += 12
        elif ampm.startswith("a") and hh == 12:
            hh = 0
    point: Point | None = None
    if _group(m, "wday"):
        point = _weekday(ctx, ctx.lex.weekdays[m["wday"].lower().rstrip(".")], None, s, e)
    elif _group(m, "dword"):
        off = ctx.lex.deictic_days.get(m["dword"].lower(), 0)
        point = ("D", ctx.dct + timedelta(days=off)) if ctx.dct else None
    elif _group(m, "month"):
        r = n_month_day(m, ctx, s, e)
        point = r[2] if r else None
    else:
        same_sentence = ctx.anchor_at is not None and ctx.token_at(ctx.anchor_at).sent.start == ctx.token_at(s).sent.start
        point = ctx.anaphoric("D") if ctx.anchor and ctx.anchor[0] == "D" and same_sentence else ctx.deictic("D")
    zone = _group(m, "zone")
    suffix = ctx.lex.clock_zones.get(re.sub(r"\s+", " ", zone), "") if zone else ""
    day = fmt(point) if point else "XXXX-XX-XX"
    return "TIME", f"{day}T{hh:02d}:{mi:02d}{suffix}", point


def n_generic(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    return "DATE", ctx.lex.generic[re.sub(r"\s+", " ", m.group(0).lower())], None


def n_relative(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'last year', 'this month', 'next week', 'the following year', 'that day', 'the current quarter'."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit_word = m["unit"].lower()
    if unit_word in ctx.lex.seasons:
        return _season_rel(rel, ctx.lex.seasons[unit_word], ctx)
    unit = _unit(ctx, unit_word)
    gran = {"FN": "W", "HY": "H"}.get(unit, unit)
    if rel in ("the following", "the next", "the previous", "the preceding", "the prior", "that",
               "the same", "that same", "later that", "earlier that"):
        base = ctx.anaphoric(gran)
        if base is None:
            return _date_result(None, gran)
        step = {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1, "the prior": -1}
        return _date_result(shift((gran, truncate(gran, base[1])), step.get(rel, 0), unit), gran)
    if rel == "last" and unit == "Y" and ctx.anchor and ctx.anchor[0] in ("Q", "H") and \
            _COMPARISON.search(ctx.text[max(0, s - 80):s]):
        return "DATE", fmt(shift(ctx.anchor, -1, "Y")), None  # "compared with a loss last year": that quarter then
    base = ctx.deictic(gran)
    if base is None:
        return _date_result(None, gran)
    step = {"last": -1, "past": -1, "this past": -1, "next": 1, "coming": 1, "this coming": 1}.get(rel, 0)
    return _date_result(shift(base, step, unit), gran)


def n_the_year(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'the year ended March 31' is a twelve-month span; 'for the (full) year' is the current one."""
    if re.match(r"\s+(?:ended|ending|to\s+(?:date|\w+\.?\s+\d))\b", ctx.text[e:e + 20], re.I) or \
            (m["adj"] or "").lower() == "fiscal":
        return "DURATION", "P1Y", None
    return _date_result(ctx.deictic("Y"), "Y")


def n_weekend(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'the weekend': the coming one when the clause looks ahead, else the one just past."""
    if not ctx.dct:
        return "DATE", "XXXX-WXX-WE", None
    monday = truncate("W", ctx.dct)
    weekend_started = ctx.dct.weekday() >= 5
    if ctx.direction(s, e) in (FUTURE, PLANNED):
        point: Point = ("WE", monday)
    else:
        point = ("WE", monday if weekend_started else monday - timedelta(days=7))
    return "DATE", fmt(point), point


def n_decade_words(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    point: Point = ("DE", date(1900 + 10 * ctx.lex.decade_words[m["dw"].lower()], 1, 1))
    return "DATE", fmt(point), point


def n_end_of(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'the end of the year': the current period, as the story's date sets it."""
    gran = _unit(ctx, m["unit"])
    return _date_result(ctx.deictic(gran), gran)


def _season_rel(rel: str, code: str, ctx: Context) -> Result:
    """'last summer', 'next winter', 'this spring' from the DCT (meteorological seasons)."""
    if not ctx.dct:
        return "DATE", f"XXXX-{code}", None
    current = truncate("S", ctx.dct)
    start = date(ctx.dct.year, _season_month(code), 1)
    if rel in ("last", "past", "this past"):  # the latest such season that began before this one
        start -= relativedelta(years=start.year - current.year + (start.month >= current.month))
    elif rel in ("next", "coming", "this coming"):  # the first one after this one
        start += relativedelta(years=current.year - start.year + (start.month <= current.month))
    elif code == "WI" and ctx.dct.month <= 2:
        start = current
    point = ("S", start)
    return "DATE", fmt(point), point


def _season_month(code: str) -> int:
    return parse_value(f"2000-{code}")[1].month  # type: ignore[index]


def n_season(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    code = ctx.lex.seasons[m["season"].lower()]
    month = _season_month(code)
    if m["year"]:
        point = ("S", date(int(m["year"]), month, 1))
        return "DATE", fmt(point), point
    rel = (m["rel"] or "").lower()
    if rel == "the":
        if ctx.anchor and GRAN_RANK[ctx.anchor[0]] >= GRAN_RANK["Y"]:
            point = ("S", date(ctx.anchor[1].year, month, 1))
            return "DATE", fmt(point), point
        rel = ""
    if not rel:
        direction = ctx.direction(s, e)
        rel = "last" if direction < 0 else "next" if direction > 0 else "this"
        if rel != "this" and ctx.dct and truncate("S", ctx.dct).month == month:
            rel = "this"
    return _season_rel(rel, code, ctx)


def n_ago(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'a year ago' (deictic), 'a day earlier' / 'two weeks later' (anaphoric)."""
    n = _count(ctx, m["count"])
    unit = _unit(ctx, m["unit"])
    word = m["dir"].lower()
    past = word in ("ago", "earlier", "before", "back", "previously")
    if n is None or unit in ("S", "MIN", "H"):
        return "DATE", "PAST_REF" if past else "FUTURE_REF", None
    gran = {"FN": "W", "HY": "H", "WE": "W"}.get(unit, unit)
    if word in ("ago", "from now", "hence", "back"):
        base = ctx.deictic(gran)
        if base and unit == "Y" and ctx.anchor and ctx.anchor[0] == "Q":
            base = ctx.anaphoric()  # "up from $5 a year ago": the year-ago quarter of the one just reported
    else:
        base = ctx.anaphoric()
    if base is None:
        return _date_result(None, gran)
    ttype, value, point = _date_result(shift(base, n * (-1 if past else 1), unit), base[0])
    # "a year earlier" compares figures with the reported period: not a new narrative anchor
    return ttype, value, None if unit in ("Y", "Q", "HY", "DE", "CE") else point


def n_anaphoric_day(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'the day before', 'the next day', 'the week after'."""
    unit = _unit(ctx, m["unit"])
    gran = {"FN": "W", "HY": "H"}.get(unit, unit)
    sign = -1 if m["dir"].lower() in ("before", "earlier", "previously") else 1
    base = ctx.anaphoric(gran)
    if base is None:
        return _date_result(None, gran)
    return _date_result(shift((gran, truncate(gran, base[1])), sign, unit), gran)


def n_year_previous(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'the year previous': the year before the one the story is at."""
    base = ctx.anaphoric("Y")
    return _date_result(shift(base, -1, "Y") if base else None, "Y")


def n_same_period(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'the same period a year ago', 'the same month last year': the reported period a year back."""
    kind = m["kind"].lower()
    gran = {"quarter": "Q", "month": "M", "week": "W"}.get(kind)
    if m["year"]:
        year = int(m["year"])
        base = ctx.anchor if ctx.anchor and gran in (None, ctx.anchor[0]) else None
        if base is None:
            return "DATE", f"{year:04d}", None
        return "DATE", fmt((base[0], truncate(base[0], base[1].replace(year=year)))), None
    base = ctx.anchor if ctx.anchor and ctx.anchor[0] != "D" and gran in (None, ctx.anchor[0]) else None
    if base is None and gran is not None:
        base = ctx.deictic(gran)
        base = shift(base, -1, gran) if base and gran != "Q" else base
    if base is None:
        return "DATE", "XXXX", None
    return "DATE", fmt(shift(base, -1, "Y")), None


def n_duration(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    unit_word = m["unit"].lower()
    n = _count(ctx, m["count"]) if m["count"] else (None if unit_word.endswith("s") else 1)
    unit = _unit(ctx, unit_word)
    if unit == "Q":
        return "DURATION", _duration(None if n is None else 3 * n, "M"), None
    frac = re.fullmatch(r"(\d+)\s+1/2", m["count"] or "")
    if frac:
        n = int(frac.group(1))
    if frac or _group(m, "half") or _group(m, "half2"):
        if n is None:
            return None
        halves = {"Y": "P{}Y6M", "M": "P{}M15D", "W": "P{}W3DT12H", "D": "P{}DT12H", "H": "PT{}H30M",
                  "MIN": "PT{}M30S"}
        if unit in halves:
            return "DURATION", halves[unit].format(n), None
        return "DURATION", _duration(n + 0.5, unit), None
    return "DURATION", _duration(n, unit), None


def n_bare_plural(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    return "DURATION", _duration(None, _unit(ctx, m["unit"])), None


def n_set(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    if _group(m, "adv"):
        return "SET", ctx.lex.sets[m["adv"].lower()], None
    if _group(m, "month"):
        return "SET", f"XXXX-{_month_of(ctx, m):02d}", None
    if _group(m, "wday"):
        name = m["wday"].lower().rstrip(".")
        wd = ctx.lex.weekdays.get(name, ctx.lex.weekdays.get(name.rstrip("s"), 0))
        pod = _group(m, "pod")
        return "SET", f"XXXX-WXX-{wd + 1}" + (f"T{ctx.lex.parts_of_day[pod.lower()]}" if pod else ""), None
    return "SET", _duration(2 if _group(m, "other") else 1, _unit(ctx, m["unit"])), None


def n_quarter(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """'the third quarter', 'third-quarter', 'the fourth quarter of 1997', 'the latest quarter'.

    A quarter without a year is the latest one of that number that has begun by publication (the
    fourth quarter, in a February earnings story, is last year's), unless the clause plainly looks
    ahead ("expects", "will"): present tense alone does not, since results are reported after.
    """
    word = re.sub(r"\s+", " ", (m["q"] or "").lower())
    kind = m["kind"].lower()
    gran, months, size = ("Q", 3, 4) if kind.startswith("quarter") else ("H", 6, 2)
    n = ctx.lex.ordinals.get(word) or (2 if gran == "H" and word == "last" and (m["year"] or m["yrel"]) else None)
    yrel = m["yrel"] or m["yrel2"]
    if m["year"] or m["year2"]:
        year: int | None = int(m["year"] or m["year2"])
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
            if date(year, (n - 1) * months + 1, 1) > ctx.dct and \
                    ctx.direction(s, e, present_is_future=False) not in (FUTURE, PLANNED):
                year -= 1
        point = (gran, date(year, (n - 1) * months + 1, 1))
        return "DATE", fmt(point), point
    return _quarter_by_word(word, bool(m["ago"]) and not n, year, gran, ctx)


def _quarter_by_word(word: str, ago: bool, year: int | None, gran: str, ctx: Context) -> Result | None:
    """A quarter or half named without its number: 'the year-earlier quarter', 'the 1988 quarter',
    'the latest quarter', 'the current half', or a bare 'the quarter' (the one the story is about)."""
    if word in ("year-earlier", "year-ago", "comparable", "year earlier") or ago:
        base = ctx.anchor if ctx.anchor and ctx.anchor[0] == gran else None
        if base is None and ctx.dct:
            base = shift(ctx.deictic(gran), -1, gran)  # type: ignore[arg-type]
        if base is None:
            return _date_result(None, gran)
        return "DATE", fmt(shift(base, -1, "Y")), None
    if year is not None:
        if ctx.anchor and ctx.anchor[0] == gran:  # "the 1988 quarter", "last year's quarter": the reported one
            return "DATE", fmt((gran, ctx.anchor[1].replace(year=year))), None
        return "DATE", f"{year:04d}-{gran}X", None
    if word in ("latest", "last", "past", "previous", "recent", "most recent"):
        base = ctx.deictic(gran)
        return _date_result(shift(base, -1, gran) if base else None, gran)
    if word in ("next", "coming"):
        base = ctx.deictic(gran)
        return _date_result(shift(base, 1, gran) if base else None, gran)
    if word in ("current", "this"):
        return _date_result(ctx.deictic(gran), gran)
    if ctx.anchor and ctx.anchor[0] == gran:  # bare "the quarter": the one the story is about
        return "DATE", fmt(ctx.anchor), ctx.anchor
    base = ctx.deictic(gran)
    return _date_result(shift(base, -1, gran) if base else None, gran)


def n_year_ago(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """Adjectival 'year-earlier' / 'year-ago': a year before the period the story reports."""
    base = ctx.anchor if ctx.anchor and ctx.anchor[0] in ("Q", "H") else None
    if base is None:
        base = ctx.deictic("Y")
    if base is None:
        return "DATE", "XXXX", None
    return _date_result(shift(base, -1, "Y"), base[0])


def n_spelled_year(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    """Years as transcripts spell them: 'nineteen ninety-six', 'the year two thousand'."""
    numbers = ctx.lex.numbers
    words = re.split(r"[\s-]+", m["yw"].lower())
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        year = 2000 + (numbers.get(rest[0], 0) if rest else 0)
    else:
        tail = words[1:]
        low = 0 if tail == ["hundred"] else sum(numbers.get(w, 0) for w in tail)
        year = ctx.lex.century_words[words[0]] * 100 + low
    if not m["month"] and not s < m.start("yw") and year % 100 < 10 and words[0] != "two":
        return None
    point: Point = ("M", date(year, _month_of(ctx, m), 1)) if m["month"] else ("Y", date(year, 1, 1))
    return "DATE", fmt(point), point


def n_holiday(m: re.Match[str], ctx: Context, s: int, e: int) -> Result | None:
    name = re.sub(r"\s+", " ", m["hol"].lower()).replace("’", "'")
    rule = ctx.holidays[name]
    if m["year"]:
        year = int(m["year"])
    elif not ctx.dct:
        return "DATE", "XXXX-XX-XX", None
    else:
        year = ctx.dct.year
        rel = (m["rel"] or "").lower()
        if rel == "last":
            year -= 1
        elif rel == "next":
            year += 1
        elif not rel:
            direction = ctx.direction(s, e)
            dct = ctx.dct
            options = [y for y in (year - 1, year, year + 1)
                       if direction == UNKNOWN or (direction < 0) == (holiday(rule, y) <= dct)]
            year = min(options or [year], key=lambda y: abs((holiday(rule, y) - dct).days))
    d = holiday(rule, year)
    return "DATE", d.isoformat(), ("D", d)


NORMALISERS: dict[str, Normaliser] = {
    "iso": n_iso, "slash": n_slash, "month_day": n_month_day, "month": n_month, "year": n_year,
    "decade": n_decade, "century": n_century, "weekday": n_weekday, "spelled_year": n_spelled_year,
    "deictic_day": n_deictic_day, "part_of_day": n_part_of_day, "time": n_time, "generic": n_generic,
    "the_year": n_the_year, "weekend": n_weekend, "decade_words": n_decade_words, "end_of": n_end_of,
    "relative": n_relative, "ago": n_ago, "anaphoric_day": n_anaphoric_day, "year_previous": n_year_previous,
    "same_period": n_same_period, "duration": n_duration, "bare_plural": n_bare_plural, "set": n_set,
    "quarter": n_quarter, "year_ago": n_year_ago, "season": n_season, "holiday": n_holiday,
}


# ---------------------------------------------------------------- constraints: match -> keep?

def _neighbour(ctx: Context, tok: Token, step: int) -> Token | None:
    """The nearest token before (step -1) or after (+1) that is not a series link ("to", ",", "vs")."""
    i = tok.i + step
    while 0 <= i < len(ctx.doc) and ctx.doc[i].lower_ in _SERIES_LINKS:
        i += step
    return ctx.doc[i] if 0 <= i < len(ctx.doc) and abs(i - tok.i) <= 3 else None


def c_year_is_plausible(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """A year-shaped number is a year unless its context says otherwise: a clock time ("1805 EST",
    "1000 London time"), a number in a name ("LaserJet 2000", "Flight 1805", "Route 1990"), an
    address ("1600 Pennsylvania Avenue"), a quantity ("2000 troops", "1900 tonnes"), or a number in
    a series of other numbers ("rose to 1850 from 1837.5")."""
    lex = ctx.lex
    if m.start("year") > s:  # "fiscal 1987", "mid-1990": the words before make it a year
        return True
    tok = ctx.token_at(m.start("year"))
    doc = ctx.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    prev = doc[tok.i - 1] if tok.i else None
    if nxt is not None and (nxt.text in lex.clock_zones or nxt.lower_ in ("hrs", "hours", "gmt", "utc")):
        return False
    if nxt is not None and nxt.lower_ in lex.quantity_nouns and not (prev is not None and prev.lower_ in ("in", "since")):
        return False
    if nxt is not None and nxt.tag_ == "NNS" and nxt.lower_ not in lex.year_nouns and (
            tok.ent_type_ in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL") or
            prev is not None and prev.lower_ in lex.count_words):
        return False
    following = doc[tok.i + 1:tok.i + 4]
    if any(t.lower_.rstrip(".") in lex.street_words for t in following) and all(
            t.is_title or t.lower_.rstrip(".") in lex.street_words for t in following[:1]):
        return False  # an address: "1600 Pennsylvania Avenue"
    if prev is not None:
        word = prev.lower_.rstrip(".")
        if word in lex.number_nouns:
            return False
        named = prev.pos_ == "PROPN" and (prev.is_title or re.search(r"[a-z][A-Z]", prev.text)) and \
            prev.i > prev.sent.start and word not in lex.name_exceptions and word not in lex.months and \
            word not in lex.weekdays and ctx.text[prev.idx + len(prev.text):tok.idx] == " "
        if named:
            return False
    for side in (-1, 1):
        other = _neighbour(ctx, tok, side)
        if other is not None and other.like_num and other.i != tok.i and not _YEAR_SHAPE.fullmatch(other.text) and \
                re.fullmatch(r"[\d.,]+", other.text) and other.text.strip(".,") != "":
            between = doc[min(tok.i, other.i) + 1:max(tok.i, other.i)]
            if all(t.lower_ in _SERIES_LINKS for t in between):
                return False
    return True


def c_month_is_not_a_word(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """'may' as a modal, 'March' as a verb, 'May' the person: not months when no year comes with them."""
    month = m["month"]
    if month.lower().rstrip(".") not in ctx.lex.ambiguous_months or m["year"]:
        return True
    tok = ctx.token_at(m.start("month"))
    if tok.tag_ in ("MD", "VB", "VBP", "VBZ", "VBD") or tok.ent_type_ in ("PERSON", "ORG", "GPE"):
        return False
    doc = ctx.doc
    return not (month.lower() == "may" and tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ in ("VB", "RB", "PRP"))


def c_today_is_not_generic(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """'today's youth', 'many of today's computers', 'USA Today': the present in general or a name."""
    if m["word"].lower() != "today":
        return True
    tok = ctx.token_at(m.start("word"))
    if tok.pos_ == "PROPN" and tok.i > tok.sent.start and tok.text[0].isupper():
        return False
    return not (tok.dep_ == "poss" and (tok.head.tag_ == "NNS" or tok.head.lower_ in ctx.lex.generic_today_nouns))


def c_now_is_temporal(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """'for now' and a sentence-opening 'Now,' are discourse, not a reference to the present."""
    if m.group(0).lower() != "now":
        return True
    tok = ctx.token_at(s)
    before = ctx.doc[tok.i - 1] if tok.i else None
    if before is not None and before.lower_ in ctx.lex.now_discourse:
        return False
    return not (tok.i == tok.sent.start and ctx.text[e:e + 1] == ",")


def c_season_is_temporal(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """'spring'/'fall' as verbs; 'the spring of' something that is not a year."""
    season, rel = m["season"].lower(), (m["rel"] or "").lower()
    if season in ctx.lex.season_verbs and not rel and not m["year"]:
        return False
    return not (rel == "the" and not m["year"] and ctx.text[e:e + 4].lower().startswith(" of"))


def c_unit_is_not_an_ordinal(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """'a second' is an ordinal ("a second attempt"), not one second."""
    return not (m["unit"].lower() == "second" and (m["count"] or "").lower() in ("a", "an"))


def c_count_is_plausible(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """'1987 year' is a year, not a duration of 1,987 years."""
    count = m["count"] or ""
    return not (count.isdigit() and int(count) >= 1000 and not m["unit"].lower().endswith("s"))


def c_duration_is_not_a_rate(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """'$5 a year', '24 hours a day': a rate, which TimeML leaves untagged."""
    if (m["count"] or "").lower() not in ("a", "an") or s == 0:
        return True
    prev = ctx.token_at(s - 1)
    return not (prev.like_num or prev.lower_ in ("million", "billion", "trillion", "%", "percent", "cents"))


def c_quarter_is_not_a_fraction(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """'a quarter of the shares', 'three-quarters of': fractions, not time."""
    if m["unit"].lower() not in ("quarter", "quarters"):
        return True
    return not (ctx.text[m.end():m.end() + 3] == " of" or (m["count"] or "").lower() in ("a", "an"))


def c_unit_is_not_a_title(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """'60 Minutes': a title."""
    return not (m["unit"][:1].isupper() and (m["count"] or "")[:1].isdigit())


def c_quarter_is_not_a_game_period(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """'the third period': a game, not a fiscal quarter."""
    return not (m["kind"].lower() == "period" and (m["q"] or "").lower() in ctx.lex.ordinals)


def c_quarter_is_specific(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """'half' or 'period' alone, or 'quarter' without an article or number, is not a date."""
    if m["q"] or m["year2"] or m["ago"]:
        return True
    return not (m["kind"].lower() in ("half", "period") or not m.group(0).lower().startswith("the"))


def c_spelled_year_is_not_a_count(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """'two thousand years', 'nineteen hundred people'."""
    if m["month"]:
        return True
    last = ctx.token_at(e - 1)
    nxt = ctx.doc[last.i + 1] if last.i + 1 < len(ctx.doc) else last
    return nxt is last or not (nxt.tag_ == "NNS" or nxt.like_num)


def c_movable_feast_has_context(m: re.Match[str], ctx: Context, s: int, e: int) -> bool:
    """A bare 'Easter' is as often the season or a name as a date."""
    return not (m["hol"] == "Easter" and not m["year"] and not m["rel"])


CONSTRAINTS: dict[str, Constraint] = {
    "year_is_plausible": c_year_is_plausible, "month_is_not_a_word": c_month_is_not_a_word,
    "today_is_not_generic": c_today_is_not_generic, "now_is_temporal": c_now_is_temporal,
    "season_is_temporal": c_season_is_temporal, "unit_is_not_an_ordinal": c_unit_is_not_an_ordinal,
    "count_is_plausible": c_count_is_plausible, "duration_is_not_a_rate": c_duration_is_not_a_rate,
    "quarter_is_not_a_fraction": c_quarter_is_not_a_fraction, "unit_is_not_a_title": c_unit_is_not_a_title,
    "quarter_is_not_a_game_period": c_quarter_is_not_a_game_period,
    "quarter_is_specific": c_quarter_is_specific, "spelled_year_is_not_a_count": c_spelled_year_is_not_a_count,
    "movable_feast_has_context": c_movable_feast_has_context,
}


def load_tagger_grammar(path: Path | str = DEFAULT_RULES) -> Grammar:
    """The rules file, validated against this module's normalisers, constraints and word lists."""
    return load_grammar(path, normalisers=NORMALISERS, constraints=CONSTRAINTS, required_lists=REQUIRED_LISTS)


# ---------------------------------------------------------------- the component

_DURATION_OFFSET = re.compile(r"^P\d+[YMWD]$|^PT\d+[HM]$")
_ANCHOR_SIGNAL = re.compile(r"\s+(?P<rel>after|before)\b", re.I)
_ANCHOR_REACH = 80  # characters after "after"/"before" in which the anchoring date may stand

Candidate = tuple[int, int, Rule, re.Match[str]]


class TimexTagger:
    """The `timeline_timexes` component: writes `doc._.timexes` (Timex dicts in text order).

    Each timex is {id, start, end, text, type, value}; one whose value was counted from another
    date also has `anchor`: {"timex": id of that date, "relation": "anaphora" (counted from the
    last date mentioned: "a day later") | "after" | "before" (an anchored duration), "offset": the
    duration or null, "value": the date it denotes}. For "two days after the election on
    Nov. 5" the timex "two days" keeps TimeML's DURATION P2D and gets anchor value 1987-11-07.
    """

    def __init__(self, nlp: Language | None = None, name: str = "timeline_timexes", *,
                 rules: str | None = None, window: int = Settings.window,
                 lookahead_months: int = Settings.lookahead_months) -> None:
        self.name = name
        self.settings = Settings(window=window, lookahead_months=lookahead_months)
        self.set_grammar(load_tagger_grammar(rules or DEFAULT_RULES))

    def set_grammar(self, grammar: Grammar) -> None:
        self.grammar = grammar
        self.lex = Lexicon.from_grammar(grammar)
        self._checks = {rule.name: tuple(CONSTRAINTS[c] for c in rule.constraints) for rule in grammar.rules}
        self._normalise = {rule.name: NORMALISERS[rule.normalise] for rule in grammar.rules}

    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = self.tag(doc, doc._.dct)
        return doc

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        """Write the grammar as `rules.yaml` in the directory `path` (as span_ruler writes its patterns)."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "rules.yaml").write_text(yaml.safe_dump(dict(self.grammar.data), sort_keys=False, allow_unicode=True),
                                           encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> TimexTagger:
        """Read the grammar written by `to_disk` (validated like the packaged one)."""
        self.set_grammar(load_tagger_grammar(Path(path) / "rules.yaml"))
        return self

    def tag(self, doc: Doc, dct: str | None) -> list[Timex]:
        """Find and normalise the time expressions of a parsed Doc."""
        ctx = Context(doc, _parse_dct(dct), self.lex, self.grammar.holidays, self.settings)
        timexes: list[Timex] = []
        for s, e, rule, m in self._select(ctx):
            ctx.used_anchor = False
            anchor_id = ctx.anchor_id
            result = self._normalise[rule.name](m, ctx, s, e)
            if result is None:
                continue
            ttype, value, point = result
            timex: Timex = {"id": f"t{len(timexes) + 1}", "start": s, "end": e, "text": ctx.text[s:e],
                            "type": ttype, "value": value}  # type: ignore[typeddict-item]
            if ctx.used_anchor and anchor_id and point is not None:
                timex["anchor"] = {"timex": anchor_id, "relation": "anaphora", "offset": None, "value": value}
            if point is not None and rule.anchors and not value.startswith("XXXX"):
                ctx.anchor, ctx.anchor_id, ctx.anchor_at = point, timex["id"], s
            timexes.append(timex)
        _anchor_durations(ctx.text, timexes)
        return timexes

    def _select(self, ctx: Context) -> list[Candidate]:
        """Every rule's matches near its triggers, longest first, kept when free and when they pass."""
        text = ctx.text
        candidates: list[Candidate] = []
        for rule in self.grammar.rules:
            for lo, hi in _windows(rule.trigger, text, self.settings.window):
                for m in rule.pattern.finditer(text, lo, hi):
                    s, e = m.span("core") if "core" in rule.pattern.groupindex and m.group("core") else m.span()
                    while e > s and text[e - 1] in " \t\n,":
                        e -= 1
                    if rule.adjectival and m[rule.adjectival] and text[s:s + 4].lower() == "the " and \
                            text[m.end(rule.adjectival):m.end(rule.adjectival) + 1] == "-":
                        s += 4  # adjectival "the third-quarter results", "the 14-day strike": no article
                    if e > s:
                        candidates.append((s, e, rule, m))
        # longest span first; on a tie the rule that read more context ("twice a month": a set)
        candidates.sort(key=lambda c: (c[0] - c[1], c[3].start() - c[3].end(), c[0]))
        taken: list[Candidate] = []
        occupied = bytearray(len(text) + 1)
        for cand in candidates:
            s, e, rule, m = cand
            if any(occupied[s:e]) or not all(check(m, ctx, s, e) for check in self._checks[rule.name]):
                continue
            occupied[s:e] = b"\x01" * (e - s)
            taken.append(cand)
        taken.sort(key=lambda c: c[0])
        return taken


def _anchor_durations(text: str, timexes: list[Timex]) -> None:
    """'two days after the election on Nov. 5': a duration followed by after/before and, in the same
    sentence, a calendar date gets that date as its anchor and the date it points to."""
    for i, timex in enumerate(timexes):
        if timex["type"] != "DURATION" or not _DURATION_OFFSET.match(timex["value"]):
            continue
        signal = _ANCHOR_SIGNAL.match(text, timex["end"])
        if not signal:
            continue
        for later in timexes[i + 1:]:
            if later["start"] - signal.end() > _ANCHOR_REACH or re.search(r"[.;!?]\s", text[signal.end():later["start"]]):
                break
            if later["type"] in ("DATE", "TIME") and parse_value(later["value"]):
                relation = signal["rel"].lower()
                value = resolve_offset(later["value"], timex["value"], relation)
                if value:
                    timex["anchor"] = {"timex": later["id"], "relation": relation, "offset": timex["value"],
                                       "value": value}
                break


def _windows(trigger: re.Pattern[str], text: str, margin: int) -> list[tuple[int, int]]:
    """Stretches of text around a rule's trigger words: full patterns run only there, because a
    pattern with optional prefixes ("the end of", "about") is slow to try at every offset."""
    windows: list[tuple[int, int]] = []
    for m in trigger.finditer(text):
        lo, hi = max(0, m.start() - margin), m.end() + margin
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


@Language.factory(
    "timeline_timexes",
    assigns=["doc._.timexes"],
    requires=["doc._.dct", "token.tag", "token.pos", "token.dep", "token.lemma", "token.ent_type"],
    default_config={"rules": None, "window": Settings.window, "lookahead_months": Settings.lookahead_months},
)
def make_timexes(nlp: Language, name: str, rules: str | None, window: int, lookahead_months: int) -> TimexTagger:
    return TimexTagger(nlp, name, rules=rules, window=window, lookahead_months=lookahead_months)
