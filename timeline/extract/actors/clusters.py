"""Steps 2 and 3 of actor resolution: which mentions are one actor, and what kind of actor it is.

Candidates with a known identity (a dictionary entry, a gazetteer actor, a country, a capital
as a place or as its state, a plural nationality) go straight to their cluster. Lower-case state
bodies owned by a country become organisations ("Russia's foreign ministry"). NER names are
merged, full names first and short forms onto the full names they abbreviate, and each name's
kind is decided by a vote over its mentions and the cues around them; last, capitalised repeats
of known names that NER missed are added.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from timeline.extract import gazetteer as gz
from timeline.extract.actors.records import (BODY, COUNTRY, DICT, GROUP, NAME, PLACE, Cand, Cluster,
                                            ClusterKey, norm)
from timeline.extract.actors.words import ActorWords
from timeline.extract.syntax import NOMINAL_SUBJECTS

# Labels that fix a cluster's kind: the gazetteer knows what these are.
FIXING_LABELS = {"KNOWN", "COUNTRY", "DEMONYM", "CAPITAL"}
# The vote's order on ties: NER's usual confusion is a person or company named like the other.
KIND_ORDER = ["person", "organization", "location", "country", "group"]
# Cues from the word a name depends on: the dependency, the cue-word table (actor_words.yaml), the
# kind it votes for and the weight ("Reuters report", "Sputnik's website"; "Mac computers").
ORG_HEAD_CUES = (("compound", "publication_nouns", "organization", "context"),
                 ("poss", "outlet_nouns", "organization", "context"))
PRODUCT_HEAD_CUES = (("compound", "product_nouns", "product", "context"),
                     ("dobj", "launch_verbs", "product", "conjunct"))
# A repeat of a known name may be this many words longer than its first word's longest form.
REPEAT_SLACK = 2


class UserDictionary:
    """The user's actor dictionary: entries by alias, and how they override what the model found."""

    def __init__(self, entries: list[dict]) -> None:
        self.entries = entries
        self.by_alias: dict[str, int] = {}
        for i, e in enumerate(entries):
            for surface in [e["name"], *e["aliases"]]:
                self.by_alias.setdefault(surface.lower(), i)

    def surfaces(self) -> set[str]:
        """Every name and alias as written, for the case-sensitive phrase matcher."""
        return {s for e in self.entries for s in [e["name"], *e["aliases"]]}

    def apply_entry(self, cl: Cluster, entry: int) -> None:
        """The entry's name, kind, country and sector win over the model's, and later candidates and
        the organisation gazetteer leave the cluster's kind and name as the entry set them."""
        e = self.entries[entry]
        cl.name = e["name"]
        cl.kind = e["kind"] or cl.kind or "organization"
        cl.country = e["country"] or cl.country
        cl.sector = e["sector"] or cl.sector
        cl.fixed = True

    def apply(self, clusters: dict[ClusterKey, Cluster]) -> None:
        """Dictionary entries override whatever the model guessed for any actor they name; an
        actor named by an entry that already has its cluster merges into it."""
        if not self.entries:
            return
        owner: dict[int, Cluster] = {k.entry: cl for k, cl in clusters.items() if k.kind == DICT}
        for key in list(clusters):
            cl = clusters[key]
            if key.kind == DICT:
                continue
            for surface in [cl.name or "", *cl.surfaces]:
                entry = self.by_alias.get(norm(surface).lower())
                if entry is None:
                    continue
                if entry in owner:
                    target = owner[entry]
                    target.mentions = sorted(target.mentions + cl.mentions, key=lambda m: m.start)
                    target.surfaces += cl.surfaces
                    target.roles += [r for r in cl.roles if r not in target.roles]
                    del clusters[key]
                else:
                    self.apply_entry(cl, entry)
                    owner[entry] = cl
                break


def cluster_known(doc: Doc, c: Cand, clusters: dict[ClusterKey, Cluster], dictionary: UserDictionary,
                  words: ActorWords) -> bool:
    """Put a candidate whose identity is known into its cluster (or drop it); False leaves a name
    to `merge_names`."""
    span = doc[c.start:c.end]
    if c.key is not None and c.key.kind == DICT:
        cl = clusters.setdefault(c.key, Cluster(c.key))
        dictionary.apply_entry(cl, c.key.entry)
        cl.add(c, span.text)
        return True
    if c.label == "CAPITAL" or (c.source == "ner" and c.label in {"GPE", "LOC", "FAC", "PERSON", "ORG"}
                                and norm(span.text).lower() in gz.tables().capitals):
        _key_capital(doc, c, span, words)
    if c.key:
        cl = clusters.setdefault(c.key, Cluster(c.key))
        if c.kind and not cl.fixed:
            cl.kind, cl.country = c.kind, c.country or cl.country
            cl.sector = cl.sector or c.sector
            cl.name = cl.name or c.name or (gz.country_name(c.country) if c.kind == "country" else None)
            cl.fixed = c.label in FIXING_LABELS
        cl.add(c, span.text)
        return True
    if c.label == "NORP":
        if span.root.tag_ in {"NNPS", "NNS"}:  # "Iraqis", "Palestinians": the people of their country
            c.key = ClusterKey(GROUP, norm(span.text).lower())
            text = norm(span.text)
            country = gz.lookup_demonym(text) or gz.lookup_demonym(text.removesuffix("s"))
            clusters.setdefault(c.key, Cluster(c.key, kind="group", country=country, fixed=True)).add(c, span.text)
        return True
    return False


def _key_capital(doc: Doc, c: Cand, span: Span, words: ActorWords) -> None:
    """A capital is its state when it acts ("Moscow said"), else a place; before a former state
    ended, its capital stands for it ("Moscow" in 1987 is the Soviet Union)."""
    iso = c.country or gz.tables().capitals[norm(span.text).lower()]
    iso = gz.historic_capital(norm(span.text), doc._.dct) or iso
    if _agentive(span, words):
        c.key, c.kind, c.country = ClusterKey(COUNTRY, country=iso), "country", iso
    else:
        c.name = _canonical_capital(norm(span.text))
        c.key, c.kind, c.country = ClusterKey(PLACE, c.name.lower()), "location", iso
        c.label = "CAPITAL"


def _agentive(span: Span, words: ActorWords) -> bool:
    """A capital stands for its country when it acts or owns: subject, possessor, or non-place object."""
    root = span.root
    if root.dep_ in NOMINAL_SUBJECTS or root.dep_ == "poss":
        return True
    if root.dep_ == "pobj":
        return root.head.lower_ not in words.locative_preps
    return root.dep_ in {"dobj", "conj"} and root.head.pos_ == "VERB" and root.head.lemma_ not in words.place_verbs


def _canonical_capital(name: str) -> str:
    iso = gz.tables().capitals.get(name.lower())
    capital = gz.tables().capital_of.get(iso or "")
    if capital and name.lower() in gz.EXTRA_CAPITALS and gz.tables().cities.get(capital.lower()) == iso:
        return capital
    return name


def state_bodies(doc: Doc, clusters: dict[ClusterKey, Cluster]) -> None:
    """"Russia's foreign ministry", "the Chinese military": a lower-case state body owned by a
    country is an organisation of that country ("Russian Foreign Ministry", GOV)."""
    country_at = {i: cl for cl in clusters.values() if cl.kind == "country"
                  for m in cl.mentions for i in range(m.start, m.end)}
    taken = {i for cl in clusters.values() for m in cl.mentions for i in range(m.start, m.end)}
    if not country_at:
        return
    for tok in doc:
        if tok.pos_ not in {"NOUN", "PROPN"} or tok.i in taken or not tok.is_lower:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].is_lower and doc[start - 1].dep_ in {"compound", "amod"} \
                and doc[start - 1].head.i == tok.i and start - 1 not in taken:
            start -= 1
        phrase = " ".join(t.lower_ for t in doc[start:tok.i + 1])
        head_phrase = phrase if phrase in gz.STATE_BODIES else tok.lower_
        sector = gz.STATE_BODIES.get(head_phrase)
        if sector is None:
            continue
        owner = next((country_at[c.i] for c in tok.children
                      if c.i < start and c.i in country_at and c.dep_ in {"poss", "amod", "compound"}), None)
        if owner is None or owner.country is None:
            continue
        if phrase not in gz.STATE_BODIES:
            start = tok.i
        demonym = gz.tables().demonym_of.get(owner.country) or gz.country_name(owner.country)
        name = f"{demonym} {doc[start:tok.i + 1].text.title()}"
        key = ClusterKey(BODY, name.lower(), country=owner.country)
        cl = clusters.setdefault(key, Cluster(key, kind="organization", name=name,
                                              country=owner.country, sector=sector, fixed=True))
        cl.add(Cand(start, tok.i + 1, "body", "BODY", key=key), doc[start:tok.i + 1].text)
        taken.update(range(start, tok.i + 1))


def merge_names(doc: Doc, cands: list[Cand], clusters: dict[ClusterKey, Cluster], weights: dict[str, int],
                words: ActorWords) -> None:
    """Cluster NER names: full names first, then short forms onto the full names they abbreviate."""
    by_word, org_short = _full_names(doc, cands)
    last_seen: dict[ClusterKey, int] = {}
    for c in cands:
        low = c.name.lower()
        key = ClusterKey(NAME, low)
        label = c.label
        if len(low.split()) == 1:
            hits = by_word.get(low)
            if hits:
                label = "PERSON"
                key = max(hits, key=lambda k: (last_seen.get(k, -1) < c.start, last_seen.get(k, -1)))
            elif low in org_short:
                key = ClusterKey(NAME, org_short[low])
        last_seen[key] = c.start
        cl = clusters.setdefault(key, Cluster(key))
        span = doc[c.start:c.end]
        cl.votes[_label_kind(label)] += 1
        for kind, weight in _context_votes(span, weights, words):
            cl.votes[kind] += weight
        cl.add(c, span.text)


def _full_names(doc: Doc, cands: list[Cand]) -> tuple[dict[str, list[ClusterKey]], dict[str, str]]:
    """Name each candidate, and index the full names: the person names each word is part of, and
    the organisation each first word or set of initials abbreviates ("Gazprom", "IBM")."""
    by_word: dict[str, list[ClusterKey]] = {}
    org_short: dict[str, str] = {}
    for c in cands:
        name = strip_legal_form(norm(doc[c.start:c.end].text))
        c.name = name
        words = name.lower().split()
        if len(words) > 1 and c.label == "PERSON":
            key = ClusterKey(NAME, name.lower())
            for w in dict.fromkeys(words):
                if key not in by_word.get(w, []):
                    by_word.setdefault(w, []).append(key)
        elif len(words) > 1 and c.label in {"ORG", "FAC"}:
            org_short.setdefault(words[0], name.lower())
            if _initials(name):
                org_short.setdefault(_initials(name), name.lower())
    return by_word, org_short


def propagate(doc: Doc, clusters: dict[ClusterKey, Cluster]) -> None:
    """Find the names NER missed once ("Patrushev described ..." at a sentence start): any
    capitalised repeat of a known name, or of one word of a person's full name, is a mention."""
    forms = _repeatable_forms(clusters)
    if not forms:
        return
    firsts: dict[str, int] = {}
    for f in forms:
        first_words = f.split()
        firsts[first_words[0]] = max(firsts.get(first_words[0], 0), len(first_words) + REPEAT_SLACK)
    taken = {i for cl in clusters.values() for m in cl.mentions for i in range(m.start, m.end)}
    texts = [t.text for t in doc]
    i = 0
    while i < len(doc):
        if texts[i] not in firsts or i in taken:
            i += 1
            continue
        for n in range(min(firsts[texts[i]], len(doc) - i), 0, -1):
            span = doc[i:i + n]
            key = forms.get(span.text)
            if key and span.text[:1].isupper() and span.root.pos_ == "PROPN" \
                    and not any(j in taken for j in range(i, i + n)):
                clusters[key].add(Cand(i, i + n, "repeat", "REPEAT", key=key), span.text)
                taken.update(range(i, i + n))
                i += n - 1
                break
        i += 1
    for cl in clusters.values():
        cl.mentions.sort(key=lambda m: m.start)


def _repeatable_forms(clusters: dict[ClusterKey, Cluster]) -> dict[str, ClusterKey]:
    """The surface forms of NER names, and the words of person names, with their clusters."""
    forms: dict[str, ClusterKey] = {}
    for cl in clusters.values():
        if cl.key.kind != NAME:
            continue
        for surface in cl.surfaces:
            forms.setdefault(surface, cl.key)
        if cl.votes and vote(cl) == "person":
            for surface in cl.surfaces:
                for word in surface.split():
                    if word[:1].isupper() and len(word) > 2 and not gz.title_sector(word)[0]:
                        forms.setdefault(word, cl.key)
    return forms


def _label_kind(label: str) -> str:
    if label == "PERSON":
        return "person"
    if label in {"GPE", "LOC", "FAC"}:
        return "location"
    return "organization"


def _context_votes(span: Span, w: dict[str, int], words: ActorWords) -> list[tuple[str, int]]:
    """Strong type cues around a name, weighted by `w` (the component's `vote_weights`): known
    names, titles and organisation nouns before it, place lookups, "X report", conjuncts."""
    votes = []
    doc = span.doc
    low = norm(span.text).lower()
    if gz.lookup_known(span.text):
        votes.append((gz.lookup_known(span.text).kind, w["known"]))
    if low in gz.tables().cities or low in gz.tables().provinces:
        votes.append(("location", w["place"]))
    i = span.start - 1
    if i >= 0:
        prev = doc[i].lower_
        if prev in gz.ORG_NOUNS or (i > 0 and f"{doc[i - 1].lower_} {prev}" in gz.ORG_NOUNS):
            votes.append(("organization", w["cue"]))
        elif gz.title_sector(prev)[0]:
            votes.append(("person", w["cue"]))
    root = span.root
    votes.extend(_head_votes(root, w, words, ORG_HEAD_CUES))
    if any(t.dep_ == "appos" and t.lemma_ in gz.ORG_NOUNS for t in root.children):
        votes.append(("organization", w["cue"]))
    if len(span) > 1 and gz.org_sector(span.text):
        votes.append(("organization", w["context"]))
    votes.extend(_product_votes(span, w, words))
    for conj in root.conjuncts:
        if conj.ent_type_ == "ORG" or gz.lookup_known(conj.text):
            votes.append(("organization", w["conjunct"]))
        elif conj.ent_type_ == "PERSON":
            votes.append(("person", w["conjunct"]))
    return votes


def _product_votes(span: Span, w: dict[str, int], words: ActorWords) -> list[tuple[str, int]]:
    """Products and units are not actors: model numbers ("iPhone 4", "A330s"), a number before
    the name ("8 GB"), a product noun after it ("Mac computers"), a launch verb's object."""
    votes = []
    if any(ch.isdigit() for ch in span[-1].text):
        votes.append(("product", w["cue"]))
    if span.start > 0 and span.doc[span.start - 1].like_num:
        votes.append(("product", w["cue"]))
    votes.extend(_head_votes(span.root, w, words, PRODUCT_HEAD_CUES))
    return votes


def _head_votes(root: Token, w: dict[str, int], words: ActorWords,
                cues: tuple[tuple[str, str, str, str], ...]) -> list[tuple[str, int]]:
    """The votes of the cues that the word a name depends on matches."""
    return [(kind, w[weight]) for dep, table, kind, weight in cues
            if root.dep_ == dep and root.head.lemma_ in getattr(words, table)]


def vote(cl: Cluster) -> str:
    """The kind with most votes; ties go to person, then organisation (NER's usual confusion)."""
    if not cl.votes:
        return "organization"
    return max(cl.votes, key=lambda k: (cl.votes[k], -KIND_ORDER.index(k) if k in KIND_ORDER else -9))


def pick_name(cl: Cluster) -> str:
    """The longest full form for people, the most frequent form otherwise."""
    forms = [strip_legal_form(norm(s)) for s in cl.surfaces]
    forms = [f for f in forms if f] or cl.surfaces
    if cl.kind == "person":
        return max(forms, key=lambda f: (len(f.split()), forms.count(f)))
    counts = Counter(forms)
    return max(counts, key=lambda f: (counts[f], len(f)))


def strip_legal_form(name: str) -> str:
    """A company's name without its legal form ("Apple Inc." -> "Apple")."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().strip(",") in gz.LEGAL_FORMS:
        words.pop()
    return " ".join(words).rstrip(",<>")


def _initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isupper() or w.isupper()]
    return "".join(w[0] for w in words).lower() if len(words) > 1 else ""
