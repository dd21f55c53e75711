"""Cut overlong sentences into clauses before the parser sees them.

The later stages walk each sentence's parse tree, and a few of those walks grow faster than the
sentence (a run-on sentence of 50 KB did not finish in five minutes). Capping the length of what the
parser may call one sentence keeps the work per sentence bounded and the whole run linear in the text.
Real news sentences are far shorter than the cap, so they are never touched: the cut only happens in a
stretch of tokens with no sentence-final punctuation in it, and it is made where a clause begins
(after a semicolon, or at a conjunction after a comma) when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

# The longest stretch, in tokens, the parser may treat as one sentence. In 2,000 Reuters stories,
# 4 of 10,764 sentences are longer, and all four are tables.
MAX_SENTENCE_TOKENS = 150
SENTENCE_ENDS = frozenset({".", "!", "?"})
CLAUSE_MARKS = frozenset({";", ":"})
CLAUSE_WORDS = frozenset({"and", "but", "or", "while", "whereas", "as", "because", "although", "though",
                          "which", "who", "after", "before", "when", "since", "so", "yet"})


@dataclass(frozen=True)
class ClauseCutter:
    """Marks a sentence start inside any stretch of more than `max_tokens` tokens without an end."""

    max_tokens: int = MAX_SENTENCE_TOKENS

    def __call__(self, doc: Doc) -> Doc:
        if doc.has_annotation("DEP"):  # parsed already: its sentences are set
            return doc
        start, best, best_rank = 0, None, 0
        for token in doc:
            if token.text in SENTENCE_ENDS:
                start, best, best_rank = token.i + 1, None, 0
                continue
            rank = self._rank(doc, token.i)
            if rank and rank >= best_rank and token.i - start >= self.max_tokens // 3:
                best, best_rank = token.i, rank
            if token.i - start + 1 >= self.max_tokens:
                cut = best if best is not None else token.i
                doc[cut].is_sent_start = True
                start, best, best_rank = cut, None, 0
        return doc

    @staticmethod
    def _rank(doc: Doc, i: int) -> int:
        """How good a clause start token i is: 3 after ; or :, 2 a conjunction after a comma, 1 after a comma."""
        if i == 0:
            return 0
        before = doc[i - 1].text
        if before in CLAUSE_MARKS:
            return 3
        if before == ",":
            return 2 if doc[i].lower_ in CLAUSE_WORDS else 1
        return 0


@Language.factory(
    "timeline_clauses",
    assigns=["token.is_sent_start"],
    default_config={"max_tokens": MAX_SENTENCE_TOKENS},
)
def make_clauses(nlp: Language, name: str, max_tokens: int) -> ClauseCutter:
    if max_tokens < 2:
        raise ValueError(f"{name}: max_tokens must be at least 2, not {max_tokens}")
    return ClauseCutter(max_tokens)
