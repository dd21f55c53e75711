"""What one Doc tells the event coder before any trigger is read: who each token refers to, the
time expressions in text order, the datelines, and the facts of each actor (kind, country, sector)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from timeline.extract.plover import Lexicon
from timeline.types import Actor, Timex

# Entity labels of numbers that follow a name without making it a product ("Airbus 2005 results").
NUMBER_ENTITIES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
# Actor kinds (the extract schema's) that are places.
PLACE_KINDS = frozenset({"location", "country"})


def dateline_pattern(agencies: tuple[str, ...]) -> re.Pattern[str]:
    """A wire dateline at the start of a paragraph: place, optional date, agency, separator
    ("NAIROBI, Kenya (AP) _", "WASHINGTON, August 8 (Xinhua) --")."""
    names = "|".join(re.escape(a) for a in agencies)
    return re.compile(r"(?m)^[ \t]*[A-Z][A-Za-z.'\- ]{1,40}(?:, [A-Z][A-Za-z.'\- ]{1,30})*"
                      rf"(?:, [A-Z][a-z]{{2,8}}\.? \d{{1,2}})? ?\((?:{names})\)"
                      r" ?(?:_|--?|—|–)(?= )")


class DocumentIndex:
    """The per-document lookups every stage of the coder reads."""

    def __init__(self, lex: Lexicon, doc: Doc, dateline: re.Pattern[str]) -> None:
        self.lex = lex
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token again on each read
        self.actors: dict[str, Actor] = {a["id"]: a for a in doc._.actors or []}
        self.dct: str | None = doc._.dct
        self.token_refs: dict[int, list[tuple[int, list[str]]]] = {}
        for ref in doc._.refs or []:
            span = doc.char_span(ref["start"], ref["end"], alignment_mode="expand")
            if span is None or self.names_a_product(span, ref["actors"]):
                continue
            for tok in span:
                self.token_refs.setdefault(tok.i, []).append((ref["end"] - ref["start"], ref["actors"]))
        datelines = [m.span() for m in dateline.finditer(self.text)]
        self.dateline_ends = {end - 1 for _, end in datelines}
        self.dateline_tokens: set[int] = set()
        for start, end in datelines:  # the place that files a story does nothing in it
            for tok in doc.char_span(start, end, alignment_mode="expand") or ():
                self.token_refs.pop(tok.i, None)
                self.dateline_tokens.add(tok.i)
        self.timexes: list[tuple[Timex, Span]] = []  # in text order, so a sentence finds its own by bisection
        for timex in doc._.timexes or []:
            span = doc.char_span(timex["start"], timex["end"], alignment_mode="expand")
            if span is not None:
                self.timexes.append((timex, span))
        self.timexes.sort(key=lambda item: item[1].start)
        self.timex_tokens = {tok.i for _, span in self.timexes for tok in span}  # "in March" names no march
        self.timex_starts = [span.start for _, span in self.timexes]
        self.timex_values = {timex["id"]: timex["value"] for timex in doc._.timexes or []}

    def names_a_product(self, span: Span, actors: list[str]) -> bool:
        """A company's name followed by a model designation ("the Airbus A330 jetliner", "Boeing
        737-800") names a product, which does not act for its maker: the A330 crashed, not Airbus."""
        if span.end >= len(self.doc):
            return False
        after = self.doc[span.end]
        return any(c.isdigit() for c in after.text) and after.ent_type_ not in NUMBER_ENTITIES \
            and all(self.actors.get(a, {}).get("kind") == "organization" for a in actors)

    def actors_at(self, tok: Token) -> list[str]:
        """Actors of the innermost reference covering the token."""
        refs = self.token_refs.get(tok.i)
        return list(min(refs, key=lambda r: r[0])[1]) if refs else []

    # ---- what each actor is -------------------------------------------------------------------

    def host(self, place_id: str) -> str:
        """The country actor hosting a place, else the place itself."""
        place = self.actors[place_id]
        if place["kind"] == "country" or not place["country"]:
            return place_id
        for actor in self.actors.values():
            if actor["kind"] == "country" and actor["country"] == place["country"]:
                return actor["id"]
        return place_id

    def speaks_for(self, speaker: str, doers: list[str]) -> bool:
        """Is the speaker one of the doers, or of their country ("a U.S. official said the U.S. would ...")?"""
        if speaker in doers:
            return True
        country = self.actors.get(speaker, {}).get("country")
        return country is not None and any(self.actors.get(d, {}).get("country") == country for d in doers)

    def reports_own_act(self, reporter: str, kind: str, targets: list[str]) -> bool:
        """Is an act of this kind, told by this reporter with no doer named, the reporter's own
        (codebook `reporter_acts`)? A state or its forces, and for force a target of another country."""
        if kind not in self.lex.codebook.reporter_acts or reporter in targets or not self.is_state(reporter):
            return False
        if kind not in self.lex.codebook.opposed:
            return True
        country = self.actors[reporter]["country"]
        return bool(targets) and all(self.actors.get(t, {}).get("country") not in (None, country) for t in targets)

    def political(self, actor_id: str) -> bool:
        """A political actor (PLOVER's economic context excludes news solely about companies, 4.9):
        a state or place, an actor of any sector but business, or a person or group; an
        organisation of unknown sector is taken for a company."""
        actor = self.actors.get(actor_id)
        if actor is None:
            return False
        if actor["kind"] in PLACE_KINDS:
            return True
        if actor["sector"] is not None:
            return actor["sector"] not in self.lex.business_sectors
        return actor["kind"] in ("person", "group")

    def sector(self, actor_id: str) -> str | None:
        """The actor's sector code (GOV, MIL, BUS …), or None for an unknown actor or none given."""
        actor = self.actors.get(actor_id)
        return actor["sector"] if actor else None

    def is_state(self, actor_id: str) -> bool:
        """A state or its government: a country, or a GOV/MIL actor ("Australia", "the Soviet Union")."""
        actor = self.actors.get(actor_id)
        return bool(actor) and (actor["kind"] == "country" or actor["sector"] in self.lex.state_sectors)
