"""One reader per input format. Each yields Articles (or IngestProblems for single bad records).

Readers open files with `records.open_regular` and decode with `records.decode_text`; metadata goes
through `load_front_matter` or `_load_sidecar`, which bound its size and refuse YAML aliases.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

import yaml

from timeline.ingest.records import (
    METADATA_MAX_BYTES,
    IngestProblem,
    InputError,
    NoText,
    build_article,
    decode_text,
    load_json,
    open_regular,
    read_capped,
)
from timeline.types import Article

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
# Streaming readers (JSON lines, SGML) read this much at a time.
BLOCK_BYTES = 1 << 20
# A file may carry up to this many bytes per byte of the text it yields (HTML markup, UTF-16/32),
# so it is read up to `max_bytes` times this before the text itself is measured against `max_bytes`.
RAW_BYTES_PER_TEXT_BYTE = 4


def raw_limit(max_bytes: int) -> int:
    """How many bytes of a file to read for at most `max_bytes` of text."""
    return max_bytes * RAW_BYTES_PER_TEXT_BYTE


class MetadataLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader without aliases, and with dates kept as text.

    An alias repeats a node without copying it, so a few hundred bytes of nested aliases ("billion
    laughs") stand for gigabytes once anything walks them. Metadata never needs one. Dates stay
    strings so that an impossible one ("2021-13-45") is a note from `parse_date`, not a crash."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in metadata",
                                              self.peek_event().start_mark)
        return super().compose_node(parent, index)


MetadataLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def load_front_matter(block: str) -> dict[str, Any]:
    """The mapping in a YAML front matter block (anything else is no metadata); InputError when the
    block is too big, holds an alias or is not YAML."""
    if len(block.encode("utf-8")) > METADATA_MAX_BYTES:
        raise InputError(f"front matter over {METADATA_MAX_BYTES:,} bytes; refused")
    try:
        loaded = yaml.load(block, Loader=MetadataLoader)  # noqa: S506 (MetadataLoader is a SafeLoader)
    except yaml.YAMLError as error:
        raise InputError(f"bad YAML front matter: {str(error).splitlines()[0]}") from None
    except RecursionError:
        raise InputError("bad YAML front matter: nested too deeply") from None
    except ValueError as error:  # a scalar its constructor refuses, such as a 5,000-digit integer
        raise InputError(f"bad YAML front matter: {str(error)[:200]}") from None
    return loaded if isinstance(loaded, dict) else {}


def read_text_bytes(
    data: bytes, name: str, path: Path | None, published: date | None, max_bytes: int
) -> Iterator[Article]:
    """Plain text with a `NAME.meta.json` sidecar or YAML front matter; boilerplate is stripped."""
    if len(data) > raw_limit(max_bytes):
        raise InputError(f"input over {raw_limit(max_bytes):,} bytes; refused")
    decoded = decode_text(data)
    text = decoded.text
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        meta.update(load_front_matter(match[1]))
        text = text[match.end():]
    if path is not None:
        sidecar = path.with_name(path.name[: -len(path.suffix)] + ".meta.json")
        if sidecar.exists():
            meta.update(_load_sidecar(sidecar))
        meta.setdefault("id", path.stem)
    yield build_article(text, meta, name, published, notes=_notes(decoded.note))


def _notes(note: str | None) -> tuple[str, ...]:
    return (note,) if note else ()


def _load_sidecar(sidecar: Path) -> dict[str, Any]:
    """A `NAME.meta.json` object, at most METADATA_MAX_BYTES; InputError naming the sidecar otherwise."""
    try:
        loaded = load_json(decode_text(read_capped(sidecar, METADATA_MAX_BYTES, "metadata")).text)
    except InputError as error:
        raise InputError(f"bad metadata in {sidecar.name}: {error}") from None
    if not isinstance(loaded, dict):
        raise InputError(f"bad metadata in {sidecar.name}: expected a JSON object")
    return loaded


def read_html(path: Path, published: date | None, max_bytes: int) -> Article:
    """The main text of a web page and its title, date, url and site, as trafilatura finds them."""
    import trafilatura

    decoded = decode_text(read_capped(path, raw_limit(max_bytes)))
    result = trafilatura.bare_extraction(decoded.text, with_metadata=True, include_comments=False,
                                         favor_precision=True)
    if result is None or not (result.text or "").strip():
        raise InputError("no article text found in the page")
    meta = {
        "id": path.stem,
        "title": result.title,
        "url": result.url,
        "source": result.sitename or result.hostname,
    }
    return build_article(result.text, meta, str(path), published, page_date=result.date, notes=_notes(decoded.note))


def read_records(path: Path, published: date | None, max_bytes: int) -> Iterator[Article | IngestProblem]:
    """JSON (one record or a list) or JSONL records with `text` and optional id/title/published/url/source."""
    name = str(path)
    if path.suffix.lower() == ".jsonl":
        with open_regular(path) as handle:
            yield from read_jsonl(handle, name, published, max_bytes)
        return
    decoded = decode_text(read_capped(path, raw_limit(max_bytes)))
    loaded = load_json(decoded.text)
    records = loaded if isinstance(loaded, list) else [loaded]
    for number, record in enumerate(records, 1):
        yield record_article(record, f"{name}[{number}]", published, max_bytes, decoded.note if number == 1 else None)


def read_jsonl(handle: IO[bytes], name: str, published: date | None, max_bytes: int) -> Iterator[Article | IngestProblem]:
    """One article per non-blank line; a bad line is a problem named by its line number. A line is
    read at most `raw_limit(max_bytes)` bytes at a time, so an endless line costs no more memory than that."""
    limit = raw_limit(max_bytes)
    number = 0
    noted = False
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := handle.readline(BLOCK_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield IngestProblem(f"{name}:{number}", f"record over {limit:,} bytes; refused")
            continue
        if not line.strip():
            continue
        try:
            decoded = decode_text(line)
        except InputError as error:
            yield IngestProblem(f"{name}:{number}", f"invalid JSON record: {error}")
            continue
        item = record_article(decoded.text, f"{name}:{number}", published, max_bytes,
                              None if noted else decoded.note)
        noted = noted or (decoded.note is not None and isinstance(item, Article))
        yield item


def record_article(record: Any, name: str, published: date | None, max_bytes: int,
                   note: str | None = None) -> Article | IngestProblem:
    """The article of one JSON record (a decoded line, or an item of a JSON list)."""
    if isinstance(record, str):
        try:
            record = load_json(record)
        except InputError as error:
            return IngestProblem(name, f"invalid JSON record: {str(error).removeprefix('invalid JSON: ')}")
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return IngestProblem(name, 'record has no "text" string')
    return build_article(record["text"], record, name, published, notes=_notes(note))


_REUTERS = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.DOTALL)
_FIELD = {tag: re.compile(rf"<{tag}>(.*?)</{tag}>", re.DOTALL) for tag in ("DATE", "TITLE", "BODY", "DATELINE")}
_NEWID = re.compile(r'NEWID="(\d+)"')
_TRAILER = re.compile(r"\s*\bReuters?\b\s*$", re.IGNORECASE)
_OPEN, _CLOSE = b"<REUTERS", b"</REUTERS>"


def read_reuters(path: Path, published: date | None, max_bytes: int) -> Iterator[Article | IngestProblem | NoText]:
    """Reuters-21578 SGML: one story per `<REUTERS>` record; a story without a body is `NoText`.
    The file is read a block at a time, so its size does not matter; a record over
    `raw_limit(max_bytes)` bytes is a problem."""
    noted = False
    with open_regular(path) as handle:
        for number, record in enumerate(_sgml_records(handle, raw_limit(max_bytes)), 1):
            if record is None:
                yield IngestProblem(f"{path}#record-{number}", f"record over {raw_limit(max_bytes):,} bytes; refused")
                continue
            try:
                decoded = decode_text(record)
            except InputError as error:
                yield IngestProblem(f"{path}#record-{number}", str(error))
                continue
            article = _reuters_article(decoded.text, path, published, None if noted else decoded.note)
            if isinstance(article, Article):
                noted = noted or decoded.note is not None
            if article is not None:
                yield article


def _sgml_records(handle: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The bytes of each `<REUTERS …>…</REUTERS>` record in the stream, or None for one longer than
    `limit` (skipped to its end without holding it)."""
    buffer, skipping = b"", False
    while block := handle.read(BLOCK_BYTES):
        buffer += block
        while True:
            if skipping:
                end = buffer.find(_CLOSE)
                if end < 0:
                    buffer = buffer[-len(_CLOSE):]
                    break
                buffer, skipping = buffer[end + len(_CLOSE):], False
            start = buffer.find(_OPEN)
            if start < 0:
                buffer = buffer[-len(_OPEN):]
                break
            end = buffer.find(_CLOSE, start)
            if end < 0:
                buffer = buffer[start:]
                if len(buffer) > limit:
                    yield None
                    buffer, skipping = buffer[-len(_CLOSE):], True
                break
            yield buffer[start:end + len(_CLOSE)]
            buffer = buffer[end + len(_CLOSE):]


def _reuters_article(record: str, path: Path, published: date | None, note: str | None) -> Article | NoText | None:
    """The story of one record; NoText for a story without a body, None for what is no record."""
    match = _REUTERS.match(record)
    if match is None:
        return None
    attributes, inner = match.groups()
    newid = _NEWID.search(attributes)
    body = _FIELD["BODY"].search(inner)
    if body is None:
        return NoText(f"{path}#reuters-{newid[1] if newid else '?'}")
    text = _TRAILER.sub("", _unescape(body[1])).strip()
    fields = {tag: _FIELD[tag].search(inner) for tag in ("DATE", "TITLE")}
    meta = {
        "id": f"reuters-{newid[1]}" if newid else None,
        "title": _unescape(fields["TITLE"][1]) if fields["TITLE"] else None,
        "published": _reuters_date(fields["DATE"][1]) if fields["DATE"] else None,
        "source": "Reuters",
    }
    return build_article(text, meta, f"{path}#{meta['id']}", published, notes=_notes(note))


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
