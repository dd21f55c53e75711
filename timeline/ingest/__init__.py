"""Ingest: files, folders and stdin → `Article`s.

`iter_articles` yields an `Article` for each document it can read, an `IngestProblem` for each it
cannot, so one bad file never stops a run, and a `NoText` for a record that holds no text (a
Reuters story without a body), to be counted. Readers by suffix: `.txt` (with a `NAME.meta.json` sidecar
or YAML front matter), `.html`/`.htm` (trafilatura), `.json`/`.jsonl` (records), `.sgm` (Reuters-21578).
Only regular files are read: FIFOs, devices, sockets, broken links, unreadable folders and names
that are not UTF-8 are problems, named and skipped.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from timeline.ingest.records import (
    IngestProblem,
    InputError,
    NoText,
    build_article,
    file_kind,
    is_utf8_name,
    open_regular,
    parse_date,
    read_capped,
    shown,
)
from timeline.types import Article

DEFAULT_MAX_BYTES = 5_000_000
SUFFIXES = (".txt", ".text", ".html", ".htm", ".json", ".jsonl", ".sgm")
NOT_UTF8_NAME = "the file name is not UTF-8; rename the file to read it"


def discover(paths: Iterable[str | Path]) -> Iterator[Path | str | IngestProblem]:
    """Expand folders recursively (sorted, hidden files and sidecars skipped); `-` stands for stdin.
    What cannot be read in a folder (special files, broken links, unreadable folders, names that
    are not UTF-8) comes out as an IngestProblem in its place."""
    for raw in paths:
        if str(raw) == "-":
            yield "-"
            continue
        path = Path(raw)
        if not is_utf8_name(path):
            yield IngestProblem(shown(path), NOT_UTF8_NAME)
        elif path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path | IngestProblem]:
    """The documents under `folder` in sorted order, with a problem for each entry that looks like a
    document but is not a readable regular file. Links to folders are not followed (no loops)."""
    found: list[tuple[Path, Path | IngestProblem]] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename or folder)
        found.append((where, IngestProblem(shown(where), f"cannot read the folder: {error.strerror or error}")))

    for top, folders, files in os.walk(folder, onerror=unreadable):
        for name in sorted(folders):
            if name.startswith("."):
                folders.remove(name)
            elif not is_utf8_name(name):
                folders.remove(name)
                where = Path(top, name)
                found.append((where, IngestProblem(shown(where), "the folder name is not UTF-8; its files were skipped")))
        for name in files:
            if name.startswith(".") or not _is_document(name):
                continue
            child = Path(top, name)
            found.append((child, child if is_utf8_name(name) else IngestProblem(shown(child), NOT_UTF8_NAME)))
    for child, item in sorted(found, key=lambda pair: pair[0]):
        yield item if isinstance(item, IngestProblem) else _entry(child)


def _entry(child: Path) -> Path | IngestProblem:
    """A folder entry: the path of a regular file (or a link to one), else why it is skipped."""
    try:
        mode = child.stat().st_mode
    except FileNotFoundError:
        return IngestProblem(str(child), "broken symbolic link; skipped")
    except OSError as error:
        return IngestProblem(str(child), f"cannot read: {error.strerror or error}")
    if stat.S_ISREG(mode):
        return child
    return IngestProblem(str(child), f"{file_kind(mode)}, not a regular file; skipped")


def _is_document(name: str) -> bool:
    name = name.lower()
    return name.endswith(SUFFIXES) and not name.endswith(".meta.json")


def iter_articles(
    paths: Iterable[str | Path], published: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | IngestProblem | NoText]:
    """Every article in `paths`, in a stable order; `published` overrides every other date source."""
    for path in discover(paths):
        if isinstance(path, IngestProblem):
            yield path
            continue
        name = "<stdin>" if path == "-" else str(path)
        try:
            for article in _read(path, published, max_bytes):
                if isinstance(article, (IngestProblem, NoText)):
                    yield article
                elif not article.text.strip():
                    yield IngestProblem(article.path or name, "no article text")
                elif len(article.text.encode("utf-8")) > max_bytes:
                    yield IngestProblem(article.path or name, f"article text over {max_bytes:,} bytes; refused")
                else:
                    yield article
        except InputError as error:
            yield IngestProblem(name, str(error))
        except OSError as error:
            yield IngestProblem(name, f"cannot read: {error.strerror or error}")


def iter_jsonl(
    paths: Iterable[str | Path], published: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | IngestProblem]:
    """Articles from JSON-lines records in each path (or - for stdin), whatever the file is called."""
    from timeline.ingest.readers import read_jsonl

    for path in paths:
        name = "<stdin>" if str(path) == "-" else str(path)
        try:
            handle = sys.stdin.buffer if name == "<stdin>" else open_regular(Path(path))
        except InputError as error:
            yield IngestProblem(name, str(error))
            continue
        except OSError as error:
            yield IngestProblem(name, f"cannot read: {error.strerror or error}")
            continue
        with handle:
            yield from read_jsonl(handle, name, published, max_bytes)


def _read(path: Path | str, published: date | None, max_bytes: int) -> Iterator[Article | IngestProblem | NoText]:
    from timeline.ingest import readers

    if path == "-":
        data = sys.stdin.buffer.read(readers.raw_limit(max_bytes) + 1)
        yield from readers.read_text_bytes(data, "<stdin>", None, published, max_bytes)
        return
    assert isinstance(path, Path)
    if not path.exists():
        raise InputError("broken symbolic link" if path.is_symlink() else "no such file or folder")
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        yield readers.read_html(path, published, max_bytes)
    elif suffix in (".json", ".jsonl"):
        yield from readers.read_records(path, published, max_bytes)
    elif suffix == ".sgm":
        yield from readers.read_reuters(path, published, max_bytes)
    elif suffix in (".txt", ".text"):
        yield from readers.read_text_bytes(read_capped(path, readers.raw_limit(max_bytes)), str(path), path, published, max_bytes)
    else:
        raise InputError(f"unsupported file type {suffix or '(none)'}; expected one of {', '.join(SUFFIXES)}")


__all__ = ["DEFAULT_MAX_BYTES", "IngestProblem", "InputError", "NoText", "build_article", "discover", "iter_articles", "iter_jsonl", "parse_date"]
