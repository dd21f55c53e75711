"""Hand-built ReportData for tests, benchmarks and demos of the renderer.

`seed_report()` is the seed story (SCMP, 2023-02-22) as the store should hand it over; `synthetic_report()`
is a deterministic store-sized one (2,000 articles) for scale checks. Neither needs spaCy.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from timeline.types import (
    EVENT_TYPES, EventDate, Quad, ReportActor, ReportArticle, ReportData, ReportEvent, ReportMention, event_links,
)

QUAD_OF: dict[str, Quad | None] = {
    "AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation", "SUPPORT": "verbal_cooperation",
    "CONCEDE": "material_cooperation", "COOPERATE": "material_cooperation", "AID": "material_cooperation",
    "RETREAT": "material_cooperation", "REQUEST": "verbal_cooperation", "ACCUSE": "verbal_conflict",
    "REJECT": "verbal_conflict", "THREATEN": "verbal_conflict", "PROTEST": "verbal_conflict",
    "SANCTION": "material_conflict", "MOBILIZE": "material_conflict", "COERCE": "material_conflict",
    "ASSAULT": "material_conflict", "OTHER": None,
}


def _actor(id: str, name: str, kind: str, country: str | None, sector: str | None,
           aliases: list[str] | None = None) -> ReportActor:
    return ReportActor(id=id, name=name, kind=kind, country=country, sector=sector,  # type: ignore[typeddict-item]
                       aliases=aliases or [], events=0)


def mention(article: str, sentence: str, trigger: str, marks: dict[str, str]) -> ReportMention:
    """A mention whose offsets are found from the quoted words (first occurrence)."""
    t = sentence.index(trigger)
    spans = []
    for words, actor in marks.items():
        s = sentence.index(words)
        spans.append((s, s + len(words), actor))
    return ReportMention(article=article, sentence=sentence, trigger=[t, t + len(trigger)],
                         marks=sorted(spans))


def _date(start: str | None, end: str | None = None, value: str | None = None,
          basis: str = "timex") -> EventDate:
    return EventDate(value=value or start, start=start, end=end or start, basis=basis,  # type: ignore[typeddict-item]
                     timex=None)


def _event(id: str, type: str, trigger: str, lemma: str, when: EventDate, source: list[str],
           target: list[str], mentions: list[ReportMention], status: str = "asserted",
           mode: str | None = None, location: str | None = None) -> ReportEvent:
    event = ReportEvent(id=id, type=type, mode=mode, quad=QUAD_OF.get(type), intensity=None,
                        status=status, lemma=lemma, trigger=trigger, date=when, source=source,  # type: ignore[typeddict-item]
                        target=target, location=location, attribution=None, confidence=0.8,
                        mentions=mentions, links=[])
    event["links"] = event_links(event)
    return event


def count_events(data: ReportData) -> ReportData:
    """Fill ReportActor.events with the number of events each actor takes part in."""
    counts: dict[str, int] = {}
    for ev in data["events"]:
        for a in {*ev["source"], *ev["target"], *([ev["location"]] if ev["location"] else [])}:
            counts[a] = counts.get(a, 0) + 1
    for a in data["actors"]:
        a["events"] = counts.get(a["id"], 0)
    return data


def seed_report() -> ReportData:
    """The seed article's story, plus a second outlet reporting the Biden visit."""
    art, art2 = "scmp-china-russia", "wire-biden-kyiv"
    actors = [
        _actor("wang", "Wang Yi", "person", "CHN", "GOV", ["State Councillor Wang Yi", "Wang", "China's top diplomat"]),
        _actor("patrushev", "Nikolai Patrushev", "person", "RUS", "GOV", ["Patrushev"]),
        _actor("lavrov", "Sergey Lavrov", "person", "RUS", "GOV", ["Lavrov"]),
        _actor("putin", "Vladimir Putin", "person", "RUS", "GOV", ["Putin"]),
        _actor("xi", "Xi Jinping", "person", "CHN", "GOV", ["Xi"]),
        _actor("biden", "Joe Biden", "person", "USA", "GOV", ["US President Joe Biden", "Biden"]),
        _actor("zelensky", "Volodymyr Zelensky", "person", "UKR", "GOV", ["Zelensky"]),
        _actor("chn", "China", "country", "CHN", None, ["Beijing", "Chinese"]),
        _actor("rus", "Russia", "country", "RUS", None, ["Moscow", "Russian", "the Kremlin"]),
        _actor("ukr", "Ukraine", "country", "UKR", None, ["Ukrainian"]),
        _actor("usa", "United States", "country", "USA", None, ["US", "Washington", "the White House"]),
        _actor("kyiv", "Kyiv", "location", "UKR", None, []),
        _actor("west", "the West", "group", None, None, ["the collective West"]),
        _actor("sputnik", "Sputnik", "organization", "RUS", "MED", []),
    ]
    s_meet = ("State Councillor Wang Yi made the remark during his meeting with Russia’s Security Council "
              "Secretary Nikolai Patrushev on Tuesday, according to Russian news agency Sputnik.")
    s_land = "He landed in the Russian capital on Tuesday after a tour in France, Italy, Germany and Hungary."
    s_lavrov = ("Russia’s foreign ministry said Wang will meet foreign minister Sergey Lavrov on Wednesday, "
                "while the Kremlin earlier said a meeting with Putin is also possible.")
    s_assault = ("Wang, who is also director of the Central Foreign Affairs Commission, is the highest-level "
                 "Chinese official to visit Moscow since Russia launched its full-scale military assault on "
                 "Ukraine a year ago.")
    s_biden = ("A day earlier, US President Joe Biden reinforced Washington’s support with a surprise visit to "
               "the Ukrainian capital Kyiv, where he met Ukraine’s leader Volodymyr Zelensky and pledged new "
               "military package worth US$500 million.")
    s_biden2 = "Biden met Zelensky in Kyiv on Monday and promised another $500 million in weapons."
    s_sanction = "The White House has flagged additional sanctions on Russian elites and companies in the coming days."
    s_agree = ("He was referring to an agreement struck at the end of last year by Chinese President Xi Jinping "
               "and Russian leader Vladimir Putin to deepen their comprehensive strategic partnership.")
    s_support = ("He reaffirmed “unwavering support for Beijing on the issues of Taiwan, Xinjiang, Tibet and "
                 "Hong Kong, which are used by the West to try to discredit China”, the Sputnik report said.")
    s_coop = ("Patrushev said the two neighbours needed to expand strategic coordination and cooperation in the "
              "face of growing pressure from the West.")
    s_accuse = ("“The bloody events unleashed by the West in Ukraine are just one example. All of this is being "
                "done against Russia and China, and to the detriment of developing nations in general,” he said.")
    d21, d20 = _date("2023-02-21"), _date("2023-02-20")
    events = [
        _event("e1", "ASSAULT", "assault", "assault", _date("2022-01-01", "2022-12-31", "2022"), ["rus"], ["ukr"],
               [mention(art, s_assault, "assault", {"Russia": "rus", "Ukraine": "ukr"})]),
        _event("e2", "AGREE", "agreement", "agreement", _date("2022-10-01", "2022-12-31", "2022-Q4"),
               ["xi", "putin"], [],
               [mention(art, s_agree, "agreement", {"Xi Jinping": "xi", "Vladimir Putin": "putin"})]),
        _event("e3", "AID", "pledged", "pledge", d20, ["biden"], ["ukr"],
               [mention(art, s_biden, "pledged", {"US President Joe Biden": "biden", "Ukraine": "ukr"}),
                mention(art2, s_biden2, "promised", {"Biden": "biden"})]),
        _event("e4", "CONSULT", "visit", "visit", d20, ["biden"], ["kyiv"],
               [mention(art, s_biden, "visit", {"US President Joe Biden": "biden", "Kyiv": "kyiv"})],
               mode="visit", location="kyiv"),
        _event("e5", "CONSULT", "met", "meet", d20, ["biden"], ["zelensky"],
               [mention(art, s_biden, "met", {"US President Joe Biden": "biden", "Volodymyr Zelensky": "zelensky"}),
                mention(art2, s_biden2, "met", {"Biden": "biden", "Zelensky": "zelensky"})], location="kyiv"),
        _event("e6", "CONSULT", "meeting", "meeting", d21, ["wang"], ["patrushev"],
               [mention(art, s_meet, "meeting", {"State Councillor Wang Yi": "wang", "Nikolai Patrushev": "patrushev"})]),
        _event("e7", "CONSULT", "landed", "land", d21, ["wang"], ["rus"],
               [mention(art, s_land, "landed", {"He": "wang", "the Russian capital": "rus"})], mode="visit",
               location="rus"),
        _event("e8", "COOPERATE", "cooperation", "cooperation", _date("2023-02-21"), ["chn", "rus"], [],
               [mention(art, s_coop, "cooperation", {"Patrushev": "patrushev", "the two neighbours": "chn"})]),
        _event("e9", "SUPPORT", "reaffirmed", "reaffirm", _date("2023-02-21"), ["patrushev"], ["chn"],
               [mention(art, s_support, "reaffirmed", {"He": "patrushev", "Beijing": "chn"})]),
        _event("e10", "ACCUSE", "unleashed", "unleash", _date("2023-02-21"), ["patrushev"], ["west"],
               [mention(art, s_accuse, "unleashed", {"the West": "west", "he": "patrushev"})]),
        _event("e11", "CONSULT", "meet", "meet", _date("2023-02-22"), ["wang"], ["lavrov"],
               [mention(art, s_lavrov, "meet", {"Wang": "wang", "Sergey Lavrov": "lavrov"})], status="planned"),
        _event("e12", "CONSULT", "meeting", "meeting", _date(None, None, None, "unknown"), ["wang"], ["putin"],
               [mention(art, s_lavrov, "meeting", {"Putin": "putin"})], status="possible"),
        _event("e13", "SANCTION", "sanctions", "sanction", _date("2023-02-22", "2023-03-08", "2023-02-22/P2W",
                                                                    "publication"),
               ["usa"], ["rus"], [mention(art, s_sanction, "sanctions", {"The White House": "usa", "Russian": "rus"})],
               status="planned"),
    ]
    articles = {
        art: ReportArticle(id=art, title="China-Russia relations ‘rock solid’ as Ukraine war hits anniversary",
                           source="South China Morning Post", published="2023-02-22",
                           url="https://www.scmp.com/news/china/diplomacy/article/3211143/china-russia-relations-rock-solid"),
        art2: ReportArticle(id=art2, title="Biden makes surprise visit to Kyiv", source="Wire",
                            published="2023-02-20", url=None),
    }
    return count_events(ReportData(title="China–Russia ‘rock solid’ (seed)", actors=actors, events=events,
                                   articles=articles))


_FIRST = ("Anna", "Boris", "Chen", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ivan", "Jae", "Kofi", "Lena",
          "Mario", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sergei", "Tariq", "Ulla", "Viktor", "Wei", "Yusuf")
_LAST = ("Abe", "Baker", "Costa", "Diaz", "Evans", "Fischer", "Gupta", "Horvat", "Ito", "Jensen", "Kim", "Lopez",
         "Moreau", "Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka", "Usman", "Volkov", "Weber", "Zhou")
_COUNTRIES = ("USA", "RUS", "CHN", "UKR", "GBR", "FRA", "DEU", "IND", "BRA", "JPN", "IRN", "ISR", "TUR", "ZAF",
              "NGA", "EGY", "SAU", "MEX", "KOR", "PAK")


def synthetic_report(n_articles: int = 2000, n_actors: int = 1500, n_events: int = 6000,
                     seed: int = 7) -> ReportData:
    """A deterministic store-sized ReportData with a heavy-tailed actor degree distribution, like news."""
    rng = random.Random(seed)
    actors: list[ReportActor] = []
    for i in range(n_actors):
        country = rng.choice(_COUNTRIES)
        if i < len(_COUNTRIES):
            actors.append(_actor(f"a{i}", f"Country {_COUNTRIES[i]}", "country", _COUNTRIES[i], None))
            continue
        kind = rng.choices(("person", "organization", "location", "group"), (6, 3, 1, 1))[0]
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {i}" if kind == "person" else f"{kind.title()} {i}"
        actors.append(_actor(f"a{i}", name, kind, country, rng.choice(("GOV", "MIL", "BUS", "MED", None)),
                             [name.split()[-2]] if kind == "person" else []))
    weights = [1.0 / (i + 1) ** 0.9 for i in range(n_actors)]
    ids = [a["id"] for a in actors]
    start = date(2019, 1, 1)
    articles: dict[str, ReportArticle] = {}
    for i in range(n_articles):
        pub = start + timedelta(days=rng.randrange(5 * 365))
        articles[f"art{i}"] = ReportArticle(id=f"art{i}", title=f"Synthetic story {i} about world affairs",
                                            source=rng.choice(("Reuters", "AP", "AFP", "BBC")),
                                            published=pub.isoformat(), url=f"https://example.org/story/{i}")
    art_ids = list(articles)
    events: list[ReportEvent] = []
    for i in range(n_events):
        src, tgt = rng.choices(ids, weights, k=2)
        if tgt == src:
            tgt = rng.choice(ids)
        etype = rng.choice(EVENT_TYPES)
        arts = rng.sample(art_ids, rng.choice((1, 1, 1, 2, 3)))
        pub = date.fromisoformat(articles[arts[0]]["published"] or "2020-01-01")
        precision = rng.random()
        if precision < 0.85:
            when = _date(pub.isoformat())
        elif precision < 0.95:
            when = _date(pub.replace(day=1).isoformat(),
                         (pub.replace(day=28) + timedelta(days=4)).replace(day=1).isoformat(), pub.strftime("%Y-%m"))
            when["end"] = (date.fromisoformat(when["end"] or "") - timedelta(days=1)).isoformat()
        else:
            when = _date(f"{pub.year}-01-01", f"{pub.year}-12-31", str(pub.year))
        names = {a: actors[int(a[1:])]["name"] for a in (src, tgt)}
        sentence = f"{names[src]} said it would {etype.lower()} {names[tgt]} after talks on Tuesday."
        ms = [mention(a, sentence, etype.lower(), {names[src]: src, names[tgt]: tgt}) for a in arts]
        status = rng.choices(("asserted", "planned", "possible", "negated"), (20, 2, 1, 1))[0]
        events.append(_event(f"e{i}", etype, etype.lower(), etype.lower(), when, [src], [tgt], ms, status=status))
    return count_events(ReportData(title=f"Synthetic store ({n_articles} articles)", actors=actors, events=events,
                                   articles=articles))
