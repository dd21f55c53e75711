"""The `timeline_events` spaCy component: holds the lexicon and the compiled dictionaries, saves
and loads them with the pipeline, and codes each Doc (`assembly.DocumentEvents`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from timeline.extract.codebook import CODEBOOK_PATH, Codebook
from timeline.extract.coding import PredicateCoder
from timeline.extract.eventdata import (DATA, DISCARDS_FILE, PLOVER_FILE, PLOVER_OVERRIDES_FILE, VERBS_FILE,
                                        load_discards, load_verbs)
from timeline.extract.events.assembly import DocumentEvents
from timeline.extract.events.document import dateline_pattern
from timeline.extract.plover import LEXICON_PATH, Lexicon, load_lexicon

LEXICON_FILE = LEXICON_PATH.name
CODEBOOK_FILE = CODEBOOK_PATH.name
DEFAULT_CONFIDENCE = {"lexicon": 0.85, "phrase": 0.85, "travel": 0.8, "cameo-pattern": 0.8, "cameo-verb": 0.7,
                      "support": 0.75, "nominal": 0.6, "other": 0.45}
DEFAULT_MAX_SENTENCE_TOKENS = 150


@Language.factory(
    "timeline_events",
    assigns=["doc._.events"],
    requires=["doc._.actors", "doc._.refs", "doc._.timexes", "token.dep", "token.pos", "token.lemma"],
    default_config={"lexicon": None, "codebook": None, "eventdata": None,
                    "max_sentence_tokens": DEFAULT_MAX_SENTENCE_TOKENS, "confidence": DEFAULT_CONFIDENCE},
)
def make_events(nlp: Language, name: str, lexicon: str | None, codebook: str | None, eventdata: str | None,
                max_sentence_tokens: int, confidence: dict[str, float]) -> "EventCoder":
    """`lexicon`: a PLOVER lexicon YAML (default: the packaged one); `codebook`: the PLOVER
    codebook facts YAML it is checked against (default: packaged); `eventdata`: a folder of compiled
    CAMEO/PLOVER dictionaries (default: packaged); `max_sentence_tokens`: longer sentences are coded
    in windows of about this size; `confidence`: the base confidence of each way a trigger is found."""
    return EventCoder(name, lexicon=Path(lexicon) if lexicon else LEXICON_PATH,
                      codebook=Path(codebook) if codebook else CODEBOOK_PATH,
                      eventdata=Path(eventdata) if eventdata else DATA,
                      max_sentence_tokens=max_sentence_tokens, confidence=confidence)


class EventCoder:
    """The `timeline_events` component: holds the dictionaries, codes each Doc."""

    def __init__(self, name: str = "timeline_events", *, lexicon: Path = LEXICON_PATH,
                 codebook: Path = CODEBOOK_PATH, eventdata: Path = DATA,
                 max_sentence_tokens: int = DEFAULT_MAX_SENTENCE_TOKENS,
                 confidence: dict[str, float] | None = None) -> None:
        self.name = name
        self.max_sentence_tokens = max_sentence_tokens
        self.confidence = {**DEFAULT_CONFIDENCE, **(confidence or {})}
        self._load(lexicon, codebook, eventdata)

    def _load(self, lexicon: Path, codebook: Path, eventdata: Path) -> None:
        self.lexicon_path, self.codebook_path, self.eventdata_path = lexicon, codebook, eventdata
        self.lex: Lexicon = load_lexicon(lexicon, codebook)
        self.codebook: Codebook = self.lex.codebook
        self.verbs = load_verbs(eventdata, self.codebook.modes)
        self.discards = load_discards(eventdata)
        self.predicate_coder = PredicateCoder(self.verbs, self.lex)
        self.dateline = dateline_pattern(self.lex.arguments.news_agencies)

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = DocumentEvents(self, doc).run()
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the lexicon, the codebook and the compiled dictionaries, as spaCy's span_ruler
        writes its patterns."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.lexicon_path, path / LEXICON_FILE)
        shutil.copyfile(self.codebook_path, path / CODEBOOK_FILE)
        for name in (VERBS_FILE, PLOVER_FILE, PLOVER_OVERRIDES_FILE, DISCARDS_FILE):
            shutil.copyfile(self.eventdata_path / name, path / name)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "EventCoder":
        """Load what `to_disk` wrote; a pipeline saved before the codebook was a file of its own has
        none, and is checked against the packaged codebook."""
        path = Path(path)
        codebook = path / CODEBOOK_FILE
        self._load(path / LEXICON_FILE, codebook if codebook.exists() else CODEBOOK_PATH, path)
        return self
