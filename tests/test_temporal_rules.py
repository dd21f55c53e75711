"""The temporal grammar file: every rule's examples run as tests, and the loader refuses bad files."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import spacy
import yaml
from spacy.language import Language

from tests.stages import timexes
from timeline.extract.temporal import CONSTRAINTS, NORMALISERS, REQUIRED_LISTS, load_tagger_grammar
from timeline.extract.temporal_lexicon import DEFAULT_RULES, Example, GrammarError, build_grammar

GRAMMAR = load_tagger_grammar()
DATA = yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def nlp(timexes_stage: Language) -> Language:
    return timexes_stage


@pytest.mark.parametrize("example", GRAMMAR.examples, ids=lambda e: f"{e.rule}: {e.timex or e.none}")
def test_rule_example(nlp: Language, example: Example) -> None:
    found = timexes(nlp, example.text, example.dct)
    if example.none is not None:
        start = example.text.index(example.none)
        end = start + len(example.none)
        assert not [t for t in found if t["start"] < end and t["end"] > start], found
        return
    got = {t["text"]: (t["type"], t["value"]) for t in found}
    assert example.timex in got, f"{example.timex!r} not tagged in {example.text!r}: {got}"
    ttype, value = got[example.timex]
    assert value == example.value
    if example.type:
        assert ttype == example.type


def test_every_rule_has_an_example_and_a_known_normaliser() -> None:
    assert all(rule.examples for rule in GRAMMAR.rules)
    assert {rule.normalise for rule in GRAMMAR.rules} <= set(NORMALISERS)


def _build(data: dict) -> None:
    build_grammar(data, normalisers=NORMALISERS, constraints=CONSTRAINTS, required_lists=REQUIRED_LISTS)


def _broken(edit) -> dict:
    data = copy.deepcopy(DATA)
    edit(data)
    return data


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["rules"][0].update(normalise="no_such_normaliser"), "unknown normaliser"),
    (lambda d: d["rules"][0].update(constraints=["no_such_check"]), "unknown constraints"),
    (lambda d: d["rules"][0].update(pattern="{NO_SUCH_FRAGMENT}"), "unknown fragment"),
    (lambda d: d["rules"][0].update(pattern="(?:{@no_such_list})"), "unknown word list"),
    (lambda d: d["rules"][0].update(pattern="(unclosed"), "does not compile"),
    (lambda d: d["rules"][0].update(examples=[]), "at least one example"),
    (lambda d: d["rules"][0].update(examples=[{"text": "on 2023-02-21", "timex": "2023-02-22", "value": "x"}]),
     "does not contain"),
    (lambda d: d["rules"][0].update(examples=[{"text": "on 2023-02-21", "timex": "2023-02-21"}]), "needs the value"),
    (lambda d: d["rules"][0].update(options={"adjectival": "nosuchgroup"}), "lacks"),
    (lambda d: d["rules"].append(copy.deepcopy(d["rules"][0])), "used twice"),
    (lambda d: d["lists"].pop("months", None) or d["lists"].pop("weekdays"), "missing"),
    (lambda d: d["holidays"].update(bogus={"month": 13, "day": 1}), "not a holiday rule"),
    (lambda d: d["fragments"].update(MOD="{MOD}"), "cycle"),
    (lambda d: d.update(extra=1), "unknown sections"),
])
def test_loader_refuses_a_malformed_file(edit, message: str) -> None:
    with pytest.raises(GrammarError, match=message):
        _build(_broken(edit))


def test_the_packaged_file_loads() -> None:
    _build(copy.deepcopy(DATA))


def test_component_round_trips_its_rules_through_disk(nlp: Language, tmp_path: Path) -> None:
    tagger = nlp.get_pipe("timeline_timexes")
    tagger.to_disk(tmp_path)
    assert (tmp_path / "rules.yaml").is_file()
    data = yaml.safe_load((tmp_path / "rules.yaml").read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["normalise"] != "year"]
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    try:
        tagger.from_disk(tmp_path)
        assert not timexes(nlp, "The company was founded in 1987.", "2023-02-22")
    finally:
        tagger.from_disk(_write_default(tmp_path / "default"))
    assert timexes(nlp, "The company was founded in 1987.", "2023-02-22")[0]["value"] == "1987"


def _write_default(folder: Path) -> Path:
    folder.mkdir()
    (folder / "rules.yaml").write_text(DEFAULT_RULES.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_config_tunables_reach_the_component() -> None:
    pipeline = spacy.blank("en")
    tagger = pipeline.add_pipe("timeline_timexes", config={"lookahead_months": 1, "window": 80})
    assert tagger.settings.lookahead_months == 1 and tagger.settings.window == 80
