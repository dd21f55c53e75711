"""Events named by a noun ("Wang's visit to Moscow", "the attack on the camp", "Qatar Airways'
order") and occurrences told by a verb that codes no PLOVER event ("Apple unveiled the iPod nano")."""

from __future__ import annotations

from spacy.tokens import Token

from timeline.extract.eventdata import Code
from timeline.extract.events.candidate import Candidate
from timeline.extract.events.document import PLACE_KINDS
from timeline.extract.events.predicates import CandidateReader
from timeline.extract.syntax import ancestors, children, conjuncts, preps, subtree, uniq


class NominalReader(CandidateReader):
    """Reads the sides of nominal events and of occurrences."""

    def nominal(self, noun: Token, code: Code, lemma: str | None = None) -> Candidate:
        """An event named by a noun ("the attack on Kyiv", "Qatar Airways' order"); `lemma` names
        an occurrence by its verb, so that "the unveiling" and "unveiled" are one act."""
        cand = Candidate(code, noun, noun, lemma or noun.lemma_.lower(), [], [], self.args.location_of(noun), "nominal")
        self.modifier_sides(cand, noun)
        self.prep_sides(cand, noun)
        for verb in children(noun, "acl"):
            for prep in children(verb, "agent"):
                cand.source.extend(a for o in children(prep, "pobj") for o in conjuncts(o) for a in self.args.np_actors(o))
        if not cand.source and (governor := self.governing_verb(noun)) is not None:
            cand.source = self.args.subject(governor)  # "made gains in the attack", "battled police during a march"
        cand.source = uniq(cand.source)
        cand.target = [a for a in uniq(cand.target) if a not in cand.source]
        partners = code.type == "CONSULT" and any(p == "with" for p, _ in preps(noun))
        if partners and not cand.source:
            cand.source = self.talker(noun, cand.target)
        if not cand.source and code.type not in self.codebook.victim_only and not partners and code.type != "OTHER":
            cand.target = []
        if code.type == "CONSULT" and len(cand.source) < 2 and not cand.target:
            cand.source = []  # a meeting needs two sides
        for node in ancestors(noun):
            cand.clause = node
            if node.pos_ in ("VERB", "AUX"):
                break
        return cand

    def modifier_sides(self, cand: Candidate, noun: Token) -> None:
        """Sides and places among the noun's modifiers ("Russia's invasion", "the Kyiv talks")."""
        code = cand.code
        modifiers = ("poss", "amod", "nmod") if code.type == "ASSAULT" else ("poss", "amod", "nmod", "compound")
        places = PLACE_KINDS if code.type == "OTHER" else {"location"}  # "U.S. space launch contracts"
        for child in children(noun, *modifiers):
            found = [a for t in subtree(child) for a in self.args.actors_at(t)]
            place = self.args.place(child)
            if code.mode == "visit" and child.dep_ != "poss" and place:
                cand.location = cand.location or place
                cand.target.append(self.index.host(place))
            elif child.dep_ != "poss" and found and all(self.actors[a]["kind"] in places for a in found if a in self.actors):
                cand.location = cand.location or found[0]
            else:
                cand.source.extend(found)

    def prep_sides(self, cand: Candidate, noun: Token) -> None:
        """Sides in the noun's prepositional phrases: "talks between", "the attack by", "the
        assault on", "the invasion of"; for an occurrence, "the departure from France" is a place."""
        code = cand.code
        for prep, obj in preps(noun):
            objs = conjuncts(obj)
            if code.type == "OTHER" and prep == "from" and (loc := next(filter(None, map(self.args.place, objs)), None)):
                cand.location = cand.location or loc  # "the departure from France"
            elif prep == "between" or prep in self.words.nominal_source_preps:
                cand.source.extend(a for o in objs for a in self.args.np_actors(o, with_preps=True))
            elif prep in self.words.target_preps or (prep == "of" and (code.type in self.codebook.of_target or code.type == "OTHER")):
                for o in objs:
                    if code.mode == "visit" and (loc := self.args.place(o)):
                        cand.location = cand.location or loc
                        cand.target.append(self.index.host(loc))
                    elif code.type == "OTHER":
                        cand.target.extend(self.args.np_actors(o, through_events=False))
                    else:
                        cand.target.extend(self.args.np_actors(o, with_preps=True))  # "an assault on the port city of Basra"

    def talker(self, noun: Token, partners: list[str]) -> list[str]:
        """Who holds "talks with X" that name only the partner: the subject of the nearest clause
        above the noun that has an actor for one ("Channon made his remarks after two days of talks
        with Reagan Administration officials", "Leao Franco said eight hours of talks with Labor
        Minister Almir Pazzianotto ended")."""
        for node in ancestors(noun):
            if node.pos_ in ("VERB", "AUX") and (found := [a for a in self.args.subject(node) if a not in partners]):
                return found
        return []

    def governing_verb(self, noun: Token) -> Token | None:
        """The verb whose object or prepositional phrase an event noun is ("joined the
        demonstrations", "in a refusal to meet"), unless that verb reports or frames it ("said the
        attack", "condemned the attack": the attack is someone else's)."""
        head = noun.head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ not in self.words.occasion_preps:
            head = head.head
        elif noun.dep_ not in ("dobj", "attr"):
            return None
        if head.pos_ not in ("VERB", "AUX") or head.lemma_.lower() in self.lex.reporting_verbs:
            return None
        found = self.predicates.code_verb(head) if head.pos_ == "VERB" else None
        if found is not None and found.code is not None and found.code.type not in ("OTHER",) and found.origin != "support":
            return None
        return head

    def other(self, verb: Token) -> Candidate | None:
        """An occurrence that is no PLOVER event (issue 12): a predicate with an actor as its
        subject or object ("Apple unveiled the iPod nano", "GM's shares fell", "Jobs resigned"),
        unless the verb is a state, a frame or a light verb (non_event_verbs), frames a clause
        (frame_verbs: "announced that ..."), or is the content of another act."""
        lemma = verb.lemma_.lower()
        if not self.occurs(verb, lemma):
            return None
        subjects = self.args.subject_tokens(verb)[0]
        if any(self.predicates.names_act(t) for t in subjects):
            return None  # "the visit has drawn attention": a comment on an act, not a new one
        actors = lambda t: self.args.np_actors(t, through_events=False) or self.args.owners(t)  # noqa: E731
        source = uniq(a for t in subjects for a in actors(t))
        target = [a for o in self.args.patient_tokens(verb) for o in conjuncts(o) for a in actors(o)]
        location = self.args.location_of(verb)
        for prep, obj in preps(verb):  # "won an order from Qatar Airways", "lifted off from Toulouse"
            if prep in self.words.occurrence_preps:
                for a in self.args.np_actors(obj, through_events=False):
                    if self.actors.get(a, {}).get("kind") == "location":
                        location = location or a
                    else:
                        target.append(a)
        target = [a for a in uniq(target) if a not in source]
        if not source and not target:
            return None
        if target and source and all(self.index.is_state(a) for a in source + target):
            if lemma in self.lex.trade_verbs:
                return Candidate(Code("COOPERATE"), verb, verb, lemma, source, target, location, "phrase")
            if lemma in self.lex.giving_verbs:
                return Candidate(Code("AID"), verb, verb, lemma, source, target, location, "phrase")
        return Candidate(Code("OTHER"), verb, verb, lemma, source, target, location, "other")

    def occurs(self, verb: Token, lemma: str) -> bool:
        """Can this verb tell an occurrence at all? Not a state, frame or light verb, not the
        content of another act, not a verb whose object is itself the act."""
        if lemma in self.lex.non_event_verbs or verb.dep_ in ("aux", "auxpass", "amod") \
                or self.predicates.is_content(verb) or not lemma.isalpha():
            return False  # also "'s" taken for a verb
        if lemma in self.lex.frame_verbs and children(verb, "ccomp", "xcomp"):
            return False
        if lemma in self.lex.reporting_verbs and lemma not in self.lex.frame_verbs:
            return False
        objects = children(verb, "dobj", "oprd")
        if any(o.lemma_.lower() in self.lex.speech_nouns or self.predicates.event_noun(o) for o in objects):
            return False  # "made a statement"; "reinforced Washington's support": the noun is the act
        return not (verb.dep_ == "acl" and self.predicates.names_act(verb.head))  # "an agreement struck by X and Y"
