"""The one cleaning step every reader's text goes through (`clean_text`): soft line breaks of
hard-wrapped text become spaces, and the parts that are not the article are removed (promos,
trailers, tag lines, "Also on …" links and headlines of other stories).

Unwrapping keeps every character position, and the kept text is a concatenation of slices of the
input, so offsets still point at the original words. Rules are about page furniture and text
layout, never about one publisher.
"""

from __future__ import annotations

import re

_PARAGRAPH = re.compile(r"\S[^\n]*(?:\n[ \t]*\S[^\n]*)*")

# A paragraph that opens a trailer: it and everything after it are not the article.
_TRAILER = re.compile(
    r"^\s*(?:more from\b|next in\b|read more\b|related(?: articles| stories| coverage)?\s*:?\s*$|"
    r"others also read\b|you may also like\b|recommended(?: for you)?\s*:?\s*$|most (?:read|popular)\b|"
    r"also read\s*:?\s*$|trending\b|latest news\s*:?\s*$|share this (?:article|story)\b|"
    r"(?:copyright|©|\(c\))\s|all rights reserved)",
    re.IGNORECASE,
)
# Promotional or subscription copy inside the body.
_PROMO = re.compile(
    r"\b(?:sign up|subscribe|newsletter|download (?:our|the) (?:\w+ )?app|get the answers with|"
    r"our new platform|click here|follow us on|for the latest news from|"
    r"this article (?:originally )?appeared|advertisement\b|all rights reserved|copyright \d{4}|"
    r"^\s*(?:also on \S+\.(?:com|org|net|co|ru|cn|info|tv)\b|also read\b|read also\b|see also\b|related:))",
    re.IGNORECASE,
)
# Headlines of other stories are short; a longer unpunctuated line is part of the article.
HEADLINE_MAX_WORDS = 20
_SENTENCE_END = re.compile(r"""[.!?:;…]["'”’)\]]*\s*$""")
_WORD = re.compile(r"[^\W\d_]+")


def _is_tag_line(paragraph: str) -> bool:
    """"SCMP , China , Russia , Ukraine War": a list of short labels with no sentence in it."""
    items = [i.strip() for i in paragraph.split(",")]
    return len(items) >= 3 and all(0 < len(i.split()) <= 4 for i in items) and not _SENTENCE_END.search(paragraph)


def _is_headline(paragraph: str) -> bool:
    """A short one-line paragraph without closing punctuation: a link to another story, not a
    sentence (a long unpunctuated line is a sentence cut by the layout)."""
    words = len(_WORD.findall(paragraph))
    return "\n" not in paragraph.strip() and not _SENTENCE_END.search(paragraph) and 3 <= words <= HEADLINE_MAX_WORDS


def strip_boilerplate(text: str, keep_first: bool = True) -> str:
    """The article body of `text`; `keep_first` keeps the opening paragraph (the article's own headline)."""
    spans = [m.span() for m in _PARAGRAPH.finditer(text)]
    kept: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(spans):
        paragraph = text[start:end]
        if index == 0 and keep_first:
            kept.append((start, end))
            continue
        if _TRAILER.search(paragraph):
            break
        if _PROMO.search(paragraph) or _is_tag_line(paragraph) or _is_headline(paragraph):
            continue
        kept.append((start, end))
    pieces = []
    for number, (start, end) in enumerate(kept):
        pieces.append(text[start:end])
        if number + 1 < len(kept):
            following = kept[number + 1][0]
            adjacent = not any(end < s < following for s, _ in spans)
            pieces.append(text[end:following] if adjacent else "\n\n")
    return "".join(pieces)


# Hard-wrapped text (newswire, e-mail, converted documents) breaks lines at about this width.
WRAP_MIN, WRAP_MAX = 40, 90
# A text is hard-wrapped when this share of its long lines ends within the wrapping widths.
WRAPPED_SHARE = 0.6
_SOFT_BREAK = re.compile(r"(?<=\S)\n(?=[^\s])")


def is_hard_wrapped(text: str) -> bool:
    """Most lines of some length end between WRAP_MIN and WRAP_MAX characters: a fixed-width layout."""
    lines = [len(line) for line in text.split("\n") if len(line.strip()) >= WRAP_MIN // 2]
    wrapped = [n for n in lines if WRAP_MIN <= n <= WRAP_MAX]
    return len(lines) >= 3 and len(wrapped) >= WRAPPED_SHARE * len(lines)


def unwrap(text: str) -> str:
    """Soft line breaks (a newline between two words of a paragraph) as spaces, when the text is
    hard-wrapped; a line break the parser sees inside a sentence derails its parse."""
    return _SOFT_BREAK.sub(" ", text) if is_hard_wrapped(text) else text


def clean_text(text: str, keep_first: bool = True) -> str:
    """The cleaning every reader applies: unwrap, then strip the page furniture."""
    return strip_boilerplate(unwrap(text), keep_first)
