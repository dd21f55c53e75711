"""Step 1 of actor resolution: candidate mentions from the user's dictionary, the gazetteer and NER.

The priority is in that order: a dictionary match wins over everything it overlaps, a gazetteer
match that covers an entity exactly replaces NER's label (which mislabels places and outlets),
and what NER finds elsewhere is trimmed of titles, articles and newlines before it counts.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from timeline.extract import gazetteer as gz
from timeline.extract.actors.records import COUNTRY, DICT, KNOWN, Cand, ClusterKey, norm
from timeline.extract.actors.words import ActorWords

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
# What may stand before "West" when it is the bloc ("the West", "the collective West").
WEST_DETERMINERS = {"the", "collective"}
# Characters that mark a web address, a handle or a path, never a name.
NOT_IN_NAMES = ("http", "www.", "@", "/", "\\", "|")


class CandidateFinder:
    """The phrase matchers of the dictionary and the gazetteer, and the rules for NER entities."""

    def __init__(self, nlp: Language, by_alias: dict[str, int], surfaces: set[str], words: ActorWords,
                 max_name_tokens: int) -> None:
        """`by_alias`: the dictionary's entry for each lower-case surface; `surfaces`: its names as written."""
        self.by_alias = by_alias
        self.words = words
        self.max_name_tokens = max_name_tokens
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        tables = gz.tables()
        lower_terms = set(tables.country_names) | set(tables.demonyms) | set(tables.capitals)
        for table in (gz.METONYMS, gz.IGOS, gz.GROUPS, gz.MEDIA):
            lower_terms |= set(table)
        exact_terms = set(gz.COUNTRY_CODES) | set(gz.IGO_CODES)
        self.lower.add("GAZ", list(nlp.tokenizer.pipe(sorted(lower_terms))))
        self.exact.add("GAZ", list(nlp.tokenizer.pipe(sorted(exact_terms))))
        if surfaces:
            self.exact.add("DICT", list(nlp.tokenizer.pipe(sorted(surfaces))))

    def find(self, doc: Doc) -> list[Cand]:
        """Non-overlapping candidates in text order."""
        gaz = self._gazetteer(doc)
        ents: list[Cand] = []
        for ent in doc.ents:
            if ent.label_ not in ACTOR_LABELS:
                continue
            span = clean_span(ent, self.max_name_tokens, self.words)
            if span is not None:
                ents.append(Cand(span.start, span.end, "ner", ent.label_))
        chosen: list[Cand] = _non_overlapping([c for c in gaz if c.source == "dict"])
        taken = {i for c in chosen for i in range(c.start, c.end)}
        by_start: dict[int, list[Cand]] = {}
        for g in gaz:
            if g.source == "gaz":
                by_start.setdefault(g.start, []).append(g)
        for ent in ents:
            if any(i in taken for i in range(ent.start, ent.end)):
                continue
            inside = [g for i in range(ent.start, ent.end) for g in by_start.get(i, ()) if g.end <= ent.end]
            chosen.extend(_over_entity(ent, inside))
            taken.update(range(ent.start, ent.end))
        for g in _non_overlapping(sorted(gaz, key=lambda c: (c.start, -(c.end - c.start)))):
            if g.source == "gaz" and not any(i in taken for i in range(g.start, g.end)):
                chosen.append(g)
                taken.update(range(g.start, g.end))
        return sorted(chosen, key=lambda c: c.start)

    def _gazetteer(self, doc: Doc) -> list[Cand]:
        out = []
        matches = [(s, e, "DICT" if doc.vocab.strings[m] == "DICT" else "GAZ")
                   for m, s, e in [*self.exact(doc), *self.lower(doc)]]
        for s, e, src in matches:
            span = doc[s:e]
            text = span.text
            if src == "DICT":
                entry = self.by_alias.get(text.lower())
                if entry is not None:
                    out.append(Cand(s, e, "dict", "DICT", key=ClusterKey(DICT, entry=entry)))
                continue
            if not text[:1].isupper() and not text.lower().startswith("the "):
                continue
            if text.lower().startswith("the ") and not text[4:5].isupper():
                continue
            cand = _classify_gazetteer(span)
            if cand:
                out.append(cand)
        return out


def _over_entity(ent: Cand, inside: list[Cand]) -> list[Cand]:
    """What an NER entity contributes, given the gazetteer matches inside it: the exact match, the
    places inside a place entity, else the entity (an organisation takes a country inside it)."""
    whole = [g for g in inside if (g.start, g.end) == (ent.start, ent.end)]
    if whole:
        return whole[:1]
    if inside and ent.label in {"NORP", "GPE", "LOC"}:
        return _non_overlapping(inside)
    if ent.label in {"ORG", "FAC"} and inside:
        ent.country = next((g.country for g in inside if g.country), None)
    return [ent]


def _classify_gazetteer(span: Span) -> Cand | None:
    text = span.text
    s, e = span.start, span.end
    known = gz.lookup_known(text)
    if known:
        if known.kind == "group" and norm(text) == "West" and span.start > 0 \
                and span.doc[span.start - 1].lower_ not in WEST_DETERMINERS \
                and not text.lower().startswith("the"):
            return None
        return Cand(s, e, "gaz", "KNOWN", key=ClusterKey(KNOWN, known.name), kind=known.kind,
                    country=known.country, sector=known.sector, name=known.name)
    iso = gz.lookup_country(text)
    if iso:
        return Cand(s, e, "gaz", "COUNTRY", key=ClusterKey(COUNTRY, country=iso), kind="country", country=iso)
    iso = gz.lookup_demonym(text)
    if iso and span.root.pos_ in {"ADJ", "PROPN", "NOUN"}:
        return Cand(s, e, "gaz", "DEMONYM", key=ClusterKey(COUNTRY, country=iso), kind="country", country=iso)
    iso = gz.tables().capitals.get(text.lower())
    if iso:
        return Cand(s, e, "gaz", "CAPITAL", country=iso)
    return None


def clean_span(ent: Span, max_tokens: int, words: ActorWords) -> Span | None:
    """Trim articles, possessives, titles and newlines off an entity; drop ones that are no names at all."""
    doc = ent.doc
    start, end = ent.start, ent.end
    for i in range(start, end):
        if "\n" in doc[i].text or doc[i].is_space:
            if i > start:
                end = i
                break
            start = i + 1
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while start < end and (doc[end - 1].tag_ in {"POS", "CC", "DT", "IN"} or doc[end - 1].is_punct
                           or (end < ent.end and doc[end - 1].is_lower)):
        end -= 1
    if ent.label_ in {"PERSON", "ORG"}:
        start = _after_titles(doc, start, end, words)
    if start >= end:
        return None
    span = doc[start:end]
    if sum(ch.isalpha() for ch in span.text) < 2 or len(span) > max_tokens \
            or any(mark in span.text for mark in NOT_IN_NAMES):
        return None
    if len(span) == 1 and not span.text[:1].isupper():
        return None
    return span


def _after_titles(doc: Doc, start: int, end: int, words: ActorWords) -> int:
    """Where a name starts after the titles before it ("State Councillor Wang Yi" -> "Wang Yi")."""
    while end - start > 1:
        two = f"{doc[start].lower_} {doc[start + 1].lower_}"
        if gz.title_sector(two)[0] and end - start > 2:
            start += 2
        elif gz.title_sector(doc[start].lower_)[0] and doc[start].lower_ not in words.name_titles:
            start += 1
        else:
            break
    return start


def _non_overlapping(cands: list[Cand]) -> list[Cand]:
    out: list[Cand] = []
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        if not out or c.start >= out[-1].end:
            out.append(c)
    return out
