"""Actors stage (placeholder until the actor resolver lands): NER entities as actors."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("timeline_actors", default_config={"dictionary": None})
def make_actors(nlp: Language, name: str, dictionary: str | None) -> "ActorResolver":
    return ActorResolver()


class ActorResolver:
    def __call__(self, doc: Doc) -> Doc:
        doc._.actors, doc._.refs, doc._.relations = [], [], []
        return doc
