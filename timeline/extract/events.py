"""Events stage: PLOVER event coding over the dependency parse.

Reads `doc._.refs`/`doc._.actors` (who), `doc._.timexes` (when) and `doc._.dct`, writes
`doc._.events`. Triggers are verbs from the lexicon (lexicon.yaml), verb + object-noun phrases
("impose sanctions"), support verbs with an event-noun object ("launch an assault") and nominal
events ("Wang's visit to Moscow"); anything else with an actor acting is OTHER, conservatively.

Conventions (see also the PLOVER manual, section 2.4):
- Compound and reciprocal actors are lists: "China and Russia pledged ..." and "the two sides met"
  give one event with every participant in `source` and an empty `target`; "X met Y" gives
  source [X], target [Y].
- A visit's source is the visitor, its location the place visited, its target the host country
  (the place itself when no country actor matches).
- The codebook turns future cooperation into AGREE; we keep the category of the act and say
  "planned" in `status`, so a planned meeting stays a CONSULT on the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from timeline.extract.plover import Code, Lexicon, load_lexicon
from timeline.extract.temporal import value_span
from timeline.types import Actor, Event, EventDate, Status, Timex

REPORTING = frozenset(
    "say tell report add state claim note announce quote cite write comment confirm reveal explain "
    "insist argue stress suggest describe according".split()
)
# Verbs that never make an event themselves (copulas, light, mental and reporting verbs).
STOP = REPORTING | frozenset(
    "be have do get make take go come become remain seem appear believe think know want need hope "
    "see look feel mean refer base include involve consider expect use try let keep show find "
    "begin start continue stop happen occur exist draw face hit set grow rise fall attribute credit "
    "enroute lead follow speak hold".split()
)
PLAN_GOVERNORS = frozenset("plan intend aim expect schedule prepare set go decide vow pledge promise agree".split())
POSSIBLE_GOVERNORS = frozenset("want hope seek try consider need wish mull weigh may".split())
NEGATING_GOVERNORS = frozenset("deny fail refuse decline".split())
PLAN_ADJECTIVES = frozenset("ready willing prepared set due poised expected scheduled".split())
POSSIBLE_ADJECTIVES = frozenset("possible likely probable unlikely able".split())
PLAN_MODALS = frozenset("will shall 'll wo would".split())
POSSIBLE_MODALS = frozenset("could may might should can must ought".split())
# Content of these acts is not a separate event ("agreed to oppose", "urged X to withdraw").
CONTENT_TAKERS = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN"})
# Prepositions and conjunctions that bound an event in time rather than date it.
BOUNDING = frozenset("before after ahead since until till prior following pending".split())
TARGET_PREPS = frozenset("with on against to for toward towards into upon at".split())
LOCATION_PREPS = frozenset("in at near inside outside across".split())
PLACE_KINDS = frozenset({"location", "country"})
RELATIVE_PRONOUNS = frozenset("who whom which that".split())
SUBJECTS = frozenset({"nsubj", "csubj"})
NOMINAL_SOURCE_PREPS = frozenset({"by", "from"})
CONSULT_HOST_PREPS = frozenset({"during", "with", "on", "in"})
SPEECH_NOUNS = frozenset("statement comment remark report view opinion question answer speech word".split())
FUTURE_WORDS = frozenset("coming next upcoming forthcoming".split())
TERMINALS = frozenset('. ! ? " ” ’ \' ) …'.split())
HOSTILE = frozenset({"ASSAULT", "PROTEST", "THREATEN", "ACCUSE", "COERCE"})
# Nominal events usually need a named doer ("the negotiations" alone is background); attacks and
# restrictions are often reported from the victim's side only ("the assault on Kyiv"), and a
# meeting "with X" names a participant.
VICTIM_ONLY = frozenset({"ASSAULT", "COERCE", "SANCTION"})
OF_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "SUPPORT", "ACCUSE", "REJECT"})


@Language.factory("timeline_events")
def make_events(nlp: Language, name: str) -> "EventCoder":
    return EventCoder(load_lexicon())


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
    origin: str  # "verb", "phrase", "support", "nominal" or "other"


class EventCoder:
    """The `timeline_events` component."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = Coder(self.lex, doc).run()
        return doc


def _uniq(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _conjuncts(tok: Token) -> list[Token]:
    """The token and every token coordinated with it ("X, Y and Z"); iterative, as lists can be long."""
    out, todo = [], [tok]
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(reversed([c for c in node.children if c.dep_ == "conj"]))
    return out


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _preps(tok: Token) -> list[tuple[str, Token]]:
    """(preposition, object) pairs under a token, over prep, agent ("by") and dative ("to") arcs."""
    out = []
    for prep in _children(tok, "prep", "agent", "dative"):
        for obj in _children(prep, "pobj"):
            out.append((prep.lower_, obj))
    return out


def _resolved(value: str) -> bool:
    """A value that places the event on the calendar (not "XXXX-02", "PAST_REF")."""
    return "X" not in value and not value.endswith("_REF") and value_span(value)[0] is not None


def _span_days(value: str) -> int:
    start, end = value_span(value)
    if start is None or end is None:
        return 1 << 30
    return (Date.fromisoformat(end) - Date.fromisoformat(start)).days


class Coder:
    """Codes one Doc; holds the per-document lookups."""

    def __init__(self, lex: Lexicon, doc: Doc) -> None:
        self.lex = lex
        self.doc = doc
        self.actors: dict[str, Actor] = {a["id"]: a for a in doc._.actors or []}
        self.dct: str | None = doc._.dct
        self.token_refs: dict[int, list[tuple[int, list[str]]]] = {}
        for ref in doc._.refs or []:
            span = doc.char_span(ref["start"], ref["end"], alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                self.token_refs.setdefault(tok.i, []).append((ref["end"] - ref["start"], ref["actors"]))
        self.timexes: list[tuple[Timex, Span]] = []
        for timex in doc._.timexes or []:
            span = doc.char_span(timex["start"], timex["end"], alignment_mode="expand")
            if span is not None:
                self.timexes.append((timex, span))

    # ---- actors -------------------------------------------------------------------------------

    def actors_at(self, tok: Token) -> list[str]:
        """Actors of the innermost reference covering the token."""
        refs = self.token_refs.get(tok.i)
        return list(min(refs, key=lambda r: r[0])[1]) if refs else []

    def np_actors(self, head: Token, with_preps: bool = False) -> list[str]:
        """Actors a noun phrase refers to: its head, an apposition, else the modifiers of an agentive
        head ("Russia's foreign ministry"), never of any noun ("its export quota")."""
        out: list[str] = []
        for tok in _conjuncts(head):
            if tok.lower_ in RELATIVE_PRONOUNS and tok.dep_ in SUBJECTS | {"nsubjpass"}:
                clause = tok.head
                tok = clause.head if clause.dep_ in ("relcl", "acl") else tok
            found = self.actors_at(tok)
            if not found:
                for child in _children(tok, "appos"):
                    found.extend(self.actors_at(child))
            lemma = tok.lemma_.lower()
            if not found and (tok.pos_ == "PROPN" or lemma in self.lex.agent_nouns or lemma in self.lex.nouns):
                for child in _children(tok, "poss", "compound", "amod", "nmod"):
                    found.extend(self.actors_at(child) or [a for g in child.subtree for a in self.actors_at(g)])
            if not found and with_preps and tok.pos_ in ("NOUN", "PROPN"):
                for prep, obj in _preps(tok):
                    if prep in ("from", "of", "for", "at", "by"):
                        found.extend(self.np_actors(obj))
            out.extend(found)
        return _uniq(out)

    def subject_tokens(self, verb: Token) -> tuple[list[Token], bool]:
        """The agent's head tokens and whether they come from a passive "by"-phrase.

        Climbs coordinated and controlled verbs ("met X and pledged", "plans to visit") in a loop,
        since a hostile text can chain thousands of them.
        """
        while True:
            found = self._own_subject(verb)
            if not isinstance(found, Token):
                return found
            verb = found

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
        return _uniq([a for t in toks for a in self.np_actors(t, with_preps=True)])

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

    # ---- triggers -----------------------------------------------------------------------------

    def verb_code(self, verb: Token) -> tuple[Code, str, Token | None] | None:
        """The code of a verb: phrasal, verb+object, support verb+event noun, or the bare verb.

        Also returns the origin and the object noun that completes the phrase, if any.
        """
        lemma = verb.lemma_.lower()
        for part in _children(verb, "prt", "advmod", "prep"):
            if (lemma, part.lower_) in self.lex.non_events:
                return None
            if code := self.lex.particles.get((lemma, part.lower_)):
                return code, "phrase", None
        for obj in self.patient_tokens(verb):
            for noun in _conjuncts(obj):
                if code := self.lex.objects.get((lemma, noun.lemma_.lower())):
                    return code, "phrase", noun
        if lemma in self.lex.support_verbs:
            for obj in self.patient_tokens(verb):
                if code := self.lex.nouns.get(obj.lemma_.lower()):
                    return code, "support", obj
        if lemma in self.lex.travel_verbs:
            if self.travel_goal(verb) and not _children(verb, "auxpass", "nsubjpass"):
                return Code("CONSULT", "visit"), "verb", None
            return None
        if code := self.lex.verbs.get(lemma):
            return code, "verb", None
        return None

    def travel_goal(self, verb: Token) -> str | None:
        for prep, obj in _preps(verb):
            if prep in ("in", "to", "into", "at") and (loc := self.place(obj)):
                return loc
        return None

    def is_content(self, verb: Token) -> bool:
        """True for the complement of an agreeing/requesting/rejecting act ("agreed to oppose")."""
        head = verb.head
        infinitive = any(c.lower_ == "to" for c in _children(verb, "aux"))
        if verb.dep_ == "acl" and infinitive and (code := self.lex.nouns.get(head.lemma_.lower())):
            return code.type in CONTENT_TAKERS
        purpose = verb.dep_ == "advcl" and infinitive
        if not (verb.dep_ in ("xcomp", "ccomp") or purpose) or head.i == verb.i or head.pos_ != "VERB":
            return False
        found = self.verb_code(head)
        return bool(found and found[0].type in CONTENT_TAKERS)

    def candidates(self, sent: Span) -> list[Candidate]:
        out: list[Candidate] = []
        consumed: set[int] = set()
        for tok in sent:
            if tok.pos_ != "VERB" or tok.dep_ == "amod" or self.is_content(tok):
                continue
            found = self.verb_code(tok)
            lemma = tok.lemma_.lower()
            if found is None or found[0].type == "OTHER":
                if lemma not in STOP and (cand := self.other(tok, force=found is not None)):
                    out.append(cand)
                continue
            code, origin, noun = found
            if lemma in STOP - self.lex.verbs.keys() and noun is None:
                continue
            if cand := self.verbal(tok, code, origin, noun):
                out.append(cand)
                consumed |= {o.i for o in self.patient_tokens(tok) for o in _conjuncts(o)}
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in consumed:
                if code := self.lex.nouns.get(tok.lemma_.lower()):
                    out.append(self.nominal(tok, code))
        return out

    def verbal(self, verb: Token, code: Code, origin: str, noun: Token | None) -> Candidate | None:
        trigger = noun if origin == "support" and noun is not None else verb
        source = self.subject(verb)
        target: list[str] = []
        location = self.location_of(verb)
        nouns = _conjuncts(noun) if noun is not None else []
        for obj in self.patient_tokens(verb):
            if noun is not None and obj.i in {n.i for n in nouns}:
                continue
            for noun in _conjuncts(obj):
                if code.mode == "visit" and (loc := self.place(noun)):
                    location = location or loc
                    target.append(self.host(loc))
                else:
                    target.extend(self.np_actors(noun))
        for head in [verb, *nouns]:
            for prep, obj in _preps(head):
                if prep in TARGET_PREPS or (prep == "of" and code.type in OF_TARGET_TYPES and head.i != verb.i):
                    for noun in _conjuncts(obj):
                        if code.mode == "visit" and (loc := self.place(noun)):
                            location = location or loc
                            target.append(self.host(loc))
                        elif prep != "at" or code.type in HOSTILE:
                            target.extend(self.np_actors(noun))
        if not source and nouns:
            source = [a for n in nouns for t in _children(n, "poss") for a in self.np_actors(t)]
        if code.mode == "visit" and (goal := self.travel_goal(verb)) and verb.lemma_.lower() in self.lex.travel_verbs:
            location = goal
            target = [self.host(goal)] if source else []
        objects = _children(verb, "dobj")
        if origin == "verb" and code.type == "CONSULT" and objects and not target and code.mode != "visit":
            return None
        if not target and code.type in CONTENT_TAKERS:
            for content in _children(verb, "xcomp", "ccomp"):
                target.extend(a for o in self.patient_tokens(content) for a in self.np_actors(o))
        if not target and code.type in ("AID", "COOPERATE", "SANCTION") and verb.dep_ == "conj":
            target = [a for o in _children(verb.head, "dobj") for a in self.np_actors(o)]
        return Candidate(code, trigger, verb, trigger.lemma_.lower(), source, target, location, origin)

    def nominal(self, noun: Token, code: Code) -> Candidate:
        source: list[str] = []
        target: list[str] = []
        location = self.location_of(noun)
        modifiers = ("poss", "amod", "nmod") if code.type == "ASSAULT" else ("poss", "amod", "nmod", "compound")
        for child in _children(noun, *modifiers):
            found = [a for t in child.subtree for a in self.actors_at(t)]
            place = self.place(child)
            if code.mode == "visit" and child.dep_ != "poss" and place:
                location = location or place
                target.append(self.host(place))
            elif child.dep_ != "poss" and found and all(self.actors[a]["kind"] == "location" for a in found if a in self.actors):
                location = location or found[0]
            else:
                source.extend(found)
        for prep, obj in _preps(noun):
            objs = _conjuncts(obj)
            if prep == "between":
                source.extend(a for o in objs for a in self.np_actors(o))
            elif prep in NOMINAL_SOURCE_PREPS:
                source.extend(a for o in objs for a in self.np_actors(o))
            elif prep in TARGET_PREPS or (prep == "of" and code.type in OF_TARGET_TYPES):
                for o in objs:
                    if code.mode == "visit" and (loc := self.place(o)):
                        location = location or loc
                        target.append(self.host(loc))
                    else:
                        target.extend(self.np_actors(o))
        for verb in _children(noun, "acl"):
            for prep in _children(verb, "agent"):
                source.extend(a for o in _children(prep, "pobj") for o in _conjuncts(o) for a in self.np_actors(o))
        head = noun.head
        if not source and code.type == "CONSULT" and noun.dep_ == "pobj" and head.lower_ in CONSULT_HOST_PREPS:
            if head.head.pos_ in ("VERB", "AUX"):
                source = self.subject(head.head)
        source = _uniq(source)
        target = [a for a in _uniq(target) if a not in source]
        partners = code.type == "CONSULT" and any(p == "with" for p, _ in _preps(noun))
        if not source and code.type not in VICTIM_ONLY and not partners:
            target = []
        clause = noun
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        return Candidate(code, noun, clause, noun.lemma_.lower(), source, target, location, "nominal")

    def other(self, verb: Token, force: bool = False) -> Candidate | None:
        """An OTHER event: an actor doing something to an actor, or a listed business/legal act."""
        lemma = verb.lemma_.lower()
        if lemma in STOP or self.is_content(verb):
            return None
        source = self.subject(verb)
        if not source:
            return None
        target = [a for o in self.patient_tokens(verb) for o in _conjuncts(o) for a in self.np_actors(o)]
        target += [a for p, o in _preps(verb) if p in TARGET_PREPS - {"at"} for a in self.np_actors(o)]
        target = [a for a in _uniq(target) if a not in source]
        objects = _children(verb, "dobj", "oprd")
        if any(o.lemma_.lower() in SPEECH_NOUNS for o in objects):
            return None
        has_object = bool(objects)
        if not target and not (has_object and (force or lemma in self.lex.other_verbs)):
            return None
        return Candidate(Code("OTHER"), verb, verb, lemma, source, target, self.location_of(verb), "other")

    # ---- status, attribution, date ------------------------------------------------------------

    def status(self, cand: Candidate, sent: Span) -> Status:
        clause, trigger = cand.clause, cand.trigger
        if trigger.pos_ in ("NOUN", "PROPN"):
            if any(c.lower_ == "no" for c in trigger.children):
                return "negated"
            if trigger.dep_ in ("nsubj", "nsubjpass"):
                adjectives = {c.lemma_.lower() for c in _children(trigger.head, "acomp", "attr")}
                if adjectives & POSSIBLE_ADJECTIVES:
                    return "negated" if _children(trigger.head, "neg") else "possible"
                if adjectives & PLAN_ADJECTIVES:
                    return "planned"
        chain = [clause]
        while chain[-1].dep_ in ("conj", "xcomp", "acl", "advcl", "ccomp") and chain[-1].head.i != chain[-1].i:
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
                status = "planned" if node.head.lemma_.lower() in PLAN_GOVERNORS else "possible"
            if i > 0:
                if lemma in NEGATING_GOVERNORS:
                    return "negated"
                if lemma in POSSIBLE_GOVERNORS or lemma in POSSIBLE_ADJECTIVES:
                    status = "possible"
                elif (lemma in PLAN_GOVERNORS or lemma in PLAN_ADJECTIVES) and status == "asserted":
                    status = "planned"
                elif lemma == "be" and chain[i - 1].dep_ == "xcomp" and status == "asserted":
                    status = "planned"
                for adj in _children(node, "acomp"):
                    if adj.lemma_.lower() in PLAN_ADJECTIVES and status == "asserted":
                        status = "planned"
            if modals & POSSIBLE_MODALS:
                status = "possible"
            elif modals & PLAN_MODALS and status == "asserted":
                status = "planned"
            if any(c.lower_ in ("if", "unless") for c in _children(node, "mark")):
                status = "possible"
        if sent.text.rstrip().endswith("?"):
            return "possible"
        if status == "asserted" and any(
            w.lower_ in FUTURE_WORDS and w.dep_ == "amod" for _, obj in _preps(clause) for w in obj.subtree
        ):
            status = "planned"
        return status

    def attribution(self, cand: Candidate) -> str | None:
        """Who reports the event: "according to X" on the clause path, else the nearest reporting
        verb whose content clause holds the event ("X said Y will ..."), else None."""
        node, reporter, via = cand.clause, None, ""
        while True:
            for prep in _children(node, "prep"):
                if prep.lemma_.lower() == "accord":
                    for to in _children(prep, "prep"):
                        for obj in _children(to, "pobj"):
                            if found := self.np_actors(obj, with_preps=True):
                                return found[0]
            if reporter is None and node.lemma_.lower() in REPORTING and via in ("ccomp", "parataxis"):
                for subj in _children(node, "nsubj"):
                    if found := self.np_actors(subj, with_preps=True):
                        reporter = found[0]
            if node.head.i == node.i:
                return reporter
            via = node.dep_
            node = node.head

    def anchor(self, tok: Token, stop: Token) -> tuple[Token, bool]:
        """Walk from a timex up to its governing predicate; True when the path bounds rather than dates."""
        bounded = False
        node = tok
        while node.i != stop.i and node.head.i != node.i:
            if node.lower_ in BOUNDING or (node.i != tok.i and any(c.lower_ in BOUNDING for c in _children(node, "mark"))):
                bounded = True
            node = node.head
            if node.pos_ in ("VERB", "AUX") or node.lemma_.lower() in self.lex.nouns:
                if node.lower_ in BOUNDING:
                    bounded = True
                break
        return node, bounded

    def date(self, cand: Candidate, sent: Span) -> tuple[EventDate, bool]:
        """The event date and whether it was chosen from a time expression.

        Among the candidates, resolved values beat unresolved ones, then the finest granularity
        ("Yesterday" over "this year's conference"), then the nearest to the trigger.
        """
        own: list[tuple[tuple[bool, int, int], Timex]] = []
        near: list[tuple[tuple[bool, int, int], Timex]] = []
        governors = {cand.trigger.i, cand.clause.i}
        for timex, span in self.timexes:
            if timex["type"] not in ("DATE", "TIME") or span.start < sent.start or span.end > sent.end:
                continue
            root = span.root
            head, bounded = self.anchor(root, cand.trigger)
            if bounded:
                continue
            rank = (not _resolved(timex["value"]), _span_days(timex["value"]), abs(root.i - cand.trigger.i))
            if head.i in governors:
                own.append((rank, timex))
            elif not self.crosses_boundary(root):
                near.append((rank, timex))
        chosen = min(own or near, key=lambda x: x[0])[1] if own or near else None
        if chosen is not None:
            value = chosen["value"]
            start, end = value_span(value)
            if start is not None and end is not None and _resolved(value):
                return {"value": value, "start": start, "end": end, "basis": "timex", "timex": chosen["id"]}, True
        if self.dct is None:
            return {"value": None, "start": None, "end": None, "basis": "unknown",
                    "timex": chosen["id"] if chosen else None}, False
        return {"value": self.dct, "start": self.dct, "end": self.dct, "basis": "publication",
                "timex": chosen["id"] if chosen else None}, False

    def crosses_boundary(self, tok: Token) -> bool:
        """True when a timex sits in a clause that bounds another ("since X launched ... a year ago")."""
        node = tok
        while node.head.i != node.i:
            if node.lower_ in BOUNDING or any(c.lower_ in BOUNDING for c in _children(node, "mark")):
                return True
            node = node.head
        return False

    # ---- assembly -----------------------------------------------------------------------------

    def confidence(self, cand: Candidate, dated: bool) -> float:
        base = {"verb": 0.85, "phrase": 0.85, "support": 0.75, "nominal": 0.6, "other": 0.45}[cand.origin]
        if not (cand.source and cand.target):
            base -= 0.1
        if not dated:
            base -= 0.05
        return round(max(0.05, min(0.99, base)), 2)

    def run(self) -> list[Event]:
        events: list[Event] = []
        first = next((t.i for t in self.doc if not t.is_space), 0)
        for sent in (u for s in self.doc.sents for u in self.units(s)):
            if sent.start > first and self.is_headline(sent):
                continue
            kept: list[tuple[Candidate, Event]] = []
            for cand in self.candidates(sent):
                cand.target = [a for a in _uniq(cand.target) if a not in cand.source]
                cand.source = _uniq(cand.source)
                if not cand.source and not cand.target:
                    continue
                event = self.event(cand, sent)
                if not self.merge(kept, cand, event):
                    kept.append((cand, event))
            events.extend(e for _, e in kept)
        events.sort(key=lambda e: (e["trigger"]["start"], e["trigger"]["end"]))
        for n, event in enumerate(events, 1):
            event["id"] = f"e{n}"
        return events

    def units(self, sent: Span) -> list[Span]:
        """The sentence cut at blank lines: the parser may glue a headline to the next paragraph."""
        out, start = [], sent.start
        for tok in sent:
            if tok.is_space and tok.text.count("\n") >= 2:
                if tok.i > start:
                    out.append(self.doc[start:tok.i])
                start = tok.i + 1
        if sent.end > start:
            out.append(self.doc[start:sent.end])
        return [u for u in out if u.text.strip()]

    def is_headline(self, unit: Span) -> bool:
        """A paragraph without final punctuation is a headline, not a report; only the document's
        first paragraph (its own title) is coded anyway."""
        words = [t for t in unit if not t.is_space]
        return bool(words) and words[-1].text not in TERMINALS and words[-1].text[-1:] not in TERMINALS

    def event(self, cand: Candidate, sent: Span) -> Event:
        status = self.status(cand, sent)
        when, dated = self.date(cand, sent)
        if status == "asserted" and self.dct and when["start"] and when["basis"] == "timex":
            if Date.fromisoformat(when["start"]) > Date.fromisoformat(self.dct):
                status = "planned"
        if status == "asserted" and when["timex"] and when["basis"] != "timex":
            value = next((t["value"] for t in self.doc._.timexes if t["id"] == when["timex"]), "")
            if value == "FUTURE_REF":
                status = "planned"
        mode = cand.code.mode
        if mode is None and cand.code.type != "OTHER":
            words = {t.lower_ for t in cand.trigger.subtree} | {t.lemma_.lower() for t in cand.clause.children}
            words |= {cand.trigger.lower_}
            mode = self.lex.keyword_mode(cand.code.type, words)
        trig = cand.trigger
        return {
            "id": "",
            "type": cand.code.type,
            "mode": mode,
            "status": status,
            "trigger": {"start": trig.idx, "end": trig.idx + len(trig.text), "text": trig.text},
            "lemma": cand.lemma,
            "source": cand.source,
            "target": cand.target,
            "location": cand.location,
            "attribution": self.attribution(cand),
            "date": when,
            "sentence": {"start": sent.start_char, "end": sent.end_char},
            "confidence": self.confidence(cand, dated),
            "quad": self.lex.quad(cand.code.type),
            "intensity": self.lex.intensity(cand.code.type, mode),
        }

    def merge(self, kept: list[tuple[Candidate, Event]], cand: Candidate, event: Event) -> bool:
        """Fold a duplicate of an event already kept in this sentence ("met" and "the meeting")."""
        actors = set(cand.source) | set(cand.target)
        for other_cand, other in kept:
            if other["type"] != event["type"] or other["status"] != event["status"]:
                continue
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
