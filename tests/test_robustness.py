"""Hostile and random input: ingest and extract never crash, never lose offsets, refuse what is too
big; metadata, file names and exports of any content stay within bounds, and a bad input never
changes what good inputs stored before it."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.ingest import IngestProblem, iter_articles
from timeline.ingest.boilerplate import clean_text, strip_boilerplate
from timeline.ingest.records import content_key
from timeline.types import Article

HOSTILE = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.text(alphabet="\x00\x01\x07\x1b\x7f\u200b\u202e\ufeff abc\n\t.,\"'<>&", max_size=200),
    st.sampled_from([
        "<script>alert(1)</script> Russia attacked Ukraine.",
        "<img src=x onerror=alert(1)> met <b>Putin</b> in Москва on 星期二.",
        "مرحبا Biden visited Kyiv 🇺🇦 on Monday \u202eevil",
        "a" * 5000,
    ]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_any_bytes_ingest_as_an_article_or_a_named_problem(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    for item in iter_articles([path]):
        assert isinstance(item, (Article, IngestProblem))
        if isinstance(item, Article):
            assert item.text.strip() and "\x00" not in item.text


@settings(max_examples=150, deadline=None)
@given(text=HOSTILE)
def test_boilerplate_keeps_only_slices_of_the_input(text: str) -> None:
    kept = strip_boilerplate(text)
    for paragraph in kept.split("\n\n"):
        assert paragraph.strip() in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.one_of(st.dictionaries(st.sampled_from(["text", "id", "title", "published", "url"]),
                                                   st.one_of(st.none(), st.integers(), HOSTILE)), HOSTILE),
                        max_size=5))
def test_hostile_jsonl_records_never_crash(tmp_path: Path, records: list) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    for item in iter_articles([path]):
        assert isinstance(item, (Article, IngestProblem))


def test_one_megabyte_single_line_is_read_and_oversized_is_refused(tmp_path: Path) -> None:
    line = tmp_path / "line.txt"
    line.write_text("Protesters marched in Lagos. " * 36_000, encoding="utf-8")
    (article,) = iter_articles([line])
    assert isinstance(article, Article) and len(article.text) > 1_000_000
    (refused,) = iter_articles([line], max_bytes=500_000)
    assert isinstance(refused, IngestProblem) and "refused" in refused.message


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HOSTILE)
def test_extract_survives_hostile_text_and_offsets_hold(nlp, text: str) -> None:
    from datetime import date

    from timeline.extract.pipeline import extract_article
    from timeline.ingest.records import build_article

    result = extract_article(nlp, build_article(text, {}, None, date(2023, 2, 22)))
    for actor in result["actors"]:
        for mention in actor["mentions"]:
            assert result["text"][mention["start"]:mention["end"]] == mention["text"]
    for event in result["events"]:
        assert 0 <= event["sentence"]["start"] <= event["trigger"]["start"] < event["sentence"]["end"]


def test_extract_survives_a_long_single_line(nlp) -> None:
    """A line three parser pieces long (the 1 MB line is timed by bench/worst_case.py: about 90 s)."""
    from timeline.extract.pipeline import CHUNK_CHARS, chunk_starts, extract_article
    from timeline.ingest.records import build_article

    text = "Rebels attacked the convoy near Goma and the army responded. " * 4_200
    assert len(chunk_starts(text)) == 3
    result = extract_article(nlp, build_article(text, {}, None, None))
    assert len(result["text"]) > 2.5 * CHUNK_CHARS
    goma = [a for a in result["actors"] if a["name"] == "Goma"]
    assert len(goma) == 1 and len(goma[0]["mentions"]) == 4_200


def test_long_text_in_pieces_gives_the_same_result_as_whole(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    import timeline.extract.pipeline as pipeline
    from timeline.ingest.records import build_article

    text = "Wang Yi met Sergey Lavrov in Moscow on Tuesday. Rebels attacked a convoy near Goma on Monday.\n\n" * 12
    article = build_article(text, {}, None, date(2023, 2, 22))
    whole = pipeline.extract_article(nlp, article)
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 300)
    assert len(pipeline.chunk_starts(text)) > 3
    pieces = pipeline.extract_article(nlp, article)
    summary = lambda x: sorted((a["name"], len(a["mentions"])) for a in x["actors"])  # noqa: E731
    assert summary(pieces) == summary(whole)
    assert [(t["start"], t["value"]) for t in pieces["timexes"]] == [(t["start"], t["value"]) for t in whole["timexes"]]
    assert [(e["type"], e["trigger"]["start"]) for e in pieces["events"]] == [
        (e["type"], e["trigger"]["start"]) for e in whole["events"]]


def test_two_worker_processes_give_the_same_results_in_order(nlp) -> None:
    from datetime import date

    from timeline.extract.pipeline import extract_articles
    from timeline.ingest.records import build_article

    texts = [f"Officials in {city} met the mayor of Lyon on Tuesday. Police arrested {n} protesters."
             for n, city in enumerate(["Paris", "Berlin", "Madrid", "Rome", "Vienna", "Prague", "Warsaw"], 3)]
    articles = [build_article(t, {"id": str(i)}, None, date(2023, 2, 22)) for i, t in enumerate(texts)]
    one = list(extract_articles(nlp, articles, n_process=1))
    two = list(extract_articles(nlp, articles, n_process=2, batch_size=2))
    assert [a.id for a, _ in two] == [str(i) for i in range(len(texts))]
    assert [x for _, x in two] == [x for _, x in one]


# ---- metadata, file names, exports, and what a bad input may not change (issue 14) ---------------

def _json_values(leaves: st.SearchStrategy) -> st.SearchStrategy:
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                            max_size=4), max_leaves=12)


JSON_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                        st.text(max_size=40), HOSTILE, st.sampled_from(["1e309", "yesterday", "2021-13-45", "\ud800x",
                                                                        "9999-12-31", "0001-01-01", "=cmd|'/C calc'!A0"]))
YAML_HOSTILE = st.sampled_from([
    "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\ntitle: [*b, *b, *b, *b]\n",
    "title: " + "[" * 3000 + "\n",
    "published: 2021-13-45\n",
    "title: !!python/object/apply:os.system ['true']\n",
    "title: !!binary bm90IGJhc2U2NA===\n",
    "id: " + "9" * 5000 + "\n",
    "? [a, b]\n: c\n",
    "<<: *missing\n",
    "title: {a: 1}\nsource: [x]\npublished: 1e309\n",
])
FRONT_MATTER = st.one_of(
    st.text(alphabet="&*!:[]{}-,|>'\"#%@`\n\t abc019", max_size=120),
    _json_values(JSON_LEAVES).map(lambda v: yaml.safe_dump({"title": v, "published": v}, allow_unicode=True)),
    YAML_HOSTILE,
)
SIDECAR = st.one_of(st.binary(max_size=200), _json_values(JSON_LEAVES).map(lambda v: json.dumps(v).encode()),
                    st.dictionaries(st.sampled_from(["id", "title", "published", "url", "source"]),
                                    _json_values(JSON_LEAVES), max_size=5).map(lambda d: json.dumps(d).encode()),
                    st.just(b"[" * 50_000), st.just(b'{"title": "' + b"x" * 70_000 + b'"}'))
RECORD = st.one_of(
    st.dictionaries(st.sampled_from(["text", "id", "title", "published", "date", "url", "source"]),
                    _json_values(JSON_LEAVES), max_size=7).map(json.dumps),
    st.builds(lambda meta: json.dumps({"text": "Kenya and Uganda agreed to reopen the border.", **meta}),
              st.dictionaries(st.sampled_from(["id", "title", "published", "url", "source"]), _json_values(JSON_LEAVES),
                              max_size=5)),
    st.sampled_from(['{"text": "x", "id": ' + "9" * 5000 + "}", "[" * 50_000, '{"text": "\\ud800"}', "\ud800"]),
)


def _storable(articles: list[Article]) -> None:
    """The article's fields are one line each and the store takes it (with an empty extraction)."""
    import tempfile

    from timeline.ingest.records import FIELD_MAX_CHARS
    from timeline.store import Store

    for article in articles:
        for value in (article.id, article.title, article.source, article.url):
            assert value is None or (len(value) <= FIELD_MAX_CHARS and value == " ".join(value.split())
                                     and not any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in value))
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in article.text)
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.db") as store:
        store.add_batch([(a, {"schema": "timeline.extract/1", "document": {}, "text": a.text, "actors": [],
                              "timexes": [], "events": [], "relations": []}) for a in articles])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=FRONT_MATTER, sidecar=st.none() | SIDECAR, records=st.lists(RECORD, max_size=3))
def test_hostile_metadata_is_a_note_or_a_problem_and_always_storable(
        tmp_path_factory: pytest.TempPathFactory, front: str, sidecar: bytes | None, records: list[str]) -> None:
    folder = tmp_path_factory.mktemp("meta")
    (folder / "story.txt").write_text(f"---\n{front}\n---\nJapan and India signed a trade deal.\n", encoding="utf-8",
                                      errors="surrogatepass")
    if sidecar is not None:
        (folder / "story.meta.json").write_bytes(sidecar)
    (folder / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8", errors="surrogatepass")
    (folder / "list.json").write_text("[" + ",".join(r for r in records if r.startswith("{")) + "]", encoding="utf-8",
                                      errors="surrogatepass")
    found = list(iter_articles([folder]))
    assert all(isinstance(item, (Article, IngestProblem)) for item in found)
    for problem in (p for p in found if isinstance(p, IngestProblem)):
        assert "\n" not in str(problem) and str(problem).encode("utf-8")
    _storable([a for a in found if isinstance(a, Article)])


FILE_NAMES = st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b".."))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(FILE_NAMES, min_size=1, max_size=4, unique=True))
def test_any_file_name_is_an_article_or_one_printable_problem(tmp_path_factory: pytest.TempPathFactory,
                                                              names: list[bytes]) -> None:
    from timeline.ingest.records import shown

    folder = tmp_path_factory.mktemp("names")
    for name in names:
        with open(os.path.join(os.fsencode(folder), name + b".txt"), "wb") as handle:
            handle.write(b"Japan and India signed a trade deal about " + name.hex().encode() + b".")
    found = list(iter_articles([folder]))
    visible = [n for n in names if not n.startswith(b".")]
    assert len(found) == len(visible)
    for item in found:
        assert isinstance(item, (Article, IngestProblem))
        line = str(item) if isinstance(item, IngestProblem) else shown(item.path or "")
        assert not re.search("[\x00-\x1f\x7f-\x9f\ud800-\udfff]", line) and line.encode("utf-8")
    _storable([a for a in found if isinstance(a, Article)])


CELL_TEXT = st.one_of(st.text(max_size=30), HOSTILE, st.sampled_from(["=1+1", "+cmd", "-2", "@SUM(A1)", "\t=x", " =x",
                                                                     "\r=x", "a\x01b\x0bc\ufffe", "\x1b[31mred"]))


@settings(max_examples=60, deadline=None)
@given(title=CELL_TEXT, names=st.lists(CELL_TEXT, min_size=4, max_size=4), sentence=CELL_TEXT, ident=CELL_TEXT,
       trigger=CELL_TEXT)
def test_exports_of_hostile_names_are_defused_csv_and_well_formed_xml(title: str, names: list[str], sentence: str,
                                                                      ident: str, trigger: str) -> None:
    import copy
    import csv
    import io
    import xml.etree.ElementTree as ET

    from tests.fixtures.reports import seed_report
    from timeline.export import export
    from timeline.render.static import network_svg, timeline_svg

    data = copy.deepcopy(seed_report())
    data["title"] = title
    for actor, name in zip(data["actors"], names):
        actor["name"], actor["aliases"] = name, [name[::-1]]
    for event in data["events"]:
        event["trigger"] = trigger
        event["mentions"][0]["sentence"] = sentence
        event["mentions"][0]["trigger"] = [0, 0]
        event["mentions"][0]["marks"] = []
    for article in data["articles"].values():
        article["id"], article["title"] = ident, ident
    rows = list(csv.reader(io.StringIO(export(data, "csv"))))
    assert len(rows) == len(data["events"]) + 1
    assert not [c for row in rows for c in row if c.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))]
    for xml in (export(data, "gexf"), export(data, "graphml"), timeline_svg(data), network_svg(data)):
        ET.fromstring(xml)


GOOD_STORIES = {"a-good-1.txt": "Wang Yi met Sergey Lavrov in Moscow on Tuesday. Russia accused Ukraine of shelling.",
                "a-good-2.txt": "Japan and India signed a trade agreement in Tokyo on Monday."}
BAD_INPUT = st.one_of(
    st.tuples(st.just(".txt"), st.binary(max_size=300)),
    st.tuples(st.just(".txt"), FRONT_MATTER.map(lambda f: f"---\n{f}\n---\nChina warned Taiwan on Friday.\n"
                                                .encode("utf-8", "surrogatepass"))),
    st.tuples(st.just(".jsonl"), st.lists(RECORD, min_size=1, max_size=3).map(
        lambda rs: "\n".join(rs).encode("utf-8", "surrogatepass"))),
    st.tuples(st.sampled_from([".json", ".html", ".sgm"]), st.binary(max_size=300)),
)


def _good_rows(db: Path) -> list[tuple]:
    """What the good articles stored: their rows, their actors' mentions and their event reports, by name."""
    from timeline.store import Store

    keys = tuple(content_key(clean_text(t)) for t in GOOD_STORIES.values())
    with Store(db, readonly=True) as store:
        marks = ",".join("?" * len(keys))
        return [tuple(r) for r in store.rows(
            f"""SELECT 'article', key, id, title, published, text, '', '' FROM articles WHERE key IN ({marks})
                UNION ALL SELECT 'mention', m.article, a.name, a.kind, m.start, m.end, m.text, ''
                  FROM mentions m JOIN actors a ON a.id = m.actor WHERE m.article IN ({marks})
                UNION ALL SELECT 'event', m.article, e.type, m.status, m.trigger_start, m.trigger_end,
                                 m.sentence_start, m.local_id
                  FROM event_mentions m JOIN events e ON e.id = m.event WHERE m.article IN ({marks})
                ORDER BY 1, 2, 3, 4, 5, 6""", keys * 3)]


@pytest.fixture(scope="module")
def good_reference(tmp_path_factory: pytest.TempPathFactory) -> list[tuple]:
    from timeline.build import ingest

    folder = tmp_path_factory.mktemp("good")
    for name, text in GOOD_STORIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "reference.db"
    ingest([folder], db, date(2023, 2, 22), notify=lambda _: None)
    rows = _good_rows(db)
    assert len(rows) > 6
    return rows


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bad=BAD_INPUT, name=st.one_of(st.just(b"z-bad"), FILE_NAMES.map(lambda n: b"z-" + n)))
def test_a_bad_input_never_changes_what_good_inputs_stored_before_it(
        good_reference: list[tuple], tmp_path_factory: pytest.TempPathFactory, bad: tuple[str, bytes],
        name: bytes) -> None:
    """Good files first (sorted names), the hostile one last, in the same batch: the run ends with
    an exit code (never a traceback) and the good articles' rows are exactly those of a clean run."""
    from typer.testing import CliRunner

    from timeline.cli import app

    folder = tmp_path_factory.mktemp("mixed")
    for good, text in GOOD_STORIES.items():
        (folder / good).write_text(text, encoding="utf-8")
    suffix, content = bad
    with open(os.path.join(os.fsencode(folder), name + suffix.encode()), "wb") as handle:
        handle.write(content)
    db = folder / "mixed.db"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--published", "2023-02-22"])
    assert isinstance(result.exception, (SystemExit, type(None))), result.exception
    assert result.exit_code in (0, 1) and "Traceback" not in result.stderr
    assert _good_rows(db) == good_reference
