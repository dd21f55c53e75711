"""Step 5 of actor resolution: descriptions, plural descriptions and pronouns.

"China's top diplomat" is the person whose title fits, "the two sides" the pair of actors just
discussed, "he" the last salient person, "they" the last coordinated subjects, "we" in a quote
the speaker's organisation. Each is resolved in text order against a salience history, and a
resolved reference is itself salient for the next ones.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import NamedTuple

from spacy.tokens import Token

from timeline.extract import gazetteer as gz
from timeline.extract.actors.records import DocState
from timeline.extract.actors.words import ActorWords
from timeline.extract.syntax import NOMINAL_SUBJECTS
from timeline.extract.actors.affiliations import title_in

# Pronouns are closed-class grammar, not vocabulary that grows: they stay here.
MALE_FEMALE = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
FIRST_PERSON_PLURAL = {"we", "us", "our", "ours", "ourselves"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself"} | FIRST_PERSON_PLURAL
# Determiners that make a noun a description of someone already named ("the minister").
DEFINITE = {"the", "this"}
PAIR_DETERMINERS = {"two", "both"}
# Antecedents are looked for this many sentences back (and, for a description, this many ahead);
# a pair not found there is looked for over the wider span, at most this many windows back.
LOOKBACK_SENTENCES = 3
LOOKAHEAD_SENTENCES = 2
WIDE_PAIR_SENTENCES = 20
WIDE_PAIR_WINDOWS = 4
# What the actors a plural description stands for are tried as, when it could be either.
ANY_PAIR_KINDS = ["person", "country"]


class Salient(NamedTuple):
    """A mention that later references may point back to."""

    pos: int  # token index
    sentence: int
    actors: list[str]
    subject: bool  # a subject, or a subject's possessor


class Found(NamedTuple):
    """A resolved reference: tokens `start:end` refer to `actors`."""

    start: int
    end: int
    actors: list[str]


class History:
    """Salient mentions sorted by position, so each lookup reads only its window and long
    documents stay linear."""

    def __init__(self) -> None:
        self.items: list[Salient] = []
        self.pos: list[int] = []

    def add(self, item: Salient) -> None:
        k = bisect.bisect_right(self.pos, item.pos)
        self.items.insert(k, item)
        self.pos.insert(k, item.pos)

    def between(self, lo: int, hi: int) -> list[Salient]:
        return self.items[bisect.bisect_left(self.pos, lo):bisect.bisect_left(self.pos, hi)]


def resolve(state: DocState) -> None:
    """Descriptions, plural descriptions and pronouns, in text order, against a salience history."""
    doc, sents = state.doc, state.sents
    history = History()
    for cl in state.ordered:
        for m in cl.mentions:
            root = doc[m.start:m.end].root
            history.add(Salient(root.i, sents.of[root.i], [state.ids[cl.key]], _subjectish(root)))
    plural = _coordinated_subjects(state)
    for tok in doc:
        if tok.i in state.tok_actor or tok.i in state.premod:
            continue
        found = _pronoun(state, tok, history, plural) if tok.pos_ == "PRON" else _noun(state, tok, history, plural)
        if found is None:
            continue
        state.refs.append(state.ref(*found))
        head = doc[found.end - 1]
        if len(found.actors) == 1:
            history.add(Salient(head.i, sents.of[head.i], found.actors, _subjectish(head)))
        else:
            plural.add(Salient(head.i, 0, found.actors, False))


def _coordinated_subjects(state: DocState) -> History:
    """Coordinated subjects ("China and Russia should ...") and plural agents: what a later "they" stands for."""
    plural = History()
    for tok in state.doc:
        if tok.dep_ in NOMINAL_SUBJECTS and tok.i in state.tok_actor:
            group = list(dict.fromkeys([state.tok_actor[tok.i], *(state.tok_actor[c.i] for c in tok.conjuncts
                                                                  if c.i in state.tok_actor)]))
            if len(group) > 1 or (state.by_id[group[0]].generic and tok.tag_ in {"NNS", "NNPS"}):
                plural.add(Salient(max(c.i for c in (tok, *tok.conjuncts)), 0, group, False))
    return plural


def _pronoun(state: DocState, tok: Token, history: History, plural: History) -> Found | None:
    low = tok.lower_
    aid: str | None = None
    if low in MALE_FEMALE:
        aid = _antecedent(state, tok, history, {"person"})
    elif low == "its" or (low == "it" and tok.dep_ in NOMINAL_SUBJECTS and tok.head.pos_ == "VERB"
                          and tok.head.lemma_ != "be" and tok.head.lower_ not in {"'s", "’s"}):
        aid = _antecedent(state, tok, history, {"country", "organization", "group"}, sentences=1)
    elif low in PLURAL_PRONOUNS:
        sents = state.sents
        recent = plural.between(max(sents.start(sents.of[tok.i] - 2), tok.i - state.window), tok.i)
        return Found(tok.i, tok.i + 1, recent[-1].actors) if recent else None
    elif low in FIRST_PERSON:
        aid = _speaker(state, tok, low in FIRST_PERSON_PLURAL)
    return Found(tok.i, tok.i + 1, [aid]) if aid else None


def _noun(state: DocState, tok: Token, history: History, plural: History) -> Found | None:
    low = tok.lower_
    if tok.pos_ in {"NOUN", "PROPN"} and tok.tag_ in {"NNS", "NNPS", "NN"} and \
            _plural_head(tok, state.words) and is_plural_desc(tok, state.words):
        return _plural_description(state, tok, history, plural)
    if tok.pos_ != "NOUN":
        return None
    if tok.tag_ == "NN" and low in gz.ORG_NOUNS and tok.dep_ != "compound" \
            and any(c.lower_ in DEFINITE for c in tok.children if c.i < tok.i):
        aid = _antecedent(state, tok, history, {"organization"})
        if not aid:
            return None
        state.by_id[aid].sector = state.by_id[aid].sector or gz.ORG_NOUNS[low]
        return Found(tok.left_edge.i, tok.i + 1, [aid])
    if tok.dep_ != "compound" and title_in([tok], state.words) is not None:
        return _description(state, tok, history)
    return None


def _plural_head(tok: Token, words: ActorWords) -> str | None:
    """What a plural description headed by `tok` stands for (country, person, any), if it is one."""
    return words.plural_heads.get(tok.lemma_.lower(), words.plural_heads.get(tok.lower_))


def _plural_description(state: DocState, tok: Token, history: History, plural: History) -> Found | None:
    """"the two neighbours": the last coordinated pair of the right kind, else the two most discussed."""
    cls = _plural_head(tok, state.words) or "any"
    sents = state.sents
    lo = max(sents.start(sents.of[tok.i] - 1), tok.i - state.window)
    recent = [p for p in plural.between(lo, tok.i) if all(cls in {"any", state.by_id[a].kind} for a in p.actors)]
    pair = recent[-1].actors if recent else _last_pair(state, tok, history, cls)
    return Found(tok.left_edge.i, tok.i + 1, pair) if pair else None


def description_head(head: Token, words: ActorWords) -> bool:
    """A noun that description resolution may tie to a named actor: a definite singular title or
    organisation noun ("the minister", "the company"), or a plural description ("the two men")."""
    left = [c for c in head.children if c.i < head.i]
    if any(c.dep_ in {"amod", "compound", "nmod"} and c.text[:1].isupper() for c in left):
        return False  # "the Chinese military": named by its country, no anaphor
    if head.tag_ == "NN" and (gz.title_sector(head.lemma_.lower())[0] or head.lower_ in gz.ORG_NOUNS):
        return any(c.lower_ in DEFINITE or c.dep_ == "poss" for c in left)
    return _plural_head(head, words) is not None and is_plural_desc(head, words)


def is_plural_desc(tok: Token, words: ActorWords) -> bool:
    """"the two neighbours", "both sides", "the pair": a definite plural or a pair noun."""
    kids = {c.lower_ for c in tok.children if c.i < tok.i}
    if tok.lower_ == "pair":
        return "the" in kids
    if tok.tag_ not in {"NNS", "NNPS"}:
        return False
    return bool(kids & PAIR_DETERMINERS) or ("the" in kids and tok.lemma_.lower() in words.pair_heads)


def _subjectish(tok: Token) -> bool:
    """Subjects and possessors of subjects ("Wang's visit ... has drawn") are salient."""
    if tok.dep_ in NOMINAL_SUBJECTS:
        return True
    return tok.dep_ == "poss" and tok.head.dep_ in NOMINAL_SUBJECTS


def _antecedent(state: DocState, tok: Token, history: History, kinds: set[str],
                sentences: int = LOOKBACK_SENTENCES) -> str | None:
    """The last salient actor of the wanted kinds: subject before it in this sentence, else the
    last subject of the nearest earlier sentence that has one, else the last mention."""
    sents = state.sents
    k = sents.of[tok.i]
    cands = [h for h in history.between(max(sents.start(k - sentences), tok.i - state.window), tok.i)
             if len(h.actors) == 1 and state.by_id[h.actors[0]].kind in kinds]
    if not cands:
        return None
    subj_same = [h for h in cands if h.sentence == k and h.subject]
    if subj_same:
        return subj_same[-1].actors[0]
    earlier = [h for h in cands if h.sentence != k]
    for sentence in sorted({h.sentence for h in earlier}, reverse=True):
        subj = [h for h in earlier if h.sentence == sentence and h.subject]
        if subj:
            return subj[-1].actors[0]
    return cands[-1].actors[0]


def _speaker(state: DocState, tok: Token, plural: bool) -> str | None:
    """Who "I" or "we" is in a quotation: the subject of the reporting verb of this sentence, else
    of the next one, else of the one before ("We have agreed ...," Samuels added). "We" is the
    speaker's organisation or country when the text names it, else the speaker."""
    doc, sents = tok.doc, state.sents
    k = sents.of[tok.i]
    for j in (k, k + 1, k - 1):
        if not 0 <= j < len(sents.bounds):
            continue
        for verb in doc[sents.bounds[j].start:sents.bounds[j].end]:
            if verb.lemma_.lower() not in state.words.speech_verbs:
                continue
            for subj in verb.children:
                if subj.dep_ == "nsubj" and subj.i in state.tok_actor and subj.lower_ not in FIRST_PERSON:
                    speaker = state.tok_actor[subj.i]
                    if not plural or state.by_id[speaker].kind != "person":
                        return speaker
                    employer = next((r["target"] for r in state.relations if r["source"] == speaker), None)
                    return employer or speaker
    return None


def _last_pair(state: DocState, tok: Token, history: History, cls: str) -> list[str] | None:
    """The two actors of the class most discussed just before `tok`: mention count over this and the
    three previous sentences (else the twenty previous), ties to the most recent."""
    sents, window = state.sents, state.window
    k = sents.of[tok.i]
    for lo in (max(sents.start(k - LOOKBACK_SENTENCES), tok.i - window),
               max(sents.start(k - WIDE_PAIR_SENTENCES), tok.i - WIDE_PAIR_WINDOWS * window)):
        for want in (ANY_PAIR_KINDS if cls == "any" else [cls]):
            counts: Counter = Counter()
            last: dict[str, int] = {}
            for h in history.between(lo, tok.i):
                if len(h.actors) == 1 and state.by_id[h.actors[0]].kind == want:
                    counts[h.actors[0]] += 1
                    last[h.actors[0]] = h.pos
            if len(counts) >= 2:
                top = sorted(counts, key=lambda a: (counts[a], last[a]), reverse=True)[:2]
                return sorted(top, key=lambda a: int(a[1:]))
    return None


def _description(state: DocState, tok: Token, history: History) -> Found | None:
    """"the top diplomat", "China's top diplomat": a definite title noun without a name -> a person."""
    doc, by_id, tok_actor = state.doc, state.by_id, state.tok_actor
    kids = [c for c in tok.children if c.i < tok.i]
    if tok.tag_ != "NN" or not any(c.lower_ in DEFINITE or c.dep_ == "poss" for c in kids):
        return None
    start = tok.left_edge.i
    if any(i in tok_actor and by_id[tok_actor[i]].kind == "person" for i in range(start, tok.i)):
        return None
    country_ids = [tok_actor[t.i] for t in doc[start:tok.i] if t.i in tok_actor
                   and by_id[tok_actor[t.i]].kind == "country"]
    title = tok.lemma_.lower()
    aid = _described_person(state, tok, history, title, {by_id[a].country for a in country_ids})
    if aid is None:
        return None
    cl = by_id[aid]
    role = " ".join(t.text for t in doc[start:tok.i + 1] if t.i not in tok_actor
                    and t.dep_ not in {"det", "case", "poss"} and not t.is_punct)
    if country_ids:
        cl.country = cl.country or by_id[country_ids[0]].country
        state.relations.append({"type": "affiliation", "source": aid, "target": country_ids[0], "role": role,
                                "sentence": state.sents.chars(state.sents.of[tok.i])})
    cl.sector = cl.sector or gz.title_sector(title)[1]
    if role and role not in cl.roles:
        cl.roles.append(role)
    return Found(start, tok.i + 1, [aid])


def _described_person(state: DocState, tok: Token, history: History, title: str,
                      countries: set[str | None]) -> str | None:
    """The person a title description stands for: one whose roles end in the title (else whose
    sector fits it) and whose country is among `countries`, nearest before it, else just after."""
    by_id, sents = state.by_id, state.sents
    people = [aid for aid, cl in by_id.items() if cl.kind == "person"]
    fitting = [a for a in people if any(r.lower().endswith(title) for r in by_id[a].roles)
               and (not countries or by_id[a].country in countries | {None})]
    if not fitting:
        fitting = [a for a in people if (not countries or by_id[a].country in countries | {None})
                   and by_id[a].sector in {None, gz.title_sector(title)[1]}]
    if not fitting:
        return None
    k = sents.of[tok.i]
    near = [h for h in history.between(max(sents.start(k - LOOKBACK_SENTENCES), tok.i - state.window), tok.i)
            if h.actors[0] in fitting and len(h.actors) == 1]
    if near:
        return near[-1].actors[0]
    after = [h for h in history.between(tok.i + 1, min(sents.end(k + LOOKAHEAD_SENTENCES), tok.i + state.window))
             if h.actors[0] in fitting and len(h.actors) == 1]
    return after[0].actors[0] if after else None
