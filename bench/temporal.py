"""Score the temporal stage on TempEval-3 training data and MEANTIME, TempEval-3 style, half by half.

Run from the repo root: `.venv/bin/python bench/temporal.py [--limit N] [--errors 20] [--reuters 2000]`.

Corpora (all under ../shared/data/):
- te3-train: TimeBank + AQUAINT TimeML; the creation-time TIMEX3 is metadata and becomes the DCT.
- MEANTIME apple + airbus (WikiNews), two ways: as `bench/actor_mentions.py` detokenises it, and as
  converted text with every token separated by a space ("October 9 , 2002"), which is how tokenised
  corpora reach a tagger. Only the annotated part of each article is scored; its date line is a
  TIMEX3 like any other and is scored too.

Each corpus is split into two halves by a stable hash of the document name (`half`): rules are
developed on "dev" and checked on "check", so the check half shows generalisation, not fit.

Strict extraction = exact span match, relaxed = any overlap; type and value accuracy are measured over
the relaxed-matched pairs, and attribute F1 = relaxed F1 x attribute accuracy (as TempEval-3 does).

Also printed: the issue's error classes counted over all corpora, the Reuters-21578 probe of
plausibility and anchoring cases (bench/temporal_probe.tsv, references into the corpus, scored
exactly), and with --reuters N the timexes of the first N Reuters stories whose year is before 1900
or after 2030, with their sentences.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SHARED = ROOT.parent / "shared" / "data"
TE3 = SHARED / "te3-train"
MEANTIME = SHARED / "meantime"
REUTERS = SHARED / "reuters21578"
PROBE = ROOT / "bench" / "temporal_probe.tsv"
ANCHORED = "anchor="  # a probe value that the timex's anchor must have, not its own value
TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>|([^<]+)", re.S)
ATTR = re.compile(r'(\w+)="([^"]*)"')
HALVES = ("dev", "check")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2030

Gold = tuple[int, int, str, str, str]  # start, end, type, value, text


@dataclass
class Document:
    name: str
    text: str
    dct: str | None
    gold: list[Gold]
    scored_end: int | None = None  # predictions starting at or after this offset are not scored


def half(name: str) -> str:
    """'dev' or 'check', from a stable hash of the document name (not Python's salted hash)."""
    return HALVES[hashlib.sha1(name.encode("utf-8")).digest()[0] % 2]


def load_tml(path: Path) -> tuple[str, str | None, list[Gold]]:
    """The raw TEXT, the creation-time date and the gold TIMEX3 with offsets into that text."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    dct = None
    if dct_match:
        value = dict(ATTR.findall(dct_match.group(0))).get("value", "")
        dct = value[:10] if re.match(r"\d{4}-\d{2}-\d{2}", value) else None
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    parts: list[str] = []
    pos = 0
    stack: list[tuple[int, dict[str, str]]] = []
    gold: list[Gold] = []
    for m in TAG.finditer(body):
        if m.group(4) is not None:
            chunk = html.unescape(m.group(4))
            parts.append(chunk)
            pos += len(chunk)
        elif m.group(2) == "TIMEX3":
            if m.group(1):
                start, attrs = stack.pop()
                text = "".join(parts)[start:pos]
                gold.append((start, pos, attrs.get("type", ""), attrs.get("value", ""), text))
            elif not m.group(3).rstrip().endswith("/"):
                stack.append((pos, dict(ATTR.findall(m.group(3)))))
    return "".join(parts), dct, sorted(gold)


def te3_documents(limit: int = 0) -> list[Document]:
    paths = sorted(TE3.glob("*/*.tml"))
    if limit:
        paths = paths[:limit]
    return [Document(p.stem, *load_tml(p)) for p in paths]


def meantime_documents(spaced: bool, limit: int = 0) -> list[Document]:
    """MEANTIME apple + airbus; `spaced` rebuilds each text with a space between every two tokens."""
    from actor_mentions import load_corpus

    docs = []
    for mdoc in load_corpus(MEANTIME)[: limit or None]:
        text, end = mdoc.text, mdoc.annotated_end
        starts: dict[int, int] = {}
        ends: dict[int, int] = {}  # apart from starts: "9," has a token ending where the next begins
        if spaced:
            parts, pos, prev = [], 0, None
            for tok in mdoc.tokens:
                sep = "" if prev is None else ("\n" if tok.sentence != prev and prev <= 1 else " ")
                parts.append(sep)
                pos += len(sep)
                starts[tok.start], ends[tok.end] = pos, pos + len(tok.text)
                parts.append(tok.text)
                pos += len(tok.text)
                prev = tok.sentence
            text = "".join(parts)
            end = next((ends[t.end] for t in reversed(mdoc.tokens) if t.end <= mdoc.annotated_end), len(text))
        gold = []
        for t in mdoc.timexes:
            s, e = (starts[t.start], ends[t.end]) if spaced else (t.start, t.end)
            gold.append((s, e, t.type, t.value, text[s:e]))
        docs.append(Document(mdoc.name, text, (mdoc.dct or "")[:10] or None, sorted(gold), end))
    return docs


def score(golds: list[list[Gold]], preds: list[list[Gold]]) -> dict[str, float]:
    """TempEval-3 extraction and attribute scores over all documents."""
    n_gold = sum(len(g) for g in golds)
    n_pred = sum(len(p) for p in preds)
    strict = relaxed = type_ok = value_ok = 0
    for gold, pred in zip(golds, preds):
        used: set[int] = set()
        for g in gold:
            for i, p in enumerate(pred):
                if i in used or p[1] <= g[0] or p[0] >= g[1]:
                    continue
                used.add(i)
                relaxed += 1
                strict += (p[0], p[1]) == (g[0], g[1])
                type_ok += p[2] == g[2]
                value_ok += p[3] == g[3]
                break

    def f1(hits: int) -> tuple[float, float, float]:
        p = hits / n_pred if n_pred else 0.0
        r = hits / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    sp, sr, sf = f1(strict)
    rp, rr, rf = f1(relaxed)
    return {
        "gold": n_gold, "pred": n_pred,
        "strict_p": sp, "strict_r": sr, "strict_f1": sf,
        "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
        "type_acc": type_ok / relaxed if relaxed else 0.0,
        "value_acc": value_ok / relaxed if relaxed else 0.0,
        "type_f1": rf * (type_ok / relaxed if relaxed else 0.0),
        "value_f1": rf * (value_ok / relaxed if relaxed else 0.0),
    }


Error = tuple[str, "Gold | None", "Gold | None"]  # kind (MISSED, VALUE, SPAN, SPURIOUS), gold, predicted


def errors_of(gold: list[Gold], pred: list[Gold]) -> list[Error]:
    """Misses, spurious tags, wrong values and wrong spans of one document, in the scorer's matching."""
    found: list[Error] = []
    used: set[int] = set()
    for g in gold:
        hit = next((i for i, p in enumerate(pred) if i not in used and p[0] < g[1] and p[1] > g[0]), None)
        if hit is None:
            found.append(("MISSED", g, None))
            continue
        used.add(hit)
        p = pred[hit]
        if p[3] != g[3] or p[2] != g[2]:
            found.append(("VALUE", g, p))
        elif (p[0], p[1]) != (g[0], g[1]):
            found.append(("SPAN", g, p))
    found.extend(("SPURIOUS", None, p) for i, p in enumerate(pred) if i not in used)
    return found


def error_key(error: Error) -> str:
    kind, g, p = error
    if kind == "MISSED":
        return f"MISSED   {g[4]!r} ({g[2]} {g[3]})"
    if kind == "SPURIOUS":
        return f"SPURIOUS {p[4]!r} ({p[2]} {p[3]})"
    if kind == "VALUE":
        return f"VALUE    {g[4]!r}: gold {g[2]} {g[3]} | got {p[4]!r} {p[2]} {p[3]}"
    return f"SPAN     gold {g[4]!r} | got {p[4]!r}"


# ---------------------------------------------------------------- the error classes

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_ZONE = r"\b(?:[ECMP][SD]T|GMT|UTC|BST|CET)\b"
_WEEKISH = r"(?i:\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weekend)\b)"


def _text(error: Error) -> str:
    return (error[1] or error[2])[4]


def _wrong(error: Error) -> bool:
    return error[0] in ("VALUE", "MISSED", "SPURIOUS")


ERROR_CLASSES: dict[str, Callable[[Error], bool]] = {
    "number taken for a year": lambda e: e[0] in ("SPURIOUS", "VALUE") and bool(
        re.fullmatch(r"\d{4}", e[2][4])) and (e[1] is None or not re.fullmatch(r"\d{4}", e[1][3])),
    "full date with its own year moved": lambda e: e[0] == "VALUE" and bool(
        re.search(_MONTH + r"\s+\d{1,2}\s*,?\s*(?:1[89]|20)\d\d", e[1][4])) and e[1][3][:4] != e[2][3][:4],
    "bare month-day in the wrong year": lambda e: e[0] == "VALUE" and bool(
        re.fullmatch(_MONTH + r"\s+\d{1,2}", e[1][4])) and e[1][3][4:] == e[2][3][4:] != "",
    "clock time with a zone": lambda e: _wrong(e) and bool(re.search(_ZONE, _text(e))),
    "weekday, week or weekend off": lambda e: e[0] == "VALUE" and bool(re.search(_WEEKISH, e[1][4])),
    "quarter or year relative to a report": lambda e: _wrong(e) and bool(
        re.search(r"(?i)quarter|half|period|year[- ](?:ago|earlier|previous)|previous year|last year", _text(e))),
    "anchored expression": lambda e: _wrong(e) and bool(
        re.search(r"(?i)\b(?:after|before|later|earlier|following|previous)\b", _text(e))),
    "over-tagged now/current/recently/today": lambda e: e[0] in ("SPURIOUS", "VALUE") and bool(
        re.fullmatch(r"(?i)now|current(?:ly)?|recent(?:ly)?|today|presently|nowadays", e[2][4])),
}


def count_classes(errors: Iterable[Error]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for error in errors:
        for name, test in ERROR_CLASSES.items():
            if test(error):
                counts[name] += 1
    return counts


# ---------------------------------------------------------------- running the tagger

class Runner:
    """The spaCy model and the temporal component, timed apart (CPU time of this process)."""

    def __init__(self) -> None:
        import spacy

        from timeline.extract import doc as _doc  # noqa: F401  (registers the Doc extensions)
        from timeline.extract import temporal  # noqa: F401  (registers the factory)
        from timeline.extract.pipeline import model_name

        self.nlp = spacy.load(model_name())
        self.tagger = self.nlp.add_pipe("timeline_timexes")
        self.parse_s = self.tag_s = 0.0
        self.docs = 0

    def run(self, texts: list[str], dcts: list[str | None]) -> list[list[dict]]:
        t0 = time.process_time()
        with self.nlp.select_pipes(disable=["timeline_timexes"]):
            docs = list(self.nlp.pipe(texts))
        self.parse_s += time.process_time() - t0
        out = []
        for doc, dct in zip(docs, dcts):
            doc._.dct = dct
            t0 = time.process_time()
            self.tagger(doc)
            self.tag_s += time.process_time() - t0
            out.append(doc._.timexes)
        self.docs += len(docs)
        return out


def predictions(runner: Runner, docs: list[Document]) -> list[list[Gold]]:
    found = runner.run([d.text for d in docs], [d.dct for d in docs])
    return [[(t["start"], t["end"], t["type"], t["value"], t["text"]) for t in timexes
             if d.scored_end is None or t["start"] < d.scored_end] for d, timexes in zip(docs, found)]


def report(name: str, docs: list[Document], preds: list[list[Gold]]) -> list[Error]:
    print(f"\n{name}")
    for part in (*HALVES, "all"):
        picked = [i for i, d in enumerate(docs) if part == "all" or half(d.name) == part]
        s = score([docs[i].gold for i in picked], [preds[i] for i in picked])
        print(f"  {part:5s} docs {len(picked):3d}  gold {s['gold']:4d}  pred {s['pred']:4d}   "
              f"strict F1 {100 * s['strict_f1']:.1f}  relaxed F1 {100 * s['relaxed_f1']:.1f}  "
              f"type F1 {100 * s['type_f1']:.1f}  value F1 {100 * s['value_f1']:.1f}")
    return [e for d, p in zip(docs, preds) for e in errors_of(d.gold, p)]


# ---------------------------------------------------------------- Reuters probe and range check

def reuters_stories(n: int | None) -> list:
    from timeline.ingest import iter_articles
    from timeline.types import Article

    found = []
    for item in iter_articles(sorted(REUTERS.glob("reut2-*.sgm"))):
        if isinstance(item, Article):
            found.append(item)
            if n and len(found) >= n:
                break
    return found


@dataclass(frozen=True)
class Probe:
    file: str
    story: str
    start: int
    end: int
    value: str  # the TIMEX3 value TimeML gives; "NONE" when TimeML tags nothing there; anchor=VALUE
    error_class: str
    part: str  # "fixed": seen while the rules changed; "held-out": annotated afterwards, never tuned on


def load_probe(path: Path = PROBE) -> list[Probe]:
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")]
    return [Probe(r["file"], r["story"], int(r["start"]), int(r["end"]), r["value"], r["class"], r["part"])
            for r in rows]


def probe_scores(runner: Runner, probes: list[Probe], verbose: bool) -> None:
    """A probe item passes when the tagger's timex at its offsets has its value (or none is there)."""
    from timeline.ingest import iter_articles
    from timeline.types import Article

    wanted = {(p.file, p.story) for p in probes}
    texts: dict[tuple[str, str], Article] = {}
    for file in sorted({p.file for p in probes}):
        for item in iter_articles([REUTERS / file]):
            if isinstance(item, Article) and (file, item.id) in wanted:
                texts[(file, item.id)] = item
    keys = sorted(texts)
    found = dict(zip(keys, runner.run([texts[k].text for k in keys],
                                      [texts[k].published.isoformat() if texts[k].published else None
                                       for k in keys])))
    by_class: dict[str, list[bool]] = {}
    by_part: dict[str, list[bool]] = {}
    for p in probes:
        timexes = found.get((p.file, p.story), [])
        hit = [t for t in timexes if t["start"] < p.end and t["end"] > p.start]
        got = hit[0]["value"] if hit else "NONE"
        if p.value.startswith(ANCHORED):
            got = ANCHORED + (hit[0].get("anchor") or {}).get("value", "none") if hit else "NONE"
        ok = got == p.value
        by_class.setdefault(p.error_class, []).append(ok)
        by_part.setdefault(p.part, []).append(ok)
        if verbose and not ok:
            text = texts[(p.file, p.story)].text if (p.file, p.story) in texts else ""
            print(f"    FAIL {p.story} {text[p.start:p.end]!r}: expected {p.value}, got {got}")
    total = [ok for oks in by_class.values() for ok in oks]
    print(f"\nReuters-21578 probe ({PROBE.name}): {sum(total)}/{len(total)} = {100 * sum(total) / len(total):.1f}%")
    for name, oks in sorted(by_part.items()):
        print(f"  part {name:35s} {sum(oks):3d}/{len(oks)} = {100 * sum(oks) / len(oks):.1f}%")
    for name, oks in sorted(by_class.items()):
        print(f"  {name:40s} {sum(oks):3d}/{len(oks)}")


def out_of_range(runner: Runner, n: int) -> None:
    """Timexes of the first n stories whose value has a year before 1900 or after 2030."""
    stories = reuters_stories(n)
    found = runner.run([s.text for s in stories], [s.published.isoformat() if s.published else None for s in stories])
    hits = []
    for story, timexes in zip(stories, found):
        for t in timexes:
            m = re.match(r"(\d{4})", t["value"])
            if m and not EARLIEST_YEAR <= int(m.group(1)) <= LATEST_YEAR:
                lo = max(story.text.rfind(".", 0, t["start"]), story.text.rfind("\n\n", 0, t["start"])) + 1
                hi = story.text.find(".", t["end"])
                sentence = " ".join(story.text[lo:hi + 1 if hi >= 0 else None].split())
                hits.append((story.id, t, sentence))
    n_timexes = sum(len(t) for t in found)
    print(f"\nReuters-21578, first {len(stories)} stories: {n_timexes} timexes, {len(hits)} with a year before "
          f"{EARLIEST_YEAR} or after {LATEST_YEAR}")
    for story_id, t, sentence in hits:
        print(f"  {story_id}  {t['text']!r} {t['type']} {t['value']}  | {sentence[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="score only the first N documents of each corpus")
    parser.add_argument("--errors", type=int, default=20, help="how many frequent errors to print")
    parser.add_argument("--half", choices=HALVES, help="print frequent errors of this half only")
    parser.add_argument("--reuters", type=int, default=0, help="check years out of range in the first N stories")
    parser.add_argument("--probe-failures", action="store_true", help="list the probe items that fail")
    args = parser.parse_args()
    if not TE3.is_dir():
        sys.exit(f"TempEval-3 training data not found at {TE3}")

    runner = Runner()
    corpora = [("te3-train (TimeBank + AQUAINT)", te3_documents(args.limit))]
    if MEANTIME.is_dir():
        corpora += [("MEANTIME apple + airbus", meantime_documents(False, args.limit)),
                    ("MEANTIME apple + airbus, tokens spaced", meantime_documents(True, args.limit))]
    all_errors: list[Error] = []
    shown: list[Error] = []
    for name, docs in corpora:
        preds = predictions(runner, docs)
        errors = report(name, docs, preds)
        all_errors += errors
        shown += [e for d, p in zip(docs, preds) if args.half in (None, half(d.name)) for e in errors_of(d.gold, p)]
    print(f"\ntime     spaCy parse {1000 * runner.parse_s / runner.docs:.1f} ms/doc   temporal stage "
          f"{1000 * runner.tag_s / runner.docs:.2f} ms/doc   ({100 * runner.tag_s / runner.parse_s:.1f}% of parse)")

    print("\nthe issue's error classes, counted over all corpora above:")
    for name, count in count_classes(all_errors).most_common():
        print(f"  {count:4d}  {name}")
    if PROBE.is_file() and REUTERS.is_dir():
        probe_scores(runner, load_probe(), args.probe_failures)
    if args.reuters and REUTERS.is_dir():
        out_of_range(runner, args.reuters)
    print(f"\n{args.errors} most frequent errors{f' ({args.half} half)' if args.half else ''}:")
    for key, count in Counter(error_key(e) for e in shown).most_common(args.errors):
        print(f"{count:4d}  {key}")


if __name__ == "__main__":
    main()
