"""The command line, end to end on the seed article: build, queries, extract contract, exit codes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from tests.paths import EXTRACT_SCHEMA, SEED, SEEDS
from timeline.cli import app

SCHEMA = json.loads(EXTRACT_SCHEMA.read_text(encoding="utf-8"))
runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("graphs")
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_writes_pages_and_summary(built: Path) -> None:
    for name in ("report.html", "timeline.html", "network.html", "timeline.db"):
        assert (built / name).stat().st_size > 1000, name


def test_links_wang_yi_json_lists_patrushev_and_lavrov_with_dates(built: Path) -> None:
    code, out, _ = invoke("links", "Wang Yi", "--json", "--db", str(built / "timeline.db"))
    assert code == 0
    result = json.loads(out)
    assert result["actor"] == "Wang Yi"
    by_name = {link["actor"]: link for link in result["links"]}
    assert by_name["Nikolai Patrushev"]["first"] == "2023-02-21"
    assert by_name["Sergey Lavrov"]["first"] == "2023-02-22"
    assert "AGREE" in by_name["Sergey Lavrov"]["types"]  # "will meet ... on Wednesday": a planned meeting (PLOVER 3.1)


def test_query_commands_load_no_heavy_library(built: Path) -> None:
    """Queries must start fast: no spaCy or trafilatura, and no pydantic (which typer 0.29 loads to
    parse every option, tripling start-up time)."""
    script = f"""
import sys
from timeline.cli import app
for args in (["actors"], ["links", "Wang Yi"], ["events", "--actor", "Wang Yi"], ["path", "Wang Yi", "Patrushev"]):
    try:
        app([*args, "--db", {str(built / "timeline.db")!r}])
    except SystemExit as done:
        assert not done.code, (args, done.code)
print(sorted(m for m in ("spacy", "trafilatura", "pydantic") if m in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "Patrushev" in done.stdout and done.stdout.splitlines()[-1] == "[]"


def test_links_by_lowercase_surname(built: Path) -> None:
    code, out, _ = invoke("links", "wang", "--db", str(built / "timeline.db"))
    assert code == 0 and out.startswith("Wang Yi:") and "Patrushev" in out


def test_unknown_actor_exits_3_with_closest_names(built: Path) -> None:
    code, out, err = invoke("links", "Patrushef", "--db", str(built / "timeline.db"))
    assert code == 3 and out == ""
    assert err.startswith("error: no actor named 'Patrushef'; closest:") and "Patrushev" in err


def test_events_filters_and_formats(built: Path) -> None:
    db = str(built / "timeline.db")
    code, out, _ = invoke("events", "--db", db, "--since", "2023-02-20", "--until", "2023-02-20", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows and all(r["date"]["start"] <= "2023-02-20" <= (r["date"]["end"] or r["date"]["start"]) for r in rows)
    assert any("Joe Biden" in r["source"] + r["target"] for r in rows)
    code, out, _ = invoke("events", "--db", db, "--type", "CONSULT", "--csv")
    assert code == 0 and out.splitlines()[0].startswith("id,date,start,end,type")
    assert all(",CONSULT," in line for line in out.splitlines()[1:] if line)


def test_events_of_an_actor_is_its_timeline_one_line_an_event(built: Path) -> None:
    db = str(built / "timeline.db")
    code, out, _ = invoke("events", "--actor", "Wang Yi", "--db", db)
    lines = out.splitlines()
    assert code == 0 and lines
    for line in lines:
        when, kind, who, reports, sentence = line.split("\t")
        assert when.split(" ")[1] in ("[text]", "[published]", "[undated]")
        assert reports in ("1 article",) and "Wang" in who + sentence
    # the visit is told in several sentences and shown once, dated by its time expression
    visit = [line for line in lines if line.startswith("2023-02-21 [text]") and "Patrushev" in line]
    assert len(visit) == 1
    code, everything, _ = invoke("events", "--db", db, "--json")
    kinds = {row["type"] for row in json.loads(everything)}
    code, political, _ = invoke("events", "--db", db, "--json", "--political")
    assert "OTHER" in kinds and code == 0
    assert {row["type"] for row in json.loads(political)} == kinds - {"OTHER"}
    code, none, _ = invoke("events", "--db", db, "--json", "--political", "--type", "OTHER")
    assert code == 0 and json.loads(none) == []


def test_path_and_actors(built: Path) -> None:
    db = str(built / "timeline.db")
    code, out, _ = invoke("path", "Lavrov", "Patrushev", "--db", db)
    assert code == 0 and out.splitlines()[0] == "Sergey Lavrov ← Wang Yi — Nikolai Patrushev"
    code, out, _ = invoke("actors", "--json", "--db", db)
    names = {a["name"] for a in json.loads(out)}
    assert {"Wang Yi", "Nikolai Patrushev", "Sergey Lavrov", "Vladimir Putin", "Xi Jinping", "Joe Biden",
            "Volodymyr Zelensky"} <= names


PATH_EVIDENCE = re.compile(r"^  (.+?) (→|—) (.+?)(?: \(together\))?: (.+)$")
PATH_CITED = re.compile(r"#(\d+) ([A-Z]+)(?::\S+)?(?: \((\w+)\))? ([^\s;]+)")


@pytest.mark.parametrize("pair", [("Zelensky", "Lavrov"), ("Lavrov", "Zelensky"), ("Lavrov", "Patrushev"),
                                  ("China", "Zelensky"), ("Xi", "Putin"),
                                  ("White House", "Wang Yi"), ("China", "Patrushev")])
def test_path_arrows_match_stored_events(built: Path, pair: tuple[str, str]) -> None:
    """Every arrow `path` prints, in the chain and in the evidence lines, is a stored event's
    source → target (or "—": sources of an event without a target), with its id, type and date."""
    db = str(built / "timeline.db")
    cards = {e["id"]: e for e in json.loads(invoke("events", "--json", "--db", db)[1])}
    code, out, _ = invoke("path", *pair, "--db", db)
    assert code == 0
    chain, *evidence = out.splitlines()
    names = re.split(r" [→←↔—] ", chain)
    marks = re.findall(r" ([→←↔—]) ", chain)
    shown: dict[frozenset[str], set[str]] = {}
    for line in evidence:
        who, mark, whom, cited = PATH_EVIDENCE.match(line).groups()
        for ident, kind, status, day in PATH_CITED.findall(cited):
            card = cards[int(ident)]
            assert (kind, day, status or "asserted") == (card["type"], card["date"]["value"], card["status"])
            if mark == "→":
                assert who in card["source"] and whom in card["target"], (line, card)
            else:
                assert {who, whom} <= set(card["source"]) and not card["target"], (line, card)
        shown.setdefault(frozenset((who, whom)), set()).add(f"{who}{mark}" if mark == "→" else "—")
    for here, mark, there in zip(names, marks, names[1:]):
        directions = shown[frozenset((here, there))]
        expected = {"→": {f"{here}→"}, "←": {f"{there}→"}, "↔": {f"{here}→", f"{there}→"}, "—": {"—"}}[mark]
        assert expected <= directions and (mark == "—") == (directions == {"—"}), (chain, directions)
    steps = json.loads(invoke("path", *pair, "--json", "--db", db)[1])
    assert [s["actor"] for s in steps] == names
    assert all({"id", "type", "date", "status", "direction"} <= set(e) for s in steps[:-1] for e in s["events"])


def test_enumerated_options_validate_and_list_their_values(built: Path) -> None:
    db = str(built / "timeline.db")
    code, out, err = invoke("events", "--type", "FOO", "--db", db)
    assert code == 2 and out == "" and err.startswith("error: --type 'FOO' is not an event type; choose from AGREE")
    code, out, _ = invoke("events", "--type", "consult", "--json", "--db", db)
    assert code == 0 and {e["type"] for e in json.loads(out)} == {"CONSULT"}
    code, out, err = invoke("export", "--format", "pdf", "--db", db)
    assert code == 2 and out == "" and err == "error: --format 'pdf' is not a format; choose one of graphml, gexf, json, csv, timelinejs\n"
    code, out, _ = invoke("export", "--format", "GEXF", "--db", db)
    assert code == 0 and "<gexf" in out
    def help_text(command: str) -> str:  # the help box wraps words anywhere
        return re.sub(r"[\s│]", "", runner.invoke(app, [command, "--help"]).stdout).lower()

    for command in ("events", "export", "render", "links"):
        assert "(repeatable,anycase):agree,consult," in help_text(command), command
    assert "graphml,gexf,json,csv,timelinejs" in help_text("export")


def test_exclusive_options_are_a_usage_error(built: Path) -> None:
    code, out, err = invoke("events", "--json", "--csv", "--db", str(built / "timeline.db"))
    assert code == 2 and out == "" and "--json and --csv" in err


def test_export_takes_the_selection_options_of_render(built: Path) -> None:
    db = str(built / "timeline.db")
    code, out, _ = invoke("export", "--format", "json", "--actor", "Patrushev", "--db", db)
    data = json.loads(out)
    patrushev = next(a["id"] for a in data["actors"] if a["name"] == "Nikolai Patrushev")
    assert code == 0 and data["events"] and all(patrushev in e["source"] + e["target"] for e in data["events"])
    code, out, _ = invoke("export", "--format", "json", "--top", "3", "--db", db)
    assert code == 0 and len(json.loads(out)["actors"]) <= 3
    code, _, err = invoke("export", "--format", "json", "--actor", "Patrushef", "--db", db)
    assert code == 3 and "Patrushev" in err


def test_rebuild_is_idempotent(built: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(built / "timeline.db", db)
    code, _, err = invoke("ingest", str(SEEDS), "--db", str(db))
    assert code == 0 and "0 new, 1 already stored" in err


def test_ingest_summary_counts_duplicates_and_stories_without_text(tmp_path: Path) -> None:
    """Two copies of one story in one input are a duplicate, not "already stored"; a story without
    a body is counted. A second run finds the story stored, and the copy still a duplicate."""
    from tests.test_ingest import reuters_file

    story = "Japan and India signed a trade agreement on Monday."
    sgm = reuters_file(tmp_path, [story, None, story, "Police arrested protesters in Paris."])
    db = str(tmp_path / "s.db")
    code, _, err = invoke("ingest", str(sgm), "--db", db)
    assert code == 0
    assert "articles: 2 new, 0 already stored, 0 failed, 1 duplicate within the input, 1 without text (skipped);" in err
    code, _, err = invoke("ingest", str(sgm), "--db", db)
    assert "articles: 0 new, 2 already stored, 0 failed, 1 duplicate within the input, 1 without text (skipped);" in err


def test_extract_output_follows_the_schema(tmp_path: Path) -> None:
    code, out, _ = invoke("extract", str(SEED))
    assert code == 0
    result = json.loads(out)
    jsonschema.validate(result, SCHEMA)
    text = result["text"]
    for actor in result["actors"]:
        for mention in actor["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
    for timex in result["timexes"]:
        assert text[timex["start"]:timex["end"]] == timex["text"]
    for event in result["events"]:
        assert text[event["trigger"]["start"]:event["trigger"]["end"]] == event["trigger"]["text"]


def test_extract_jsonl_keeps_order_and_schema(tmp_path: Path) -> None:
    lines = tmp_path / "in.txt"
    lines.write_text(
        json.dumps({"id": "one", "text": "Germany pledged new aid to Ukraine on Monday.", "published": "2022-03-02"})
        + "\n" + json.dumps({"id": "two", "text": "Police arrested protesters in Paris."}) + "\n", encoding="utf-8")
    code, out, err = invoke("extract", "--jsonl", str(lines))
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["document"]["id"] for r in results] == ["one", "two"]
    for result in results:
        jsonschema.validate(result, SCHEMA)
    assert "two" in err and "no publication date" in err


def test_bad_inputs_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Japan and India signed a trade agreement on Monday.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00binary")
    db = tmp_path / "s.db"
    code, _, err = invoke("ingest", str(tmp_path), "--db", str(db), "--published", "2020-01-01")
    assert code == 1 and "bad.txt: binary file" in err and "1 new" in err
    code, _, err = invoke("ingest", str(tmp_path), "--published", "yesterday")
    assert code == 2 and "not a date" in err
    code, _, err = invoke("actors", "--db", str(tmp_path / "nothing.db"))
    assert code == 4 and "no store here" in err
    bad = tmp_path / "actors.yaml"
    bad.write_text("- name: Sputnik\n  kind: robot\n", encoding="utf-8")
    code, out, err = invoke("extract", str(tmp_path / "good.txt"), "--dictionary", str(bad))
    assert code == 2 and out == "" and err.startswith(f"error: {bad}: entry 1: 'kind' must be one of")
    code, out, err = invoke("extract", str(tmp_path / "good.txt"), "--model", "en_core_web_missing")
    assert code == 2 and out == "" and "cannot load the spaCy model 'en_core_web_missing'" in err
