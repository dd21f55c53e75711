"""What every reader shares: opening and decoding untrusted input, metadata values, dates, and
building an `Article`.

Every byte that comes from outside is opened by `open_regular` (special files are refused before
they are opened) and decoded by `decode_text`; every metadata value passes `clean_field`, every
text `clean_str`, so nothing a store or a terminal cannot hold gets past a reader.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from timeline.ingest.boilerplate import clean_text
from timeline.types import SHORT_KEY_LENGTH, Article

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters a one-line message must not carry as they are: C0 and C1 controls (newlines, escapes).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Byte order marks, UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# The commonest encoding of text that is not UTF-8 (browsers read "latin-1" labels as it too).
PREFERRED_LEGACY_ENCODING = "cp1252"
# How much of each candidate reading is looked at to choose among them.
ENCODING_SAMPLE_CHARS = 100_000
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD_CATEGORIES = ("L", "M", "P")
# NUL bytes in the first 64 KB (and no byte order mark) make a file binary.
BINARY_PROBE_BYTES = 65_536
# Front matter and sidecars hold a few hundred bytes of metadata; past this they are refused.
METADATA_MAX_BYTES = 65_536
# A title, source, url or id longer than this is cut.
FIELD_MAX_CHARS = 2000
_DATEPARSER_SETTINGS = {
    # Only absolute dates: "yesterday" or a number such as "1e309" would otherwise resolve against
    # the clock of the machine that ingests, not the article's.
    "PARSERS": ["absolute-time"],
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
}


@dataclass(frozen=True)
class IngestProblem:
    """A document that was not read, and why (one line, naming the file)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{shown(self.path)}: {shown(self.message)}"


@dataclass(frozen=True)
class NoText:
    """A record that holds no text to read, such as a Reuters story with a headline and no body:
    not a failure of reading, so it is skipped and counted rather than reported as an error."""

    path: str


class InputError(ValueError):
    """Raised by readers for one unreadable document; becomes an `IngestProblem`."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text, and a note when it was not UTF-8 (said once per file)."""

    text: str
    note: str | None = None


def shown(name: str | os.PathLike[str]) -> str:
    """A file name (or message) fit for one line of a terminal: bytes that are not UTF-8 as
    `\\xNN`, control characters such as newlines and escapes as `\\n`, `\\x1b`."""
    text = os.fspath(name)
    try:
        raw = text.encode("utf-8", "surrogateescape")  # the bytes of a file name, as the system gave them
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "backslashreplace")  # a lone surrogate from elsewhere (a JSON escape)
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"),
                            raw.decode("utf-8", "backslashreplace"))


def is_utf8_name(name: str | os.PathLike[str]) -> bool:
    """False for a file name with bytes that are not UTF-8 (Python keeps them as lone surrogates,
    which no store, terminal or page can hold)."""
    try:
        os.fspath(name).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def file_kind(mode: int) -> str:
    """What a non-regular file is, for the message that refuses it."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def open_regular(path: Path) -> IO[bytes]:
    """A regular file, opened for reading. Anything else is refused before it is opened: opening a
    FIFO waits for a writer, reading a device may never end. The open itself does not block and
    checks again, in case the file was swapped for a FIFO in between."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise InputError(f"{file_kind(mode)}, not a regular file; refused")
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise InputError("not a regular file; refused")
        os.set_blocking(handle, True)
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise


def read_capped(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file, refused when there are more than `limit` (read no further)."""
    with open_regular(path) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{what} over {limit:,} bytes; refused")
    return data


def clean_str(text: str) -> str:
    """Text a store and a page can hold: control characters as spaces, lone surrogates (from JSON
    escapes such as "\\ud800") as U+FFFD, a leading byte order mark dropped, line ends as \\n."""
    text = _SURROGATE.sub("\ufffd", _CONTROL.sub(" ", text.removeprefix("\ufeff")))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes) -> Decoded:
    """The one place that decodes untrusted bytes. UTF-8 when the bytes are UTF-8; UTF-16 or
    UTF-32 by their byte order mark; otherwise the encoding charset-normalizer finds, with a note.
    Binary data (NUL bytes without a byte order mark) is refused rather than guessed at."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(clean_str(data[len(bom):].decode(codec)))
            except UnicodeDecodeError:
                raise InputError(f"not valid {codec.upper()} text after its byte order mark") from None
    if b"\x00" in data[:BINARY_PROBE_BYTES]:
        raise InputError("binary file (NUL bytes); expected text")
    try:
        return Decoded(clean_str(data.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    invalid = lenient.count("\ufffd")
    multibyte = len(lenient) - len(lenient.encode("ascii", "ignore")) - invalid
    if multibyte > invalid:
        # More valid multi-byte characters than broken bytes: UTF-8 with some damage, not another encoding.
        return Decoded(clean_str(lenient), f"not valid UTF-8: {invalid:,} broken byte sequence(s) replaced by �")
    from charset_normalizer import from_bytes

    readings = from_bytes(data)
    best = readings.best()
    if best is None:
        raise InputError("not text in UTF-8 or any encoding charset-normalizer recognises")
    # Short text reads equally cleanly in several code pages by charset-normalizer's measure
    # (cp1257 makes "Sánchez" "Sįnchez", cp1252 makes "spotkał" "spotka³"). Among those, take the
    # reading with the fewest non-ASCII characters that no word or sentence is made of, then the
    # one Windows-1252 gives.
    tied = [r for r in readings if r.percent_chaos <= best.percent_chaos]
    chosen = min(tied, key=lambda r: (_odd_characters(str(r)[:ENCODING_SAMPLE_CHARS]),
                                      PREFERRED_LEGACY_ENCODING not in r.could_be_from_charset))
    name = PREFERRED_LEGACY_ENCODING if PREFERRED_LEGACY_ENCODING in chosen.could_be_from_charset else chosen.encoding
    return Decoded(clean_str(str(chosen)), f"not UTF-8; decoded as {name}")


def _odd_characters(text: str) -> int:
    """Non-ASCII characters that are neither letters, combining marks, punctuation (quotes,
    dashes, the ellipsis, ¿, 。) nor the euro sign: what a wrong code page leaves in words."""
    return sum(1 for c in _NON_ASCII.findall(text)
               if not unicodedata.category(c).startswith(_WORD_CATEGORIES) and c not in "…€")


def load_json(text: str) -> Any:
    """JSON from untrusted text; InputError for anything json cannot take (bad syntax, nesting
    deeper than Python's stack, integers longer than Python converts)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply") from None
    except ValueError as error:
        raise InputError(f"invalid JSON: {str(error)[:200]}") from None


def clean_field(value: Any) -> str | None:
    """A metadata value as one line of text, or None. Only strings, numbers and dates are text: a
    list or a mapping is no title. Control characters and surrogates go, the length is capped."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, date)):
        return None
    try:
        text = str(value)
    except ValueError:  # an integer longer than Python will write out
        return None
    return " ".join(clean_str(text[: FIELD_MAX_CHARS * 2]).split())[:FIELD_MAX_CHARS] or None


def parse_date(value: Any) -> date | None:
    """A calendar date from metadata: ISO dates and datetimes, or an absolute date in any format
    dateparser reads. Relative dates ("yesterday") and numbers are not publication dates."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(text[:100], settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None


def content_key(text: str) -> str:
    """The store identity of an article: a hash of its text, so a re-ingest of the same words is a no-op."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _field_notes(meta: dict[str, Any], meta_date: date | None, check_date: bool) -> list[str]:
    """What of the metadata was dropped: a value that is not text, a date that is not a date."""
    notes = []
    raw_date = meta.get("published") or meta.get("date")
    if check_date and raw_date not in (None, "") and meta_date is None:
        notes.append(f"published {shown(repr(raw_date)[:60])} is not a date; ignored")
    for name in ("id", "title", "source", "url"):
        if meta.get(name) not in (None, "") and clean_field(meta[name]) is None:
            notes.append(f"metadata {name!r} is not text; ignored")
    return notes


def build_article(
    text: str,
    meta: dict[str, Any],
    path: str | None,
    published: date | None,
    page_date: Any = None,
    clean: bool = True,
    notes: tuple[str, ...] = (),
) -> Article:
    """An Article with the publication date taken from the CLI, then metadata, then the page itself.
    Every reader's text passes through the same cleaning here (`clean_str`, then
    `boilerplate.clean_text`), unless it is already an extraction's cleaned text (`clean=False`)."""
    if clean:
        text = clean_text(clean_str(text))
    meta_date = parse_date(meta.get("published") or meta.get("date"))
    page = parse_date(page_date)
    if published:
        chosen, basis = published, "cli"
    elif meta_date:
        chosen, basis = meta_date, "metadata"
    elif page:
        chosen, basis = page, "page"
    else:
        chosen, basis = None, "none"
    key = content_key(text)
    ident = clean_field(meta.get("id")) or key[:SHORT_KEY_LENGTH]
    return Article(
        key=key,
        id=ident,
        text=text,
        title=clean_field(meta.get("title")),
        published=chosen,
        source=clean_field(meta.get("source") or meta.get("sitename")),
        url=clean_field(meta.get("url")),
        path=path,
        published_basis=basis,
        notes=(*notes, *_field_notes(meta, meta_date, check_date=published is None)),
    )


def article_of(extraction: dict[str, Any]) -> Article:
    """The Article an extract result describes, so results computed elsewhere (a cluster) can be stored."""
    document = extraction["document"]
    return build_article(extraction["text"], dict(document), None, None, clean=False)
