"""Events stage: PLOVER event coding over the dependency parse.

Reads `doc._.refs`/`doc._.actors` (who), `doc._.timexes` (when) and `doc._.dct`, writes
`doc._.events`. A predicate's category comes from PETRARCH-2's CAMEO verb dictionary and patterns
under this project's PLOVER lexicon (`coding.py`); nominal events ("Wang's visit to Moscow", "the
attack on the camp") come from the lexicon's event nouns. Anything else with an actor acting is
OTHER, conservatively.

Conventions (PLOVER manual, draft 2.0):
- Compound and reciprocal actors are lists (2.4.2): "China and Russia pledged ..." and "the two
  sides met" give one event with every participant in `source` and an empty `target`.
- A visit's source is the visitor, its location the place visited, its target the host country.
- Planned acts are read the codebook's way: future cooperation is AGREE (3.1), an announced retreat
  CONCEDE (3.4.2), a conflict act an actor says it will carry out THREATEN (3.11); `status` keeps
  "planned" and `lemma` the act ("meet").
- Verbal categories are mostly reported speech: the speaker is the source, whoever is asked,
  accused, warned or praised the target, and a content clause ("urged Iraq to withdraw") is the
  act's content, not a second event. A reporting verb ("said") frames its clause, which is coded
  on its own with the speaker as `attribution`.
- Force is physical (3.16): an ASSAULT or an arrest aimed at an idea ("attacked the policy") is
  criticism (ACCUSE) when the verb can mean that, else no event.
- Events with one side keep it (PROTEST, MOBILIZE, RETREAT, passives with a victim only).

Every walk over the parse is capped (`WALK_LIMIT`, `SUBTREE_LIMIT`) and sentences longer than
`max_sentence_tokens` are coded window by window, so a run-on sentence costs linear time.
"""

from __future__ import annotations

import re
import shutil
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from timeline.extract.coding import OBJECT_DEPS, VerbCode, VerbCoder
from timeline.extract.eventdata import (DATA, DISCARDS_FILE, PLOVER_FILE, PLOVER_OVERRIDES_FILE, VERBS_FILE, Code,
                                        load_discards, load_verbs)
from timeline.extract.plover import LEXICON_PATH, Lexicon, load_lexicon
from timeline.dates import plausible_event_date, value_span
from timeline.types import Actor, Event, EventDate, Offsets, Status, Timex, act_name
from timeline.types import Span as SpanDict

# Parse walks stop after this many steps up (ancestors) or tokens (subtrees): a hostile run-on
# sentence can be thousands of tokens deep, and no argument of an event is that far away.
WALK_LIMIT = 40
SUBTREE_LIMIT = 60
LEXICON_FILE = "lexicon.yaml"
DEFAULT_CONFIDENCE = {"lexicon": 0.85, "phrase": 0.85, "travel": 0.8, "cameo-pattern": 0.8, "cameo-verb": 0.7,
                      "support": 0.75, "nominal": 0.6, "other": 0.45}
ONE_SIDE_PENALTY = 0.1
UNDATED_PENALTY = 0.05
# Prepositions and conjunctions that bound an event in time rather than date it.
BOUNDING = frozenset("before after ahead since until till prior following pending".split())
TARGET_PREPS = frozenset("with on against to for toward towards into upon at".split())
LOCATION_PREPS = frozenset("in at near inside outside across".split())
PLACE_KINDS = frozenset({"location", "country"})
# Codes from PETRARCH-2's dictionary, not the lexicon: when they make no PLOVER event the verb is
# still an occurrence ("signed a contract" between companies).
CAMEO_ORIGINS = frozenset({"cameo-verb", "cameo-pattern"})
# Prepositions whose object takes part in an occurrence ("sold it to Delta", "won an order from Qatar Airways").
OCCURRENCE_PREPS = (TARGET_PREPS - {"at"}) | {"from"}
RELATIVE_PRONOUNS = frozenset("who whom which that".split())
SUBJECTS = frozenset({"nsubj", "csubj"})
NOMINAL_SOURCE_PREPS = frozenset({"by", "from"})
CONSULT_HOST_PREPS = frozenset({"during", "with", "on", "in"})
TERMINALS = frozenset('. ! ? " ” ’ \' ) …'.split())
CLAUSE_BREAKS = frozenset(";:,")
# A wire dateline at the start of a paragraph: place, optional date, agency, separator.
DATELINE = re.compile(r"(?m)^[ \t]*[A-Z][A-Za-z.'\- ]{1,40}(?:, [A-Z][A-Za-z.'\- ]{1,30})*"
                      r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2})? ?\((?:AP|Reuters|AFP|Xinhua|UPI|dpa|Kyodo|Tass|ITAR-TASS|IPS)\)"
                      r" ?(?:_|--?|—|–)(?= )")
# Determiners and possessives of a noun phrase that refers back to an act ("the deal", "its launch").
ANAPHORIC_DETERMINERS = frozenset("the this that these those its their his her".split())
# "at the conference", "after the talks": the event is the occasion of the clause, not its subject's act.
OCCASION_PREPS = frozenset("at after before since following despite amid".split())
# Prepositions whose object is what a force verb acts on when it has no direct object ("fought off
# a bid", "fired on the crowd").
FORCE_PREPS = frozenset("off back down up out over against on at with upon into".split())


@Language.factory(
    "timeline_events",
    assigns=["doc._.events"],
    requires=["doc._.actors", "doc._.refs", "doc._.timexes", "token.dep", "token.pos", "token.lemma"],
    default_config={"lexicon": None, "eventdata": None, "max_sentence_tokens": 150,
                    "confidence": DEFAULT_CONFIDENCE},
)
def make_events(nlp: Language, name: str, lexicon: str | None, eventdata: str | None, max_sentence_tokens: int,
                confidence: dict[str, float]) -> "EventCoder":
    """`lexicon`: a PLOVER lexicon YAML (default: the packaged one); `eventdata`: a folder of compiled
    CAMEO/PLOVER dictionaries (default: packaged); `max_sentence_tokens`: longer sentences are coded
    in windows of about this size; `confidence`: the base confidence of each way a trigger is found."""
    return EventCoder(name, lexicon=Path(lexicon) if lexicon else LEXICON_PATH,
                      eventdata=Path(eventdata) if eventdata else DATA,
                      max_sentence_tokens=max_sentence_tokens, confidence=confidence)


class EventCoder:
    """The `timeline_events` component: holds the dictionaries, codes each Doc."""

    def __init__(self, name: str = "timeline_events", *, lexicon: Path = LEXICON_PATH, eventdata: Path = DATA,
                 max_sentence_tokens: int = 150, confidence: dict[str, float] | None = None) -> None:
        self.name = name
        self.max_sentence_tokens = max_sentence_tokens
        self.confidence = {**DEFAULT_CONFIDENCE, **(confidence or {})}
        self._load(lexicon, eventdata)

    def _load(self, lexicon: Path, eventdata: Path) -> None:
        self.lexicon_path, self.eventdata_path = lexicon, eventdata
        self.lex: Lexicon = load_lexicon(lexicon)
        self.verbs = load_verbs(eventdata, self.lex.modes)
        self.discards = load_discards(eventdata)
        self.verb_coder = VerbCoder(self.verbs, self.lex)

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = DocumentCoder(self, doc).run()
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the lexicon and the compiled dictionaries, as spaCy's span_ruler writes its patterns."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.lexicon_path, path / LEXICON_FILE)
        for name in (VERBS_FILE, PLOVER_FILE, PLOVER_OVERRIDES_FILE, DISCARDS_FILE):
            shutil.copyfile(self.eventdata_path / name, path / name)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "EventCoder":
        path = Path(path)
        self._load(path / LEXICON_FILE, path)
        return self


@dataclass
class Candidate:
    """An event before ids and dates: the trigger, the clause that governs it and its arguments."""

    code: Code
    trigger: Token
    clause: Token
    lemma: str
    source: list[str]
    target: list[str]
    location: str | None
    origin: str  # a VerbCode origin, "nominal" or "other"
    also: list[Token] = field(default_factory=list)  # the same act named again in the clause ("won an order")


def _anaphoric(noun: Token) -> bool:
    """A noun phrase that names an act told before ("the unveiling", "this deal", "its launch")."""
    return any(c.lower_ in ANAPHORIC_DETERMINERS for c in _children(noun, "det", "poss"))


def tell_once(reports: list[tuple[Event, bool]], symmetric: frozenset[str]) -> list[Event]:
    """One event per act in an article (issue 12): a report of the same act as an earlier one
    (same type, or the same verb for OTHER; same status; dates that can agree; participants that
    one report holds all of, or none for "the unveiling") becomes one more mention of it."""
    told: list[Event] = []
    for event, orphan in reports:
        same = [e for e in told if _same_act(e, event, orphan, symmetric)]
        if same:
            _fold(same[-1], event)
        elif not orphan:
            told.append(event)
    return told


def _same_act(first: Event, later: Event, orphan: bool, symmetric: frozenset[str]) -> bool:
    if act_name(first["type"], first["lemma"]) != act_name(later["type"], later["lemma"]) \
            or first["status"] != later["status"]:
        return False
    if first["mode"] and later["mode"] and first["mode"] != later["mode"]:
        return False
    a, b = first["date"], later["date"]
    if a["basis"] == b["basis"] == "timex" and a["start"] and b["start"] and a["end"] and b["end"] \
            and (a["end"] < b["start"] or b["end"] < a["start"]):
        return False
    if orphan:
        return True
    ours, theirs = set(first["source"]) | set(first["target"]), set(later["source"]) | set(later["target"])
    if not (ours & theirs and (ours <= theirs or theirs <= ours)):
        return False
    if first["type"] not in symmetric and first["source"] and later["source"] \
            and not set(first["source"]) & set(later["source"]):
        return False  # X attacked Y, Y attacked X: two acts
    return True


def _fold(event: Event, later: Event) -> None:
    """Add a later report to an event: its mentions, any new participants, and a better date."""
    event["mentions"].extend(later["mentions"])
    event["source"] = _uniq(event["source"] + later["source"])
    event["target"] = [a for a in _uniq(event["target"] + later["target"]) if a not in event["source"]]
    event["location"] = event["location"] or later["location"]
    event["attribution"] = event["attribution"] or later["attribution"]
    ours, theirs = event["date"], later["date"]
    if theirs["basis"] == "timex" and (ours["basis"] != "timex" or _width(theirs) < _width(ours)):
        event["date"] = theirs
    event["confidence"] = max(event["confidence"], later["confidence"])


def _width(when: EventDate) -> int:
    start, end = when["start"], when["end"]
    if not start or not end:
        return 1 << 30
    return (Date.fromisoformat(end) - Date.fromisoformat(start)).days


def _span(tok: Token) -> SpanDict:
    return {"start": tok.idx, "end": tok.idx + len(tok.text), "text": tok.text}


def _uniq(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _conjuncts(tok: Token) -> list[Token]:
    """The token and every token coordinated with it; iterative, as lists can be long."""
    out, todo = [], [tok]
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(reversed([c for c in node.children if c.dep_ == "conj"]))
    return out


def _stray_infinitives(verb: Token) -> list[Token]:
    """Bare infinitives the parser coordinated with a finite verb instead of with its content
    ("expressed willingness to practise X, oppose Y and promote Z": oppose and promote hang on
    expressed). A base form, or a present tense after a past one, with no subject or auxiliary of
    its own cannot be the finite verb's second clause."""
    if verb.tag_ == "VB":
        return []
    tags = {"VB", "VBP"} if verb.tag_ in ("VBD", "VBN") else {"VB"}
    return [c for c in _conjuncts(verb)[1:]
            if c.tag_ in tags and not _children(c, "nsubj", "nsubjpass", "aux", "auxpass")]


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _ancestors(tok: Token) -> list[Token]:
    """The token's heads up to the root, at most WALK_LIMIT of them."""
    out = []
    node = tok
    while node.head.i != node.i and len(out) < WALK_LIMIT:
        node = node.head
        out.append(node)
    return out


def _subtree(tok: Token) -> list[Token]:
    """The token's subtree in text order, cut to its SUBTREE_LIMIT nearest nodes."""
    out, todo = [], [tok]
    while todo and len(out) < SUBTREE_LIMIT:
        node = todo.pop()
        out.append(node)
        todo.extend(node.children)
    return sorted(out, key=lambda t: t.i)


def _preps(tok: Token) -> list[tuple[str, Token]]:
    """(preposition, object) pairs under a token, over prep, agent ("by") and dative ("to") arcs."""
    return [(prep.lower_, obj) for prep in _children(tok, "prep", "agent", "dative") for obj in _children(prep, "pobj")]


def _resolved(value: str) -> bool:
    """A value that places the event on the calendar (not "XXXX-02", "PAST_REF")."""
    return "X" not in value and not value.endswith("_REF") and value_span(value)[0] is not None


def _dating_value(timex: Timex) -> str | None:
    """The value a timex dates an event by: its own for dates and times, the date it points to for
    an anchored duration ("two days after the election on Nov. 5"), none for other durations and sets."""
    if timex["type"] in ("DATE", "TIME"):
        return timex["value"]
    anchor = timex.get("anchor")
    if timex["type"] == "DURATION" and anchor and anchor["relation"] in ("after", "before"):
        return anchor["value"]
    return None


def _span_days(value: str) -> int:
    start, end = value_span(value)
    if start is None or end is None:
        return 1 << 30
    return (Date.fromisoformat(end) - Date.fromisoformat(start)).days


# Entity labels of numbers that follow a name without making it a product ("Airbus 2005 results").
NUMBER_ENTITIES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})


class DocumentCoder:
    """Codes one Doc; holds the per-document lookups (who each token refers to, the timexes)."""

    def __init__(self, coder: EventCoder, doc: Doc) -> None:
        self.coder = coder
        self.lex = coder.lex
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
        self.contents: set[int] = set()  # verbs coded as the content of another act
        self.codes: dict[int, VerbCode | None] = {}
        datelines = [m.span() for m in DATELINE.finditer(self.text)]
        self.dateline_ends = {end - 1 for _, end in datelines}
        for start, end in datelines:  # the place that files a story does nothing in it
            for tok in doc.char_span(start, end, alignment_mode="expand") or ():
                self.token_refs.pop(tok.i, None)
        self.timexes: list[tuple[Timex, Span]] = []  # in text order, so a sentence finds its own by bisection
        for timex in doc._.timexes or []:
            span = doc.char_span(timex["start"], timex["end"], alignment_mode="expand")
            if span is not None:
                self.timexes.append((timex, span))
        self.timexes.sort(key=lambda item: item[1].start)
        self.timex_starts = [span.start for _, span in self.timexes]
        self.timex_values = {timex["id"]: timex["value"] for timex in doc._.timexes or []}

    # ---- actors -------------------------------------------------------------------------------

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

    def np_actors(self, head: Token, with_preps: bool = False, through_events: bool = True) -> list[str]:
        """Actors a noun phrase refers to: its head, an apposition, else the modifiers of a head that
        stands for them ("Russia's foreign ministry", "a refugee camp", and unless `through_events`
        is off, "Iran's demand"), never of any noun ("its export quota")."""
        out: list[str] = []
        for tok in _conjuncts(head):
            if tok.lower_ in RELATIVE_PRONOUNS and tok.dep_ in SUBJECTS | {"nsubjpass"}:
                clause = tok.head
                tok = clause.head if clause.dep_ in ("relcl", "acl") else tok
            found = self.actors_at(tok)
            if not found or all(self.actors.get(a, {}).get("generic") for a in found):
                named = [a for child in _children(tok, "appos") for a in self.actors_at(child)]
                found = named or found  # "European aircraft manufacturer, Airbus,": Airbus
            lemma = tok.lemma_.lower()
            stands_for = lemma in self.lex.agent_nouns or lemma in self.lex.proxy_nouns \
                or (through_events and lemma in self.lex.nouns) or lemma in self.lex.physical_nouns
            if not found and (tok.pos_ == "PROPN" or stands_for):
                for child in _children(tok, "poss", "compound", "amod", "nmod"):
                    found.extend(self.actors_at(child) or [a for g in _subtree(child) for a in self.actors_at(g)])
            if not found and with_preps and tok.pos_ in ("NOUN", "PROPN"):
                for prep, obj in _preps(tok):
                    if prep in ("from", "of", "for", "at", "by"):
                        found.extend(self.np_actors(obj))
            out.extend(found)
        return _uniq(out)

    def is_physical(self, tok: Token) -> bool:
        """Can force be used on what this noun phrase names (3.16)? People and what they hold
        (`is_person`), numbers, and attacks themselves ("repelled an attack")."""
        if self.is_person(tok) or tok.like_num:
            return True
        if (code := self.lex.nouns.get(tok.lemma_.lower())) is not None and code.type == "ASSAULT":
            return True
        return any(c.like_num for c in _children(tok, "nummod"))

    def is_person(self, tok: Token) -> bool:
        """Does this noun phrase name people (an actor, "prisoners", "one of two men", "three") or
        what was held from them (a seized ship)? A model number does not: "the iPhone 4" is a thing."""
        lemma = tok.lemma_.lower()
        return bool(self.actors_at(tok)) or tok.pos_ in ("PRON", "NUM") or lemma in self.lex.physical_nouns \
            or tok.lower_ in self.lex.physical_nouns or lemma in self.lex.agent_nouns

    def subject_tokens(self, verb: Token) -> tuple[list[Token], bool]:
        """The agent's head tokens and whether they come from a passive "by"-phrase. Climbs
        coordinated and controlled verbs ("met X and pledged", "plans to visit") at most WALK_LIMIT
        times, since a hostile text can chain thousands of them."""
        for _ in range(WALK_LIMIT):
            found = self._own_subject(verb)
            if not isinstance(found, Token):
                return found
            verb = found
        return [], False

    def _own_subject(self, verb: Token) -> tuple[list[Token], bool] | Token:
        """The verb's own agent, or the verb to inherit it from."""
        subj = _children(verb, "nsubj", "csubj")
        if subj:
            return subj, False
        for prep in _children(verb, "agent"):
            objs = _children(prep, "pobj")
            if objs:
                return objs, True
        if _children(verb, "nsubjpass"):
            return [], True
        if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not _children(verb, "aux", "auxpass"):
            return [], True  # "Asked to comment, X said ...": X was asked
        if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.dep_ == "prep" \
                and verb.head.head.pos_ in ("VERB", "AUX"):
            main = verb.head.head  # "X was suspended after violating the law": X violated it
            surface = _children(main, "nsubj", "nsubjpass")
            return (surface, False) if surface else main
        if verb.dep_ == "xcomp" and verb.head.dep_ == "acomp" and verb.head.pos_ == "ADJ":
            return verb.head.head  # "is likely to visit": the subject of "is"
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
            if _children(verb, "auxpass"):
                return [], True
            controller = _children(verb.head, "dobj") if verb.dep_ == "xcomp" else []
            return (controller, False) if controller else verb.head
        if verb.dep_ in ("relcl", "acl") and verb.tag_ != "VBN":
            head = verb.head
            if head.dep_ == "attr" and head.head.i != head.i:
                return head.head
            infinitive = any(c.lower_ == "to" for c in _children(verb, "aux"))
            if infinitive and head.dep_ == "dobj" and not self.np_actors(head):
                return head.head  # "Russia launched a campaign to discredit X": Russia discredits
            return [head], False
        return [], False

    def subject(self, verb: Token) -> list[str]:
        toks, _ = self.subject_tokens(verb)
        return _uniq(a for t in toks for a in self.np_actors(t, with_preps=True))

    def patient_tokens(self, verb: Token) -> list[Token]:
        out = _children(verb, "dobj", "nsubjpass", "iobj", "oprd")
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            out.append(verb.head)
        return out

    def place(self, tok: Token) -> str | None:
        for actor_id in self.np_actors(tok):
            actor = self.actors.get(actor_id)
            if actor and actor["kind"] in PLACE_KINDS:
                return actor_id
        return None

    def host(self, place_id: str) -> str:
        """The country actor hosting a place, else the place itself."""
        place = self.actors[place_id]
        if place["kind"] == "country" or not place["country"]:
            return place_id
        for actor in self.actors.values():
            if actor["kind"] == "country" and actor["country"] == place["country"]:
                return actor["id"]
        return place_id

    def location_of(self, *heads: Token) -> str | None:
        """A place in the clause: "in Kyiv" on the trigger or on its objects, or "where" clauses."""
        heads = heads + tuple(o for h in heads for o in self.patient_tokens(h)) + tuple(
            o for h in heads for p, o in _preps(h) if p not in LOCATION_PREPS)
        for head in heads:
            for prep, obj in _preps(head):
                if prep in LOCATION_PREPS and (loc := self.place(obj)):
                    return loc
            if head.dep_ == "relcl" and any(c.lower_ == "where" for c in head.children):
                if loc := self.place(head.head):
                    return loc
        return None

    def travel_goal(self, verb: Token) -> str | None:
        for prep, obj in _preps(verb):
            if prep in ("in", "to", "into", "at") and (loc := self.place(obj)):
                return loc
        return None

    # ---- triggers -----------------------------------------------------------------------------

    def code_verb(self, verb: Token) -> VerbCode | None:
        """The verb's code (computed once per token); travel verbs are visits only when they reach
        a place actor."""
        if verb.i not in self.codes:
            self.codes[verb.i] = self._code_verb(verb)
        return self.codes[verb.i]

    def _code_verb(self, verb: Token) -> VerbCode | None:
        subjects, _ = self.subject_tokens(verb)
        found = self.coder.verb_coder.code(verb, subjects)
        if found is not None and found.origin == "travel":
            if not self.travel_goal(verb) or _children(verb, "auxpass", "nsubjpass"):
                return None
        return found

    def takes_content(self, noun: Token) -> bool:
        code = self.lex.nouns.get(noun.lemma_.lower())
        return code is not None and code.type in self.lex.content_takers

    def is_content(self, verb: Token) -> bool:
        """True for the complement of an agreeing/requesting/rejecting/threatening/accusing act
        ("agreed to oppose", "urged X to withdraw", "accused X of attacking")."""
        head = verb.head
        if head.i == verb.i:
            return False
        infinitive = any(c.lower_ == "to" for c in _children(verb, "aux"))
        if verb.dep_ == "xcomp" and infinitive and head.dep_ == "acl" and self.takes_content(head.head):
            return True  # "an agreement struck by X and Y to deepen"
        if verb.dep_ == "acl" and infinitive and self.lex.nouns.get(head.lemma_.lower()):
            return self.takes_content(head)
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            head = head.head  # "accused X of attacking"
        elif not (verb.dep_ in ("xcomp", "ccomp") or (verb.dep_ == "advcl" and infinitive)):
            return False
        if head.pos_ != "VERB":
            return False
        found = self.code_verb(head)
        return bool(found and found.code and found.code.type in self.lex.content_takers)

    def candidates(self, window: Span) -> list[Candidate]:
        out: list[Candidate] = []
        consumed: set[int] = set()
        for tok in window:
            if tok.pos_ != "VERB" or tok.dep_ == "amod" or tok.i in self.contents or self.is_content(tok):
                continue
            found = self.code_verb(tok)
            lemma = tok.lemma_.lower()
            bare = found is not None and lemma in self.lex.stop_verbs and found.origin in ("cameo-verb", "lexicon") \
                and lemma not in self.lex.verbs  # "expect", "take", "hold" code only with an event noun ("held talks")
            if found is None or found.code is None or found.code.type == "OTHER" or bare:
                cand = self.other(tok)
            else:
                cand = self.verbal(tok, found)
                if cand is not None:
                    consumed |= {o.i for o in self.patient_tokens(tok) for o in _conjuncts(o)}
                    if found.noun is not None:
                        consumed |= {n.i for n in _conjuncts(found.noun)}
                elif found.origin in CAMEO_ORIGINS:
                    cand = self.other(tok)  # no PLOVER act between these sides, but still an occurrence
            if cand is not None and cand.code.type == "OTHER":
                cand.also = [o for o in _children(tok, "dobj") if o.lemma_.lower() in self.lex.occurrence_nouns]
                consumed |= {o.i for o in cand.also}
                for noun in cand.also:  # "won an order from Qatar Airways": the order's side takes part
                    named = self.nominal(noun, Code("OTHER"))
                    cand.target += [a for a in named.source + named.target if a not in cand.source]
            if cand is not None:
                out.append(cand)
        for tok in window:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.i in consumed or self.in_content(tok):
                continue
            if (code := self.event_noun(tok)) and self.stands_alone(tok):
                out.append(self.nominal(tok, code))
            elif (verb := self.lex.occurrence_nouns.get(tok.lemma_.lower())) is not None:
                out.append(self.nominal(tok, Code("OTHER"), verb))
        return out

    def in_content(self, noun: Token) -> bool:
        """Whether an event noun is the object of another act's content ("agreed to deepen their
        partnership", "an agreement to deepen their partnership": the partnership is what was
        agreed)."""
        return noun.dep_ in ("dobj", "attr") and (noun.head.i in self.contents or self.is_content(noun.head))

    def stands_alone(self, noun: Token) -> bool:
        """Whether a nominal event is an act in the text rather than a description of a relation:
        a relation noun needs a clause that makes or changes it (see relation_nouns)."""
        if noun.lemma_.lower() not in self.lex.relation_nouns:
            return True
        head = noun.head
        if noun.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        elif noun.dep_ not in ("dobj", "attr", "nsubjpass", "conj"):
            return False
        if noun.dep_ == "conj":
            return self.stands_alone(head)
        return head.pos_ == "VERB" and head.lemma_.lower() not in self.lex.reporting_verbs

    def event_noun(self, tok: Token) -> Code | None:
        """The code of an event noun, two-word ones first ("air raid" before "raid")."""
        lemma = tok.lemma_.lower()
        for mod in _children(tok, "compound", "amod"):
            if code := self.lex.nouns.get(f"{mod.lemma_.lower()} {lemma}"):
                return code
        return self.lex.nouns.get(lemma)

    def verbal(self, verb: Token, found: VerbCode) -> Candidate | None:
        code = found.code
        assert code is not None
        noun = found.noun if found.origin in ("phrase", "support", "cameo-pattern") else None
        trigger = noun if found.origin == "support" and noun is not None else verb
        source = self.subject(verb)
        target: list[str] = []
        location = self.location_of(verb)
        nouns = _conjuncts(noun) if noun is not None else []
        noun_ids = {n.i for n in nouns}
        objects = [o for obj in self.patient_tokens(verb) if obj.i not in noun_ids for o in _conjuncts(obj)]
        own = {self.actors[a]["country"] for a in source if a in self.actors} - {None}
        for n in nouns:  # "expelled two Soviet diplomats": people that are the act's object are its target
            target.extend(a for a in self.np_actors(n) if self.actors.get(a, {}).get("country") not in own
                          and a not in source)
        visit = code.mode == "visit"
        for obj in objects:
            if visit and (loc := self.place(obj)):
                location = location or loc
                target.append(self.host(loc))
            else:
                target.extend(self.np_actors(obj, with_preps=True))
        for head in [verb, *nouns]:
            for prep, obj in _preps(head):
                if prep == found.source_prep:
                    source = _uniq([*source, *self.np_actors(obj)])
                elif prep in TARGET_PREPS or prep == found.target_prep or (
                        prep == "of" and code.type in self.lex.of_target and head.i != verb.i):
                    for o in _conjuncts(obj):
                        if visit and (loc := self.place(o)):
                            location = location or loc
                            target.append(self.host(loc))
                        elif prep != "at" or code.type in self.lex.hostile:
                            target.extend(self.np_actors(o))
        if not source and nouns:
            source = [a for n in nouns for t in _children(n, "poss") for a in self.np_actors(t)]
        if visit and (goal := self.travel_goal(verb)) and found.origin == "travel":
            location = goal
            target = [self.host(goal)] if source else []
        if found.reverse:
            source, target = target, source
        if found.origin in ("lexicon", "cameo-verb") and code.type == "CONSULT" and objects and not target \
                and not visit:
            return None  # "discussed the plan": a topic, not a counterpart
        if found.origin in ("lexicon", "cameo-verb") and _children(verb, "oprd"):
            return None  # "what it called the regime": naming, not an act
        if code.type == "ASSAULT" or code == Code("COERCE", "arrest"):
            aimed = objects + [o for p, o in _preps(verb) if p in FORCE_PREPS]
            if aimed and not any(self.is_physical(o) for o in aimed):
                if verb.lemma_.lower() not in self.lex.criticism_verbs:
                    return None
                code = Code("ACCUSE", "disapprove", code.cameo)
        found_content = self.content_code(verb, noun) if code.type in self.lex.content_takers or noun is not None else None
        if found_content is not None:
            content, content_verb = found_content
            noun_code = self.lex.nouns.get(noun.lemma_.lower()) if noun is not None else None
            if code.type != "AGREE" and noun is not None and not (noun_code and noun_code.type in self.lex.content_takers):
                return None  # "launched a campaign to discredit X": the campaign's aim is the event
            code = self.combine(code, content)
            if code.type in self.lex.content_takers:  # its content is not a second event
                stray = _stray_infinitives(verb)
                group = stray if content_verb in stray else _conjuncts(
                    content_verb.head if content_verb.dep_ == "conj" else content_verb)
                self.contents.update(c.i for c in [*group, *stray])
        if not target and code.type in self.lex.content_takers | {"SUPPORT"}:
            target = self.content_target(verb, source)
        if not target and code.type in self.lex.needs_recipient and verb.dep_ == "conj":
            target = [a for o in _children(verb.head, "dobj") for a in self.np_actors(o)]
        if not target and code.type == "AID":
            target = self.beneficiary(verb, source)
        if verb.lemma_.lower() in self.lex.person_verbs and objects and not any(self.is_person(o) for o in objects):
            return None  # "released the iPhone": a release frees people (3.7), not products
        if found.origin == "cameo-verb" and not target and len(source) < 2 and code.type not in self.lex.one_sided_verbs \
                and not any(self.is_physical(o) for o in objects):
            return None  # PETRARCH codes a bare verb only between two actors (or on a thing acted upon)
        if code.type in self.lex.needs_recipient and not target and len(source) < 2:
            return None
        taken = [*objects, *nouns, *(o for t in objects for p, o in _preps(t) if p == "of")]
        if code == Code("COERCE", "seize") and any(o.lemma_.lower() in self.lex.battle_places for o in taken):
            code = Code("ASSAULT", None, code.cameo)  # territory taken in battle (3.16), not a seizure
        if code.type == "COERCE" and source and all(self.sector(a) in self.lex.civilian_sectors for a in source):
            code = Code("PROTEST", "obstruct", code.cameo)  # protesters occupying, blocking (3.12)
        if code.type == "PROTEST" and source and all(self.is_state(a) for a in source):
            code = Code("ACCUSE", "disapprove", code.cameo)  # a diplomatic protest is ACCUSE (3.12.2)
        return Candidate(code, trigger, verb, trigger.lemma_.lower(), source, target, location, found.origin)

    def content_code(self, verb: Token, noun: Token | None) -> tuple[Code, Token] | None:
        """The code of the act a verb or its object noun is about: "vowed to attack", "urged X to
        withdraw", "announced a plan to attack", "refused to meet"."""
        contents = _children(verb, "xcomp", "ccomp")
        if noun is not None:
            contents += [c for c in _children(noun, "acl") if any(a.lower_ == "to" for a in _children(c, "aux"))]
        if contents:
            contents += _stray_infinitives(verb)
        for content in (c for first in contents for c in _conjuncts(first)):  # "to hunt down and bring to justice"
            if content.pos_ == "VERB" and (found := self.code_verb(content)) and found.code and found.code.type != "OTHER":
                return found.code, content
        return None

    def combine(self, code: Code, content: Code) -> Code:
        """A verbal act read with its content, as PETRARCH combines verb codes (an intent to
        attack is a threat, 3.11; an announced retreat a concession, 3.4.2; a request or refusal
        takes its mode from what is asked or refused, Tables 3.3 and 3.5)."""
        if code.type == "AGREE":
            if content.type in self.lex.intent_concede:
                return Code("CONCEDE", None, code.cameo)
            if (mode := self.lex.threat_mode(content)) is not None:
                return Code("THREATEN", mode, code.cameo)
            return code
        if code.type == "THREATEN" and code.mode is None:
            return Code("THREATEN", self.lex.threat_mode(content), code.cameo)
        if code.type in ("REQUEST", "REJECT") and code.mode is None and content.type in self.lex.asked_modes:
            return Code(code.type, self.lex.asked_modes[content.type], code.cameo)
        return code

    def opponent(self, cand: Candidate, sent: Span) -> list[str]:
        """The other side of a fight whose target the clause leaves out ("Iranian troops seized
        strategic heights east of Basra": Iraq): the one foreign state the sentence names, as a
        country, a place in it, or a demonym."""
        own = {self.actors[a]["country"] for a in cand.source if a in self.actors}
        others: dict[str, str] = {}
        for tok in sent:
            for a in self.actors_at(tok):
                actor = self.actors.get(a)
                if actor and actor["country"] and actor["country"] not in own and a not in cand.source:
                    others.setdefault(actor["country"], a)
        if len(others) != 1:
            return []
        country, found = next(iter(others.items()))
        state = next((a["id"] for a in self.actors.values() if a["kind"] == "country" and a["country"] == country), None)
        return [state or found]

    def beneficiary(self, verb: Token, source: list[str]) -> list[str]:
        """Who aid goes to when no object says so: the one state the clause names besides the
        giver ("approved a loan to assist a reform program in Haiti")."""
        states = _uniq(a for t in _subtree(verb) for a in self.actors_at(t)
                       if a not in source and self.actors.get(a, {}).get("kind") == "country")
        return states if len(states) == 1 else []

    def content_target(self, verb: Token, source: list[str]) -> list[str]:
        """The addressee of a speech act found in its content: "demanded that Iraq withdraw" (the
        content's subject), "threatened to attack Iran" (the content's object)."""
        out: list[str] = []
        for content in _children(verb, "xcomp", "ccomp"):
            subject = [a for s in _children(content, "nsubj", "nsubjpass") for a in self.np_actors(s)]
            subject = [a for a in subject if a not in source]
            if subject:
                out.extend(subject)
                continue
            out.extend(a for o in self.patient_tokens(content) for a in self.np_actors(o))
            out.extend(a for p, o in _preps(content) if p in TARGET_PREPS for a in self.np_actors(o))
        for prep in _children(verb, "prep"):
            for pcomp in _children(prep, "pcomp"):
                out.extend(a for o in self.patient_tokens(pcomp) for a in self.np_actors(o))
        return [a for a in _uniq(out) if a not in source]

    def nominal(self, noun: Token, code: Code, lemma: str | None = None) -> Candidate:
        """An event named by a noun ("the attack on Kyiv", "Qatar Airways' order"); `lemma` names
        an occurrence by its verb, so that "the unveiling" and "unveiled" are one act."""
        source: list[str] = []
        target: list[str] = []
        location = self.location_of(noun)
        modifiers = ("poss", "amod", "nmod") if code.type == "ASSAULT" else ("poss", "amod", "nmod", "compound")
        places = PLACE_KINDS if code.type == "OTHER" else {"location"}  # "U.S. space launch contracts"
        for child in _children(noun, *modifiers):
            found = [a for t in _subtree(child) for a in self.actors_at(t)]
            place = self.place(child)
            if code.mode == "visit" and child.dep_ != "poss" and place:
                location = location or place
                target.append(self.host(place))
            elif child.dep_ != "poss" and found and all(self.actors[a]["kind"] in places for a in found if a in self.actors):
                location = location or found[0]
            else:
                source.extend(found)
        for prep, obj in _preps(noun):
            objs = _conjuncts(obj)
            if code.type == "OTHER" and prep == "from" and (loc := next(filter(None, map(self.place, objs)), None)):
                location = location or loc  # "the departure from France"
            elif prep == "between" or prep in NOMINAL_SOURCE_PREPS:
                source.extend(a for o in objs for a in self.np_actors(o, with_preps=True))
            elif prep in TARGET_PREPS or (prep == "of" and (code.type in self.lex.of_target or code.type == "OTHER")):
                for o in objs:
                    if code.mode == "visit" and (loc := self.place(o)):
                        location = location or loc
                        target.append(self.host(loc))
                    elif code.type == "OTHER":
                        target.extend(self.np_actors(o, through_events=False))
                    else:
                        target.extend(self.np_actors(o, with_preps=True))  # "an assault on the port city of Basra"
        for verb in _children(noun, "acl"):
            for prep in _children(verb, "agent"):
                source.extend(a for o in _children(prep, "pobj") for o in _conjuncts(o) for a in self.np_actors(o))
        if not source and (governor := self.governing_verb(noun)) is not None:
            source = self.subject(governor)  # "made gains in the attack", "battled police during a march"
        source = _uniq(source)
        target = [a for a in _uniq(target) if a not in source]
        partners = code.type == "CONSULT" and any(p == "with" for p, _ in _preps(noun))
        if not source and code.type not in self.lex.victim_only and not partners and code.type != "OTHER":
            target = []
        if code.type == "CONSULT" and len(source) < 2 and not target:
            source = []  # a meeting needs two sides
        clause = noun
        for node in _ancestors(noun):
            clause = node
            if node.pos_ in ("VERB", "AUX"):
                break
        return Candidate(code, noun, clause, lemma or noun.lemma_.lower(), source, target, location, "nominal")

    def governing_verb(self, noun: Token) -> Token | None:
        """The verb whose object or prepositional phrase an event noun is ("joined the
        demonstrations", "in a refusal to meet"), unless that verb reports or frames it ("said the
        attack", "condemned the attack": the attack is someone else's)."""
        head = noun.head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ not in OCCASION_PREPS:
            head = head.head
        elif noun.dep_ not in ("dobj", "attr"):
            return None
        if head.pos_ not in ("VERB", "AUX") or head.lemma_.lower() in self.lex.reporting_verbs:
            return None
        found = self.code_verb(head) if head.pos_ == "VERB" else None
        if found is not None and found.code is not None and found.code.type not in ("OTHER",) and found.origin != "support":
            return None
        return head

    def other(self, verb: Token) -> Candidate | None:
        """An occurrence that is no PLOVER event (issue 12): a predicate with an actor as its
        subject or object ("Apple unveiled the iPod nano", "GM's shares fell", "Jobs resigned"),
        unless the verb is a state, a frame or a light verb (non_event_verbs), frames a clause
        (frame_verbs: "announced that ..."), or is the content of another act."""
        lemma = verb.lemma_.lower()
        if lemma in self.lex.non_event_verbs or verb.dep_ in ("aux", "auxpass", "amod") or self.is_content(verb) \
                or not lemma.isalpha():
            return None  # also "'s" taken for a verb
        if lemma in self.lex.frame_verbs and _children(verb, "ccomp", "xcomp"):
            return None
        if lemma in self.lex.reporting_verbs and lemma not in self.lex.frame_verbs:
            return None
        objects = _children(verb, "dobj", "oprd")
        if any(o.lemma_.lower() in self.lex.speech_nouns or self.event_noun(o) for o in objects):
            return None  # "made a statement"; "reinforced Washington's support": the noun is the act
        if verb.dep_ == "acl" and self.names_act(verb.head):
            return None  # "an agreement struck by X and Y"
        subjects = self.subject_tokens(verb)[0]
        if any(self.names_act(t) for t in subjects):
            return None  # "the visit has drawn attention": a comment on an act, not a new one
        actors = lambda t: self.np_actors(t, through_events=False) or self.owners(t)  # noqa: E731
        source = _uniq(a for t in subjects for a in actors(t))
        target = [a for o in self.patient_tokens(verb) for o in _conjuncts(o) for a in actors(o)]
        location = self.location_of(verb)
        for prep, obj in _preps(verb):  # "won an order from Qatar Airways", "lifted off from Toulouse"
            if prep in OCCURRENCE_PREPS:
                for a in self.np_actors(obj, through_events=False):
                    if self.actors.get(a, {}).get("kind") == "location":
                        location = location or a
                    else:
                        target.append(a)
        target = [a for a in _uniq(target) if a not in source]
        if not source and not target:
            return None
        if lemma in self.lex.trade_verbs and target and all(self.is_state(a) for a in source + target):
            return Candidate(Code("COOPERATE"), verb, verb, lemma, source, target, location, "phrase")
        return Candidate(Code("OTHER"), verb, verb, lemma, source, target, location, "other")

    def owners(self, head: Token) -> list[str]:
        """The actors a thing belongs to, for occurrences ("GM's shares", "the shares of GM",
        "Apple Computer's iTunes store")."""
        found = [a for c in _children(head, "poss", "compound") for a in self.actors_at(c)]
        found += [a for p, o in _preps(head) if p == "of" for a in self.actors_at(o)]
        return _uniq(a for a in found if self.actors.get(a, {}).get("kind") != "location")  # "the Long Beach plant"

    def names_act(self, noun: Token) -> bool:
        """Is this noun an event of its own (a PLOVER event noun or an occurrence noun)?"""
        return noun.pos_ in ("NOUN", "PROPN") and (
            self.event_noun(noun) is not None or noun.lemma_.lower() in self.lex.occurrence_nouns)

    def political(self, actor_id: str) -> bool:
        """A political actor (PLOVER's economic context excludes news solely about companies, 4.9):
        a state or place, an actor of any sector but business, or a person or group; an
        organisation of unknown sector is taken for a company."""
        actor = self.actors.get(actor_id)
        if actor is None:
            return False
        if actor["kind"] in ("country", "location"):
            return True
        if actor["sector"] is not None:
            return actor["sector"] != "BUS"
        return actor["kind"] in ("person", "group")

    def sector(self, actor_id: str) -> str | None:
        actor = self.actors.get(actor_id)
        return actor["sector"] if actor else None

    def is_state(self, actor_id: str) -> bool:
        """A state or its government: a country, or a GOV/MIL actor ("Australia", "the Soviet Union")."""
        actor = self.actors.get(actor_id)
        return bool(actor) and (actor["kind"] == "country" or actor["sector"] in ("GOV", "MIL"))

    # ---- status, attribution, date ------------------------------------------------------------

    def status(self, cand: Candidate, sent: Span) -> Status:
        words = self.lex.status
        clause, trigger = cand.clause, cand.trigger
        if trigger.pos_ in ("NOUN", "PROPN"):
            if any(c.lower_ == "no" for c in trigger.children):
                return "negated"
            if trigger.dep_ in ("nsubj", "nsubjpass"):
                adjectives = {c.lemma_.lower() for c in _children(trigger.head, "acomp", "attr")}
                if adjectives & words.possible_adjectives:
                    return "negated" if _children(trigger.head, "neg") else "possible"
                if adjectives & words.plan_adjectives:
                    return "planned"
        chain = [clause]
        while chain[-1].dep_ in ("conj", "xcomp", "acl", "advcl", "ccomp") and chain[-1].head.i != chain[-1].i \
                and len(chain) < WALK_LIMIT:
            node = chain[-1]
            if node.dep_ == "conj" and _children(node, "aux", "nsubj", "neg"):
                break
            chain.append(node.head)
            if node.dep_ == "ccomp" or (node.dep_ == "advcl" and not _children(node, "aux")):
                break
        status: Status = "asserted"
        for i, node in enumerate(chain):
            if _children(node, "neg"):
                return "negated"
            lemma = node.lemma_.lower()
            modals = {c.lower_ for c in _children(node, "aux") if c.tag_ == "MD"}
            if node.dep_ == "acl" and any(c.lower_ == "to" for c in _children(node, "aux")) and status == "asserted":
                # "a campaign to discredit X" is an aim, "a plan to attack X" a plan
                status = "planned" if node.head.lemma_.lower() in words.plan_governors else "possible"
            if i > 0:
                if lemma in words.negating_governors:
                    return "negated"
                if lemma in words.possible_governors or lemma in words.possible_adjectives:
                    status = "possible"
                elif (lemma in words.plan_governors or lemma in words.plan_adjectives) and status == "asserted":
                    status = "planned"
                elif lemma == "be" and chain[i - 1].dep_ == "xcomp" and status == "asserted":
                    status = "planned"
                for adj in _children(node, "acomp"):
                    if adj.lemma_.lower() in words.plan_adjectives and status == "asserted":
                        status = "planned"
            if modals & words.possible_modals:
                status = "possible"
            elif modals & words.plan_modals and status == "asserted":
                status = "planned"
            if any(c.lower_ in ("if", "unless") for c in _children(node, "mark")):
                status = "possible"
        if sent.text.rstrip().endswith("?"):
            return "possible"
        if status == "asserted" and clause.tag_ != "VBD" and any(
            w.lower_ in words.future_words and w.dep_ == "amod" for _, obj in _preps(clause) for w in _subtree(obj)
        ):
            status = "planned"  # "sanctions in the coming days", but "sold ... for shipment next week" happened
        return status

    def attribution(self, cand: Candidate) -> str | None:
        """Who reports the event: "according to X" on the clause path, else the nearest reporting
        verb whose content clause holds the event ("X said Y will ..."), else None."""
        reporter, via = None, ""
        for node in [cand.clause, *_ancestors(cand.clause)]:
            for prep in _children(node, "prep"):
                if prep.lemma_.lower() == "accord":
                    for to in _children(prep, "prep"):
                        for obj in _children(to, "pobj"):
                            if found := self.np_actors(obj, with_preps=True):
                                return found[0]
            if reporter is None and node.lemma_.lower() in self.lex.reporting_verbs and via in ("ccomp", "parataxis"):
                for subj in _children(node, "nsubj"):
                    if found := self.np_actors(subj, with_preps=True):
                        reporter = found[0]
            via = node.dep_
        return reporter

    def anchor(self, tok: Token, stop: Token) -> tuple[Token, bool]:
        """Walk from a timex up to its governing predicate; True when the path bounds rather than dates."""
        bounded = False
        node = tok
        for head in _ancestors(tok):
            if node.i == stop.i:
                break
            if node.lower_ in BOUNDING or (node.i != tok.i and any(c.lower_ in BOUNDING for c in _children(node, "mark"))):
                bounded = True
            node = head
            if node.pos_ in ("VERB", "AUX") or node.lemma_.lower() in self.lex.nouns:
                if node.lower_ in BOUNDING:
                    bounded = True
                break
        return node, bounded

    def crosses_boundary(self, tok: Token) -> bool:
        """True when a timex sits in a clause that bounds another ("since X launched ... a year ago")."""
        for node in [tok, *_ancestors(tok)]:
            if node.lower_ in BOUNDING or any(c.lower_ in BOUNDING for c in _children(node, "mark")):
                return True
        return False

    def date(self, cand: Candidate, sent: Span) -> tuple[EventDate, bool]:
        """The event date and whether it was chosen from a time expression.

        Among the candidates, resolved values beat unresolved ones, then the finest granularity
        ("Yesterday" over "this year's conference"), then the nearest to the trigger.
        """
        own: list[tuple[tuple[bool, int, int], Timex]] = []
        near: list[tuple[tuple[bool, int, int], Timex]] = []
        governors = {cand.trigger.i, cand.clause.i}
        for timex, span in self.timexes[bisect_left(self.timex_starts, sent.start):bisect_left(self.timex_starts, sent.end)]:
            if span.end > sent.end or (value := _dating_value(timex)) is None:
                continue
            root = span.root
            head, bounded = self.anchor(root, cand.trigger)
            if bounded and value == timex["value"]:  # an anchored duration's "after" is its own
                continue
            rank = (not _resolved(value), _span_days(value), abs(root.i - cand.trigger.i))
            if head.i in governors:
                own.append((rank, timex))
            elif not self.crosses_boundary(root):
                near.append((rank, timex))
        anchors = {t["anchor"]["timex"] for _, t in own + near if t["type"] == "DURATION" and "anchor" in t}
        own = [c for c in own if c[1]["id"] not in anchors]  # "two days after ... Nov. 5": not Nov. 5
        near = [c for c in near if c[1]["id"] not in anchors]
        chosen = min(own or near, key=lambda x: x[0])[1] if own or near else None
        if chosen is not None:
            value = _dating_value(chosen) or ""
            start, end = value_span(value)
            before = self.text[sent.start_char:chosen["start"]]
            if start is not None and end is not None and _resolved(value) \
                    and plausible_event_date(value, self.dct, chosen["text"], before).ok:
                return {"value": value, "start": start, "end": end, "basis": "timex", "timex": chosen["id"]}, True
        if self.dct is None:
            return {"value": None, "start": None, "end": None, "basis": "unknown",
                    "timex": chosen["id"] if chosen else None}, False
        return {"value": self.dct, "start": self.dct, "end": self.dct, "basis": "publication",
                "timex": chosen["id"] if chosen else None}, False

    # ---- assembly -----------------------------------------------------------------------------

    def confidence(self, cand: Candidate, dated: bool) -> float:
        base = self.coder.confidence.get(cand.origin, self.coder.confidence["other"])
        if not (cand.source and cand.target):
            base -= ONE_SIDE_PENALTY
        if not dated:
            base -= UNDATED_PENALTY
        return round(max(0.05, min(0.99, base)), 2)

    def run(self) -> list[Event]:
        reports: list[tuple[Event, bool]] = []  # every report in text order; True for one without actors
        first = next((t.i for t in self.doc if not t.is_space), 0)
        for sent in (u for s in self.doc.sents for u in self.units(s)):
            if sent.start > first and self.is_headline(sent):
                continue
            if self.coder.discards.matches(sent.text):
                continue
            kept: list[tuple[Candidate, Event]] = []
            for window in self.windows(sent):
                for cand in self.candidates(window):
                    cand.source = _uniq(cand.source)
                    cand.target = [a for a in _uniq(cand.target) if a not in cand.source]
                    if not cand.target and cand.source and cand.code.type in self.lex.opposed:
                        cand.target = self.opponent(cand, sent)
                    if cand.code.type in self.lex.deal_categories and not any(self.political(a) for a in cand.source + cand.target):
                        cand.code = Code("OTHER")  # deals between companies: business news, not a political event
                    if not cand.source and not cand.target:
                        if cand.origin == "nominal" and _anaphoric(cand.trigger):
                            reports.append((self.event(cand, sent), True))  # "the unveiling": told before?
                        continue
                    event = self.event(cand, sent)
                    if not self.merge(kept, cand, event):
                        kept.append((cand, event))
            reports.extend((e, False) for _, e in kept)
        reports.sort(key=lambda r: (r[0]["trigger"]["start"], r[0]["trigger"]["end"]))
        events = tell_once(reports, self.lex.symmetric)
        for n, event in enumerate(events, 1):
            event["id"] = f"e{n}"
        return events

    def units(self, sent: Span) -> list[Span]:
        """The sentence cut at blank lines (the parser may glue a headline to the next paragraph),
        without a dateline ("NAIROBI, Kenya (AP) _", "WASHINGTON, August 8 (Xinhua) --"): the
        place that files a story does nothing in it."""
        out, start = [], sent.start
        for tok in sent:
            if tok.is_space and tok.text.count("\n") >= 2:
                if tok.i > start:
                    out.append(self.doc[start:tok.i])
                start = tok.i + 1
            elif tok.idx in self.dateline_ends:
                start = tok.i + 1
        if sent.end > start:
            out.append(self.doc[start:sent.end])
        return [u for u in out if u.text.strip()]

    def windows(self, sent: Span) -> list[Span]:
        """The sentence, or for an overlong one consecutive pieces of at most `max_sentence_tokens`
        tokens, each cut after the last clause break (; : ,) before its limit where there is one."""
        limit = self.coder.max_sentence_tokens
        if len(sent) <= limit:
            return [sent]
        out, start = [], sent.start
        while sent.end - start > limit:
            end = start + limit
            cut = next((t.i + 1 for t in reversed(self.doc[start + limit // 2:end]) if t.text in CLAUSE_BREAKS), end)
            out.append(self.doc[start:cut])
            start = cut
        out.append(self.doc[start:sent.end])
        return out

    def is_headline(self, unit: Span) -> bool:
        """A paragraph without final punctuation is a headline, not a report; only the document's
        first paragraph (its own title) is coded anyway."""
        words = [t for t in unit if not t.is_space]
        return bool(words) and words[-1].text not in TERMINALS and words[-1].text[-1:] not in TERMINALS

    def codebook_code(self, cand: Candidate, status: Status, attribution: str | None) -> tuple[Code, Status]:
        """The PLOVER reading of a planned or conditional act (3.1, 3.4.2, 3.11): future
        cooperation is AGREE, an announced retreat CONCEDE, and a conflict act that someone says
        will (or would, if …) happen is a THREATEN that has been made."""
        code = cand.code
        if status == "negated" and code.type in self.lex.refusable and self.future(cand.clause):
            return Code("REJECT", self.lex.refusable[code.type], code.cameo), "asserted"  # "will not resign"
        if status not in ("planned", "possible") or code.type == "OTHER":
            return code, status
        if status == "planned" and code.type in self.lex.intent_agree:
            return Code("AGREE", None, code.cameo), status
        if status == "planned" and code.type in self.lex.intent_concede:
            return Code("CONCEDE", None, code.cameo), status
        announced = self.conditional(cand.clause) or (attribution is not None and self.speaks_for(attribution, cand.source))
        if announced and (mode := self.lex.threat_mode(code)):
            return Code("THREATEN", mode, code.cameo), "asserted"
        return code, status

    def speaks_for(self, speaker: str, doers: list[str]) -> bool:
        """Is the speaker one of the doers, or of their country ("a U.S. official said the U.S. would ...")?"""
        if speaker in doers:
            return True
        country = self.actors.get(speaker, {}).get("country")
        return country is not None and any(self.actors.get(d, {}).get("country") == country for d in doers)

    def future(self, clause: Token) -> bool:
        """Does the clause speak of the future ("will not", "is not going to")?"""
        words = self.lex.status.plan_modals
        nodes = [clause, *(_ancestors(clause)[:2] if clause.dep_ in ("xcomp", "ccomp") else [])]
        return any(c.lower_ in words for n in nodes for c in _children(n, "aux")) or any(
            n.lemma_.lower() == "go" and n.tag_ == "VBG" for n in nodes)

    def conditional(self, clause: Token) -> bool:
        """Is the clause the consequence of a condition ("if Congress passed it, we would retaliate")?"""
        return any(c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in _children(c, "mark"))
                   for c in clause.children)

    def event(self, cand: Candidate, sent: Span) -> Event:
        status = self.status(cand, sent)
        when, dated = self.date(cand, sent)
        if status == "asserted" and self.dct and when["start"] and when["basis"] == "timex":
            if Date.fromisoformat(when["start"]) > Date.fromisoformat(self.dct):
                status = "planned"
        if status == "asserted" and when["timex"] and when["basis"] != "timex":
            if self.timex_values.get(when["timex"]) == "FUTURE_REF":
                status = "planned"
        attribution = self.attribution(cand)
        code, status = self.codebook_code(cand, status, attribution)
        mode = code.mode
        if code.type != "OTHER" and code.type == cand.code.type:
            words = {w for t in _subtree(cand.trigger) for w in (t.lower_, t.lemma_.lower())}
            words |= {t.lemma_.lower() for t in cand.clause.children} | {cand.trigger.lower_}
            mode = self.lex.keyword_mode(code.type, words) or mode  # "fired tear gas": the weapon says how
        trig = cand.trigger
        sentence: Offsets = {"start": sent.start_char, "end": sent.end_char}
        return {
            "id": "",
            "type": code.type,
            "mode": mode,
            "status": status,
            "trigger": _span(trig),
            "lemma": cand.lemma,
            "source": cand.source,
            "target": cand.target,
            "location": cand.location,
            "attribution": attribution,
            "date": when,
            "sentence": sentence,
            "confidence": self.confidence(cand, dated),
            "quad": self.lex.quad(code.type),
            "intensity": self.lex.intensity(code.type, mode),
            "mentions": [{"trigger": _span(t), "sentence": sentence} for t in [trig, *cand.also]],
        }

    def merge(self, kept: list[tuple[Candidate, Event]], cand: Candidate, event: Event) -> bool:
        """Fold a duplicate of an event already kept in this sentence ("met" and "the meeting")."""
        actors = set(cand.source) | set(cand.target)
        for other_cand, other in kept:
            if other["type"] != event["type"] or other["status"] != event["status"]:
                continue
            if event["type"] == "OTHER" and other["lemma"] != event["lemma"]:
                continue  # "suspended after violating": two occurrences
            other_actors = set(other["source"]) | set(other["target"])
            if cand.source and other["source"] and not set(cand.source) & set(other["source"]):
                continue
            nominal = "nominal" in (cand.origin, other_cand.origin)
            related = cand.trigger.head.i == other_cand.trigger.i or other_cand.trigger.head.i == cand.trigger.i
            if not ((related and nominal) or (actors and actors <= other_actors) or (other_actors and other_actors <= actors)):
                continue
            best, worse = (other, event) if other["confidence"] >= event["confidence"] else (event, other)
            best["source"] = _uniq(best["source"] + worse["source"])
            best["target"] = [a for a in _uniq(best["target"] + worse["target"]) if a not in best["source"]]
            best["location"] = best["location"] or worse["location"]
            if best is event:
                other.clear()
                other.update(event)
            return True
        return False

