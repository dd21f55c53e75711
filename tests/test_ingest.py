"""Ingest: every reader, metadata precedence, boilerplate, and bad input."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.paths import HTML_PAGES, REUTERS, SEED, SEEDS, needs
from timeline.ingest import IngestProblem, NoText, iter_articles, iter_jsonl
from timeline.ingest.boilerplate import strip_boilerplate
from timeline.types import Article

REUTERS_000 = REUTERS / "reut2-000.sgm"
PARASITE = HTML_PAGES / "reuters.com.parasite.html"


def articles(paths: list, **kwargs) -> list[Article]:
    return [a for a in iter_articles(paths, **kwargs) if isinstance(a, Article)]


def problems(paths: list, **kwargs) -> list[IngestProblem]:
    return [a for a in iter_articles(paths, **kwargs) if isinstance(a, IngestProblem)]


def test_seed_reads_with_sidecar_metadata() -> None:
    (article,) = articles([SEEDS])
    assert article.id == "china-russia-rock-solid"
    assert article.published == date(2023, 2, 22) and article.published_basis == "metadata"
    assert article.source == "South China Morning Post"
    assert article.title.startswith("China-Russia relations")
    assert article.url.startswith("https://")


def test_seed_boilerplate_is_removed_and_body_kept() -> None:
    text = strip_boilerplate(SEED.read_text(encoding="utf-8"))
    for furniture in ("SCMP Knowledge", "More from South China Morning Post", "Copyright 2023", "Relationshiop",
                      "Next In Aseanplus News", "Moo Deng", "Others Also Read",
                      "China doesn’t want ‘prolonged’ Ukraine war", "As the West pushes them together"):
        assert furniture not in text, furniture
    for body in ("State Councillor Wang Yi made the remark", "A day earlier, US President Joe Biden",
                 "Wang will meet foreign minister Sergey Lavrov on Wednesday", "“Our [two] countries are in favour"):
        assert body in text, body
    assert text.startswith("China-Russia relations ‘rock solid’")


def test_kept_text_is_slices_of_the_input() -> None:
    original = SEED.read_text(encoding="utf-8")
    kept = strip_boilerplate(original)
    for paragraph in kept.split("\n\n"):
        assert paragraph.strip() in original


def test_cli_date_beats_metadata_and_front_matter_is_read(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("---\ntitle: Talks resume\npublished: 2021-05-04\nsource: Wire\n---\n"
                     "The two sides met in Geneva on Tuesday.\n", encoding="utf-8")
    (from_meta,) = articles([story])
    assert (from_meta.title, from_meta.published, from_meta.source) == ("Talks resume", date(2021, 5, 4), "Wire")
    assert from_meta.text.startswith("The two sides met")
    (from_cli,) = articles([story], published=date(2022, 1, 1))
    assert from_cli.published == date(2022, 1, 1) and from_cli.published_basis == "cli"


def test_no_date_anywhere_is_none(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Officials met on Tuesday to discuss the budget.", encoding="utf-8")
    (article,) = articles([tmp_path])
    assert article.published is None and article.published_basis == "none"


def test_json_and_jsonl_records(tmp_path: Path) -> None:
    records = [{"id": "r1", "text": "Germany pledged aid to Ukraine.", "published": "2022-03-01", "title": "Aid"},
               {"id": "r2", "text": "France condemned the strike.", "url": "https://example.org/x"}]
    (tmp_path / "batch.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{bad json\n", encoding="utf-8")
    found = list(iter_articles([tmp_path]))
    good = [a for a in found if isinstance(a, Article)]
    bad = [p for p in found if isinstance(p, IngestProblem)]
    assert [a.id for a in good] == ["r1", "r2", "r1", "r2"]
    assert good[0].published == date(2022, 3, 1) and good[1].url == "https://example.org/x"
    assert len(bad) == 1 and bad[0].path.endswith("batch.jsonl:3") and "invalid JSON" in bad[0].message
    assert [a.id for a in iter_jsonl([tmp_path / "batch.jsonl"]) if isinstance(a, Article)] == ["r1", "r2"]


def test_bad_files_are_named_and_the_rest_go_through(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Japan and India signed a trade agreement.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (tmp_path / "latin.txt").write_bytes("caf\xe9 ".encode("latin-1") * 200)
    (tmp_path / "big.txt").write_text("word " * 3000, encoding="utf-8")
    found = list(iter_articles([tmp_path, tmp_path / "missing.txt"], max_bytes=10_000))
    messages = {Path(p.path).name: p.message for p in found if isinstance(p, IngestProblem)}
    assert [a.id for a in found if isinstance(a, Article)] == ["good", "latin"]
    assert "binary" in messages["binary.txt"]
    assert "no article text" in messages["empty.txt"]
    assert "refused" in messages["big.txt"]
    assert "no such file" in messages["missing.txt"]


def test_same_text_has_same_key_whatever_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Kenya and Uganda agreed to reopen the border.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Kenya and Uganda agreed to reopen  the border.", encoding="utf-8")
    first, second = articles([tmp_path])
    assert first.key == second.key


@needs(PARASITE)
def test_html_page_through_trafilatura() -> None:
    (article,) = articles([PARASITE])
    assert article.title.startswith("'Parasite' scores historic upset")
    assert article.published == date(2020, 1, 20) and article.published_basis == "page"
    assert "Screen Actors Guild" in article.text and "<" not in article.text[:200]


@needs(REUTERS_000)
def test_reuters_sgml() -> None:
    found = articles([REUTERS_000])
    assert len(found) == 925
    first = found[0]
    assert first.id == "reuters-1" and first.title == "BAHIA COCOA REVIEW"
    assert first.published == date(1987, 2, 26) and first.source == "Reuters"
    assert first.text.startswith("Showers continued throughout the week") and not first.text.endswith("Reuter")
    empty = [a for a in iter_articles([REUTERS_000]) if isinstance(a, NoText)]
    assert len(empty) == 75 and len(empty) + len(found) == 1000  # every record is a story or counted as empty


STORY = '<REUTERS NEWID="{n}"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT><TITLE>T{n}</TITLE>{body}</TEXT></REUTERS>\n'


def reuters_file(folder: Path, bodies: list[str | None]) -> Path:
    """A Reuters-21578 SGML file with one story per body (None: a story with a headline only)."""
    sgm = folder / "mini.sgm"
    sgm.write_text("".join(STORY.format(n=n, body="" if body is None else f"<BODY>{body}</BODY>")
                           for n, body in enumerate(bodies, 1)), encoding="utf-8")
    return sgm


def test_reuters_story_without_body_is_counted_not_dropped(tmp_path: Path) -> None:
    found = list(iter_articles([reuters_file(tmp_path, ["Japan and India signed a trade accord.", None])]))
    assert [type(item) for item in found] == [Article, NoText]
    assert found[1].path.endswith("mini.sgm#reuters-2")


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, so that the progress bar draws. Set it in the test
    itself: pytest's output capture replaces sys.stderr again after the fixtures."""

    def isatty(self) -> bool:
        return True


def test_progress_bar_counts_only_the_articles_left(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a resumed run, stored articles leave the total, so the bar ends full and the ETA is honest."""
    from timeline.build import ProgressBar

    monkeypatch.setattr(sys, "stderr", Terminal())
    bar = ProgressBar(True, 10)
    with bar as advance:
        advance(3, 5)
        task = bar.bar.tasks[0]
        assert (task.completed, task.total) == (3, 5)
        advance(2, 5)
        assert task.finished


def test_progress_rate_is_the_rate_over_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches arrive seconds apart; the rate shown is the run's, never 0.0 once a batch is in
    (rich's windowed speed read 0.0 after the first batch and between others)."""
    import time

    from timeline.build import ProgressBar

    monkeypatch.setattr(sys, "stderr", Terminal())
    bar = ProgressBar(True, 1000)
    with bar as advance:
        rate = next(c for c in bar.bar.columns if type(c).__name__ == "Rate")
        task = bar.bar.tasks[0]
        for _ in range(3):
            time.sleep(0.05)
            advance(64, 0)
            shown = float(str(rate.render(task)).split()[0])
            assert shown > 0 and abs(shown - task.completed / task.elapsed) < 0.1 * shown + 0.1


def test_every_reader_cleans_the_same_way(tmp_path: Path) -> None:
    """The seed given as a JSON-lines record, as scrapers hand it over, loses the same page
    furniture as the .txt file: promos, other stories' headlines, the trailer."""
    seed = SEED.read_text(encoding="utf-8")
    record = tmp_path / "scraped.jsonl"
    record.write_text(json.dumps({"id": "seed", "text": seed, "published": "2023-02-22"}) + "\n", encoding="utf-8")
    (from_jsonl,) = articles([record])
    (from_txt,) = articles([SEEDS])
    assert from_jsonl.text == from_txt.text and from_jsonl.key == from_txt.key
    assert "Moo Deng" not in from_jsonl.text and "SCMP Knowledge" not in from_jsonl.text


def test_related_story_links_are_furniture() -> None:
    from timeline.ingest.boilerplate import clean_text

    text = ("Talks between the two sides resumed in Geneva on Tuesday.\n\n"
            "Also on rt.com Putin says the West wants to split Russia\n\n"
            "Also on Friday, the delegations met again in the old town.\n")
    kept = clean_text(text)
    assert "rt.com" not in kept and "Also on Friday, the delegations met again" in kept


def test_soft_line_breaks_of_hard_wrapped_text_become_spaces() -> None:
    """A line break inside a sentence derails the parser; unwrapping keeps every offset."""
    from timeline.ingest.boilerplate import unwrap

    wire = ("Iraq said it had repelled an Iranian\nattack on positions held by its fourth army corps east of\n"
            "the southern Iraqi town of Amarah on the Baghdad-Basra highway.\n    A Baghdad war communique said\n"
            "an Iranian infantry brigade, backed by tanks, launched the overnight attack.\n")
    flat = unwrap(wire)
    assert len(flat) == len(wire) and "Iranian attack on positions" in flat
    assert "\n    A Baghdad" in flat  # a paragraph break stays
    page = "One paragraph of a web page, a single long line that ends with a full stop.\nThe next paragraph.\n"
    assert unwrap(page) == page


@needs(REUTERS_000)
def test_reuters_text_is_unwrapped_and_the_trailer_dropped() -> None:
    (story,) = [a for a in articles([REUTERS_000]) if a.id == "reuters-107"]
    assert "an Iranian attack" in story.text or "Iran announced tonight that its major offensive" in story.text
    assert not story.text.rstrip().upper().endswith("REUTER")
