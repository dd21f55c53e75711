"""Word lists and regex building blocks of the temporal tagger.

Kept apart from the tagger so that the grammar reads as data; every piece is a plain string that
`timeline.extract.temporal` compiles once at import.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "a dozen": 12, "couple": 2, "a couple": 2, "a couple of": 2,
    "couple of": 2, "single": 1,
}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}
# TIMEX3 unit letters and the granularity a shifted anchor keeps.
UNITS: dict[str, str] = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "night": "D", "week": "W",
    "weekend": "WE", "fortnight": "FN", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE",
    "century": "CE", "centurie": "CE", "semester": "HY",
}
SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "mid-afternoon": "AF", "evening": "EV", "night": "NI",
    "overnight": "NI", "tonight": "NI",
}
SETS: dict[str, str] = {
    "daily": "P1D", "nightly": "P1D", "hourly": "PT1H", "weekly": "P1W", "biweekly": "P2W",
    "monthly": "P1M", "annually": "P1Y", "annual": "P1Y", "yearly": "P1Y",
}
GENERIC: dict[str, str] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "presently": "PRESENT_REF", "the present": "PRESENT_REF",
    "these days": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
    "the recent past": "PAST_REF", "recent times": "PAST_REF", "recent years": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the distant future": "FUTURE_REF",
}
# Fixed-date holidays (month, day); movable ones are computed in the tagger.
HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's": (1, 1), "new year's eve": (12, 31),
    "valentine's day": (2, 14), "independence day": (7, 4), "halloween": (10, 31),
    "veterans day": (11, 11), "christmas eve": (12, 24), "christmas": (12, 25),
    "christmas day": (12, 25), "boxing day": (12, 26), "may day": (5, 1),
}

# Words just before a bare weekday or month that give the expression's direction.
FUTURE_CUES = frozenset({"ahead of", "next", "coming", "upcoming", "soon as", "early as", "scheduled for",
                         "set for", "slated for", "due on", "planned for"})
WEAK_FUTURE_CUES = frozenset({"until", "till", "by"})
PAST_CUES = frozenset({"since", "last", "past", "previous"})
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "going", "gon"})
FUTURE_VERBS = frozenset({"plan", "expect", "schedule", "set", "due", "intend", "aim", "hope",
                          "prepare", "propose", "arrange", "slate", "poise", "want", "seek"})

_NUMW = (r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
         r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
         r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|dozen|single")
COUNT = (rf"(?:\d+\s+1/2|\d+(?:\.\d+)?|(?i:{_NUMW}|a\s+few|a\s+couple(?:\s+of)?|couple\s+of|several|a\s+number\s+of|"
         r"a\s+dozen|few|many|some|a|an))")
APPROX = (r"(?:(?i:about|around|approximately|almost|nearly|roughly|some|more\s+than|less\s+than|"
          r"fewer\s+than|over|under|at\s+least|at\s+most|just|only|barely|up\s+to|well\s+over|"
          r"close\s+to|the\s+better\s+part\s+of)\s+)?")
UNIT = (r"(?P<unit>(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|"
        r"quarters?|years?|decades?|century|centuries|semesters?))(?![a-z])")
UNIT_P = (r"(?P<unit>(?i:seconds|minutes|hours|days|nights|weeks|weekends|months|quarters|years|"
          r"decades|centuries))(?![a-z])")
MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
         r"December|JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|"
         r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![a-z])")
WDAY = (r"(?P<wday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|MONDAY|TUESDAY|WEDNESDAY|"
        r"THURSDAY|FRIDAY|SATURDAY|SUNDAY|(?:Mon|Tues|Tue|Wed|Thurs|Thu|Fri|Sat|Sun)\.)(?![a-z])")
DAYNUM = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%]|,\d{3})"
YEAR = r"(?P<year>(?:1[0-9]|20)\d\d)(?![\d%]|\.\d|,\d{3})"
# Modifiers that TimeML keeps in the span but that do not change the value.
MOD = (r"(?:(?i:(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close|turn|dawn|rest|remainder|"
       r"latter\s+part|early\s+part|first\s+part)\s+of\s+(?:the\s+)?)|(?i:(?:early|late|mid)(?:-|\s+))|(?i:mid-?))?")
AMPM = r"(?P<ampm>(?i:a\.m\.|p\.m\.|a\.m|p\.m|am|pm))(?![a-z])"
ZONE = r"(?:\s+(?P<zone>[ECMP][SD]T|GMT|UTC|BST|CET|(?i:local\s+time)))?"
