"""Step 4 of actor resolution: titles and affiliations around person names.

"Russia's Security Council Secretary X", "X, chief executive of Y", "Y named X chief executive",
"X, who is director of Y": the title becomes one of the person's roles, gives a sector, and the
organisation or country named in the title's noun phrase becomes an affiliation.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Token

from timeline.extract import gazetteer as gz
from timeline.extract.actors.records import Cand, Cluster, DocState
from timeline.extract.actors.words import ActorWords
from timeline.extract.syntax import NOMINAL_SUBJECTS

# Sectors an employer takes from the title of someone it employs ("X, editor of Y": Y is MED).
EMPLOYER_SECTORS = {"BUS", "MED", "EDU", "REL", "JUD", "MIL"}
# The longest title phrase, in words ("chief executive officer").
MAX_TITLE_WORDS = 3


class Title(NamedTuple):
    """A title phrase found among tokens: its text, its sector and the index of its last token."""

    surface: str
    sector: str | None
    last: int


def title_in(tokens: list[Token], words: ActorWords) -> Title | None:
    """The rightmost title phrase among `tokens`."""
    for j in range(len(tokens) - 1, -1, -1):
        for n in range(MAX_TITLE_WORDS, 0, -1):
            if j - n + 1 < 0:
                continue
            phrase_tokens = tokens[j - n + 1:j + 1]
            ok, sector = gz.title_sector(" ".join(t.lower_ for t in phrase_tokens))
            if ok:
                if n == 1 and j > 0 and tokens[j - 1].lower_ in words.title_modifiers:
                    phrase_tokens = tokens[j - 1:j + 1]
                if j - len(phrase_tokens) >= 0 and tokens[j - len(phrase_tokens)].lower_ in words.former \
                        or phrase_tokens[0].lower_ in words.former:
                    sector = "ELI"  # "former president": no longer in office (CAMEO/PLOVER ELI)
                return Title(" ".join(t.text for t in phrase_tokens), sector, phrase_tokens[-1].i)
    return None


def affiliations(state: DocState) -> None:
    """Person -> organisation/country affiliations from titles around the name; also the tokens
    those titles cover (not descriptions of someone else) and refs for copular descriptions."""
    seen: set[tuple[str, str, str | None]] = set()
    for cl in state.ordered:
        if cl.kind != "person":
            continue
        pid = state.ids[cl.key]
        for m in cl.mentions:
            left, regions = _title_regions(state, m, pid)
            for region in regions:
                state.premod.update(t.i for t in region if not (m.start <= t.i < m.end))
                title = title_in(region, state.words)
                if title is None:
                    continue
                if title.surface not in cl.roles and title.surface.lower() not in gz.HONORIFICS:
                    cl.roles.append(title.surface)
                sector = _affiliate(state, cl, pid, m, region, title, seen)
                cl.sector = cl.sector or sector
                if left and region is left and title.last == m.start - 1:
                    first = left[0].i if left[0].tag_ != "DT" else left[0].i + 1
                    cl.surfaces.append(state.doc[first:m.end].text)


def _title_regions(state: DocState, m: Cand, pid: str) -> tuple[list[Token], list[list[Token]]]:
    """The noun phrases around a mention that may hold its title: the words before it, appositions,
    the title it modifies ("Secretary X"; with an appointing verb's subject), copular predicates."""
    doc = state.doc
    root = doc[m.start:m.end].root
    regions: list[list[Token]] = []
    left = [t for t in doc[root.left_edge.i:m.start] if not t.is_punct]
    if left:
        regions.append(left)
    for child in root.children:
        if child.dep_ == "appos" and child.i >= m.end:
            regions.append(_np_region(child))
    if root.dep_ in {"compound", "appos"} and gz.title_sector(root.head.lower_)[0]:
        head = root.head
        region = [t for t in _np_region(head) if not (m.start <= t.i < m.end)]
        verb = head.head
        if head.dep_ in {"oprd", "attr", "xcomp", "dobj"} and verb.lemma_ in state.words.appoint_verbs:
            region += [t for c in verb.children if c.dep_ in NOMINAL_SUBJECTS for t in c.subtree]
        regions.append(region)
    verbs = [c for c in root.children if c.dep_ == "relcl" and c.lemma_ == "be"]
    if root.dep_ in NOMINAL_SUBJECTS and root.head.lemma_ == "be" and not root.conjuncts:
        verbs.append(root.head)
    for v in verbs:
        for c in v.children:
            if c.dep_ == "attr" and c.pos_ == "NOUN":
                region = _np_region(c)
                regions.append(region)
                state.refs.append(state.ref(min(t.i for t in region), c.i + 1, [pid]))
    return left, regions


def _affiliate(state: DocState, cl: Cluster, pid: str, m: Cand, region: list[Token], title: Title,
               seen: set[tuple[str, str, str | None]]) -> str | None:
    """Record the person's affiliation with each organisation, country or group the title's phrase
    names, and return the title's sector as the employer decides it (a shared title takes the
    employer's: "president of Apple" is BUS)."""
    role, sector = title.surface, title.sector
    targets = list(dict.fromkeys(state.tok_actor[t.i] for t in region if t.i in state.tok_actor
                                 and state.tok_actor[t.i] != pid))
    for tid in targets:
        target = state.by_id[tid]
        if target.kind not in {"organization", "country", "group"}:
            continue
        if target.kind == "country" and cl.country is None:
            cl.country = target.country
        if target.kind == "organization":
            cl.country = cl.country or target.country
            if target.sector is None and sector in EMPLOYER_SECTORS:
                target.sector = sector
            if target.sector or role.lower().split()[-1] in gz.SHARED_TITLES:
                sector = target.sector
        key = (pid, tid, role)
        if key not in seen:
            seen.add(key)
            state.relations.append({"type": "affiliation", "source": pid, "target": tid, "role": role,
                                    "sentence": state.sents.chars(state.sents.of[m.start])})
    return sector


def _np_region(tok: Token) -> list[Token]:
    """A title noun phrase: its left modifiers and "of/at/for" complements, not its clauses."""
    out = [t for t in tok.subtree if t.i <= tok.i]
    for c in tok.children:
        if c.i > tok.i and c.dep_ == "prep" and c.lower_ in {"of", "at", "for", "with"}:
            out.extend(c.subtree)
        elif c.i > tok.i and c.dep_ in {"compound", "amod", "nmod", "appos"} and c.pos_ != "VERB":
            out.extend(t for t in c.subtree)
    return sorted(set(out), key=lambda t: t.i)
