"""Actors stage: who is mentioned, as what, and which spans of text refer to them.

spaCy's small NER finds names but mislabels them ("Sputnik" PERSON, "Kyiv" PERSON, "Wang" ORG)
and never normalises them, so this component:
1. collects candidate mentions from a user dictionary, the gazetteers and NER (in that priority);
2. normalises countries to ISO3 (names, codes, demonyms, capitals used as agents), keeps other
   places as locations with their country, and knows groups, IGOs, news outlets and metonyms
   ("the Kremlin" is a GOV organisation of RUS, not RUS itself: it acts as an institution);
3. merges the mentions of one actor ("State Councillor Wang Yi", "Wang Yi", "Wang") and decides
   its kind by a vote over mentions and context cues ("news agency Sputnik" -> organisation;
   "iPhone 4", "8 GB" -> product, dropped), names lower-case state bodies ("Russia's foreign
   ministry" -> "Russian Foreign Ministry") and finds repeats of known names NER missed;
4. reads titles and affiliations around person names ("Russia's Security Council Secretary X",
   "X, chief executive of Y", "Y named X chief executive", "X, who is director of Y");
5. resolves descriptions ("China's top diplomat"), plural descriptions ("the two sides") and
   pronouns ("He landed ...") to actors.

Output: `doc._.actors`, `doc._.relations` and `doc._.refs`. Refs may nest: in "China's top
diplomat" the whole span refers to the diplomat and "China" to the country; map a token to the
smallest ref that contains it.
"""

from __future__ import annotations

import bisect
import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from timeline.extract import gazetteer as gz
from timeline.extract.agents import agent_name, dominant_country, find_agents
from timeline.extract.dictionary import load_dictionary
from timeline.extract.eventdata import (ACTORS_FILE, AGENT_OVERRIDES_FILE, AGENTS_FILE, DATA, DictActor, load_actors,
                                        load_agents)
from timeline.types import Actor, Offsets, Relation

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
LOCATIVE_PREPS = {"in", "to", "at", "from", "into", "near", "across", "inside", "outside", "around",
                  "toward", "towards", "via", "through", "over", "within", "throughout", "onto",
                  "between"}
APPOINT_VERBS = {"name", "appoint", "elect", "nominate", "hire", "promote", "choose", "select",
                 "make", "install", "confirm"}
CORP_SUFFIXES = {"inc", "inc.", "corp", "corp.", "ltd", "ltd.", "plc", "llc", "co", "co.",
                 "n.v.", "s.a.", "ag", "gmbh", "ab", "s.p.a.", "b.v.", "oyj", "asa", "pty"}
PRODUCT_NOUNS = {"laptop", "phone", "smartphone", "computer", "software", "aircraft", "jet",
                 "plane", "airliner", "engine", "device", "model", "tablet", "app", "update",
                 "player", "notebook", "desktop", "version", "console", "car", "vehicle", "drug",
                 "vaccine", "missile", "rocket", "chip", "processor"}
LAUNCH_VERBS = {"unveil", "launch", "release", "introduce", "ship", "sell", "buy", "order",
                "upgrade", "install", "download", "fly", "deliver"}
# Defaults of the component's settings (see `make_actors`).
# Longer "names" are run-on boilerplate or NER errors, not actors.
MAX_NAME_TOKENS = 10
# Antecedents are searched at most this many tokens back, so unpunctuated input stays linear.
WINDOW = 250
# How much each cue counts in the vote on a name's kind: a known name, a title or organisation noun
# next to it, other context (a place lookup, "X report", a sector word in the name), a conjunct.
VOTE_WEIGHTS = {"known": 5, "cue": 3, "place": 2, "context": 2, "conjunct": 1}
MALE_FEMALE = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
FORMER = {"former", "ex", "ex-", "onetime", "one-time"}
FIRST_PERSON_PLURAL = {"we", "us", "our", "ours", "ourselves"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself"} | FIRST_PERSON_PLURAL
# Verbs that introduce quoted speech, whose subject "I" and "we" inside the quote stand for.
SPEECH_VERBS = {"say", "add", "tell", "state", "declare", "announce", "insist", "stress", "explain",
                "warn", "write", "ask", "reply", "continue", "conclude", "note", "argue"}
# Plural descriptions and which actors they stand for: countries, persons or either.
PLURAL_HEADS = {"neighbour": "country", "neighbor": "country", "country": "country",
                "nation": "country", "government": "country", "ally": "country",
                "power": "country", "capital": "country", "partner": "any", "side": "any",
                "pair": "any", "party": "any", "leader": "person", "man": "person",
                "woman": "person", "president": "person", "minister": "person",
                "diplomat": "person", "official": "person"}


@dataclass
class Cand:
    """A candidate mention: token span, where it came from and what it is."""

    start: int
    end: int
    source: str
    label: str
    key: str | None = None
    kind: str | None = None
    country: str | None = None
    sector: str | None = None
    name: str | None = None


@dataclass
class Cluster:
    """One actor being assembled: its mentions, surface forms, type votes and roles."""

    key: str
    kind: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    fixed: bool = False
    generic: bool = False
    fixed_role: bool = False
    default_role: tuple[str | None, str | None] | None = None
    votes: Counter = field(default_factory=Counter)
    mentions: list[Cand] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


@Language.factory(
    "timeline_actors",
    assigns=["doc._.actors", "doc._.refs", "doc._.relations"],
    requires=["doc.ents", "token.dep", "token.pos", "token.lemma"],
    default_config={"dictionary": None, "eventdata": None, "window": WINDOW, "max_name_tokens": MAX_NAME_TOKENS,
                    "vote_weights": VOTE_WEIGHTS},
)
def make_actors(nlp: Language, name: str, dictionary: str | None, eventdata: str | None, window: int,
                max_name_tokens: int, vote_weights: dict[str, int]) -> "ActorResolver":
    """`dictionary`: a YAML/CSV actor dictionary whose entries override the model; `eventdata`: a
    folder of compiled Phoenix dictionaries (default: the packaged one); `window`: how many tokens
    back pronouns and descriptions look for their antecedent; `max_name_tokens`: longer entity
    spans are not names; `vote_weights`: what each cue counts in the vote on a name's kind."""
    return ActorResolver(nlp, dictionary, Path(eventdata) if eventdata else DATA, name=name, window=window,
                         max_name_tokens=max_name_tokens, vote_weights=vote_weights)


def _norm(text: str) -> str:
    """Normalised surface for merging: no leading article, no possessive, single spaces."""
    t = " ".join(text.replace("’", "'").split())
    if t.lower().startswith("the "):
        t = t[4:]
    if t.endswith("'s"):
        t = t[:-2]
    return t.strip(" ,.;:-\"'<>")


class ActorResolver:
    """The `timeline_actors` component (see the module docstring)."""

    def __init__(self, nlp: Language, dictionary: str | None = None, eventdata: Path = DATA, *,
                 name: str = "timeline_actors", window: int = WINDOW, max_name_tokens: int = MAX_NAME_TOKENS,
                 vote_weights: dict[str, int] | None = None) -> None:
        self.name = name
        self.nlp = nlp
        self.window = window
        self.max_name_tokens = max_name_tokens
        self.vote_weights = {**VOTE_WEIGHTS, **(vote_weights or {})}
        self.dictionary_path = Path(dictionary) if dictionary else None
        self._load(eventdata)

    def _load(self, eventdata: Path) -> None:
        """Read the Phoenix dictionaries and the user's dictionary, and build the phrase matchers."""
        nlp, dictionary = self.nlp, self.dictionary_path
        self.eventdata_path = eventdata
        self.agents = load_agents(eventdata)
        self.phoenix = load_actors(eventdata, frozenset(gz.tables().canonical) | gz.HISTORIC_STATES.keys())
        self.entries = load_dictionary(str(dictionary)) if dictionary else []
        self.by_alias: dict[str, int] = {}
        for i, e in enumerate(self.entries):
            for surface in [e["name"], *e["aliases"]]:
                self.by_alias.setdefault(surface.lower(), i)
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        tables = gz.tables()
        lower_terms = set(tables.country_names) | set(tables.demonyms) | set(tables.capitals)
        for table in (gz.METONYMS, gz.IGOS, gz.GROUPS, gz.MEDIA):
            lower_terms |= set(table)
        exact_terms = set(gz.COUNTRY_CODES) | set(gz.IGO_CODES)
        self.lower.add("GAZ", list(nlp.tokenizer.pipe(sorted(lower_terms))))
        self.exact.add("GAZ", list(nlp.tokenizer.pipe(sorted(exact_terms))))
        if self.entries:
            self.exact.add("DICT", list(nlp.tokenizer.pipe(sorted(
                {s for e in self.entries for s in [e["name"], *e["aliases"]]}))))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the Phoenix and agent dictionaries (and the user's dictionary), as spaCy's
        span_ruler writes its patterns, so a saved pipeline carries the data it was run with."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in (ACTORS_FILE, AGENTS_FILE, AGENT_OVERRIDES_FILE):
            shutil.copyfile(self.eventdata_path / name, path / name)
        if self.dictionary_path is not None:
            shutil.copyfile(self.dictionary_path, path / f"dictionary{self.dictionary_path.suffix}")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "ActorResolver":
        path = Path(path)
        saved = sorted(path.glob("dictionary.*"))
        self.dictionary_path = saved[0] if saved else None
        self._load(path)
        return self

    # ---- 1. candidates -------------------------------------------------------------------
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
                    out.append(Cand(s, e, "dict", "DICT", key=f"dict:{entry}"))
                continue
            if not text[:1].isupper() and not text.lower().startswith("the "):
                continue
            if text.lower().startswith("the ") and not text[4:5].isupper():
                continue
            cand = self._classify_gazetteer(span)
            if cand:
                out.append(cand)
        return out

    def _classify_gazetteer(self, span: Span) -> Cand | None:
        text = span.text
        s, e = span.start, span.end
        known = gz.lookup_known(text)
        if known:
            if known.kind == "group" and _norm(text) == "West" and span.start > 0 \
                    and span.doc[span.start - 1].lower_ not in {"the", "collective"} \
                    and not text.lower().startswith("the"):
                return None
            return Cand(s, e, "gaz", "KNOWN", key=f"known:{known.name}", kind=known.kind,
                        country=known.country, sector=known.sector, name=known.name)
        iso = gz.lookup_country(text)
        if iso:
            return Cand(s, e, "gaz", "COUNTRY", key=f"country:{iso}", kind="country", country=iso)
        iso = gz.lookup_demonym(text)
        if iso and span.root.pos_ in {"ADJ", "PROPN", "NOUN"}:
            return Cand(s, e, "gaz", "DEMONYM", key=f"country:{iso}", kind="country", country=iso)
        iso = gz.tables().capitals.get(text.lower())
        if iso:
            return Cand(s, e, "gaz", "CAPITAL", country=iso)
        return None

    def _candidates(self, doc: Doc) -> list[Cand]:
        gaz = self._gazetteer(doc)
        ents: list[Cand] = []
        for ent in doc.ents:
            if ent.label_ not in ACTOR_LABELS:
                continue
            span = _clean_span(ent, self.max_name_tokens)
            if span is None:
                continue
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
            whole = [g for g in inside if (g.start, g.end) == (ent.start, ent.end)]
            if whole:
                chosen.append(whole[0])
            elif inside and ent.label in {"NORP", "GPE", "LOC"}:
                chosen.extend(_non_overlapping(inside))
            else:
                if ent.label in {"ORG", "FAC"} and inside:
                    ent.country = next((g.country for g in inside if g.country), None)
                chosen.append(ent)
            taken.update(range(ent.start, ent.end))
        for g in _non_overlapping(sorted(gaz, key=lambda c: (c.start, -(c.end - c.start)))):
            if g.source == "gaz" and not any(i in taken for i in range(g.start, g.end)):
                chosen.append(g)
                taken.update(range(g.start, g.end))
        return sorted(chosen, key=lambda c: c.start)

    # ---- 2./3. typing and merging ----------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        cands = self._candidates(doc)
        clusters: dict[str, Cluster] = {}
        persons_pending: list[Cand] = []
        for c in cands:
            span = doc[c.start:c.end]
            if c.source == "dict":
                entry = self.entries[int(c.key.split(":")[1])]
                cl = clusters.setdefault(c.key, Cluster(c.key))
                _apply_entry(cl, entry)
                _add(cl, c, span)
                continue
            if c.label == "CAPITAL" or (c.source == "ner" and c.label in {"GPE", "LOC", "FAC", "PERSON", "ORG"}
                                         and _norm(span.text).lower() in gz.tables().capitals):
                iso = c.country or gz.tables().capitals[_norm(span.text).lower()]
                iso = gz.historic_capital(_norm(span.text), doc._.dct) or iso
                if _agentive(span):
                    c.key, c.kind, c.country = f"country:{iso}", "country", iso
                else:
                    c.name = _canonical_capital(_norm(span.text))
                    c.key, c.kind, c.country = f"loc:{c.name.lower()}", "location", iso
                    c.label = "CAPITAL"
            if c.key:
                cl = clusters.setdefault(c.key, Cluster(c.key))
                if c.kind and not cl.fixed:
                    cl.kind, cl.country = c.kind, c.country or cl.country
                    cl.sector = cl.sector or c.sector
                    cl.name = cl.name or c.name or (gz.country_name(c.country) if c.kind == "country" else None)
                    cl.fixed = c.label in {"KNOWN", "COUNTRY", "DEMONYM", "CAPITAL"}
                _add(cl, c, span)
                continue
            if c.label == "NORP":
                if span.root.tag_ in {"NNPS", "NNS"}:
                    c.key = f"grp:{_norm(span.text).lower()}"
                    cl = clusters.setdefault(c.key, Cluster(c.key, kind="group", fixed=True))
                    _add(cl, c, span)
                continue
            persons_pending.append(c)
        _state_bodies(doc, clusters)
        self._merge_names(doc, persons_pending, clusters)
        _propagate(doc, clusters)
        return self._finish(doc, clusters)

    def _merge_names(self, doc: Doc, cands: list[Cand], clusters: dict[str, Cluster]) -> None:
        """Cluster NER names: full names first, then short forms onto the full names they abbreviate."""
        by_word: dict[str, list[str]] = {}
        org_short: dict[str, str] = {}
        for c in cands:
            norm = _strip_corp(_norm(doc[c.start:c.end].text))
            c.name = norm
            words = norm.lower().split()
            if len(words) > 1 and c.label == "PERSON":
                for w in dict.fromkeys(words):
                    if f"name:{norm.lower()}" not in by_word.get(w, []):
                        by_word.setdefault(w, []).append(f"name:{norm.lower()}")
            elif len(words) > 1 and c.label in {"ORG", "FAC"}:
                org_short.setdefault(words[0], norm.lower())
                if _initials(norm):
                    org_short.setdefault(_initials(norm), norm.lower())
        last_seen: dict[str, int] = {}
        for c in cands:
            low = c.name.lower()
            key = f"name:{low}"
            label = c.label
            if len(low.split()) == 1:
                hits = by_word.get(low)
                if hits:
                    label = "PERSON"
                    key = max(hits, key=lambda k: (last_seen.get(k, -1) < c.start, last_seen.get(k, -1)))
                elif low in org_short:
                    key = f"name:{org_short[low]}"
            last_seen[key] = c.start
            cl = clusters.setdefault(key, Cluster(key))
            span = doc[c.start:c.end]
            cl.votes[_label_kind(label)] += 1
            for kind, weight in _context_votes(span, self.vote_weights):
                cl.votes[kind] += weight
            _add(cl, c, span)

    # ---- 4./5. finishing: affiliations, descriptions, pronouns ------------------------------
    def _finish(self, doc: Doc, clusters: dict[str, Cluster]) -> Doc:
        for cl in clusters.values():
            if cl.kind is None:
                cl.kind = _vote(cl)
            if cl.name is None:
                cl.name = _pick_name(cl)
            if cl.kind == "organization" and not cl.fixed:
                known = gz.lookup_known(cl.name)
                if known and known.kind == "organization":
                    cl.name, cl.country, cl.sector = known.name, known.country, known.sector
                cl.sector = cl.sector or gz.org_sector(cl.name)
                cl.country = cl.country or next((m.country for m in cl.mentions if m.country), None)
            if cl.kind == "location" and cl.country is None:
                low = cl.name.lower()
                cl.country = gz.tables().cities.get(low) or gz.tables().provinces.get(low)
            if cl.kind in ("person", "organization", "group") and not cl.generic:
                self._roles(cl, doc._.dct)
        self._apply_dictionary(clusters)
        ordered = sorted((cl for cl in clusters.values() if cl.mentions and cl.kind != "product"),
                         key=lambda cl: min(m.start for m in cl.mentions))
        ids = {cl.key: f"a{i + 1}" for i, cl in enumerate(ordered)}
        by_id = {ids[cl.key]: cl for cl in ordered}
        tok_actor: dict[int, str] = {}
        refs: list[dict] = []
        for cl in ordered:
            for m in cl.mentions:
                for i in range(m.start, m.end):
                    tok_actor[i] = ids[cl.key]
                refs.append(_ref(doc, m.start, m.end, [ids[cl.key]]))
        sents = _Sents(doc)
        relations, premod, copular = _affiliations(doc, ordered, ids, tok_actor, sents)
        refs.extend(copular)
        for cl in ordered:
            if cl.kind == "organization" and cl.sector is None:
                cl.sector = _descriptor_sector(doc, cl)
            if cl.default_role is not None:
                cl.country = cl.country or cl.default_role[0]
                cl.sector = cl.sector or cl.default_role[1]
        refs.extend(self._agents(doc, ordered, ids, by_id, tok_actor, refs, premod, sents, titles=False))
        refs.extend(_resolve(doc, ordered, ids, by_id, tok_actor, premod, relations, sents, self.window))
        refs.extend(self._agents(doc, ordered, ids, by_id, tok_actor, refs, premod, sents, titles=True))
        ordered.sort(key=lambda cl: min(m.start for m in cl.mentions))
        renumber = {ids[cl.key]: f"a{i + 1}" for i, cl in enumerate(ordered)}
        refs = sorted(({**r, "actors": [renumber[a] for a in r["actors"]]} for r in refs),
                      key=lambda r: (r["start"], -r["end"]))
        doc._.actors = [_actor(doc, cl, renumber[ids[cl.key]]) for cl in ordered]
        doc._.refs = refs
        doc._.relations = [{**r, "source": renumber[r["source"]], "target": renumber[r["target"]]} for r in relations]
        return doc

    def _roles(self, cl: Cluster, dct: str | None) -> None:
        """Canonical name, country and sector from the Phoenix dictionaries, with the role that
        holds on the article's date: Ronald Reagan is USA GOV in 1987 and USA ELI (a former
        official) in 1990. A bare surname counts when one dictionary person of that name held
        office then."""
        when = date.fromisoformat(dct) if dct else None
        entry = self._phoenix_entry(cl, when)
        if entry is None:
            return
        role = entry.role(when)
        if cl.kind == "person" and len((cl.name or "").split()) < 2:
            cl.name = _display(entry.name, cl.surfaces)  # "Reagan" → "Ronald Reagan"; a full name as written stays
        if role is None:
            return
        if role.start or role.end:  # a dated role that holds on the day beats the text's titles
            cl.country = role.country or cl.country
            cl.sector = role.sector or cl.sector
            cl.fixed_role = True
        else:  # an undated default only fills what the text does not say
            cl.default_role = (role.country, role.sector)

    def _phoenix_entry(self, cl: Cluster, when: date | None) -> DictActor | None:
        forms = [_strip_corp(_norm(s)).lower() for s in [cl.name or "", *cl.surfaces]]
        for form in dict.fromkeys(f for f in forms if f):
            found = [e for e in self.phoenix.find(form) if e.origin != "countries" or cl.kind == "person"
                     or len(form.split()) > 1]
            if found:
                return found[0]
        words = {f for f in forms if f}
        if cl.kind != "person" or len(words) != 1 or len(next(iter(words)).split()) != 1:
            return None  # a full name not in the dictionary is someone else; only a bare surname is looked up
        surname = next(iter(words))
        holders = [e for e in self.phoenix.by_surname.get(surname, ())
                   if (r := e.role(when)) is not None and r.sector not in (None, "ELI") and (r.start or r.end)
                   and cl.country in (None, r.country)]
        return holders[0] if len(holders) == 1 else None

    def _agents(self, doc: Doc, ordered: list[Cluster], ids: dict[str, str], by_id: dict[str, Cluster],
                tok_actor: dict[int, str], refs: list[dict], premod: set[int], sents: "_Sents",
                titles: bool) -> list[dict]:
        """Agent noun phrases that no name covers become actors, one per country and sector
        ("Israeli soldiers", "the Israeli army" → Israeli military). A definite singular title
        ("the minister") waits for description resolution, which looks for the person first: the
        pass with `titles` takes the ones it left."""
        char_taken = sorted((r["start"], r["end"]) for r in refs)
        taken = set(premod)
        for start, end in char_taken:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                taken.update(range(span.start, span.end))
        country_at = {i: cl.country for cl in ordered if cl.country and cl.kind in ("country", "location")
                      for m in cl.mentions for i in range(m.start, m.end)}
        default = dominant_country([cl.country for cl in ordered if cl.kind in ("country", "location") and cl.country
                                    for _ in cl.mentions])
        clusters: dict[str, Cluster] = {cl.key: cl for cl in ordered if cl.generic}
        out: list[dict] = []
        for mention in find_agents(doc, self.agents, taken, country_at, sents.of, default):
            if _description_head(doc[mention.head]) != titles:
                continue
            key = f"agent:{mention.country}:{mention.sector}" if mention.country else f"agent::{mention.sector}:{doc[mention.head].lemma_.lower()}"
            cl = clusters.get(key)
            if cl is None:
                demonym = gz.demonym(mention.country) if mention.country else None
                cl = clusters[key] = Cluster(key, kind="organization" if mention.organization else "group",
                                             name=agent_name(mention, demonym), country=mention.country,
                                             sector=mention.sector, fixed=True, generic=True)
                ids[key] = f"a{len(ids) + 1}"
                by_id[ids[key]] = cl
                ordered.append(cl)
            _add(cl, Cand(mention.start, mention.end, "agent", "AGENT", key=key), doc[mention.start:mention.end])
            tok_actor.update((i, ids[key]) for i in range(mention.start, mention.end))
            out.append(_ref(doc, mention.start, mention.end, [ids[key]]))
        return out

    def _apply_dictionary(self, clusters: dict[str, Cluster]) -> None:
        """Dictionary entries override whatever the model guessed for any actor they name."""
        if not self.entries:
            return
        owner: dict[int, Cluster] = {int(k.split(":")[1]): cl for k, cl in clusters.items()
                                     if k.startswith("dict:")}
        for key in list(clusters):
            cl = clusters[key]
            if key.startswith("dict:"):
                continue
            for surface in [cl.name or "", *cl.surfaces]:
                entry = self.by_alias.get(_norm(surface).lower())
                if entry is None:
                    continue
                if entry in owner:
                    target = owner[entry]
                    target.mentions = sorted(target.mentions + cl.mentions, key=lambda m: m.start)
                    target.surfaces += cl.surfaces
                    target.roles += [r for r in cl.roles if r not in target.roles]
                    del clusters[key]
                else:
                    _apply_entry(cl, self.entries[entry])
                    owner[entry] = cl
                break


def _state_bodies(doc: Doc, clusters: dict[str, Cluster]) -> None:
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
        key = f"body:{owner.country}:{name.lower()}"
        cl = clusters.setdefault(key, Cluster(key, kind="organization", name=name,
                                              country=owner.country, sector=sector, fixed=True))
        _add(cl, Cand(start, tok.i + 1, "body", "BODY", key=key), doc[start:tok.i + 1])
        taken.update(range(start, tok.i + 1))


def _propagate(doc: Doc, clusters: dict[str, Cluster]) -> None:
    """Find the names NER missed once ("Patrushev described ..." at a sentence start): any
    capitalised repeat of a known name, or of one word of a person's full name, is a mention."""
    forms: dict[str, str] = {}
    for cl in clusters.values():
        if not cl.key.startswith("name:"):
            continue
        for surface in cl.surfaces:
            forms.setdefault(surface, cl.key)
        if cl.votes and _vote(cl) == "person":
            for surface in cl.surfaces:
                for word in surface.split():
                    if word[:1].isupper() and len(word) > 2 and not gz.title_sector(word)[0]:
                        forms.setdefault(word, cl.key)
    if not forms:
        return
    firsts: dict[str, int] = {}
    for f in forms:
        words = f.split()
        firsts[words[0]] = max(firsts.get(words[0], 0), len(words) + 2)
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
                c = Cand(i, i + n, "repeat", "REPEAT", key=key)
                clusters[key].mentions.append(c)
                clusters[key].surfaces.append(span.text)
                taken.update(range(i, i + n))
                i += n - 1
                break
        i += 1
    for cl in clusters.values():
        cl.mentions.sort(key=lambda m: m.start)


def _description_head(head: Token) -> bool:
    """A noun that description resolution may tie to a named actor: a definite singular title or
    organisation noun ("the minister", "the company"), or a plural description ("the two men")."""
    left = [c for c in head.children if c.i < head.i]
    if any(c.dep_ in {"amod", "compound", "nmod"} and c.text[:1].isupper() for c in left):
        return False  # "the Chinese military": named by its country, no anaphor
    if head.tag_ == "NN" and (gz.title_sector(head.lemma_.lower())[0] or head.lower_ in gz.ORG_NOUNS):
        return any(c.lower_ in {"the", "this"} or c.dep_ == "poss" for c in left)
    return (head.lemma_.lower() in PLURAL_HEADS or head.lower_ in PLURAL_HEADS) and _is_plural_desc(head)


def _display(name: str, surfaces: list[str]) -> str:
    """A dictionary name as the text writes it ("Ronald Reagan"), else title-cased."""
    for surface in surfaces:
        if " ".join(surface.lower().split()) == name:
            return " ".join(surface.split())
    return " ".join(w[:1].upper() + w[1:] if not w.startswith(("mc", "o'")) else
                    w[:1].upper() + w[1] + w[2:3].upper() + w[3:] for w in name.split())


def _apply_entry(cl: Cluster, entry: dict) -> None:
    cl.name = entry["name"]
    cl.kind = entry["kind"] or cl.kind or "organization"
    cl.country = entry["country"] or cl.country
    cl.sector = entry["sector"] or cl.sector
    cl.fixed = True


def _add(cl: Cluster, c: Cand, span: Span) -> None:
    cl.mentions.append(c)
    cl.surfaces.append(span.text)


def _clean_span(ent: Span, max_tokens: int) -> Span | None:
    """Trim articles, possessives and newlines off an entity; drop ones that are no names at all."""
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
        while end - start > 1:
            two = f"{doc[start].lower_} {doc[start + 1].lower_}"
            if gz.title_sector(two)[0] and end - start > 2:
                start += 2
            elif gz.title_sector(doc[start].lower_)[0] and doc[start].lower_ not in {"general", "major"}:
                start += 1
            else:
                break
    if start >= end:
        return None
    span = doc[start:end]
    if sum(ch.isalpha() for ch in span.text) < 2 or len(span) > max_tokens \
            or any(mark in span.text for mark in ("http", "www.", "@", "/", "\\", "|")):
        return None
    if len(span) == 1 and not span.text[:1].isupper():
        return None
    return span


def _non_overlapping(cands: list[Cand]) -> list[Cand]:
    out: list[Cand] = []
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        if not out or c.start >= out[-1].end:
            out.append(c)
    return out


def _agentive(span: Span) -> bool:
    """A capital stands for its country when it acts or owns: subject, possessor, or non-place object."""
    root = span.root
    if root.dep_ in SUBJECT_DEPS or root.dep_ == "poss":
        return True
    if root.dep_ == "pobj":
        return root.head.lower_ not in LOCATIVE_PREPS
    return root.dep_ in {"dobj", "conj"} and root.head.pos_ == "VERB" and root.head.lemma_ not in {
        "visit", "leave", "reach", "enter", "tour"}


def _canonical_capital(name: str) -> str:
    iso = gz.tables().capitals.get(name.lower())
    capital = gz.tables().capital_of.get(iso or "")
    if capital and name.lower() in gz.EXTRA_CAPITALS and gz.tables().cities.get(capital.lower()) == iso:
        return capital
    return name


def _strip_corp(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].lower().strip(",") in CORP_SUFFIXES:
        words.pop()
    return " ".join(words).rstrip(",<>")


def _initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isupper() or w.isupper()]
    return "".join(w[0] for w in words).lower() if len(words) > 1 else ""


def _label_kind(label: str) -> str:
    if label == "PERSON":
        return "person"
    if label in {"GPE", "LOC", "FAC"}:
        return "location"
    return "organization"


def _context_votes(span: Span, w: dict[str, int]) -> list[tuple[str, int]]:
    """Strong type cues around a name, weighted by `w` (the component's `vote_weights`): known
    names, titles and organisation nouns before it, place lookups, "X report", conjuncts."""
    votes = []
    doc = span.doc
    low = _norm(span.text).lower()
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
    if root.dep_ == "compound" and root.head.lemma_ in {"report", "reporter", "statement", "article"}:
        votes.append(("organization", w["context"]))
    if root.dep_ == "poss" and root.head.lemma_ in {"report", "website", "correspondent"}:
        votes.append(("organization", w["context"]))
    if any(t.dep_ == "appos" and t.lemma_ in gz.ORG_NOUNS for t in root.children):
        votes.append(("organization", w["cue"]))
    if len(span) > 1 and gz.org_sector(span.text):
        votes.append(("organization", w["context"]))
    votes.extend(_product_votes(span, w))
    for conj in root.conjuncts:
        if conj.ent_type_ == "ORG" or gz.lookup_known(conj.text):
            votes.append(("organization", w["conjunct"]))
        elif conj.ent_type_ == "PERSON":
            votes.append(("person", w["conjunct"]))
    return votes


def _product_votes(span: Span, w: dict[str, int]) -> list[tuple[str, int]]:
    """Products and units are not actors: model numbers ("iPhone 4", "A330s"), a number before
    the name ("8 GB"), a product noun after it ("Mac computers"), a launch verb's object."""
    votes = []
    if any(ch.isdigit() for ch in span[-1].text):
        votes.append(("product", w["cue"]))
    if span.start > 0 and span.doc[span.start - 1].like_num:
        votes.append(("product", w["cue"]))
    root = span.root
    if root.dep_ == "compound" and root.head.lemma_ in PRODUCT_NOUNS:
        votes.append(("product", w["context"]))
    if root.dep_ == "dobj" and root.head.lemma_ in LAUNCH_VERBS:
        votes.append(("product", w["conjunct"]))
    return votes


def _vote(cl: Cluster) -> str:
    """The kind with most votes; ties go to person, then organisation (NER's usual confusion)."""
    if not cl.votes:
        return "organization"
    order = ["person", "organization", "location", "country", "group"]
    return max(cl.votes, key=lambda k: (cl.votes[k], -order.index(k) if k in order else -9))


def _pick_name(cl: Cluster) -> str:
    """The longest full form for people, the most frequent form otherwise."""
    forms = [_strip_corp(_norm(s)) for s in cl.surfaces]
    forms = [f for f in forms if f] or cl.surfaces
    if cl.kind == "person":
        return max(forms, key=lambda f: (len(f.split()), forms.count(f)))
    counts = Counter(forms)
    return max(counts, key=lambda f: (counts[f], len(f)))


def _ref(doc: Doc, start: int, end: int, actors: list[str]) -> dict:
    span = doc[start:end]
    return {"start": span.start_char, "end": span.end_char, "actors": actors}


def _actor(doc: Doc, cl: Cluster, aid: str) -> Actor:
    """The contract's actor; demonyms count as mentions of their country ("Russian" -> RUS)."""
    mentions = [{"start": doc[m.start].idx, "end": doc[m.end - 1].idx + len(doc[m.end - 1].text),
                 "text": doc[m.start:m.end].text} for m in cl.mentions]
    capitals = gz.tables().capitals
    aliases = [s for s in dict.fromkeys(cl.surfaces) if s != cl.name
               and not (cl.kind == "country" and s.lower() in capitals)]
    actor: Actor = {"id": aid, "name": cl.name or "", "kind": cl.kind or "organization",
                    "country": cl.country, "sector": cl.sector, "aliases": aliases, "mentions": mentions}
    if cl.generic:
        actor["generic"] = True
    return actor


def _title_in(tokens: list[Token]) -> tuple[str, str | None, int] | None:
    """The rightmost title phrase among `tokens`: (surface, sector, index of its last token)."""
    for j in range(len(tokens) - 1, -1, -1):
        for n in (3, 2, 1):
            if j - n + 1 < 0:
                continue
            words = tokens[j - n + 1:j + 1]
            phrase = " ".join(t.lower_ for t in words)
            ok, sector = gz.title_sector(phrase)
            if ok:
                if n == 1 and j > 0 and tokens[j - 1].lower_ in {"top", "senior", "chief", "deputy",
                                                                   "state", "vice", "former"}:
                    words = tokens[j - 1:j + 1]
                if j - len(words) >= 0 and tokens[j - len(words)].lower_ in FORMER or words[0].lower_ in FORMER:
                    sector = "ELI"  # "former president": no longer in office (CAMEO/PLOVER ELI)
                return " ".join(t.text for t in words), sector, words[-1].i
    return None


def _affiliations(doc: Doc, ordered: list[Cluster], ids: dict[str, str], tok_actor: dict[int, str],
                  sents: "_Sents") -> tuple[list[Relation], set[int], list[dict]]:
    """Person -> organisation/country affiliations from titles around the name; also the tokens
    those titles cover (not descriptions of someone else) and refs for copular descriptions."""
    relations: list[Relation] = []
    extra_refs: list[dict] = []
    seen: set[tuple[str, str, str | None]] = set()
    premod: set[int] = set()
    by_id = {ids[cl.key]: cl for cl in ordered}
    for cl in ordered:
        if cl.kind != "person":
            continue
        pid = ids[cl.key]
        for m in cl.mentions:
            span = doc[m.start:m.end]
            root = span.root
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
                if head.dep_ in {"oprd", "attr", "xcomp", "dobj"} and verb.lemma_ in APPOINT_VERBS:
                    region += [t for c in verb.children if c.dep_ in SUBJECT_DEPS for t in c.subtree]
                regions.append(region)
            verbs = [c for c in root.children if c.dep_ == "relcl" and c.lemma_ == "be"]
            if root.dep_ in SUBJECT_DEPS and root.head.lemma_ == "be" and not root.conjuncts:
                verbs.append(root.head)
            for v in verbs:
                for c in v.children:
                    if c.dep_ == "attr" and c.pos_ == "NOUN":
                        region = _np_region(c)
                        regions.append(region)
                        lo = min(t.i for t in region)
                        extra_refs.append(_ref(doc, lo, c.i + 1, [pid]))
            for region in regions:
                premod.update(t.i for t in region if not (m.start <= t.i < m.end))
                title = _title_in(region)
                if title is None:
                    continue
                role, sector, _ = title
                if role not in cl.roles and role.lower() not in {"mr", "mrs", "ms", "dr", "mr.", "mrs.", "ms.", "dr."}:
                    cl.roles.append(role)
                targets = list(dict.fromkeys(tok_actor[t.i] for t in region if t.i in tok_actor
                                             and tok_actor[t.i] != pid))
                for tid in targets:
                    target = by_id[tid]
                    if target.kind not in {"organization", "country", "group"}:
                        continue
                    if target.kind == "country" and cl.country is None:
                        cl.country = target.country
                    if target.kind == "organization":
                        cl.country = cl.country or target.country
                        if target.sector is None and sector in {"BUS", "MED", "EDU", "REL", "JUD", "MIL"}:
                            target.sector = sector
                        if target.sector or role.lower().split()[-1] in gz.SHARED_TITLES:
                            sector = target.sector
                    key = (pid, tid, role)
                    if key not in seen:
                        seen.add(key)
                        relations.append({"type": "affiliation", "source": pid, "target": tid,
                                          "role": role, "sentence": sents.chars(sents.of[m.start])})
                cl.sector = cl.sector or sector
                if left and region is left and title[2] == m.start - 1:
                    cl.surfaces.append(doc[left[0].i if left[0].tag_ != "DT" else left[0].i + 1:m.end].text)
    return relations, premod, extra_refs


def _np_region(tok: Token) -> list[Token]:
    """A title noun phrase: its left modifiers and "of/at/for" complements, not its clauses."""
    out = [t for t in tok.subtree if t.i <= tok.i]
    for c in tok.children:
        if c.i > tok.i and c.dep_ == "prep" and c.lower_ in {"of", "at", "for", "with"}:
            out.extend(c.subtree)
        elif c.i > tok.i and c.dep_ in {"compound", "amod", "nmod", "appos"} and c.pos_ != "VERB":
            out.extend(t for t in c.subtree)
    return sorted(set(out), key=lambda t: t.i)


def _descriptor_sector(doc: Doc, cl: Cluster) -> str | None:
    """Sector of an organisation from the nouns describing it ("news agency Sputnik")."""
    for m in cl.mentions:
        i = m.start - 1
        if i >= 0:
            two = f"{doc[i - 1].lower_} {doc[i].lower_}" if i > 0 else ""
            if two in gz.ORG_NOUNS and gz.ORG_NOUNS[two]:
                return gz.ORG_NOUNS[two]
            if doc[i].lower_ in gz.ORG_NOUNS and gz.ORG_NOUNS[doc[i].lower_]:
                return gz.ORG_NOUNS[doc[i].lower_]
    return None


def _subjectish(tok: Token) -> bool:
    """Subjects and possessors of subjects ("Wang's visit ... has drawn") are salient."""
    if tok.dep_ in SUBJECT_DEPS:
        return True
    return tok.dep_ == "poss" and tok.head.dep_ in SUBJECT_DEPS


def _resolve(doc: Doc, ordered: list[Cluster], ids: dict[str, str], by_id: dict[str, Cluster],
             tok_actor: dict[int, str], premod: set[int], relations: list[Relation],
             sents: "_Sents", window: int) -> list[dict]:
    """Descriptions, plural descriptions and pronouns, in text order, against a salience history."""
    history = _History()
    for cl in ordered:
        for m in cl.mentions:
            root = doc[m.start:m.end].root
            history.add((root.i, sents.of[root.i], [ids[cl.key]], _subjectish(root)))
    out: list[dict] = []
    # coordinated subjects ("China and Russia should ...") are what a later "they" stands for
    plural_history = _History()
    for tok in doc:
        if tok.dep_ in SUBJECT_DEPS and tok.i in tok_actor:
            group = list(dict.fromkeys([tok_actor[tok.i], *(tok_actor[c.i] for c in tok.conjuncts
                                                            if c.i in tok_actor)]))
            if len(group) > 1 or (by_id[group[0]].generic and tok.tag_ in {"NNS", "NNPS"}):
                plural_history.add((max(c.i for c in (tok, *tok.conjuncts)), 0, group, False))
    for tok in doc:
        if tok.i in tok_actor or tok.i in premod:
            continue
        low = tok.lower_
        found: tuple[int, int, list[str]] | None = None
        if tok.pos_ == "PRON" and low in MALE_FEMALE:
            aid = _antecedent(tok, history, by_id, sents, {"person"}, window)
            if aid:
                found = (tok.i, tok.i + 1, [aid])
        elif tok.pos_ == "PRON" and (low == "its" or (low == "it" and tok.dep_ in SUBJECT_DEPS
                                                      and tok.head.pos_ == "VERB"
                                                      and tok.head.lemma_ != "be"
                                                      and tok.head.lower_ not in {"'s", "’s"})):
            aid = _antecedent(tok, history, by_id, sents, {"country", "organization", "group"}, window,
                              sentences=1)
            if aid:
                found = (tok.i, tok.i + 1, [aid])
        elif tok.pos_ == "PRON" and low in PLURAL_PRONOUNS:
            recent = plural_history.between(max(sents.start(sents.of[tok.i] - 2), tok.i - window), tok.i)
            if recent:
                found = (tok.i, tok.i + 1, recent[-1][2])
        elif tok.pos_ in {"NOUN", "PROPN"} and tok.tag_ in {"NNS", "NNPS", "NN"} and \
                (tok.lemma_.lower() in PLURAL_HEADS or low in PLURAL_HEADS) and _is_plural_desc(tok):
            cls = PLURAL_HEADS.get(tok.lemma_.lower(), PLURAL_HEADS.get(low, "any"))
            lo = max(sents.start(sents.of[tok.i] - 1), tok.i - window)
            recent = [p for p in plural_history.between(lo, tok.i)
                      if all(cls in {"any", by_id[a].kind} for a in p[2])]
            pair = recent[-1][2] if recent else _last_pair(tok, history, by_id, sents, cls, window)
            if pair:
                found = (tok.left_edge.i, tok.i + 1, pair)
        elif tok.pos_ == "NOUN" and tok.tag_ == "NN" and low in gz.ORG_NOUNS and tok.dep_ != "compound" \
                and any(c.lower_ in {"the", "this"} for c in tok.children if c.i < tok.i):
            aid = _antecedent(tok, history, by_id, sents, {"organization"}, window)
            if aid:
                found = (tok.left_edge.i, tok.i + 1, [aid])
                by_id[aid].sector = by_id[aid].sector or gz.ORG_NOUNS[low]
        elif tok.pos_ == "NOUN" and tok.dep_ != "compound" and _title_in([tok]) is not None:
            res = _description(tok, history, by_id, sents, tok_actor, window)
            if res:
                found = res[:3]
                if res[3]:
                    relations.append(res[3])
        elif tok.pos_ == "PRON" and low in FIRST_PERSON:
            speaker = _speaker(tok, tok_actor, by_id, relations, sents, low in FIRST_PERSON_PLURAL)
            if speaker:
                found = (tok.i, tok.i + 1, [speaker])
        if found is None:
            continue
        start, end, actors = found
        out.append(_ref(doc, start, end, actors))
        head = doc[end - 1]
        if len(actors) == 1:
            history.add((head.i, sents.of[head.i], actors, _subjectish(head)))
        else:
            plural_history.add((head.i, 0, actors, False))
    return out


class _Sents:
    """Sentence bounds and each token's sentence index, computed once (Token.sent rescans)."""

    def __init__(self, doc: Doc) -> None:
        self.bounds = [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
        self.of = [0] * len(doc)
        for k, (a, b, _, _) in enumerate(self.bounds):
            self.of[a:b] = [k] * (b - a)

    def _get(self, k: int) -> tuple[int, int, int, int]:
        return self.bounds[max(0, min(k, len(self.bounds) - 1))]

    def start(self, k: int) -> int:
        return self._get(k)[0]

    def end(self, k: int) -> int:
        return self._get(k)[1]

    def chars(self, k: int) -> Offsets:
        _, _, a, b = self._get(k)
        return {"start": a, "end": b}


class _History:
    """Salient mentions (token index, sentence index, actor ids, subject-ish) sorted by position,
    so each lookup reads only its window and long documents stay linear."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, list[str], bool]] = []
        self.pos: list[int] = []

    def add(self, item: tuple[int, int, list[str], bool]) -> None:
        k = bisect.bisect_right(self.pos, item[0])
        self.items.insert(k, item)
        self.pos.insert(k, item[0])

    def between(self, lo: int, hi: int) -> list[tuple[int, int, list[str], bool]]:
        return self.items[bisect.bisect_left(self.pos, lo):bisect.bisect_left(self.pos, hi)]


def _antecedent(tok: Token, history: _History, by_id: dict[str, Cluster], sents: _Sents,
                kinds: set[str], window: int, sentences: int = 3) -> str | None:
    """The last salient actor of the wanted kinds: subject before it in this sentence, else the
    last subject of the nearest earlier sentence that has one, else the last mention."""
    k = sents.of[tok.i]
    cands = [h for h in history.between(max(sents.start(k - sentences), tok.i - window), tok.i)
             if len(h[2]) == 1 and by_id[h[2][0]].kind in kinds]
    if not cands:
        return None
    subj_same = [h for h in cands if h[1] == k and h[3]]
    if subj_same:
        return subj_same[-1][2][0]
    earlier = [h for h in cands if h[1] != k]
    for sstart in sorted({h[1] for h in earlier}, reverse=True):
        subj = [h for h in earlier if h[1] == sstart and h[3]]
        if subj:
            return subj[-1][2][0]
    return cands[-1][2][0]


def _speaker(tok: Token, tok_actor: dict[int, str], by_id: dict[str, Cluster], relations: list[Relation],
             sents: "_Sents", plural: bool) -> str | None:
    """Who "I" or "we" is in a quotation: the subject of the reporting verb of this sentence, else
    of the next one, else of the one before ("We have agreed ...," Samuels added). "We" is the
    speaker's organisation or country when the text names it, else the speaker."""
    doc = tok.doc
    k = sents.of[tok.i]
    for j in (k, k + 1, k - 1):
        if not 0 <= j < len(sents.bounds):
            continue
        start, end, _, _ = sents.bounds[j]
        for verb in doc[start:end]:
            if verb.lemma_.lower() not in SPEECH_VERBS:
                continue
            for subj in verb.children:
                if subj.dep_ == "nsubj" and subj.i in tok_actor and subj.lower_ not in FIRST_PERSON:
                    speaker = tok_actor[subj.i]
                    if not plural or by_id[speaker].kind != "person":
                        return speaker
                    employer = next((r["target"] for r in relations if r["source"] == speaker), None)
                    return employer or speaker
    return None


def _is_plural_desc(tok: Token) -> bool:
    """"the two neighbours", "both sides", "the pair": a definite plural or a pair noun."""
    kids = {c.lower_ for c in tok.children if c.i < tok.i}
    if tok.lower_ == "pair":
        return "the" in kids
    if tok.tag_ not in {"NNS", "NNPS"}:
        return False
    return bool(kids & {"two", "both"}) or ("the" in kids and tok.lemma_.lower() in {"neighbour", "neighbor", "side"})


def _last_pair(tok: Token, history: _History, by_id: dict[str, Cluster], sents: _Sents,
               cls: str, window: int) -> list[str] | None:
    """The two actors of the class most discussed just before `tok`: mention count over this and the
    three previous sentences (else the twenty previous), ties to the most recent."""
    k = sents.of[tok.i]
    for lo in (max(sents.start(k - 3), tok.i - window), max(sents.start(k - 20), tok.i - 4 * window)):
        for want in (["person", "country"] if cls == "any" else [cls]):
            counts: Counter = Counter()
            last: dict[str, int] = {}
            for h in history.between(lo, tok.i):
                if len(h[2]) == 1 and by_id[h[2][0]].kind == want:
                    counts[h[2][0]] += 1
                    last[h[2][0]] = h[0]
            if len(counts) >= 2:
                top = sorted(counts, key=lambda a: (counts[a], last[a]), reverse=True)[:2]
                return sorted(top, key=lambda a: int(a[1:]))
    return None


def _description(tok: Token, history: _History, by_id: dict[str, Cluster], sents: _Sents,
                 tok_actor: dict[int, str], window: int) -> tuple[int, int, list[str], Relation | None] | None:
    """"the top diplomat", "China's top diplomat": a definite title noun without a name -> a person."""
    kids = [c for c in tok.children if c.i < tok.i]
    if tok.tag_ != "NN" or not any(c.lower_ in {"the", "this"} or c.dep_ == "poss" for c in kids):
        return None
    start = tok.left_edge.i
    if any(i in tok_actor and by_id[tok_actor[i]].kind == "person" for i in range(start, tok.i)):
        return None
    countries = {by_id[tok_actor[t.i]].country for t in tok.doc[start:tok.i] if t.i in tok_actor
                 and by_id[tok_actor[t.i]].kind == "country"}
    title = tok.lemma_.lower()
    people = [aid for aid, cl in by_id.items() if cl.kind == "person"]
    fitting = [a for a in people if any(r.lower().endswith(title) for r in by_id[a].roles)
               and (not countries or by_id[a].country in countries | {None})]
    if not fitting:
        fitting = [a for a in people if (not countries or by_id[a].country in countries | {None})
                   and by_id[a].sector in {None, gz.title_sector(title)[1]}]
    if not fitting:
        return None
    k = sents.of[tok.i]
    near = [h for h in history.between(max(sents.start(k - 3), tok.i - window), tok.i)
            if h[2][0] in fitting and len(h[2]) == 1]
    if near:
        aid = near[-1][2][0]
    else:
        after = [h for h in history.between(tok.i + 1, min(sents.end(k + 2), tok.i + window))
                 if h[2][0] in fitting and len(h[2]) == 1]
        if not after:
            return None
        aid = after[0][2][0]
    cl = by_id[aid]
    relation: Relation | None = None
    country_ids = [tok_actor[t.i] for t in tok.doc[start:tok.i] if t.i in tok_actor
                   and by_id[tok_actor[t.i]].kind == "country"]
    role = " ".join(t.text for t in tok.doc[start:tok.i + 1] if t.i not in tok_actor
                    and t.dep_ not in {"det", "case", "poss"} and not t.is_punct)
    if country_ids:
        cl.country = cl.country or by_id[country_ids[0]].country
        relation = {"type": "affiliation", "source": aid, "target": country_ids[0], "role": role,
                    "sentence": sents.chars(k)}
    cl.sector = cl.sector or gz.title_sector(title)[1]
    if role and role not in cl.roles:
        cl.roles.append(role)
    return start, tok.i + 1, [aid], relation
