"""The `timeline_actors` spaCy component: loads the actors stage's data and runs its steps in order
(see the package's docstring)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from timeline.extract import gazetteer as gz
from timeline.extract.actors.candidates import CandidateFinder
from timeline.extract.actors.clusters import (UserDictionary, cluster_known, merge_names, pick_name, propagate,
                                             state_bodies, strip_legal_form, vote)
from timeline.extract.actors.records import AGENT, Cand, Cluster, ClusterKey, DocState, Role, norm
from timeline.extract.actors.words import ACTOR_WORDS_FILE, DEFAULT_ACTOR_WORDS, load_actor_words
from timeline.extract.actors.affiliations import affiliations
from timeline.extract.agents import agent_name, dominant_country, find_agents
from timeline.extract.actors.anaphora import description_head, resolve
from timeline.extract.dictionary import load_dictionary
from timeline.extract.eventdata import (ACTORS_FILE, AGENT_OVERRIDES_FILE, AGENTS_FILE, DATA, ActorDictionary,
                                        DictActor, load_actors, load_agents)
from timeline.types import Actor

# Defaults of the component's settings (see `make_actors`).
# Longer "names" are run-on boilerplate or NER errors, not actors.
MAX_NAME_TOKENS = 10
# Antecedents are searched at most this many tokens back, so unpunctuated input stays linear.
WINDOW = 250
# How much each cue counts in the vote on a name's kind: a known name, a title or organisation noun
# next to it, other context (a place lookup, "X report", a sector word in the name), a conjunct.
VOTE_WEIGHTS = {"known": 5, "cue": 3, "place": 2, "context": 2, "conjunct": 1}


@Language.factory(
    "timeline_actors",
    assigns=["doc._.actors", "doc._.refs", "doc._.relations"],
    requires=["doc.ents", "token.dep", "token.pos", "token.lemma"],
    default_config={"dictionary": None, "eventdata": None, "words": None, "window": WINDOW,
                    "max_name_tokens": MAX_NAME_TOKENS, "vote_weights": VOTE_WEIGHTS},
)
def make_actors(nlp: Language, name: str, dictionary: str | None, eventdata: str | None, words: str | None,
                window: int, max_name_tokens: int, vote_weights: dict[str, int]) -> "ActorResolver":
    """`dictionary`: a YAML/CSV actor dictionary whose entries override the model; `eventdata`: a
    folder of compiled Phoenix dictionaries (default: the packaged one); `words`: the cue-word file
    (default: the packaged actor_words.yaml); `window`: how many tokens back pronouns and
    descriptions look for their antecedent; `max_name_tokens`: longer entity spans are not names;
    `vote_weights`: what each cue counts in the vote on a name's kind."""
    return ActorResolver(nlp, dictionary, Path(eventdata) if eventdata else DATA, name=name, window=window,
                         max_name_tokens=max_name_tokens, vote_weights=vote_weights,
                         words=Path(words) if words else DEFAULT_ACTOR_WORDS)


class ActorResolver:
    """The `timeline_actors` component (see the module docstring)."""

    def __init__(self, nlp: Language, dictionary: str | None = None, eventdata: Path = DATA, *,
                 name: str = "timeline_actors", window: int = WINDOW, max_name_tokens: int = MAX_NAME_TOKENS,
                 vote_weights: dict[str, int] | None = None, words: Path = DEFAULT_ACTOR_WORDS) -> None:
        self.name = name
        self.nlp = nlp
        self.window = window
        self.max_name_tokens = max_name_tokens
        self.vote_weights = {**VOTE_WEIGHTS, **(vote_weights or {})}
        self.dictionary_path = Path(dictionary) if dictionary else None
        self._load(eventdata, words)

    def _load(self, eventdata: Path, words: Path) -> None:
        """Read the Phoenix dictionaries, the cue words and the user's dictionary, and build the matchers."""
        self.eventdata_path, self.words_path = eventdata, words
        self.agents = load_agents(eventdata)
        self.roles = PhoenixRoles(load_actors(eventdata, frozenset(gz.tables().canonical) | gz.HISTORIC_STATES.keys()))
        self.words = load_actor_words(words)
        path = self.dictionary_path
        self.dictionary = UserDictionary(load_dictionary(str(path)) if path else [])
        self.candidates = CandidateFinder(self.nlp, self.dictionary.by_alias, self.dictionary.surfaces(),
                                          self.words, self.max_name_tokens)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the Phoenix and agent dictionaries, the cue words (and the user's dictionary), as
        spaCy's span_ruler writes its patterns, so a saved pipeline carries the data it was run with."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in (ACTORS_FILE, AGENTS_FILE, AGENT_OVERRIDES_FILE):
            shutil.copyfile(self.eventdata_path / name, path / name)
        shutil.copyfile(self.words_path, path / ACTOR_WORDS_FILE)
        if self.dictionary_path is not None:
            shutil.copyfile(self.dictionary_path, path / f"dictionary{self.dictionary_path.suffix}")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "ActorResolver":
        """Read what `to_disk` wrote (a pipeline saved before the cue words were data uses the packaged ones)."""
        path = Path(path)
        saved = sorted(path.glob("dictionary.*"))
        self.dictionary_path = saved[0] if saved else None
        words = path / ACTOR_WORDS_FILE
        self._load(path, words if words.exists() else DEFAULT_ACTOR_WORDS)
        return self

    def __call__(self, doc: Doc) -> Doc:
        """The steps in order: candidates, clusters and their kinds, then affiliations, agents and
        references on one DocState (agents that may be descriptions wait for description resolution)."""
        clusters: dict[ClusterKey, Cluster] = {}
        names = [c for c in self.candidates.find(doc)
                 if not cluster_known(doc, c, clusters, self.dictionary, self.words)]
        state_bodies(doc, clusters)
        merge_names(doc, names, clusters, self.vote_weights, self.words)
        propagate(doc, clusters)
        for cl in clusters.values():
            self._type_and_name(cl, doc._.dct)
        self.dictionary.apply(clusters)
        state = DocState.of(doc, [cl for cl in clusters.values() if cl.mentions and cl.kind != "product"],
                            self.words, self.window)
        affiliations(state)
        for cl in state.ordered:
            if cl.kind == "organization" and cl.sector is None:
                cl.sector = _descriptor_sector(doc, cl)
            if cl.default_role is not None:
                cl.country = cl.country or cl.default_role.country
                cl.sector = cl.sector or cl.default_role.sector
        self._add_agents(state, titles=False)
        resolve(state)
        self._add_agents(state, titles=True)
        _write(state)
        return doc

    def _type_and_name(self, cl: Cluster, dct: str | None) -> None:
        """Decide a cluster's kind and name, and fill its country and sector from what is known."""
        if cl.kind is None:
            cl.kind = vote(cl)
        if cl.name is None:
            cl.name = pick_name(cl)
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
            self.roles.apply(cl, dct)

    def _add_agents(self, state: DocState, titles: bool) -> None:
        """Agent noun phrases that no name covers become actors, one per country and sector
        ("Israeli soldiers", "the Israeli army" → Israeli military). A definite singular title
        ("the minister") waits for description resolution, which looks for the person first: the
        pass with `titles` takes the ones it left."""
        doc = state.doc
        taken = set(state.premod)
        for start, end in sorted((r["start"], r["end"]) for r in state.refs):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                taken.update(range(span.start, span.end))
        places = [cl for cl in state.ordered if cl.kind in ("country", "location") and cl.country]
        country_at = {i: cl.country for cl in places for m in cl.mentions for i in range(m.start, m.end)}
        default = dominant_country([cl.country for cl in places for _ in cl.mentions])
        clusters: dict[ClusterKey, Cluster] = {cl.key: cl for cl in state.ordered if cl.generic}
        for mention in find_agents(doc, self.agents, taken, country_at, state.sents.of, default):
            if description_head(doc[mention.head], self.words) != titles:
                continue
            key = ClusterKey(AGENT, country=mention.country, sector=mention.sector) if mention.country else \
                ClusterKey(AGENT, doc[mention.head].lemma_.lower(), sector=mention.sector)
            cl = clusters.get(key)
            if cl is None:
                demonym = gz.demonym(mention.country) if mention.country else None
                cl = clusters[key] = Cluster(key, kind="organization" if mention.organization else "group",
                                             name=agent_name(mention, demonym), country=mention.country,
                                             sector=mention.sector, fixed=True, generic=True)
                state.add_actor(cl)
            cl.add(Cand(mention.start, mention.end, "agent", "AGENT", key=key), doc[mention.start:mention.end].text)
            state.tok_actor.update((i, state.ids[key]) for i in range(mention.start, mention.end))
            state.refs.append(state.ref(mention.start, mention.end, [state.ids[key]]))


class PhoenixRoles:
    """Canonical names, countries and sectors from the Phoenix actor dictionaries."""

    def __init__(self, phoenix: ActorDictionary) -> None:
        self.phoenix = phoenix

    def apply(self, cl: Cluster, dct: str | None) -> None:
        """The role that holds on the article's date: Ronald Reagan is USA GOV in 1987 and USA ELI
        (a former official) in 1990. A bare surname counts when one dictionary person of that name
        held office then."""
        when = date.fromisoformat(dct) if dct else None
        entry = self._entry(cl, when)
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
            cl.default_role = Role(role.country, role.sector)

    def _entry(self, cl: Cluster, when: date | None) -> DictActor | None:
        forms = [strip_legal_form(norm(s)).lower() for s in [cl.name or "", *cl.surfaces]]
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


def _display(name: str, surfaces: list[str]) -> str:
    """A dictionary name as the text writes it ("Ronald Reagan"), else title-cased."""
    for surface in surfaces:
        if " ".join(surface.lower().split()) == name:
            return " ".join(surface.split())
    return " ".join(w[:1].upper() + w[1:] if not w.startswith(("mc", "o'")) else
                    w[:1].upper() + w[1] + w[2:3].upper() + w[3:] for w in name.split())


def _write(state: DocState) -> None:
    """Number the actors in text order (agents were numbered as found) and set the outputs."""
    doc, ids = state.doc, state.ids
    state.ordered.sort(key=lambda cl: min(m.start for m in cl.mentions))
    renumber = {ids[cl.key]: f"a{i + 1}" for i, cl in enumerate(state.ordered)}
    doc._.refs = sorted(({**r, "actors": [renumber[a] for a in r["actors"]]} for r in state.refs),
                        key=lambda r: (r["start"], -r["end"]))
    doc._.actors = [_actor(doc, cl, renumber[ids[cl.key]]) for cl in state.ordered]
    doc._.relations = [{**r, "source": renumber[r["source"]], "target": renumber[r["target"]]}
                       for r in state.relations]


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
