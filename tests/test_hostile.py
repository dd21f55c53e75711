"""Issue 14, case by case: no input may exhaust memory, stall the run, stop a folder, or write where
it should not; every failure is one line and a documented exit code."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.fixtures.extractions import actor, event, extraction
from tests.paths import ROOT
from timeline.cli import app
from timeline.ingest import IngestProblem, iter_articles
from timeline.ingest.records import build_article
from timeline.query import counts, integrity
from timeline.store import Store
from timeline.types import Article

GOOD = "Japan and India signed a trade agreement in Tokyo on Monday."
OTHER = "Kenya and Uganda agreed to reopen the border on Friday."
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# ---- helpers -------------------------------------------------------------------------------------

@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if extraction starts: the run must stop before it."""
    import timeline.extract.pipeline as pipeline

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("extraction started")

    monkeypatch.setattr(pipeline, "load_pipeline", refuse)


def cli(*args: str) -> tuple[int, str, str]:
    """Run the command line in-process; any exception other than an exit is a traceback a user would see."""
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("traceback reached the user:\n" + "".join(traceback.format_exception(result.exception)))
    return result.exit_code, result.stdout, result.stderr


def one_error_line(err: str) -> str:
    """The error output is exactly one line starting with 'error:' (no traceback)."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
    return lines[0]


def stored(db: Path, stories: list[tuple[str, str, list[tuple[str, str]], list[tuple[str, int, int, str]]]]) -> None:
    """A store from hand-made extractions: (id, text, actors as (name, kind), events as (type,
    source index, target index, day)); mentions are where the names occur in the text."""
    with Store(db) as store:
        batch = []
        for ident, text, actors, events in stories:
            article = build_article(text, {"id": ident, "title": ident}, f"{ident}.txt", date(2023, 2, 22))
            found = [actor(f"a{n}", name, kind, [(text.index(name), text.index(name) + len(name))], text)
                     for n, (name, kind) in enumerate(actors, 1)]
            coded = [event(f"e{n}", kind, [f"a{s}"], [f"a{t}"], (0, 1), text, day, lemma="meet")
                     for n, (kind, s, t, day) in enumerate(events, 1)]
            batch.append((article, extraction(article, found, coded)))
        store.add_batch(batch)


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    db = tmp_path / "small.db"
    text = "Wang Yi met Sergey Lavrov in Moscow."
    stored(db, [("talks", text, [("Wang Yi", "person"), ("Sergey Lavrov", "person")],
                 [("CONSULT", 1, 2, "2023-02-21")])])
    return db


# ---- 5. a foreign database, 7. faults of the store -----------------------------------------------

def test_ingest_refuses_another_programs_database(tmp_path: Path, no_model) -> None:
    other = tmp_path / "other-app.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.close()
    story = tmp_path / "story.txt"
    story.write_text(GOOD, encoding="utf-8")
    code, _, err = cli("ingest", str(story), "--db", str(other))
    assert code == 4
    assert "not a timeline store (another program's database: notes)" in one_error_line(err)
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]
    conn.close()


def limit_store_pages(monkeypatch: pytest.MonkeyPatch, extra_pages: int) -> None:
    """Writable stores may grow by `extra_pages` pages after opening: then SQLite reports
    'database or disk is full', as on a full disk."""
    original = Store._connect

    def connect(self: Store, readonly: bool) -> sqlite3.Connection:
        conn = original(self, readonly)
        if not readonly:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages + extra_pages}")
        return conn

    monkeypatch.setattr(Store, "_connect", connect)


def stories(folder: Path, n: int) -> None:
    folder.mkdir()
    places = ["Tokyo", "Delhi", "Nairobi", "Lima", "Oslo", "Hanoi", "Quito", "Accra"]
    for i in range(n):
        body = " ".join(f"Officials from {places[i]} met delegates from {places[(i + k) % 8]} on Monday."
                        for k in range(1, 40))
        (folder / f"story{i}.txt").write_text(body, encoding="utf-8")


def test_a_full_disk_is_one_line_keeps_committed_batches_and_a_rerun_completes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline.build import ingest

    folder = tmp_path / "in"
    stories(folder, 6)
    clean = ingest([folder], tmp_path / "clean.db", date(2023, 2, 22), notify=lambda _: None)
    db = tmp_path / "full.db"
    with monkeypatch.context() as patch:
        limit_store_pages(patch, 45)
        code, _, err = cli("ingest", str(folder), "--db", str(db), "--published", "2023-02-22")
        assert code == 1
        assert "database or disk is full" in one_error_line(err)
        from timeline.store import StoreWriteError

        with pytest.raises(StoreWriteError, match="database or disk is full"):
            ingest([folder], db, date(2023, 2, 22), commit_every=2, notify=lambda _: None)
    with Store(db, readonly=True) as store:
        kept = counts(store)["articles"]
        assert integrity(store) == "ok"
    assert 0 < kept < 6, "the batches committed before the disk filled are kept"
    rerun = ingest([folder], db, date(2023, 2, 22), notify=lambda _: None)
    assert rerun.new == 6 - kept and rerun.counts == clean.counts


def without_dac_override() -> list[str]:
    """The command prefix that runs a process bound by file permissions: none for a normal user;
    for root, setpriv without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (skip when it is missing)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root, and setpriv (util-linux) is missing to drop CAP_DAC_OVERRIDE")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def test_a_read_only_store_is_refused_before_extraction(tmp_path: Path, small_store: Path) -> None:
    """A store the user may not write, as a subprocess bound by file permissions; extraction
    starting would be exit 99."""
    prefix = without_dac_override()
    story = tmp_path / "story.txt"
    story.write_text(GOOD, encoding="utf-8")
    small_store.chmod(0o444)  # its folder stays writable, so SQLite opens and reads it without complaint
    script = ("import sys, timeline.extract.pipeline as p\n"
              "p.load_pipeline = lambda *a, **k: sys.exit(99)\n"
              "from timeline.cli import app\n"
              f"app(['ingest', {str(story)!r}, '--db', {str(small_store)!r}])\n")
    done = subprocess.run([*prefix, sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 4, done.stderr
    assert "the store cannot be written" in one_error_line(done.stderr)


def test_a_locked_store_is_refused_before_extraction(small_store: Path, tmp_path: Path, no_model,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import timeline.store.database

    monkeypatch.setattr(timeline.store.database, "BUSY_TIMEOUT_S", 0.2)
    story = tmp_path / "story.txt"
    story.write_text(GOOD, encoding="utf-8")
    holder = sqlite3.connect(small_store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, _, err = cli("ingest", str(story), "--db", str(small_store))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 4
    assert "locked by another program" in one_error_line(err)


def test_two_runs_creating_one_store_at_once_both_open_it(tmp_path: Path) -> None:
    """Two ingests started together on a new store race to create its schema and switch it to WAL
    mode; SQLite answers a clashing mode switch with 'database is locked' at once, without waiting.
    (Connections in two threads lock the file as two processes would.)"""
    import threading

    from timeline.store import StoreError

    failures: list[str] = []
    for trial in range(100):
        path = tmp_path / f"new{trial}.db"
        barrier = threading.Barrier(2)

        def open_store() -> None:
            barrier.wait()
            try:
                Store(path).close()
            except StoreError as error:
                failures.append(str(error))

        threads = [threading.Thread(target=open_store) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []


def test_dates_at_the_ends_of_the_calendar_are_stored(tmp_path: Path) -> None:
    """A hostile publication date (9999-12-31) dates events there; the store's one-day window must not overflow."""
    db = tmp_path / "edge.db"
    for ident, day in (("first", "9999-12-31"), ("second", "9999-12-31"), ("third", "0001-01-01")):
        stored(db, [(ident, f"Wang Yi met Sergey Lavrov ({ident}).", [("Wang Yi", "person"), ("Sergey Lavrov", "person")],
                     [("CONSULT", 1, 2, day)])])
    with Store(db, readonly=True) as store:
        assert counts(store)["events"] == 2 and counts(store)["event_mentions"] == 3


# ---- 2. time: overlong sentences ----------------------------------------------------------------

RUN_ON_CLAUSES = ["rebels attacked the convoy near Goma", "the army responded with artillery on Tuesday",
                  "China accused the United States of interference", "police arrested 40 protesters in Paris"]


def test_a_run_on_sentence_is_cut_into_clauses_and_still_coded(pipeline) -> None:
    from timeline.extract.clauses import MAX_SENTENCE_TOKENS

    text = ", and ".join(RUN_ON_CLAUSES * 150) + "."  # about 24 KB, one full stop
    doc = pipeline(text)
    assert max(len(sentence) for sentence in doc.sents) <= MAX_SENTENCE_TOKENS
    cuts = [sentence[0].i for sentence in doc.sents if sentence[0].i > 0]
    assert all(doc[i - 1].text == "," for i in cuts)  # at a clause, never inside one
    assert {"ASSAULT", "ACCUSE", "COERCE"} <= {event["type"] for event in doc._.events}


def test_a_long_real_sentence_is_not_cut(pipeline) -> None:
    sentence = ("The U.S. Agriculture Department said cumulative sugar imports from individual countries during "
                "the 1987 quota year, which began January 1, 1987 and ends December 31, 1987, were lower than in "
                "the year before, with quota allocations for the countries of Central America, the Caribbean and "
                "Asia, including the Philippines, Thailand, Taiwan and Indonesia, to be announced by the agency "
                "in Washington next week, after talks with the State Department and the trade representative.")
    assert len(list(pipeline(sentence).sents)) == 1


# ---- 1. memory, 3. names, 6. encodings, 8. special files: reading --------------------------------

def laughs(levels: int) -> str:
    """A 'billion laughs' front matter: each level is nine aliases of the one before."""
    lines = ["a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    lines.append(f"title: [{','.join([f'*a{levels - 1}'] * 9)}]")
    return "---\n" + "\n".join(lines) + "\n---\n" + GOOD + "\n"


def test_yaml_aliases_in_front_matter_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "laughs.txt"
    bomb.write_text(laughs(6), encoding="utf-8")
    assert len(bomb.read_bytes()) < 400
    (item,) = iter_articles([bomb])
    assert isinstance(item, IngestProblem) and "aliases" in item.message


def test_metadata_is_capped_and_its_errors_are_problems(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("---\ntitle: " + "x" * 70_000 + "\n---\n" + GOOD, encoding="utf-8")
    sidecar = tmp_path / "side.txt"
    sidecar.write_text(GOOD, encoding="utf-8")
    (tmp_path / "side.meta.json").write_text(json.dumps({"title": "y" * 70_000}), encoding="utf-8")
    nested = tmp_path / "nested.txt"
    nested.write_text("---\ntitle: " + "[" * 5000 + "\n---\n" + GOOD, encoding="utf-8")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000, encoding="utf-8")
    digits = tmp_path / "digits.jsonl"
    digits.write_text('{"text": "%s", "id": %s}\n' % (GOOD, "9" * 5000), encoding="utf-8")
    found = {Path(p.path).name.split(":")[0]: p.message for p in iter_articles([tmp_path])}
    assert "front matter over 65,536 bytes" in found["big.txt"]
    assert "side.meta.json: metadata over 65,536 bytes" in found["side.txt"]
    assert "nested too deeply" in found["nested.txt"]
    assert "nested too deeply" in found["deep.json"]
    assert "invalid JSON" in found["digits.jsonl"]


def test_an_impossible_or_relative_date_is_a_note_not_a_crash_or_the_clock(tmp_path: Path) -> None:
    for name, value in (("month13", "2021-13-45"), ("relative", "yesterday"), ("number", "1e309")):
        (tmp_path / f"{name}.txt").write_text(f"---\npublished: {value}\n---\n{GOOD} {name}", encoding="utf-8")
    (tmp_path / "record.json").write_text(json.dumps({"text": OTHER, "published": "today"}), encoding="utf-8")
    read = list(iter_articles([tmp_path]))
    assert all(isinstance(a, Article) for a in read), read
    for article in read:
        assert article.published is None and article.published_basis == "none"
        assert any("is not a date; ignored" in note for note in article.notes), article


def test_a_name_that_is_not_utf8_is_one_problem_and_the_folder_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
        handle.write(OTHER.encode())
    db = tmp_path / "s.db"
    code, _, err = cli("ingest", str(folder), "--db", str(db), "--published", "2023-02-22")
    assert code == 1
    assert f"error: {folder}/caf\\xe9.txt: the file name is not UTF-8" in err
    assert "1 new, 0 already stored, 1 failed" in err
    with Store(db, readonly=True) as store:
        assert [r["id"] for r in store.rows("SELECT id FROM articles")] == ["good"]


def test_metadata_that_a_store_cannot_hold_does_not_roll_back_its_batch(tmp_path: Path) -> None:
    """A lone surrogate (a JSON escape) in a title used to fail the whole batch's transaction."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.jsonl").write_text(json.dumps({"text": OTHER, "title": "\ud800 broken"}) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    code, _, err = cli("ingest", str(folder), "--db", str(db), "--published", "2023-02-22")
    assert code == 0, err
    with Store(db, readonly=True) as store:
        assert sorted(r["title"] or "" for r in store.rows("SELECT title FROM articles")) == ["", "\ufffd broken"]


def test_latin1_is_detected_with_one_warning_and_utf16_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sanchez.txt").write_bytes("Pedro Sánchez met Emmanuel Macron in Madrid on Tuesday.".encode("latin-1"))
    (folder / "scholz.txt").write_bytes("Olaf Scholz met Pedro Sánchez in Berlin on Monday.".encode("utf-16"))
    db = tmp_path / "s.db"
    code, _, err = cli("ingest", str(folder), "--db", str(db), "--published", "2023-02-22")
    assert code == 0, err
    assert err.count("not UTF-8") == 1 and "sanchez.txt [sanchez]: not UTF-8; decoded as cp1252" in err
    with Store(db, readonly=True) as store:
        texts = [r["text"] for r in store.rows("SELECT text FROM articles ORDER BY id")]
        names = {r["name"] for r in store.rows("SELECT name FROM actors")}
    assert texts[0].startswith("Pedro Sánchez met") and texts[1].startswith("Olaf Scholz met Pedro Sánchez")
    assert "Pedro Sánchez" in names and not any(n.startswith("Pedro S") and n != "Pedro Sánchez" for n in names)


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (a FIFO opened for reading waits for a writer forever)."""
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_fifo_named_on_the_command_line_is_refused_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with deadline(10):
        (item,) = iter_articles([fifo])
    assert isinstance(item, IngestProblem) and "named pipe (FIFO), not a regular file; refused" in item.message


def test_fifos_and_broken_links_in_a_folder_are_named(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "pipe.log")  # not a document name: skipped without a word, as before
    with deadline(10):
        found = list(iter_articles([tmp_path]))
    assert [a.id for a in found if isinstance(a, Article)] == ["good"]
    problems = {Path(p.path).name: p.message for p in found if isinstance(p, IngestProblem)}
    assert problems == {"gone.txt": "broken symbolic link; skipped",
                        "pipe.txt": "a named pipe (FIFO), not a regular file; skipped"}


def test_unreadable_files_and_folders_are_named_and_the_rest_is_read(tmp_path: Path) -> None:
    """As a user without the right to ignore file permissions (root has it: setpriv drops it)."""
    prefix = without_dac_override()
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inner.txt").write_text(OTHER, encoding="utf-8")
    script = ("from timeline.ingest import iter_articles\n"
              f"for item in iter_articles([{str(tmp_path)!r}]):\n"
              "    print(getattr(item, 'id', None) or item)\n")
    (tmp_path / "secret.txt").chmod(0)
    (tmp_path / "locked").chmod(0)
    try:
        done = subprocess.run([*prefix, sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                              timeout=120)
    finally:
        (tmp_path / "secret.txt").chmod(0o644)
        (tmp_path / "locked").chmod(0o755)
    assert done.stdout.splitlines() == ["good", f"{tmp_path}/locked: cannot read the folder: Permission denied",
                                        f"{tmp_path}/secret.txt: cannot read: Permission denied"], done.stderr


# ---- 4. spreadsheet formulas, 7. half-written files, 8. XML: outputs -----------------------------

def test_every_csv_cell_is_defused(tmp_path: Path) -> None:
    db = tmp_path / "formulas.db"
    text = "=cmd|' /C calc'!A0 met +SUM(A1) and -2+3 near @HERE on Monday."
    stored(db, [("=HYPERLINK(\"http://x\")", text,
                 [("=cmd|' /C calc'!A0", "person"), ("+SUM(A1)", "organization"), ("-2+3", "person")],
                 [("CONSULT", 1, 2, "2023-02-21"), ("ACCUSE", 3, 1, "2023-02-20")])])
    code, exported, _ = cli("export", "--format", "csv", "--db", str(db))
    assert code == 0
    code, listed, _ = cli("events", "--csv", "--db", str(db))
    assert code == 0
    for output in (exported, listed):
        cells = [cell for row in csv.reader(io.StringIO(output)) for cell in row]
        assert "'=cmd|' /C calc'!A0" in output and "'+SUM(A1)" in output
        assert not [c for c in cells if c.lstrip(" ").startswith(FORMULA_STARTS)]
    assert "'=HYPERLINK" in exported


@pytest.mark.parametrize("cell", ["=1+1", "+cmd", "-2", "@SUM(A1)", "\t=x", "\r=x", "  =x"])
def test_a_cell_that_starts_like_a_formula_is_text(cell: str) -> None:
    """Every start a spreadsheet reads as a formula, also after spaces; the header too."""
    from timeline.output import csv_text

    assert list(csv.reader(io.StringIO(csv_text([cell], [[cell, 1, None]])))) == [["'" + cell], ["'" + cell, "1", ""]]


def test_render_on_a_full_disk_leaves_the_old_report_whole(small_store: Path, tmp_path: Path) -> None:
    """A file size limit makes every write past 200 KB fail, as a full disk would (EFBIG, not ENOSPC)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("the previous report", encoding="utf-8")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    done = subprocess.run([sys.executable, "-c", "from timeline.cli import app; app()", "render",
                           "--db", str(small_store), "--out", str(out)],
                          capture_output=True, text=True, preexec_fn=small_files, cwd=ROOT, timeout=120)
    assert done.returncode == 1
    line = one_error_line(done.stderr)
    assert "report.html" in line and "no partial file was left" in line
    assert (out / "report.html").read_text(encoding="utf-8") == "the previous report"
    assert sorted(p.name for p in out.iterdir()) == ["report.html"]


def test_an_atomic_write_that_fails_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline.output import write_atomic

    target = tmp_path / "export.json"
    target.write_text("old", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new " * 10_000)
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["export.json"]


def test_control_characters_in_a_title_or_a_dictionary_name_keep_xml_well_formed(tmp_path: Path) -> None:
    from timeline.export import export
    from tests.fixtures.reports import seed_report
    from timeline.query import report_data
    from timeline.render.static import network_svg, timeline_svg

    data = copy.deepcopy(seed_report())
    data["title"] = "Talks\x01 on\x0b trade\x1b[31m\ufffe"
    data["actors"][0]["name"] = "Wang\x07Yi"
    for svg in (timeline_svg(data), network_svg(data)):
        assert "Talks on trade[31m" in ET.tostring(ET.fromstring(svg), encoding="unicode")
    db = tmp_path / "s.db"
    stored(db, [("talks", "Wang Yi met Sergey Lavrov in Moscow.", [("Wang Yi", "person"), ("Sergey Lavrov", "person")],
                 [("CONSULT", 1, 2, "2023-02-21")])])
    with Store(db) as store:
        store.apply_dictionary([{"name": "Wang\x07Yi\x0c", "aliases": ["Wang Yi"], "kind": "person",
                                 "country": None, "sector": None}])
        graph_data = report_data(store, title="Store\x02")
    for fmt in ("gexf", "graphml"):
        labels = ET.tostring(ET.fromstring(export(graph_data, fmt)), encoding="unicode")
        assert "WangYi" in labels


# ---- 8. the command line -------------------------------------------------------------------------

def test_since_after_until_and_unknown_types_are_usage_errors(small_store: Path, tmp_path: Path) -> None:
    db = str(small_store)
    for command in (["events"], ["links", "Wang Yi"], ["export", "--format", "json"],
                    ["render", "--out", str(tmp_path / "out")]):
        code, _, err = cli(*command, "--db", db, "--since", "2023-03", "--until", "2023-02")
        assert code == 2 and "--since 2023-03 is after --until 2023-02" in one_error_line(err), command
        code, _, err = cli(*command, "--db", db, "--type", "NOTATYPE")
        assert code == 2 and "'NOTATYPE' is not an event type" in one_error_line(err), command
    code, out, _ = cli("events", "--db", db, "--type", "consult", "--since", "2023-02", "--until", "2023-02")
    assert code == 0 and "CONSULT" in out


def test_bad_output_paths_are_one_line_usage_errors(small_store: Path, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("keep", encoding="utf-8")
    adir = tmp_path / "adir"
    adir.mkdir()
    cases = [(["render", "--out", str(afile)], "is not a folder"),
             (["export", "--format", "json", "-o", str(adir)], "is a folder"),
             (["export", "--format", "json", "-o", str(tmp_path / "missing" / "x.json")], "does not exist")]
    for args, message in cases:
        code, _, err = cli(*args, "--db", str(small_store))
        assert code == 2 and message in one_error_line(err), args
    assert afile.read_text(encoding="utf-8") == "keep" and list(adir.iterdir()) == []


def test_extract_jsonl_exits_1_after_a_bad_line(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"id": "one", "text": GOOD, "published": "2023-02-22"}) + "\n{bad json\n",
                       encoding="utf-8")
    code, out, err = cli("extract", "--jsonl", str(records))
    assert code == 1
    assert [json.loads(line)["document"]["id"] for line in out.splitlines()] == ["one"]
    assert f"error: {records}:2: invalid JSON record" in err


def test_unexpected_errors_are_one_line_and_debug_shows_the_traceback(
        small_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import timeline.cli
    import timeline.query

    def broken(*args: object) -> list[str]:
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(timeline.query, "actor_cards", broken)
    monkeypatch.setattr(timeline.cli, "DEBUG", False)
    monkeypatch.setattr(sys, "argv", ["timeline", "actors", "--json", "--db", str(small_store)])
    with pytest.raises(SystemExit) as done:
        timeline.cli.main()
    assert done.value.code == 5
    line = one_error_line(capsys.readouterr().err)
    assert "unexpected RuntimeError: a bug over two lines" in line and "--debug" in line
    monkeypatch.setattr(sys, "argv", ["timeline", "--debug", "actors", "--json", "--db", str(small_store)])
    with pytest.raises(RuntimeError, match="a bug"):
        timeline.cli.main()


def test_a_closed_output_pipe_ends_quietly(small_store: Path) -> None:
    """`timeline export … | head` closes the pipe early: no BrokenPipeError traceback."""
    process = subprocess.Popen([sys.executable, "-c", "from timeline.cli import main; main()", "export", "--format",
                                "json", "--db", str(small_store)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=ROOT)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    assert process.wait(timeout=60) == 1
    assert process.stderr.read() == b""
