"""The temporal stage on real sentences: detection, TimeML spans, normalisation and anchoring."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.paths import EXTRACT_SCHEMA, SEED
from tests.stages import SEED_DCT as DCT, timexes


@pytest.fixture(scope="module")
def nlp(timexes_stage: Language) -> Language:
    return timexes_stage


def values(nlp: Language, text: str, dct: str | None = DCT) -> dict[str, tuple[str, str]]:
    return {t["text"]: (t["type"], t["value"]) for t in timexes(nlp, text, dct)}


# ---------------------------------------------------------------- the seed article

@pytest.fixture(scope="module")
def seed(nlp: Language) -> tuple[str, list[dict]]:
    text = SEED.read_text(encoding="utf-8")
    return text, timexes(nlp, text)


def seed_value(seed: tuple[str, list[dict]], context: str, word: str) -> str:
    """The value of `word` where it occurs inside the phrase `context`."""
    text, found = seed
    start = text.index(context) + context.index(word)
    hits = [t for t in found if t["start"] <= start < t["end"]]
    assert hits, f"{word!r} in {context!r} was not tagged"
    return hits[0]["value"]


@pytest.mark.parametrize("context, word, value", [
    ("Patrushev on Tuesday", "Tuesday", "2023-02-21"),
    ("in the Russian capital on Tuesday", "Tuesday", "2023-02-21"),
    ("will meet foreign minister Sergey Lavrov on Wednesday", "Wednesday", "2023-02-22"),
    ("ahead of Friday’s first anniversary", "Friday", "2023-02-24"),
    ("A day earlier", "A day earlier", "2023-02-20"),
    ("at the end of last year", "the end of last year", "2022"),
    ("set up in 2005", "2005", "2005"),
    ("I believe that today", "today", "2023-02-22"),
])
def test_seed_values(seed: tuple[str, list[dict]], context: str, word: str, value: str) -> None:
    assert seed_value(seed, context, word) == value


def test_seed_a_year_ago_is_2022(seed: tuple[str, list[dict]]) -> None:
    assert seed_value(seed, "on Ukraine a year ago", "a year ago") in ("2022", "2022-02")


def test_seed_spans_and_false_positives(seed: tuple[str, list[dict]]) -> None:
    text, found = seed
    texts = [t["text"] for t in found]
    assert "the end of last year" in texts and "at the end of last year" not in texts
    assert all(text[t["start"]:t["end"]] == t["text"] for t in found)
    assert [t["id"] for t in found] == [f"t{i}" for i in range(1, len(found) + 1)]
    we = text.index("We are ready")
    assert not any(t["start"] <= we < t["end"] for t in found)
    march = text.index("deal by March") + len("deal by ")
    assert seed_value(seed, "deal by March", "March") == "2023-03"
    assert not any(t["start"] < march and t["text"] == "by March" for t in found)


# ---------------------------------------------------------------- absolute dates and times

@pytest.mark.parametrize("sentence, expression, expected", [
    ("The filing is dated 2023-02-21 in the registry.", "2023-02-21", ("DATE", "2023-02-21")),
    ("Prices rose in February 2023, the agency said.", "February 2023", ("DATE", "2023-02")),
    ("The treaty was signed on March 3, 1998, in Paris.", "March 3, 1998", ("DATE", "1998-03-03")),
    ("The company was founded in 1987 by two engineers.", "1987", ("DATE", "1987")),
    ("Inflation was high in the 1990s across the region.", "the 1990s", ("DATE", "199")),
    ("It was the bloodiest war of the 20th century.", "the 20th century", ("DATE", "19")),
    ("The talks collapsed in the summer of 2021.", "the summer of 2021", ("DATE", "2021-SU")),
    ("Profit fell in the fourth quarter of 2022.", "the fourth quarter of 2022", ("DATE", "2022-Q4")),
    ("Sales rose in the first half of 2022.", "the first half of 2022", ("DATE", "2022-H1")),
    ("Revenue for fiscal 2022 beat forecasts.", "fiscal 2022", ("DATE", "2022")),
    ("The vote is expected in early 2020, aides said.", "early 2020", ("DATE", "2020")),
    ("Troops withdrew on Christmas Day 2001.", "Christmas Day 2001", ("DATE", "2001-12-25")),
])
def test_absolute_dates(nlp: Language, sentence: str, expression: str, expected: tuple[str, str]) -> None:
    assert values(nlp, sentence)[expression] == expected


def test_times_and_parts_of_day(nlp: Language) -> None:
    found = values(nlp, "The blast happened at 2:30 p.m. Tuesday. Rescuers arrived Tuesday morning. "
                        "Officials met this morning and will meet again tonight.")
    assert found["2:30 p.m. Tuesday"] == ("TIME", "2023-02-21T14:30")
    assert found["Tuesday morning"] == ("TIME", "2023-02-21TMO")
    assert found["this morning"] == ("TIME", "2023-02-22TMO")
    assert found["tonight"] == ("TIME", "2023-02-22TNI")


# ---------------------------------------------------------------- relative dates

def test_deictic_expressions_use_the_publication_date(nlp: Language) -> None:
    found = values(nlp, "The minister resigned yesterday. Talks resume tomorrow. Exports fell last week "
                        "and may rebound next month. Three years ago the plant closed. "
                        "Earlier this month the bank raised rates; a ruling is due in mid-March.")
    assert found["yesterday"] == ("DATE", "2023-02-21")
    assert found["tomorrow"] == ("DATE", "2023-02-23")
    assert found["last week"] == ("DATE", "2023-W07")
    assert found["next month"] == ("DATE", "2023-03")
    assert found["Three years ago"] == ("DATE", "2020")
    assert found["Earlier this month"] == ("DATE", "2023-02")
    assert found["mid-March"] == ("DATE", "2023-03")


def test_anaphoric_expressions_use_the_last_mentioned_date(nlp: Language) -> None:
    found = values(nlp, "The rebels entered the city on June 3, 2014. Two days later they seized the "
                        "airport, and the following day the army retreated.")
    assert found["Two days later"] == ("DATE", "2014-06-05")
    assert found["the following day"] == ("DATE", "2014-06-06")


def test_anaphoric_weekday_and_weekend(nlp: Language) -> None:
    found = values(nlp, "Shares fell on Feb. 9, down from the previous Friday. "
                        "Protesters gathered over the weekend. The minister will travel over the weekend.")
    assert found["the previous Friday"] == ("DATE", "2023-02-03")
    weekends = [t["value"] for t in timexes(nlp, "Protesters gathered over the weekend. "
                                                 "The minister will travel over the weekend.")]
    assert weekends == ["2023-W07-WE", "2023-W08-WE"]


def test_deadlines_and_past_perfect(nlp: Language) -> None:
    assert values(nlp, "The court gave the family until Tuesday to respond.")["Tuesday"] == ("DATE", "2023-02-28")
    assert values(nlp, "Until Monday, police had not named a suspect.")["Monday"] == ("DATE", "2023-02-20")


def test_fiscal_and_reporting_years(nlp: Language) -> None:
    found = values(nlp, "Revenue for the year ended March 31 rose 4%, and the company expects growth "
                        "for the full year.")
    assert found["the year"] == ("DURATION", "P1Y")
    assert found["the full year"] == ("DATE", "2023")


def test_spelled_out_years(nlp: Language) -> None:
    found = values(nlp, "Unemployment peaked in nineteen ninety-six, a record in more than two thousand years.")
    assert found["nineteen ninety-six"] == ("DATE", "1996")
    assert "two thousand" not in found


@pytest.mark.parametrize("sentence, expected", [
    ("The president will visit Kyiv on Friday.", "2023-02-24"),
    ("The president visited Kyiv on Friday.", "2023-02-17"),
    ("Parliament has approved the budget on Monday.", "2023-02-20"),
    ("Ministers are expected to sign the deal on Monday.", "2023-02-27"),
])
def test_weekday_direction_follows_tense(nlp: Language, sentence: str, expected: str) -> None:
    found = [t for t in timexes(nlp, sentence) if t["text"] in ("Friday", "Monday")]
    assert found and found[0]["value"] == expected


def test_bare_month_direction(nlp: Language) -> None:
    found = values(nlp, "The summit will take place in April. The strike began in December.")
    assert found["April"] == ("DATE", "2023-04")
    assert found["December"] == ("DATE", "2022-12")


# ---------------------------------------------------------------- durations, sets, generic references

def test_durations(nlp: Language) -> None:
    found = values(nlp, "He served for three years, spent about two hours in the meeting, took a two-week "
                        "break and has waited the past few months.")
    assert found["three years"] == ("DURATION", "P3Y")
    assert found["two hours"] == ("DURATION", "PT2H")
    assert found["two-week"] == ("DURATION", "P2W")
    assert found["the past few months"] == ("DURATION", "PXM")


def test_sets(nlp: Language) -> None:
    found = values(nlp, "The council meets every Tuesday and publishes its accounts annually.")
    assert found["every Tuesday"] == ("SET", "XXXX-WXX-2")
    assert found["annually"] == ("SET", "P1Y")


def test_generic_references(nlp: Language) -> None:
    found = values(nlp, "Prices are now falling. He recently moved abroad. Nobody can predict the future.")
    assert found["now"] == ("DATE", "PRESENT_REF")
    assert found["recently"] == ("DATE", "PAST_REF")
    assert found["the future"] == ("DATE", "FUTURE_REF")


# ---------------------------------------------------------------- false positives

@pytest.mark.parametrize("sentence", [
    "We may win the vote, she said.",
    "Thousands march on the capital every weekend in protest.",
    "Shares jumped $27 to 1,950 dollars, a 50% gain.",
    "The team won 3-1 and fans sat in the rain.",
    "Call 555-2023 for details.",
    "Barra, 51, is the first woman to lead the company.",
    "About 2000 troops crossed the border.",
    "I don't know what they want, he said.",
    "The plan saves $500 million a year and staff work 24 hours a day.",
    "The board bought a quarter of the shares.",
])
def test_no_false_positives(nlp: Language, sentence: str) -> None:
    found = [t for t in timexes(nlp, sentence) if t["type"] in ("DATE", "TIME")]
    assert found == [], found


def test_no_publication_date_leaves_values_underspecified(nlp: Language) -> None:
    found = values(nlp, "The minister resigned yesterday. The vote took place on Tuesday. "
                        "Profits fell last year, as in 2005.", dct=None)
    assert found["yesterday"] == ("DATE", "XXXX-XX-XX")
    assert found["Tuesday"] == ("DATE", "XXXX-WXX-2")
    assert found["last year"] == ("DATE", "XXXX")
    assert found["2005"] == ("DATE", "2005")


@pytest.mark.parametrize("text", ["March 3.", "Feb 26", "December 31, 1986"])
def test_a_date_that_is_its_own_sentence_root_resolves(nlp: Language, text: str) -> None:
    """A date that heads its own sentence once sent the tense search round the root forever."""
    (timex,) = timexes(nlp, text, "1987-03-01")
    assert timex["text"] == text.rstrip(".") and timex["value"].startswith(("1987-0", "1986-12"))


# ---------------------------------------------------------------- anchors for the event stage

def test_an_anchored_duration_resolves_from_its_anchor(nlp: Language) -> None:
    found = timexes(nlp, "The tariffs take effect two days after the election on Nov. 5, officials said.", "1987-10-20")
    two = next(t for t in found if t["text"] == "two days")
    nov5 = next(t for t in found if t["text"] == "Nov. 5")
    assert two["value"] == "P2D"  # TimeML keeps the duration; the anchor gives the date it points to
    assert two["anchor"] == {"timex": nov5["id"], "relation": "after", "offset": "P2D", "value": "1987-11-07"}
    assert "anchor" not in nov5


def test_an_anaphoric_date_names_the_date_it_was_counted_from(nlp: Language) -> None:
    found = timexes(nlp, "The rebels entered the city on June 3, 2014. Two days later they seized the airport.")
    first, later = found[0], found[1]
    assert later["anchor"] == {"timex": first["id"], "relation": "anaphora", "offset": None, "value": "2014-06-05"}


def test_a_duration_without_a_dated_anchor_has_none(nlp: Language) -> None:
    found = timexes(nlp, "The tariffs take effect two days after the election.")
    assert [t.get("anchor") for t in found] == [None]


def test_timexes_with_anchors_follow_the_published_schema(nlp: Language) -> None:
    import json

    import jsonschema

    schema = json.loads(EXTRACT_SCHEMA.read_text())
    validator = jsonschema.Draft202012Validator({**schema["$defs"]["timex"], "$defs": schema["$defs"]})
    found = timexes(nlp, "The vote came two days after the election on Nov. 5. A day later the count began.", "1987-10-20")
    assert any("anchor" in t for t in found)
    for timex in found:
        validator.validate(timex)
