"""Hostile and random input: ingest and extract never crash, never lose offsets, refuse what is too big."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.ingest import IngestProblem, iter_articles
from timeline.ingest.boilerplate import strip_boilerplate
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
def nlp():
    from timeline.extract.pipeline import load_pipeline

    return load_pipeline()


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


def test_extract_survives_a_one_megabyte_line(nlp) -> None:
    from timeline.extract.pipeline import extract_article
    from timeline.ingest.records import build_article

    text = "Rebels attacked the convoy near Goma and the army responded. " * 17_000
    result = extract_article(nlp, build_article(text, {}, None, None))
    assert len(result["text"]) > 1_000_000
    goma = [a for a in result["actors"] if a["name"] == "Goma"]
    assert len(goma) == 1 and len(goma[0]["mentions"]) > 10_000


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
