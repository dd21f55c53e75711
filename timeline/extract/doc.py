"""Doc extensions that the extraction components read and write.

Values are plain JSON-ready data (see `timeline.types`): each component's output is already in the
shape of the extract JSON, so the pipeline returns it as it stands.

- `doc._.dct`: ISO publication date (`"2023-02-22"`) or None; set before the pipeline runs.
- `doc._.actors`: list[Actor], written by `timeline_actors`.
- `doc._.refs`: list of `{"start", "end", "actors": [actor ids]}`, written by `timeline_actors`:
  every character span that refers to one or more actors (names, demonyms, pronouns,
  descriptions such as "the top diplomat" or "the two neighbours").
- `doc._.relations`: list[Relation], written by `timeline_actors`.
- `doc._.timexes`: list[Timex], written by `timeline_timexes`.
- `doc._.events`: list[Event], written by `timeline_events`.
"""

from spacy.tokens import Doc

EXTENSIONS: dict[str, object] = {
    "dct": None,
    "actors": None,
    "refs": None,
    "relations": None,
    "timexes": None,
    "events": None,
}


def register() -> None:
    """Register the extensions once per process (idempotent, so workers may call it again)."""
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
