"""The field's coding dictionaries as this package ships them, loaded and validated once.

`convert.py` compiles PETRARCH-2's CAMEO verb dictionary, the Phoenix actor, agent and discard
dictionaries and PLOVER's CAMEO→PLOVER table into the JSON files next to this module. This module
reads them into lookup structures and knows nothing of spaCy, so that the extraction components can
hold them and `to_disk`/`from_disk` them like spaCy's own components hold their patterns.

`cameo_plover.yaml` is this project's layer over PLOVER's table: the places where the 2021 table and
the 2024 codebook disagree, and the CAMEO codes the table drops that the codebook's categories cover.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from timeline.extract.wordlists import DataFileError, read_yaml
from timeline.types import PLOVER_CATEGORIES

DATA = Path(__file__).resolve().parent
VERBS_FILE = "cameo_verbs.json"
PLOVER_FILE = "cameo_plover.json"
PLOVER_OVERRIDES_FILE = "cameo_plover.yaml"
ACTORS_FILE = "phoenix_actors.json.gz"
AGENTS_FILE = "phoenix_agents.json"
AGENT_OVERRIDES_FILE = "agents.yaml"
DISCARDS_FILE = "phoenix_discards.json"


class DictionaryError(DataFileError):
    """A shipped or user-supplied dictionary file, or the codebook or lexicon, is malformed."""


@dataclass(frozen=True)
class Code:
    """An event category with an optional PLOVER mode ("CONSULT/visit") and the CAMEO code it came from."""

    type: str
    mode: str | None = None
    cameo: str | None = None

    @classmethod
    def parse(cls, text: str) -> "Code":
        kind, _, mode = text.partition("/")
        return cls(kind, mode or None)

    def means(self, kind: str, mode: str | None = None) -> bool:
        """The same category and mode, whatever CAMEO code it came from (`==` compares that too)."""
        return self.type == kind and self.mode == mode


# ---------------------------------------------------------------- verbs

@dataclass(frozen=True)
class Noun:
    """A pattern's noun: the forms its head may take and, for each modifier, the forms it may take."""

    heads: frozenset[str]
    mods: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class Prep:
    prep: str
    obj: Noun | None = None
    role: str | None = None  # "source" or "target": the object is that participant


@dataclass(frozen=True)
class Pattern:
    """One CAMEO verb pattern; `weight` is how much of the sentence it pins down, so the most
    specific matching pattern wins."""

    code: str | None
    reverse: bool
    pre: tuple[Noun, ...]
    post: tuple[Noun, ...]
    preps: tuple[Prep, ...]
    pre_preps: tuple[Prep, ...]
    weight: int


@dataclass(frozen=True)
class Verb:
    """A verb of a synonym block; `before`/`after` are the other words of a multi-word verb."""

    verb: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    code: str | None  # own code; None inherits the block's
    own_code: bool
    block: int


@dataclass(frozen=True)
class Block:
    name: str
    code: str | None
    patterns: tuple[Pattern, ...]
    by_word: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    unkeyed: tuple[Pattern, ...] = ()

    @classmethod
    def build(cls, name: str, code: str | None, patterns: tuple[Pattern, ...]) -> "Block":
        """Index the patterns by the forms of their first post-verb noun, so that a verb is tried
        only against the patterns its dependents could match."""
        by_word: dict[str, list[Pattern]] = {}
        unkeyed = []
        for pattern in patterns:
            if pattern.post:
                for form in pattern.post[0].heads:
                    by_word.setdefault(form, []).append(pattern)
            else:
                unkeyed.append(pattern)
        return cls(name, code, patterns, {k: tuple(v) for k, v in by_word.items()}, tuple(unkeyed))

    def candidates(self, words: set[str]) -> list[Pattern]:
        """The patterns that may match a verb whose post-verb dependents have these forms, in file order."""
        found = {id(p): p for w in words for p in self.by_word.get(w, ())}
        found.update((id(p), p) for p in self.unkeyed)
        order = {id(p): i for i, p in enumerate(self.patterns)}
        return sorted(found.values(), key=lambda p: order[id(p)])


@dataclass
class VerbDictionary:
    """CAMEO verbs by lemma, their blocks' patterns, and the CAMEO → PLOVER mapping."""

    verbs: dict[str, list[Verb]]
    blocks: list[Block]
    plover: dict[str, Code | None]
    modes: dict[str, frozenset[str]] = field(default_factory=dict)

    def entries(self, lemma: str) -> list[Verb]:
        return self.verbs.get(lemma, [])

    def to_plover(self, cameo: str | None) -> Code | None:
        """The PLOVER category of a CAMEO code: exact code, else its three- then two-digit parent."""
        if not cameo:
            return None
        for key in (cameo, cameo[:3], cameo[:2]):
            if key in self.plover:
                found = self.plover[key]
                return Code(found.type, found.mode, cameo) if found else None
        return None


def _forms(word: str, synsets: dict[str, list[list[str]]]) -> frozenset[str]:
    """The surface forms a pattern word matches: itself and its singular, or a synset's head words."""
    if word.startswith("&"):
        phrases = synsets.get(word[1:].rstrip("_"))
        if phrases is None:
            raise DictionaryError(f"{VERBS_FILE}: undefined synset {word}")
        return frozenset(form for p in phrases if p for form in _forms(p[-1], synsets))
    forms = {word}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    elif word.endswith("es") and word[:-2].endswith(("ss", "sh", "ch", "x")):
        forms.add(word[:-2])
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    return frozenset(forms)


def _noun(spec: dict[str, Any], synsets: dict[str, list[list[str]]]) -> Noun:
    return Noun(_forms(spec["head"], synsets), tuple(_forms(m, synsets) for m in spec["mods"]))


def _pattern(raw: dict[str, Any], synsets: dict[str, list[list[str]]]) -> Pattern:
    def prep(p: dict[str, Any]) -> Prep:
        return Prep(p["prep"], _noun(p["obj"], synsets) if p.get("obj") else None, p.get("role"))

    pre = tuple(_noun(n, synsets) for n in raw["pre"])
    post = tuple(_noun(n, synsets) for n in raw["post"])
    preps = tuple(prep(p) for p in raw["preps"])
    pre_preps = tuple(prep(p) for p in raw["pre_preps"])
    weight = sum(1 + len(n.mods) for n in (*pre, *post)) + sum(1 + (p.obj is not None) for p in (*preps, *pre_preps))
    return Pattern(raw["code"], bool(raw.get("reverse")), pre, post, preps, pre_preps, weight)


def load_verbs(directory: Path = DATA, modes: dict[str, frozenset[str]] | None = None) -> VerbDictionary:
    """The compiled CAMEO verb dictionary with the PLOVER mapping and this project's overrides.

    `modes` (category → valid modes) drops modes that PLOVER's 2024 codebook no longer has."""
    raw = _json(directory / VERBS_FILE)
    synsets: dict[str, list[list[str]]] = raw["synsets"]
    blocks = [Block.build(b["name"], b["code"], tuple(_pattern(p, synsets) for p in b["patterns"])) for b in raw["blocks"]]
    verbs: dict[str, list[Verb]] = {}
    for v in raw["verbs"]:
        if not 0 <= v["block"] < len(blocks):
            raise DictionaryError(f"{VERBS_FILE}: verb {v['verb']!r} points at block {v['block']}")
        own = "code" in v
        verbs.setdefault(v["verb"], []).append(
            Verb(v["verb"], tuple(v["before"]), tuple(v["after"]), v.get("code"), own, v["block"]))
    return VerbDictionary(verbs, blocks, load_plover_map(directory, modes), modes or {})


def load_plover_map(directory: Path = DATA, modes: dict[str, frozenset[str]] | None = None) -> dict[str, Code | None]:
    """CAMEO code → PLOVER Code (None: the code has no PLOVER event), PLOVER's table under our overrides."""
    table = _json(directory / PLOVER_FILE)["codes"]
    overrides = read_yaml(directory / PLOVER_OVERRIDES_FILE, DictionaryError)
    out: dict[str, Code | None] = {}
    for cameo, entry in table.items():
        out[cameo] = _checked_code(entry["type"], entry["mode"], modes, f"{PLOVER_FILE}: {cameo}")
    for rule in overrides["overrides"]:
        for key in ("codes", "plover", "why"):
            if key not in rule:
                raise DictionaryError(f"{PLOVER_OVERRIDES_FILE}: an override lacks {key!r}: {rule}")
        target = None if rule["plover"] is None else Code.parse(rule["plover"])
        for cameo in rule["codes"]:
            if not re.fullmatch(r"\d{2,4}", str(cameo)):
                raise DictionaryError(f"{PLOVER_OVERRIDES_FILE}: bad CAMEO code {cameo!r}")
            mode = rule.get("modes", {}).get(str(cameo), target.mode if target else None)
            out[str(cameo)] = None if target is None else _checked_code(target.type, mode, modes, f"{PLOVER_OVERRIDES_FILE}: {cameo}")
    return out


def _checked_code(kind: str, mode: str | None, modes: dict[str, frozenset[str]] | None, where: str) -> Code:
    if kind not in PLOVER_CATEGORIES:
        raise DictionaryError(f"{where}: unknown PLOVER category {kind!r}")
    if mode is not None and modes is not None and mode not in modes.get(kind, frozenset()):
        mode = None
    return Code(kind, mode)


# ---------------------------------------------------------------- actors

SECTORS: dict[str, str] = {
    "GOV": "government", "MIL": "military", "COP": "police", "REB": "rebels", "OPP": "opposition",
    "JUD": "judiciary", "LEG": "legislature", "BUS": "business", "CVL": "civilians", "EDU": "education",
    "MED": "media", "HLH": "health", "LAB": "labour", "REF": "refugees", "REL": "religion", "CRM": "criminals",
    "SPY": "intelligence", "NGO": "non-governmental organisations", "IGO": "international organisations",
    "UAF": "armed men", "ELI": "former officials", "AGR": "agriculture", "ENV": "environmentalists",
}
# CAMEO codes that name a sector under another three letters (religions, specific parties…).
SECTOR_ALIASES: dict[str, str] = {
    "NGM": "NGO", "MNC": "BUS", "IMG": "REB", "INS": "REB", "SEP": "REB", "RAD": "OPP", "PTY": "GOV",
    "MOD": "GOV", "HRI": "NGO", "DEV": "NGO", "JRN": "MED", "PPL": "CVL", "SOC": "CVL",
    "CHR": "REL", "MUS": "REL", "JEW": "REL", "BUD": "REL", "HIN": "REL", "CTH": "REL", "PRO": "REL",
    "SHI": "REL", "SUN": "REL",
}
# Former states that CAMEO codes under their own three letters.
HISTORIC_STATES = frozenset({"SUN", "DDR", "YUG", "CSK", "SCG"})
INTERNATIONAL = frozenset({"IGO", "NGO", "IMG", "MNC", "NGM"})


@dataclass(frozen=True)
class Role:
    """A code restriction of an actor: the code and the dates (inclusive) it holds between."""

    country: str | None
    sector: str | None
    start: date | None
    end: date | None

    def holds(self, when: date | None) -> bool:
        if when is None:
            return self.start is None and self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class DictActor:
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    origin: str  # "countries", "international" or "nonstate"

    def role(self, when: date | None) -> Role | None:
        """The role that holds on `when`: a dated one that covers it, else an undated default,
        else (no date given) the latest dated role."""
        dated = [r for r in self.roles if r.start or r.end]
        for r in dated:
            if when is not None and r.holds(when):
                return r
        default = [r for r in self.roles if not (r.start or r.end)]
        if default:
            return default[0]
        if when is None and dated:
            return max(dated, key=lambda r: r.start or date.min)
        return None


def split_code(code: str, countries: frozenset[str]) -> tuple[str | None, str | None]:
    """A CAMEO actor code → (country, sector): "USAGOV" → ("USA", "GOV"), "IGOUNO" → (None, "IGO"),
    "SUN" → ("SUN", None), "IMGMUSALQ" → (None, "REB")."""
    code = code.strip("~").upper()
    head, rest = code[:3], code[3:]
    if head in INTERNATIONAL:
        return None, SECTOR_ALIASES.get(head, head)
    country = head if head in countries or head in HISTORIC_STATES else None
    if country is None:
        rest = code
    for i in range(0, len(rest) - 2, 3):
        part = rest[i:i + 3]
        sector = part if part in SECTORS else SECTOR_ALIASES.get(part)
        if sector:
            return country, sector
    return country, None


@dataclass
class ActorDictionary:
    """Phoenix actors by every lower-case name form, and the people of the country files by surname."""

    actors: list[DictActor]
    by_name: dict[str, list[int]]
    by_surname: dict[str, list[DictActor]] = field(default_factory=dict)

    def find(self, name: str) -> list[DictActor]:
        return [self.actors[i] for i in self.by_name.get(" ".join(name.lower().split()), ())]


def load_actors(directory: Path = DATA, countries: frozenset[str] = frozenset()) -> ActorDictionary:
    raw = _json(directory / ACTORS_FILE)["actors"]
    actors: list[DictActor] = []
    by_name: dict[str, list[int]] = {}
    for record in raw:
        roles = []
        for c in record["codes"]:
            country, sector = split_code(c["code"], countries)
            roles.append(Role(country, sector, _iso(c.get("from")), _iso(c.get("to"))))
        actor = DictActor(record["name"], tuple(record["aliases"]), tuple(roles), record["file"])
        for form in (actor.name, *actor.aliases):
            by_name.setdefault(form, []).append(len(actors))
        actors.append(actor)
    by_surname: dict[str, list[DictActor]] = {}
    for actor in actors:
        words = actor.name.split()
        if actor.origin == "countries" and 2 <= len(words) <= 4 and any(r.start or r.end for r in actor.roles):
            by_surname.setdefault(words[-1], []).append(actor)
    return ActorDictionary(actors, by_name, by_surname)


def _iso(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# ---------------------------------------------------------------- agents and discards

@dataclass(frozen=True)
class Agent:
    """A generic noun phrase for an actor of a sector ("riot police" → COP)."""

    phrase: tuple[str, ...]
    sector: str | None
    organization: bool  # an institution ("ministry", "army") rather than a set of people
    needs_country: bool = False  # a vehicle or weapon: an actor only with its country ("Israeli jets")


@dataclass
class AgentDictionary:
    """Agent phrases indexed by their last word, longest first, for head-noun lookups."""

    by_head: dict[str, list[Agent]]

    def match(self, words: list[str]) -> Agent | None:
        """The longest agent phrase that ends `words` (lower-case, the head noun last)."""
        if not words:
            return None
        for agent in self.by_head.get(words[-1], ()):
            n = len(agent.phrase)
            if n <= len(words) and tuple(words[-n:]) == agent.phrase:
                return agent
        return None


def load_agents(directory: Path = DATA) -> AgentDictionary:
    """Phoenix agents under this project's overrides (agents.yaml: corrected sectors, phrases
    that are not agents, institutions, and phrases that need a country of their own)."""
    raw = _json(directory / AGENTS_FILE)["agents"]
    overrides = read_yaml(directory / AGENT_OVERRIDES_FILE, DictionaryError)
    for key in ("sectors", "not_agents", "institutions", "with_country"):
        if key not in overrides:
            raise DictionaryError(f"{AGENT_OVERRIDES_FILE}: missing section {key!r}")
    sectors: dict[str, str | None] = {}
    for entry in raw:
        _, sector = split_code(entry["code"], frozenset())
        sectors.setdefault(entry["phrase"], sector)
    for phrase, sector in overrides["sectors"].items():
        if sector is not None and sector not in SECTORS:
            raise DictionaryError(f"{AGENT_OVERRIDES_FILE}: unknown sector {sector!r} for {phrase!r}")
        sectors[phrase] = sector
    for phrase in overrides["not_agents"]:
        sectors.pop(phrase, None)
    institutions = frozenset(overrides["institutions"])
    with_country = frozenset(overrides["with_country"])
    unknown = sorted(with_country - sectors.keys())
    if unknown:
        raise DictionaryError(f"{AGENT_OVERRIDES_FILE}: with_country lists {unknown[0]!r}, which is not an agent")
    by_head: dict[str, list[Agent]] = {}
    for phrase, sector in sectors.items():
        words = tuple(phrase.split())
        agent = Agent(words, sector, words[-1] in institutions or phrase in institutions, phrase in with_country)
        by_head.setdefault(words[-1], []).append(agent)
    for agents in by_head.values():
        agents.sort(key=lambda a: -len(a.phrase))
    return AgentDictionary(by_head)


@dataclass(frozen=True)
class Discards:
    """Phrases that mark a sentence (sports, entertainment, history) as not to be coded."""

    sentence: tuple[str, ...]
    story: tuple[str, ...]
    pattern: re.Pattern[str]

    def matches(self, text: str) -> bool:
        return bool(self.pattern.search(" ".join(text.lower().split())))


def load_discards(directory: Path = DATA) -> Discards:
    raw = _json(directory / DISCARDS_FILE)
    phrases = [p for p in raw["sentence"] + raw["story"] if not p[:4].isdigit()]
    alternatives = "|".join(re.escape(p.rstrip("_")) + (r"\b" if p.endswith("_") else "") for p in
                            sorted(phrases, key=len, reverse=True))
    return Discards(tuple(raw["sentence"]), tuple(raw["story"]), re.compile(rf"(?<![\w-])(?:{alternatives})"))


# ---------------------------------------------------------------- files

def _json(path: Path) -> Any:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                return json.load(handle)
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DictionaryError(f"{path}: {error}") from None
