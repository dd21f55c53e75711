"""Temporal stage (placeholder until the tagger lands)."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("timeline_timexes")
def make_timexes(nlp: Language, name: str) -> "TimexTagger":
    return TimexTagger()


class TimexTagger:
    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = []
        return doc
