"""Score PLOVER event coding on the annotated sets in bench/devsets/ and on PETRARCH-2's records.

The sets hold references, not text (see bench/devsets/GUIDELINES.md): each record names a document
of ../shared/data and a sentence in it by offsets and a quote. Documents are read with timeline's
own readers and run through the whole pipeline, so the coder sees the sentence in its article.

Scoring, per sentence (negated and hypothetical gold events, and our negated and possible events,
are left out on both sides):
- category recall: gold events for which we emit an event of the same category in the sentence;
- category precision: our events whose category is among the sentence's gold categories;
- triple: gold events matched by one of ours of the same category whose source and target are
  right. A participant is right when one of our actors in that role covers the gold participant's
  words in the sentence, or has its name, or its country and sector (a missing sector on either
  side matches). An empty gold recipient wants an empty target.
PETRARCH-2's records are coded in CAMEO; their codes are mapped to PLOVER with the same table the
coder uses, and participants are matched by their CAMEO actor codes only.
Key events (whole articles): a key event is found when one of our events in one of its sentences
has its category and a right source.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from timeline.extract.eventdata import load_plover_map, split_code
from timeline.extract.pipeline import make_doc, to_extraction
from timeline.ingest.readers import read_html, read_reuters
from timeline.ingest.records import build_article
from timeline.types import PLOVER_CATEGORIES, Article, Extraction

ROOT = Path(__file__).resolve().parents[1]
DEVSETS = ROOT / "bench" / "devsets"
SHARED = ROOT.parent / "shared" / "data"
PETR2 = SHARED / "eventdata" / "PETR2_GSR_validation.xml"
SCORED_GOLD = {"asserted"}
UNSCORED_OURS = {"negated", "possible"}


def _squash(text: str) -> str:
    return " ".join(text.split())


class Corpus:
    """Articles of ../shared/data by document id, read once."""

    def __init__(self) -> None:
        self.reuters: dict[str, dict[str, Article]] = {}
        self.html: dict[str, Article] = {}
        self.te3: dict[str, Article] = {}

    def article(self, corpus: str, file: str | None, doc: str) -> Article:
        if corpus == "te3":
            assert file is not None
            if file not in self.te3:
                from temporal import load_tml

                text, dct, _ = load_tml(SHARED / "te3-train" / file)
                self.te3[file] = build_article(text, {"id": doc, "published": dct}, file, None)
            return self.te3[file]
        if corpus == "reuters":
            assert file is not None
            if file not in self.reuters:
                self.reuters[file] = {a.id: a for a in read_reuters(SHARED / "reuters21578" / file, None, 5_000_000)
                                      if isinstance(a, Article)}
            return self.reuters[file][doc]
        if doc not in self.html:
            self.html[doc] = read_html(SHARED / "html-pages" / "trafilatura-cache" / f"{doc}.html", None, 5_000_000)
        return self.html[doc]


def locate(text: str, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """The sentence's offsets in today's text: the recorded ones when the quote still starts there
    (whitespace aside), else the quote's first whitespace-insensitive occurrence."""
    for words in (quote.split(), quote.split()[:-1]):  # the last word may have been a trailer ("REUTER")
        if words and _squash(text[start:start + len(quote) + 20]).startswith(" ".join(words)):
            return start, min(end, len(text))
        pattern = r"\s+".join(re.escape(w) for w in words)
        if words and (found := re.search(pattern, text)):
            return found.start(), min(found.start() + (end - start), len(text))
    return None


@dataclass
class Tally:
    gold: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    emitted: Counter = field(default_factory=Counter)
    correct: Counter = field(default_factory=Counter)
    triples: int = 0
    sources: int = 0
    sentences: int = 0
    empty_gold: int = 0
    empty_gold_with_events: int = 0
    gold_with_nothing: int = 0
    missing: int = 0
    errors: list[str] = field(default_factory=list)

    def report(self, title: str) -> list[str]:
        def pct(n: int, d: int) -> str:
            return f"{100 * n / d:5.1f}%" if d else "  n/a "

        g, f, e, c = (sum(x.values()) for x in (self.gold, self.found, self.emitted, self.correct))
        lines = [f"{title}: {self.sentences} sentences ({self.empty_gold} without an event), "
                 f"{g} gold events, {e} emitted" + (f", {self.missing} records not located" if self.missing else ""),
                 f"  category recall {pct(f, g)}  precision {pct(c, e)}  "
                 f"source right {pct(self.sources, g)}  triple (category+source+target) {pct(self.triples, g)}",
                 f"  sentences with gold events but none emitted: {pct(self.gold_with_nothing, self.sentences - self.empty_gold)}; "
                 f"event-free sentences with an event emitted: {pct(self.empty_gold_with_events, self.empty_gold)}",
                 "  per category:   gold  recall  emitted  precision"]
        for kind in PLOVER_CATEGORIES:
            if self.gold[kind] or self.emitted[kind]:
                lines.append(f"    {kind:10s} {self.gold[kind]:5d}  {pct(self.found[kind], self.gold[kind])}"
                             f"  {self.emitted[kind]:7d}  {pct(self.correct[kind], self.emitted[kind])}")
        return lines


# ---------------------------------------------------------------- participants

def _norm(name: str | None) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", (name or "").lower()).replace("the ", " ").split())


def participant_ok(gold: dict[str, Any], actor: dict[str, Any], spans: list[tuple[int, int]],
                   sentence: tuple[int, int], text: str) -> bool:
    """Does one of our actors stand for this gold participant? (Its words, its name, or its codes.)"""
    words = gold.get("text")
    if words:
        lo, hi = sentence
        for m in re.finditer(re.escape(words), text[lo:hi]):
            a, b = lo + m.start(), lo + m.end()
            if any(s < b and a < e for s, e in spans):
                return True
    names = {_norm(actor["name"]), *(_norm(a) for a in actor.get("aliases", []))}
    if gold.get("name") and _norm(gold["name"]) in names:
        return True
    return codes_ok(gold.get("country"), gold.get("sector"), actor.get("country"), actor.get("sector"))


# International bodies that annotators code under a CAMEO pseudo-country rather than an ISO3 code.
PSEUDO_COUNTRIES = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG", "MNC", "AFR", "ASA", "MEA", "WST", "NAT"})


def codes_ok(gold_country: str | None, gold_sector: str | None, country: str | None, sector: str | None) -> bool:
    if gold_country in PSEUDO_COUNTRIES:
        gold_country, gold_sector = None, gold_sector or "IGO"
    if gold_country is None and gold_sector is None:
        return False
    if gold_country != country:
        return False
    return gold_sector is None or sector is None or gold_sector == sector


def role_ok(gold: list[dict[str, Any]], ours: list[str], spans_of: Any, actors: dict[str, dict], sentence: tuple[int, int],
            text: str) -> bool:
    if not gold:
        return not ours
    return any(participant_ok(g, actors[a], spans_of(a), sentence, text) for g in gold for a in ours if a in actors)


# ---------------------------------------------------------------- sentence sets

def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def extract(nlp: Any, article: Article) -> tuple[Extraction, dict[str, list[tuple[int, int]]]]:
    """The extraction of one article and, for each actor, every span that refers to it (names,
    pronouns, descriptions: the Doc's refs)."""
    doc = nlp(make_doc(nlp, article))
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for ref in doc._.refs or []:
        for aid in ref["actors"]:
            spans[aid].append((ref["start"], ref["end"]))
    return to_extraction(doc, article), spans


def extract_docs(nlp: Any, corpus: Corpus, keys: Iterable[tuple[str, str | None, str]]) -> dict[tuple, Any]:
    return {key: extract(nlp, corpus.article(*key)) for key in dict.fromkeys(keys)}


def reports(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One copy of each event per report of it (an act told in three sentences is scored in each)."""
    return [{**e, "trigger": m["trigger"], "sentence": m["sentence"]} for e in events for m in e["mentions"]]


def score_sentences(nlp: Any, records: list[dict[str, Any]], corpus: Corpus) -> Tally:
    """Category and triple scores of our events against annotated sentences."""
    tally = Tally()
    docs = extract_docs(nlp, corpus, ((r["corpus"], r.get("file"), r["doc"]) for r in records))
    for rec in records:
        x, spans = docs[(rec["corpus"], rec.get("file"), rec["doc"])]
        where = locate(x["text"], rec["start"], rec["end"], rec["quote"])
        if where is None:
            tally.missing += 1
            continue
        tally.sentences += 1
        lo, hi = where
        actors = {a["id"]: a for a in x["actors"]}
        ours = [e for e in reports(x["events"]) if lo <= e["trigger"]["start"] < hi and e["type"] != "OTHER"
                and e["status"] not in UNSCORED_OURS]
        gold = [e for e in rec["events"] if e.get("status", "asserted") in SCORED_GOLD]
        if not rec["events"]:
            tally.empty_gold += 1
            tally.empty_gold_with_events += bool(ours)
        elif gold and not ours:
            tally.gold_with_nothing += 1
        gold_kinds = Counter(e["category"] for e in gold)
        for e in ours:
            tally.emitted[e["type"]] += 1
            tally.correct[e["type"]] += e["type"] in gold_kinds
        used: set[str] = set()
        for g in gold:
            tally.gold[g["category"]] += 1
            same = [e for e in ours if e["type"] == g["category"]]
            if not same:
                tally.errors.append(f"{rec['id']} missed {g['category']} ({g.get('trigger')})")
                continue
            tally.found[g["category"]] += 1

            def fits(e: dict, role: str, gold_role: str) -> bool:
                return role_ok(g.get(gold_role, []), e[role], lambda a: spans.get(a, []), actors, (lo, hi), x["text"])

            best = max(same, key=lambda e: (e["id"] not in used, fits(e, "source", "actor"), fits(e, "target", "recipient")))
            used.add(best["id"])
            src, tgt = fits(best, "source", "actor"), fits(best, "target", "recipient")
            tally.sources += src
            tally.triples += src and tgt
    return tally


# ---------------------------------------------------------------- PETRARCH-2 records

@dataclass
class PetrRecord:
    id: str
    date: date
    text: str
    codings: list[tuple[str, str, str]]


def load_petr2(path: Path = PETR2) -> list[PetrRecord]:
    """The validation records: sentence text, date and CAMEO codings (event, source, target).
    The file is not well-formed XML (its Sentence tags close themselves), so records are read by
    pattern: a Sentence tag, its EventCoding tags, then its Text."""
    raw = path.read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r"<Sentence\b([^>]*?)/?>(.*?)<Text>(.*?)</Text>", raw, re.S):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m[1]))
        if attrs.get("evaluate", "true") != "true":
            continue
        stamp = attrs.get("date", "")
        if not re.fullmatch(r"\d{8}", stamp):
            continue
        codings = []
        for tag in re.findall(r"<EventCoding\b([^>]*)/?>", m[2]):
            c = dict(re.findall(r'(\w+)="([^"]*)"', tag))
            if "noevents" not in c and c.get("eventcode"):
                codings.append((c["eventcode"], c.get("sourcecode", ""), c.get("targetcode", "")))
        text = " ".join(m[3].split())
        if text:
            out.append(PetrRecord(attrs.get("id", ""), date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:])), text, codings))
    return out


def score_petr2(nlp: Any, records: list[PetrRecord], countries: frozenset[str]) -> Tally:
    plover = load_plover_map()
    tally = Tally()
    for rec in records:
        x, _ = extract(nlp, Article(key=rec.id, id=rec.id, text=rec.text, published=rec.date))
        actors = {a["id"]: a for a in x["actors"]}
        ours = [e for e in x["events"] if e["type"] != "OTHER" and e["status"] not in UNSCORED_OURS]
        gold = []
        for event, source, target in rec.codings:
            code = plover.get(event) or plover.get(event[:3]) or plover.get(event[:2])
            if code is not None:
                gold.append((code.type, split_code(source, countries), split_code(target, countries)))
        tally.sentences += 1
        if not rec.codings:
            tally.empty_gold += 1
            tally.empty_gold_with_events += bool(ours)
        gold_kinds = Counter(g[0] for g in gold)
        for e in ours:
            tally.emitted[e["type"]] += 1
            tally.correct[e["type"]] += e["type"] in gold_kinds
        for kind, (sc, ss), (tc, ts) in gold:
            tally.gold[kind] += 1
            same = [e for e in ours if e["type"] == kind]
            if not same:
                continue
            tally.found[kind] += 1

            def ok(ids: list[str], country: str | None, sector: str | None) -> bool:
                return any(codes_ok(country, sector, actors[a]["country"], actors[a]["sector"]) for a in ids if a in actors)

            src = any(ok(e["source"], sc, ss) for e in same)
            tally.sources += src
            tally.triples += any(ok(e["source"], sc, ss) and (ok(e["target"], tc, ts) if tc or ts else not e["target"])
                                 for e in same)
    return tally


# ---------------------------------------------------------------- key events

def score_key_events(nlp: Any, articles: list[dict[str, Any]], corpus: Corpus) -> tuple[int, int, int, int, list[str]]:
    """(key events, found, with source right, PLOVER events emitted) over whole articles, and misses."""
    total = found = sourced = emitted = 0
    misses: list[str] = []
    docs = extract_docs(nlp, corpus, ((a["corpus"], a.get("file"), a["doc"]) for a in articles))
    for art in articles:
        x, _ = docs[(art["corpus"], art.get("file"), art["doc"])]
        actors = {a["id"]: a for a in x["actors"]}
        ours = [e for e in x["events"] if e["type"] != "OTHER" and e["status"] not in UNSCORED_OURS]
        emitted += len(ours)
        for key in art["key_events"]:
            total += 1
            windows = [w for s in key["sentences"] if (w := locate(x["text"], s["start"], s["end"], s["quote"]))]
            hits = [e for e in ours if e["type"] == key["category"]
                    and any(lo <= m["trigger"]["start"] < hi for m in e["mentions"] for lo, hi in windows)]
            if not hits:
                misses.append(f"{art['doc']}: {key['category']} {[p['name'] for p in key['actor']]}")
                continue
            found += 1
            sourced += any(participant_ok(g, actors[a], [], (0, 0), x["text"]) for e in hits for a in e["source"]
                           if a in actors for g in key["actor"])
    return total, found, sourced, emitted, misses
