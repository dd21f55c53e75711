"""One reader per input format. Each yields Articles (or IngestProblems for single bad records)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

import yaml

from timeline.ingest.records import IngestProblem, InputError, build_article, decode_text
from timeline.types import Article

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)


def read_text_bytes(
    data: bytes, name: str, path: Path | None, published: date | None, max_bytes: int
) -> Iterator[Article]:
    """Plain text with a `NAME.meta.json` sidecar or YAML front matter; boilerplate is stripped."""
    if len(data) > max_bytes * 4:
        raise InputError(f"input over {max_bytes * 4:,} bytes; refused")
    text = decode_text(data)
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            front = yaml.safe_load(match[1])
        except yaml.YAMLError as error:
            raise InputError(f"bad YAML front matter: {str(error).splitlines()[0]}") from None
        if isinstance(front, dict):
            meta.update(front)
        text = text[match.end():]
    if path is not None:
        sidecar = path.with_name(path.name[: -len(path.suffix)] + ".meta.json")
        if sidecar.exists():
            meta.update(_load_sidecar(sidecar))
        meta.setdefault("id", path.stem)
    yield build_article(text, meta, name, published)


def _load_sidecar(sidecar: Path) -> dict[str, Any]:
    try:
        loaded = json.loads(sidecar.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"bad metadata in {sidecar.name}: {error}") from None
    if not isinstance(loaded, dict):
        raise InputError(f"bad metadata in {sidecar.name}: expected a JSON object")
    return loaded


def read_html(path: Path, published: date | None, max_bytes: int) -> Article:
    """The main text of a web page and its title, date, url and site, as trafilatura finds them."""
    import trafilatura

    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise InputError("binary file (NUL bytes); expected HTML")
    result = trafilatura.bare_extraction(
        raw.decode("utf-8", errors="replace"), with_metadata=True, include_comments=False, favor_precision=True
    )
    if result is None or not (result.text or "").strip():
        raise InputError("no article text found in the page")
    meta = {
        "id": path.stem,
        "title": result.title,
        "url": result.url,
        "source": result.sitename or result.hostname,
    }
    return build_article(decode_text(result.text.encode("utf-8")), meta, str(path), published, page_date=result.date)


def read_records(path: Path, published: date | None, max_bytes: int) -> Iterator[Article | IngestProblem]:
    """JSON (one record or a list) or JSONL records with `text` and optional id/title/published/url/source."""
    name = str(path)
    if path.suffix.lower() == ".jsonl":
        with path.open("rb") as handle:
            yield from read_jsonl(handle, name, published, max_bytes)
        return
    try:
        loaded = json.loads(decode_text(path.read_bytes()))
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error}") from None
    records = loaded if isinstance(loaded, list) else [loaded]
    for number, record in enumerate(records, 1):
        yield record_article(record, f"{name}[{number}]", published, max_bytes)


def read_jsonl(handle: IO[bytes], name: str, published: date | None, max_bytes: int) -> Iterator[Article | IngestProblem]:
    """One article per non-blank line; a bad line is a problem named by its line number."""
    for number, line in enumerate(handle, 1):
        if line.strip():
            yield record_article(line, f"{name}:{number}", published, max_bytes)


def record_article(record: Any, name: str, published: date | None, max_bytes: int) -> Article | IngestProblem:
    if isinstance(record, bytes):
        if len(record) > max_bytes * 4:
            return IngestProblem(name, f"record over {max_bytes * 4:,} bytes; refused")
        try:
            record = json.loads(decode_text(record))
        except (json.JSONDecodeError, InputError) as error:
            return IngestProblem(name, f"invalid JSON record: {error}")
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return IngestProblem(name, 'record has no "text" string')
    text = decode_text(record["text"].encode("utf-8", errors="replace"))
    return build_article(text, record, name, published)


_REUTERS = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.DOTALL)
_FIELD = {tag: re.compile(rf"<{tag}>(.*?)</{tag}>", re.DOTALL) for tag in ("DATE", "TITLE", "BODY", "DATELINE")}
_NEWID = re.compile(r'NEWID="(\d+)"')
_TRAILER = re.compile(r"\s*\bReuters?\b\s*$", re.IGNORECASE)


def read_reuters(path: Path, published: date | None, max_bytes: int) -> Iterator[Article]:
    """Reuters-21578 SGML: one story per `<REUTERS>` record; stories without a body are skipped."""
    data = path.read_bytes().decode("latin-1")
    for match in _REUTERS.finditer(data):
        attributes, inner = match.groups()
        body = _FIELD["BODY"].search(inner)
        if body is None:
            continue
        text = _unescape(body[1])
        text = _TRAILER.sub("", text).strip()
        fields = {tag: _FIELD[tag].search(inner) for tag in ("DATE", "TITLE")}
        newid = _NEWID.search(attributes)
        meta = {
            "id": f"reuters-{newid[1]}" if newid else None,
            "title": _unescape(fields["TITLE"][1]) if fields["TITLE"] else None,
            "published": _reuters_date(fields["DATE"][1]) if fields["DATE"] else None,
            "source": "Reuters",
        }
        yield build_article(decode_text(text.encode("utf-8")), meta, f"{path}#{meta['id']}", published)


def _unescape(sgml: str) -> str:
    return html.unescape(re.sub(r"&#(?:[0-9]|[12][0-9]|3[01]);", " ", sgml)).strip()


def _reuters_date(value: str) -> str | None:
    match = re.match(r"\s*(\d{1,2})-([A-Z]{3})-(\d{4})", value)
    if not match:
        return None
    months = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
    if match[2] not in months:
        return None
    return f"{match[3]}-{months.index(match[2]) + 1:02d}-{int(match[1]):02d}"
