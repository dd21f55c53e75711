"""Which event a predicate reports: CAMEO verb patterns and this project's lexicon on the parse.

PETRARCH-2 codes a verb by its synonym block and the most specific of the block's patterns that the
sentence matches: nouns before the verb (its subject), words after it (objects, particles) and
prepositional phrases. This module does the same over spaCy's dependency parse, then maps the
CAMEO code to PLOVER. The project's lexicon (`lexicon.yaml`, PLOVER-coded) is a layer on top: at
equal specificity its entries win, so analysts can correct the field's dictionary without editing it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from timeline.extract.eventdata import Code, Noun, Pattern, Prep, VerbDictionary
from timeline.extract.plover import Lexicon
from timeline.extract.syntax import OBJECT_DEPS, PREP_DEPS, children, conjuncts

# Dependents that hold a verb's "post-verb" words in PETRARCH's sense.
POST_DEPS = frozenset({"dobj", "attr", "oprd", "dative", "nsubjpass", "acomp", "prt", "advmod", "npadvmod", "iobj"})
# Specificity, in half-words: each word a CAMEO pattern (or multi-word verb) pins down counts two;
# a lexicon phrase or verb+object entry four (two words); a bare lexicon verb three, so that it
# beats CAMEO's bare verbs (zero) and one-word patterns ("indict * (FOR)" is CAMEO's 173, an arrest,
# where PLOVER codes an indictment ACCUSE), and yields to patterns that pin down two words or more.
WORD_WEIGHT = 2
LEXICON_PHRASE_WEIGHT = 4
LEXICON_VERB_WEIGHT = 3


@dataclass(frozen=True)
class VerbCode:
    """The event a predicate reports (None: explicitly no event) and how it was found."""

    code: Code | None
    origin: str          # "lexicon", "phrase", "support", "cameo-pattern", "cameo-verb", "travel"
    weight: int
    noun: Token | None = None       # the object noun that is the event ("imposed sanctions")
    reverse: bool = False           # source and target swap (CAMEO ":173")
    source_prep: str | None = None  # the preposition whose object is the source
    target_prep: str | None = None  # the preposition whose object is the target


def _forms(tok: Token) -> tuple[str, str]:
    return tok.lower_, tok.lemma_.lower()


def _noun_lemma(noun: Token) -> str:
    """A noun's lemma; the tagger takes capitalised plurals for names and keeps them whole
    ("deploy 45,000 Marines"), so a plural proper noun loses its "s"."""
    lemma = noun.lemma_.lower()
    return lemma.removesuffix("s") if noun.tag_ == "NNPS" else lemma


def _is(tok: Token, forms: frozenset[str]) -> bool:
    return tok.lower_ in forms or tok.lemma_.lower() in forms


class PredicateCoder:
    """Codes predicates with the CAMEO dictionary under the lexicon."""

    def __init__(self, verbs: VerbDictionary, lexicon: Lexicon) -> None:
        self.verbs = verbs
        self.lex = lexicon
        self.codebook = lexicon.codebook

    def code(self, verb: Token, subjects: list[Token]) -> VerbCode | None:
        """The best-supported code of a verb token, or None when neither source knows the verb.

        A CAMEO pattern may refine the lexicon's reading of a verb but not turn cooperation into
        conflict or back: "condemn * {TERRORIST ATTACK}" is CAMEO's empathetic comment, yet
        condemning an attack is criticism (PLOVER 3.9)."""
        lexicon, cameo = self._lexicon(verb), self._cameo(verb, subjects)
        if lexicon and cameo and lexicon.code and cameo.code and \
                self._polarity(lexicon.code) != self._polarity(cameo.code):
            cameo = None
        found = [c for c in (lexicon, cameo) if c is not None]
        if not found:
            return None
        best = max(found, key=lambda c: (c.weight, c.origin in ("lexicon", "phrase", "support", "travel")))
        if best.code is not None and best.code.means("COERCE", "arrest") and verb.lemma_.lower() in self.lex.charge_verbs:
            # CAMEO 173 is "arrest, detain, or charge"; a charge is the accusation (PLOVER 3.9: "charge the target with")
            return replace(best, code=Code("ACCUSE", "allege", best.code.cameo))
        return best

    def _polarity(self, code: Code) -> str:
        return (self.codebook.quad(code.type) or "").rsplit("_", 1)[-1]

    # ---- the project's lexicon ------------------------------------------------------------
    def _lexicon(self, verb: Token) -> VerbCode | None:
        lemma = verb.lemma_.lower()
        for part in children(verb, "prt", "advmod", "prep"):
            if (lemma, part.lower_) in self.lex.non_events:
                return VerbCode(None, "lexicon", LEXICON_PHRASE_WEIGHT + WORD_WEIGHT)
            for obj in children(part, "pobj"):  # "bring ... to justice", "put on trial"
                if code := self.lex.particles.get((lemma, part.lower_, obj.lemma_.lower())):
                    return VerbCode(code, "phrase", LEXICON_PHRASE_WEIGHT + WORD_WEIGHT)
            if code := self.lex.particles.get((lemma, part.lower_)):
                return VerbCode(code, "phrase", LEXICON_PHRASE_WEIGHT)
        for noun in _object_nouns(verb, self.lex.arguments.container_preps):
            if code := self.lex.objects.get((lemma, _noun_lemma(noun))):
                return VerbCode(code, "phrase", LEXICON_PHRASE_WEIGHT, noun)
        if lemma in self.lex.support_verbs:
            for obj in _object_nouns(verb, self.lex.arguments.container_preps, depth=2):
                if code := self.lex.nouns.get(obj.lemma_.lower()):
                    return VerbCode(code, "support", LEXICON_PHRASE_WEIGHT, obj)
        if lemma in self.lex.travel_verbs:
            return VerbCode(Code("CONSULT", "visit"), "travel", LEXICON_PHRASE_WEIGHT)
        if lemma in self.lex.verbs:
            return VerbCode(self.lex.verbs[lemma], "lexicon", LEXICON_VERB_WEIGHT)
        return None

    # ---- PETRARCH-2's CAMEO dictionary ----------------------------------------------------
    def _cameo(self, verb: Token, subjects: list[Token]) -> VerbCode | None:
        lemma, lower = verb.lemma_.lower(), verb.lower_
        entries = self.verbs.entries(lemma) or self.verbs.entries(lower)
        if not entries:
            return None
        post = [t for c in children(verb, *POST_DEPS) for t in conjuncts(c) if t.pos_ not in ("VERB", "AUX")]
        words = {w for t in post for w in _forms(t)}
        preps = [(c.lower_, c) for c in children(verb, *PREP_DEPS)]
        preps += [(c.lower_, c) for obj in children(verb, *OBJECT_DEPS) for c in children(obj, *PREP_DEPS)]
        best: VerbCode | None = None
        seen_blocks: set[int] = set()
        for entry in entries:
            bonus = 0
            if entry.after or entry.before:
                if not self._has_words(verb, entry.after, post, preps) or not self._has_words_before(verb, entry.before):
                    continue
                bonus = WORD_WEIGHT * (len(entry.after) + len(entry.before))
            block = self.verbs.blocks[entry.block]
            own = entry.code if entry.own_code else block.code
            if not bonus and lemma in self.lex.cameo_bare_off:
                own = None
            candidates = [VerbCode(self.verbs.to_plover(own), "cameo-verb", bonus)] if own else []
            if entry.block not in seen_blocks or bonus:
                seen_blocks.add(entry.block)
                for pattern in block.candidates(words):
                    if not pattern.post and not pattern.pre and all(p.obj is None for p in pattern.preps):
                        continue  # "(TO)" alone: in a dependency parse any "to" would match
                    if (match := self._pattern(pattern, post, preps, subjects)) is not None:
                        candidates.append(VerbCode(
                            self.verbs.to_plover(pattern.code), "cameo-pattern", WORD_WEIGHT * pattern.weight + bonus,
                            match if isinstance(match, Token) else None, pattern.reverse, _role_prep(pattern, "source"), _role_prep(pattern, "target")))
            if own is None and not candidates and bonus:
                candidates.append(VerbCode(None, "cameo-verb", bonus))
            if lemma in self.lex.reporting_verbs:  # "described the attacks": what is said is no act of the speaker
                candidates = [c for c in candidates if c.code is None or "verbal" in (self.codebook.quad(c.code.type) or "")]
            for cand in candidates:
                if best is None or cand.weight > best.weight:
                    best = cand
        return best

    @staticmethod
    def _has_words(verb: Token, words: tuple[str, ...], post: list[Token], preps: list[tuple[str, Token]]) -> bool:
        """The words after a multi-word verb ("call off", "ask for") among its dependents."""
        present = {t.lower_ for t in post} | {p for p, _ in preps}
        nxt = verb.nbor(1).lower_ if verb.i + 1 < len(verb.doc) else ""
        return all(w in present or w == nxt for w in words)

    @staticmethod
    def _has_words_before(verb: Token, words: tuple[str, ...]) -> bool:
        if not words:
            return True
        start = verb.i - len(words)
        return start >= 0 and [t.lower_ for t in verb.doc[start:verb.i]] == list(words)

    def _pattern(self, pattern: Pattern, post: list[Token], preps: list[tuple[str, Token]],
                 subjects: list[Token]) -> Token | None | bool:
        """The token matching the pattern's first post-verb noun (True when it has none), or None
        when the pattern does not match."""
        first: Token | bool = True
        used: set[int] = set()
        for noun in pattern.post:
            tok = _find_noun(noun, post, used)
            if tok is None:
                return None
            used.add(tok.i)
            if first is True:
                first = tok
        for prep in pattern.preps:
            if not _find_prep(prep, preps):
                return None
        if pattern.pre:
            heads = [t for s in subjects for t in conjuncts(s)]
            for noun in pattern.pre:
                if _find_noun(noun, heads, set(), include_mods=True) is None:
                    return None
        return first


def _object_nouns(verb: Token, containers: frozenset[str], depth: int = 1) -> list[Token]:
    """The verb's object nouns and, `depth` levels down, what they quantify or contain: "sent
    thousands of troops", "transferring 115 mln dlrs in aid", "had a series of rounds of talks"."""
    out = []
    layer = [n for obj in children(verb, *OBJECT_DEPS) for n in conjuncts(obj)]
    for _ in range(depth + 1):
        out.extend(layer)
        layer = [o for noun in layer for p in children(noun, "prep") if p.lower_ in containers
                 for o in children(p, "pobj")]
    return out


def _find_noun(noun: Noun, tokens: list[Token], used: set[int], include_mods: bool = False) -> Token | None:
    for tok in tokens:
        if tok.i in used:
            continue
        candidates = [tok, *(c for c in tok.children if c.dep_ in ("compound", "amod", "nmod"))] if include_mods else [tok]
        for cand in candidates:
            if _is(cand, noun.heads) and _has_mods(cand, noun):
                return tok
    return None


def _has_mods(tok: Token, noun: Noun) -> bool:
    if not noun.mods:
        return True
    left = [t for t in tok.subtree if t.i < tok.i]
    return all(any(_is(t, mod) for t in left) for mod in noun.mods)


def _find_prep(prep: Prep, preps: list[tuple[str, Token]]) -> bool:
    for word, tok in preps:
        if word != prep.prep:
            continue
        if prep.obj is None:
            return True
        objs = [o for p in tok.children if p.dep_ == "pobj" for o in conjuncts(p)]
        if _find_noun(prep.obj, objs, set()) is not None:
            return True
    return False


def _role_prep(pattern: Pattern, role: str) -> str | None:
    return next((p.prep for p in pattern.preps if p.role == role), None)
