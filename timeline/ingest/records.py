"""What every reader shares: decoding untrusted bytes, parsing dates, and building an `Article`."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from timeline.ingest.boilerplate import clean_text
from timeline.types import Article

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class IngestProblem:
    """A document that was not read, and why (one line, naming the file)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InputError(ValueError):
    """Raised by readers for one unreadable document; becomes an `IngestProblem`."""


def decode_text(data: bytes) -> str:
    """UTF-8 text with control characters removed; binary data is refused rather than guessed at."""
    if b"\x00" in data[:65536]:
        raise InputError("binary file (NUL bytes); expected text")
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(16, len(text) // 20):
        raise InputError("not UTF-8 text")
    return _CONTROL.sub(" ", text.lstrip("\ufeff")).replace("\r\n", "\n").replace("\r", "\n")


def clean_field(value: Any) -> str | None:
    """A metadata string, stripped of control characters and collapsed to one line, or None."""
    if value is None:
        return None
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text[:2000] or None


def parse_date(value: Any) -> date | None:
    """A calendar date from metadata: ISO dates and datetimes, or any format dateparser reads."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(text[:100], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed else None


def content_key(text: str) -> str:
    """The store identity of an article: a hash of its text, so a re-ingest of the same words is a no-op."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def build_article(
    text: str,
    meta: dict[str, Any],
    path: str | None,
    published: date | None,
    page_date: Any = None,
    clean: bool = True,
) -> Article:
    """An Article with the publication date taken from the CLI, then metadata, then the page itself.
    Every reader's text passes through the same cleaning here (`boilerplate.clean_text`), unless
    it is already an extraction's cleaned text (`clean=False`)."""
    if clean:
        text = clean_text(text)
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
    ident = clean_field(meta.get("id")) or key[:12]
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
    )


def article_of(extraction: dict[str, Any]) -> Article:
    """The Article an extract result describes, so results computed elsewhere (a cluster) can be stored."""
    document = extraction["document"]
    return build_article(extraction["text"], dict(document), None, None, clean=False)
