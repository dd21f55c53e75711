"""The Examples in the docstrings of `timeline.query`, `timeline.graph` and `timeline.export` run
here, on `store`: a small store of three articles (no model needed), so that a docstring that no
longer tells the truth fails the suite. Every public function of those modules must have one."""

from __future__ import annotations

import doctest
import importlib
import inspect
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from tests.fixtures.extractions import actor, event, extraction
from timeline.ingest.records import build_article
from timeline.store import Store
from timeline.types import Actor, Article, Event, Extraction

MODULES = ["timeline.query.actors", "timeline.query.contents", "timeline.query.event_list", "timeline.query.network",
           "timeline.query.report", "timeline.graph", "timeline.export"]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

TALKS = "Wang Yi met Nikolai Patrushev in Moscow on Tuesday. Wang will meet Sergey Lavrov on Wednesday."
XINHUA = "Chinese diplomat Wang Yi held talks with Patrushev on Tuesday, Xinhua said."
AIRBUS = "Airbus delivered its first A380 on Friday."


def stories() -> list[tuple[Article, Extraction]]:
    """Wang Yi met Patrushev (two articles report it) and will meet Lavrov; Airbus delivered a jet.
    The first article's title holds markup, which the exports must escape."""
    talks = build_article(TALKS, {"id": "a", "title": "Talks <in> Moscow & Beijing"}, "a.txt", date(2023, 2, 22))
    xinhua = build_article(XINHUA, {"id": "b", "title": "Xinhua"}, "b.txt", date(2023, 2, 22))
    airbus = build_article(AIRBUS, {"id": "c", "title": "Airbus"}, "c.txt", date(2023, 2, 25))
    return [
        (talks, extraction(talks, [
            actor("a1", "Wang Yi", "person", [(0, 7), (52, 56)], TALKS, aliases=["Wang"]),
            actor("a2", "Nikolai Patrushev", "person", [(12, 29)], TALKS, aliases=["Patrushev"]),
            actor("a3", "Sergey Lavrov", "person", [(67, 80)], TALKS),
        ], [
            event("e1", "CONSULT", ["a1", "a2"], [], (8, 11), TALKS, "2023-02-21", sentence=(0, 51)),
            event("e2", "CONSULT", ["a1"], ["a3"], (62, 66), TALKS, "2023-02-22", "planned", sentence=(52, 95)),
        ])),
        (xinhua, extraction(xinhua, [
            actor("a1", "Wang Yi", "person", [(17, 24)], XINHUA),
            actor("a2", "Patrushev", "person", [(41, 50)], XINHUA),
        ], [event("e1", "CONSULT", ["a1", "a2"], [], (30, 34), XINHUA, "2023-02-21", sentence=(0, len(XINHUA)))])),
        (airbus, extraction(airbus, [actor("a1", "Airbus", "organization", [(0, 6)], AIRBUS)],
                             [event("e1", "OTHER", ["a1"], [], (7, 16), AIRBUS, "2023-02-24", sentence=(0, len(AIRBUS)))])),
    ]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("doctest") / "doctest.db"
    with Store(path) as writable:
        writable.add_batch(stories())
    with Store(path, readonly=True) as opened:
        yield opened


def _examples() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    return [test for name in MODULES for test in finder.find(importlib.import_module(name)) if test.examples]


@pytest.mark.parametrize("example", _examples(), ids=lambda test: test.name)
def test_docstring_examples(example: doctest.DocTest, store: Store) -> None:
    example.globs = {"store": store}
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report: list[str] = []
    runner.run(example, out=report.append)
    assert runner.failures == 0, "".join(report)


def _public_functions(module: ModuleType) -> list[str]:
    return [name for name, value in vars(module).items()
            if not name.startswith("_") and inspect.isfunction(value) and value.__module__ == module.__name__]


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_has_an_example(name: str) -> None:
    module = importlib.import_module(name)
    missing = [f for f in _public_functions(module) if ">>>" not in (getattr(module, f).__doc__ or "")]
    assert not missing, f"{name}: no Examples in {missing}"


def test_the_cli_turns_the_documented_exceptions_into_exit_codes(store: Store) -> None:
    """`UnknownActor` is exit code 3 with one error line; `NoPath` is exit code 1 with its message,
    or an empty JSON list with --json."""
    from typer.testing import CliRunner

    from timeline.cli import app

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(app, [*args, "--db", str(store.path)])
        return result.exit_code, result.stdout, result.stderr

    assert run("links", "Patrushyev") == (3, "", "error: no actor named 'Patrushyev'; closest: Patrushev, "
                                                 "Nikolai Patrushev\n")
    assert run("path", "Lavrov", "Airbus") == (1, "", "no path between 'Lavrov' and 'Airbus'\n")
    assert run("path", "Lavrov", "Airbus", "--json") == (0, "[]\n", "")
