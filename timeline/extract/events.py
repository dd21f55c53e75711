"""Events stage (placeholder until the event coder lands)."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("timeline_events")
def make_events(nlp: Language, name: str) -> "EventCoder":
    return EventCoder()


class EventCoder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = []
        return doc
