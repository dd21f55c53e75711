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

from timeline.ingest.records import build_article
from timeline.store import Store
from timeline.types import Actor, Article, Event, Extraction

MODULES = ["timeline.query.actors", "timeline.query.contents", "timeline.query.event_list", "timeline.query.network",
           "timeline.query.report", "timeline.graph", "timeline.export"]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

TALKS = "Wang Yi met Nikolai Patrushev in Moscow on Tuesday. Wang will meet Sergey Lavrov on Wednesday."
XINHUA = "Chinese diplomat Wang Yi held talks with Patrushev on Tuesday, Xinhua said."
AIRBUS = "Airbus delivered its first A380 on Friday."


def _actor(ident: str, name: str, kind: str, text: str, spans: list[tuple[int, int]],
           aliases: tuple[str, ...] = ()) -> Actor:
    return {"id": ident, "name": name, "kind": kind, "country": None, "sector": None, "aliases": list(aliases),
            "mentions": [{"start": s, "end": e, "text": text[s:e]} for s, e in spans]}


def _event(ident: str, kind: str, text: str, trigger: tuple[int, int], sentence: tuple[int, int], day: str,
           source: list[str], target: tuple[str, ...] = (), status: str = "asserted") -> Event:
    return {"id": ident, "type": kind, "mode": None, "quad": "verbal_cooperation", "intensity": 1.0,
            "status": status, "lemma": text[trigger[0]:trigger[1]],
            "trigger": {"start": trigger[0], "end": trigger[1], "text": text[trigger[0]:trigger[1]]},
            "source": source, "target": list(target), "location": None, "attribution": None,
            "date": {"value": day, "start": day, "end": day, "basis": "timex", "timex": None},
            "sentence": {"start": sentence[0], "end": sentence[1]}, "confidence": 0.8}  # type: ignore[typeddict-item]


def _extraction(article: Article, actors: list[Actor], events: list[Event]) -> Extraction:
    return {"schema": "timeline.extract/1",
            "document": {"id": article.id, "title": article.title, "published": None, "source": None, "url": None},
            "text": article.text, "actors": actors, "timexes": [], "events": events, "relations": []}


def stories() -> list[tuple[Article, Extraction]]:
    """Wang Yi met Patrushev (two articles report it) and will meet Lavrov; Airbus delivered a jet.
    The first article's title holds markup, which the exports must escape."""
    talks = build_article(TALKS, {"id": "a", "title": "Talks <in> Moscow & Beijing"}, "a.txt", date(2023, 2, 22))
    xinhua = build_article(XINHUA, {"id": "b", "title": "Xinhua"}, "b.txt", date(2023, 2, 22))
    airbus = build_article(AIRBUS, {"id": "c", "title": "Airbus"}, "c.txt", date(2023, 2, 25))
    return [
        (talks, _extraction(talks, [
            _actor("a1", "Wang Yi", "person", TALKS, [(0, 7), (52, 56)], ("Wang",)),
            _actor("a2", "Nikolai Patrushev", "person", TALKS, [(12, 29)], ("Patrushev",)),
            _actor("a3", "Sergey Lavrov", "person", TALKS, [(67, 80)]),
        ], [
            _event("e1", "CONSULT", TALKS, (8, 11), (0, 51), "2023-02-21", ["a1", "a2"]),
            _event("e2", "CONSULT", TALKS, (62, 66), (52, 95), "2023-02-22", ["a1"], ["a3"], "planned"),
        ])),
        (xinhua, _extraction(xinhua, [
            _actor("a1", "Wang Yi", "person", XINHUA, [(17, 24)]),
            _actor("a2", "Patrushev", "person", XINHUA, [(41, 50)]),
        ], [_event("e1", "CONSULT", XINHUA, (30, 34), (0, len(XINHUA)), "2023-02-21", ["a1", "a2"])])),
        (airbus, _extraction(airbus, [_actor("a1", "Airbus", "organization", AIRBUS, [(0, 6)])],
                             [_event("e1", "OTHER", AIRBUS, (7, 16), (0, len(AIRBUS)), "2023-02-24", ["a1"])])),
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
