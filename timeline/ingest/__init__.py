"""Ingest: files, folders and stdin → `Article`s.

`iter_articles` yields an `Article` for each document it can read and an `IngestProblem` for each it
cannot, so one bad file never stops a run. Readers by suffix: `.txt` (with a `NAME.meta.json` sidecar
or YAML front matter), `.html`/`.htm` (trafilatura), `.json`/`.jsonl` (records), `.sgm` (Reuters-21578).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from timeline.ingest.records import IngestProblem, InputError, build_article, parse_date
from timeline.types import Article

DEFAULT_MAX_BYTES = 5_000_000
SUFFIXES = (".txt", ".text", ".html", ".htm", ".json", ".jsonl", ".sgm")


def discover(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Expand folders recursively (sorted, hidden files and sidecars skipped); `-` stands for stdin."""
    for raw in paths:
        if str(raw) == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and _is_document(child):
                    yield child
        else:
            yield path


def _is_document(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(SUFFIXES) and not name.endswith(".meta.json")


def iter_articles(
    paths: Iterable[str | Path], published: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | IngestProblem]:
    """Every article in `paths`, in a stable order; `published` overrides every other date source."""
    for path in discover(paths):
        name = "<stdin>" if path == "-" else str(path)
        try:
            for article in _read(path, published, max_bytes):
                if isinstance(article, IngestProblem):
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
            handle = sys.stdin.buffer if name == "<stdin>" else open(path, "rb")
        except OSError as error:
            yield IngestProblem(name, f"cannot read: {error.strerror or error}")
            continue
        with handle:
            yield from read_jsonl(handle, name, published, max_bytes)


def _read(path: Path | str, published: date | None, max_bytes: int) -> Iterator[Article | IngestProblem]:
    from timeline.ingest import readers

    if path == "-":
        data = sys.stdin.buffer.read(max_bytes * 4 + 1)
        yield from readers.read_text_bytes(data, "<stdin>", None, published, max_bytes)
        return
    assert isinstance(path, Path)
    if not path.exists():
        raise InputError("no such file or folder")
    suffix = path.suffix.lower()
    if path.stat().st_size > max_bytes * 4 and suffix not in (".jsonl", ".sgm"):
        raise InputError(f"file over {max_bytes * 4:,} bytes; refused")
    if suffix in (".html", ".htm"):
        yield readers.read_html(path, published, max_bytes)
    elif suffix in (".json", ".jsonl"):
        yield from readers.read_records(path, published, max_bytes)
    elif suffix == ".sgm":
        yield from readers.read_reuters(path, published, max_bytes)
    elif suffix in (".txt", ".text"):
        yield from readers.read_text_bytes(path.read_bytes(), str(path), path, published, max_bytes)
    else:
        raise InputError(f"unsupported file type {suffix or '(none)'}; expected one of {', '.join(SUFFIXES)}")


__all__ = ["DEFAULT_MAX_BYTES", "IngestProblem", "InputError", "build_article", "discover", "iter_articles", "iter_jsonl", "parse_date"]
