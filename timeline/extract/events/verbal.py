"""Events told by a coded verb ("Russia attacked Ukraine", "urged Iraq to withdraw"): the verb's
sides, then the codebook's readings of force (3.16), of an act's content (3.3-3.11) and of who acts."""

from __future__ import annotations

from spacy.tokens import Token

from timeline.extract.coding import VerbCode
from timeline.extract.eventdata import Code
from timeline.extract.events.candidate import Candidate
from timeline.extract.events.predicates import CandidateReader
from timeline.extract.syntax import children, conjuncts, preps, uniq

# Ways of finding a verb's code whose object noun is the event ("imposed sanctions", "held talks").
NOUN_ORIGINS = ("phrase", "support", "cameo-pattern")
# Ways of finding a verb's code from the verb alone, with no pattern or phrase around it.
BARE_ORIGINS = ("lexicon", "cameo-verb")


class VerbalReader(CandidateReader):
    """Turns a coded verb into a candidate event, or None when the codebook says it is none."""

    def verbal(self, verb: Token, found: VerbCode) -> Candidate | None:
        """The act a coded verb tells, read through the codebook's conventions in order: sides,
        topic or naming (no act), force, content, implied target, sides the category needs, and
        who acts."""
        assert found.code is not None
        noun = found.noun if found.origin in NOUN_ORIGINS else None
        nouns = conjuncts(noun) if noun is not None else []
        noun_ids = {n.i for n in nouns}
        objects = [o for obj in self.args.patient_tokens(verb) if obj.i not in noun_ids for o in conjuncts(obj)]
        cand = self.participants(verb, found, noun, nouns, objects)
        if found.origin in BARE_ORIGINS and cand.code.type == "CONSULT" and objects and not cand.target \
                and cand.code.mode != "visit":
            return None  # "discussed the plan": a topic, not a counterpart
        if found.origin in BARE_ORIGINS and children(verb, "oprd"):
            return None  # "what it called the regime": naming, not an act
        if not self.force_reading(verb, cand, objects) or not self.content_reading(verb, noun, cand):
            return None
        self.implied_target(verb, cand)
        if not self.has_sides(verb, found, cand, objects):
            return None
        self.codebook_reading(cand, objects, nouns)
        return cand

    def participants(self, verb: Token, found: VerbCode, noun: Token | None, nouns: list[Token],
                     objects: list[Token]) -> Candidate:
        """The verb's subject, objects and prepositional sides; for a visit, the host of the place."""
        code = found.code
        assert code is not None
        trigger = noun if found.origin == "support" and noun is not None else verb
        source = self.args.subject(verb)
        cand = Candidate(code, trigger, verb, trigger.lemma_.lower(), source, [], self.args.location_of(verb),
                         found.origin)
        own = {self.actors[a]["country"] for a in source if a in self.actors} - {None}
        if code.type not in self.codebook.own_means:  # the troops a state deploys are no target
            for n in nouns:  # "expelled two Soviet diplomats": people that are the act's object are its target
                cand.target.extend(a for a in self.args.np_actors(n)
                                   if self.actors.get(a, {}).get("country") not in own and a not in source)
            for obj in objects:
                if not self.add_visited(cand, obj):
                    cand.target.extend(self.args.np_actors(obj, with_preps=True))
        self.prep_sides(cand, verb, found, nouns)
        if not cand.source and nouns:
            cand.source = [a for n in nouns for t in children(n, "poss") for a in self.args.np_actors(t)]
        if code.mode == "visit" and (goal := self.args.travel_goal(verb)) and found.origin == "travel":
            cand.location = goal
            cand.target = [self.index.host(goal)] if cand.source else []
        if found.reverse:
            cand.source, cand.target = cand.target, cand.source
        return cand

    def add_visited(self, cand: Candidate, tok: Token) -> bool:
        """For a visit, a place on this side is where it happened and its host country the target."""
        if cand.code.mode != "visit" or not (loc := self.args.place(tok)):
            return False
        cand.location = cand.location or loc
        cand.target.append(self.index.host(loc))
        return True

    def prep_sides(self, cand: Candidate, verb: Token, found: VerbCode, nouns: list[Token]) -> None:
        """Sides in prepositional phrases of the verb or its event noun: the pattern's source
        preposition, target prepositions ("with", "against"; "at" only for hostile acts), and the
        "of" of an event noun ("the invasion of Ukraine")."""
        kind = cand.code.type
        for head in [verb, *nouns]:
            for prep, obj in preps(head):
                if prep == found.source_prep:
                    cand.source = uniq([*cand.source, *self.args.np_actors(obj)])
                elif prep in self.words.target_preps or prep == found.target_prep or (
                        prep == "of" and kind in self.codebook.of_target and head.i != verb.i):
                    for o in conjuncts(obj):
                        if not self.add_visited(cand, o) and (prep != "at" or kind in self.codebook.hostile):
                            cand.target.extend(self.args.np_actors(o))

    def force_reading(self, verb: Token, cand: Candidate, objects: list[Token]) -> bool:
        """Force is physical (3.16): aimed at an idea ("attacked the policy") it is criticism when
        the verb can mean that (ACCUSE), else no event (False)."""
        code = cand.code
        if code.type == "ASSAULT" or code.means("COERCE", "arrest"):
            aimed = objects + [o for p, o in preps(verb) if p in self.words.force_preps]
            if aimed and not any(self.args.is_physical(o) for o in aimed):
                if verb.lemma_.lower() not in self.lex.criticism_verbs:
                    return False
                cand.code = Code("ACCUSE", "disapprove", code.cameo)
        return True

    def content_reading(self, verb: Token, noun: Token | None, cand: Candidate) -> bool:
        """The act read with its content ("vowed to attack" is a threat); the content clause is then
        no second event. False when the content, not the verb, is the event ("launched a campaign
        to discredit X")."""
        code = cand.code
        takers = self.codebook.content_takers
        if self.predicates.denies(verb):
            return True
        found = self.predicates.content_code(verb, noun) if code.type in takers or noun is not None else None
        if found is None:
            return True
        content, content_verb = found
        noun_code = self.lex.nouns.get(noun.lemma_.lower()) if noun is not None else None
        if code.type != "AGREE" and noun is not None and not (noun_code and noun_code.type in takers):
            return False
        cand.code = self.combine(code, content)
        if cand.code.type in takers:
            self.predicates.mark_content(verb, content_verb)
        return True

    def combine(self, code: Code, content: Code) -> Code:
        """A verbal act read with its content, as PETRARCH combines verb codes (an intent to
        attack is a threat, 3.11; an announced retreat a concession, 3.4.2; a request or refusal
        takes its mode from what is asked or refused, Tables 3.3 and 3.5)."""
        if code.type == "AGREE":
            if content.type in self.codebook.intent_concede:
                return Code("CONCEDE", None, code.cameo)
            if (mode := self.codebook.threat_mode(content)) is not None:
                return Code("THREATEN", mode, code.cameo)
            return code
        if code.type == "THREATEN" and code.mode is None:
            return Code("THREATEN", self.codebook.threat_mode(content), code.cameo)
        if code.type in ("REQUEST", "REJECT") and code.mode is None and content.type in self.codebook.asked_modes:
            return Code(code.type, self.codebook.asked_modes[content.type], code.cameo)
        return code

    def implied_target(self, verb: Token, cand: Candidate) -> None:
        """A target the verb's objects leave out: the addressee in a speech act's content, the
        object of the verb a recipient-needing act is coordinated with, the one state aid goes to."""
        kind = cand.code.type
        if not cand.target and kind in self.codebook.content_takers | {"SUPPORT"} and not self.predicates.denies(verb):
            cand.target = self.args.content_target(verb, cand.source)
        if not cand.target and kind in self.codebook.needs_recipient and verb.dep_ == "conj":
            cand.target = [a for o in children(verb.head, "dobj") for a in self.args.np_actors(o)]
        if not cand.target and kind == "AID":
            cand.target = self.args.beneficiary(verb, cand.source)

    def has_sides(self, verb: Token, found: VerbCode, cand: Candidate, objects: list[Token]) -> bool:
        """Does the act have the sides its category needs (a person released, two actors for a bare
        CAMEO verb, a recipient)?"""
        kind = cand.code.type
        if verb.lemma_.lower() in self.lex.person_verbs and objects and not any(self.args.is_person(o) for o in objects):
            return False  # "released the iPhone": a release frees people (3.7), not products
        if found.origin == "cameo-verb" and not cand.target and len(cand.source) < 2 \
                and kind not in self.codebook.one_sided_verbs and not any(self.args.is_physical(o) for o in objects):
            return False  # PETRARCH codes a bare verb only between two actors (or on a thing acted upon)
        return not (kind in self.codebook.needs_recipient and not cand.target and len(cand.source) < 2)

    def codebook_reading(self, cand: Candidate, objects: list[Token], nouns: list[Token]) -> None:
        """The category the codebook gives the act by what is taken and who acts."""
        code = cand.code
        taken = [*objects, *nouns, *(o for t in objects for p, o in preps(t) if p == "of")]
        if code.means("COERCE", "seize") and any(o.lemma_.lower() in self.lex.battle_places for o in taken):
            code = Code("ASSAULT", None, code.cameo)  # territory taken in battle (3.16), not a seizure
        if code.type == "COERCE" and cand.source and all(self.index.sector(a) in self.lex.civilian_sectors
                                                         for a in cand.source):
            code = Code("PROTEST", "obstruct", code.cameo)  # protesters occupying, blocking (3.12)
        if code.type == "PROTEST" and cand.source and all(self.index.is_state(a) for a in cand.source):
            code = Code("ACCUSE", "disapprove", code.cameo)  # a diplomatic protest is ACCUSE (3.12.2)
        cand.code = code
