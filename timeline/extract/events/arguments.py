"""Who takes part in an act and where: the actors a noun phrase refers to, a verb's subject and
objects, the place of a clause, and the other side when the clause leaves it out."""

from __future__ import annotations

from spacy.tokens import Span, Token

from timeline.extract.events.candidate import Candidate
from timeline.extract.events.document import PLACE_KINDS, DocumentIndex
from timeline.extract.syntax import (ACTIVE_SUBJECTS, ALL_SUBJECTS, NOMINAL_SUBJECTS, WALK_LIMIT, children, conjuncts,
                                     has_infinitive_to, preps, subtree, uniq)


class ArgumentFinder:
    """Reads sources, targets and locations off the parse of one Doc."""

    def __init__(self, index: DocumentIndex) -> None:
        self.index = index
        self.lex = index.lex
        self.words = index.lex.arguments
        self.actors = index.actors
        self.actors_at = index.actors_at

    def np_actors(self, head: Token, with_preps: bool = False, through_events: bool = True) -> list[str]:
        """Actors a noun phrase refers to: its head, an apposition, else the modifiers of a head that
        stands for them ("Russia's foreign ministry", "a refugee camp", and unless `through_events`
        is off, "Iran's demand"), never of any noun ("its export quota")."""
        out: list[str] = []
        for tok in conjuncts(head):
            if tok.lower_ in self.words.relative_pronouns and tok.dep_ in ALL_SUBJECTS:
                clause = tok.head
                tok = clause.head if clause.dep_ in ("relcl", "acl") else tok
            found = self.actors_at(tok)
            if not found or all(self.actors.get(a, {}).get("generic") for a in found):
                named = [a for child in children(tok, "appos") for a in self.actors_at(child)]
                found = named or found  # "European aircraft manufacturer, Airbus,": Airbus
            lemma = tok.lemma_.lower()
            stands_for = lemma in self.lex.agent_nouns or lemma in self.lex.proxy_nouns \
                or (through_events and lemma in self.lex.nouns) or lemma in self.lex.physical_nouns
            if not found and (tok.pos_ == "PROPN" or stands_for):
                for child in children(tok, "poss", "compound", "amod", "nmod"):
                    found.extend(self.actors_at(child) or [a for g in subtree(child) for a in self.actors_at(g)])
            if not found and with_preps and tok.pos_ in ("NOUN", "PROPN"):
                for prep, obj in preps(tok):
                    if prep in self.words.actor_preps:
                        found.extend(self.np_actors(obj))
            out.extend(found)
        return uniq(out)

    def is_physical(self, tok: Token) -> bool:
        """Can force be used on what this noun phrase names (3.16)? People and what they hold
        (`is_person`), numbers, and attacks themselves ("repelled an attack")."""
        if self.is_person(tok) or tok.like_num:
            return True
        if (code := self.lex.nouns.get(tok.lemma_.lower())) is not None and code.type == "ASSAULT":
            return True
        return any(c.like_num for c in children(tok, "nummod"))

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
        subj = self.past_dateline(children(verb, *ACTIVE_SUBJECTS))
        if subj:
            return subj, False
        for prep in children(verb, "agent"):
            objs = children(prep, "pobj")
            if objs:
                return objs, True
        if children(verb, "nsubjpass"):
            return [], True
        if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not children(verb, "aux", "auxpass"):
            return [], True  # "Asked to comment, X said ...": X was asked
        if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.dep_ == "prep" \
                and verb.head.head.pos_ in ("VERB", "AUX"):
            main = verb.head.head  # "X was suspended after violating the law": X violated it
            surface = children(main, *NOMINAL_SUBJECTS)
            return (surface, False) if surface else main
        if verb.dep_ == "xcomp" and verb.head.dep_ == "acomp" and verb.head.pos_ == "ADJ":
            return verb.head.head  # "is likely to visit": the subject of "is"
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
            if children(verb, "auxpass"):
                return [], True
            # "urged X to withdraw": X withdraws; "X was expected (asked, forced) to visit": X visits. With a
            # by-agent the verb decides ("issues used by the West to discredit China"), so the agent is kept.
            passive = [] if children(verb.head, "agent") else children(verb.head, "nsubjpass")
            controller = children(verb.head, "dobj") + passive if verb.dep_ == "xcomp" else []
            return (self.past_dateline(controller), False) if controller else verb.head
        if verb.dep_ in ("relcl", "acl") and verb.tag_ != "VBN":
            head = verb.head
            if head.dep_ == "attr" and head.head.i != head.i:
                return head.head
            if has_infinitive_to(verb) and head.dep_ == "dobj" and not self.np_actors(head):
                return head.head  # "Russia launched a campaign to discredit X": Russia discredits
            return [head], False
        return [], False

    def subject(self, verb: Token) -> list[str]:
        """The actors the verb's agent refers to (its subject, or a passive's "by"-phrase)."""
        toks, _ = self.subject_tokens(verb)
        return uniq(a for t in toks for a in self.np_actors(t, with_preps=True))

    def patient_tokens(self, verb: Token) -> list[Token]:
        """The heads of what the verb acts on: objects (the indirect one too: "granted Cuba a loan"),
        a passive subject, and the noun a past participle modifies ("the hostages freed on Sunday")."""
        out = self.past_dateline(children(verb, "dobj", "nsubjpass", "dative", "iobj", "oprd"))
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            out.append(verb.head)
        return out

    def past_dateline(self, heads: list[Token]) -> list[Token]:
        """Argument heads outside a wire dateline. The parser may make the dateline's place the
        subject ("NAIROBI, Kenya (AP) - At least 74 people ... were killed": NAIROBI, with "people"
        in apposition); the apposition after the dateline is the argument then."""
        inside = self.index.dateline_tokens
        return [h for head in heads for h in ([head] if head.i not in inside else
                                              [a for a in children(head, "appos") if a.i not in inside])]

    def place(self, tok: Token) -> str | None:
        """The first country or location the noun phrase refers to, if any."""
        for actor_id in self.np_actors(tok):
            actor = self.actors.get(actor_id)
            if actor and actor["kind"] in PLACE_KINDS:
                return actor_id
        return None

    def location_of(self, *heads: Token) -> str | None:
        """A place in the clause: "in Kyiv" on the trigger or on its objects, or "where" clauses."""
        location_preps = self.words.location_preps
        heads = heads + tuple(o for h in heads for o in self.patient_tokens(h)) + tuple(
            o for h in heads for p, o in preps(h) if p not in location_preps)
        for head in heads:
            for prep, obj in preps(head):
                if prep in location_preps and (loc := self.place(obj)):
                    return loc
            if head.dep_ == "relcl" and any(c.lower_ == "where" for c in head.children):
                if loc := self.place(head.head):
                    return loc
        return None

    def travel_goal(self, verb: Token) -> str | None:
        """Where a travel verb goes ("flew to Moscow"): a place after one of the travel prepositions."""
        for prep, obj in preps(verb):
            if prep in self.words.travel_goal_preps and (loc := self.place(obj)):
                return loc
        return None

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
        states = uniq(a for t in subtree(verb) for a in self.actors_at(t)
                      if a not in source and self.actors.get(a, {}).get("kind") == "country")
        return states if len(states) == 1 else []

    def content_target(self, verb: Token, source: list[str]) -> list[str]:
        """The addressee of a speech act found in its content: "demanded that Iraq withdraw" (the
        content's subject), "threatened to attack Iran" (the content's object)."""
        out: list[str] = []
        for content in children(verb, "xcomp", "ccomp"):
            subject = [a for s in children(content, *NOMINAL_SUBJECTS) for a in self.np_actors(s)]
            subject = [a for a in subject if a not in source]
            if subject:
                out.extend(subject)
                continue
            out.extend(a for o in self.patient_tokens(content) for a in self.np_actors(o))
            out.extend(a for p, o in preps(content) if p in self.words.target_preps for a in self.np_actors(o))
        for prep in children(verb, "prep"):
            for pcomp in children(prep, "pcomp"):
                out.extend(a for o in self.patient_tokens(pcomp) for a in self.np_actors(o))
        return [a for a in uniq(out) if a not in source]

    def owners(self, head: Token) -> list[str]:
        """The actors a thing belongs to, for occurrences ("GM's shares", "the shares of GM",
        "Apple Computer's iTunes store")."""
        found = [a for c in children(head, "poss", "compound") for a in self.actors_at(c)]
        found += [a for p, o in preps(head) if p == "of" for a in self.actors_at(o)]
        return uniq(a for a in found if self.actors.get(a, {}).get("kind") != "location")  # "the Long Beach plant"
