"""Score the temporal stage on TempEval-3 training data (TimeBank + AQUAINT), TempEval-3 style.

Run from the repo root: `.venv/bin/python bench/temporal.py [--limit N] [--errors 20]`.

Strict extraction = exact span match, relaxed = any overlap; type and value accuracy are measured over
the relaxed-matched pairs, and attribute F1 = relaxed F1 x attribute accuracy (as TempEval-3 does).
Only TIMEX3 inside TEXT are scored: the creation-time TIMEX3 is metadata and becomes the DCT.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data" / "te3-train"
TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>|([^<]+)", re.S)
ATTR = re.compile(r'(\w+)="([^"]*)"')

Gold = tuple[int, int, str, str, str]  # start, end, type, value, text


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


def value_errors(golds: list[list[Gold]], preds: list[list[Gold]]) -> Counter[str]:
    """Misses, spurious tags and wrong values, keyed so that the most common problems surface."""
    errors: Counter[str] = Counter()
    for gold, pred in zip(golds, preds):
        used: set[int] = set()
        for g in gold:
            hit = next((i for i, p in enumerate(pred) if i not in used and p[0] < g[1] and p[1] > g[0]), None)
            if hit is None:
                errors[f"MISSED   {g[4]!r} ({g[2]} {g[3]})"] += 1
                continue
            used.add(hit)
            p = pred[hit]
            if p[3] != g[3] or p[2] != g[2]:
                errors[f"VALUE    {g[4]!r}: gold {g[2]} {g[3]} | got {p[4]!r} {p[2]} {p[3]}"] += 1
            elif (p[0], p[1]) != (g[0], g[1]):
                errors[f"SPAN     gold {g[4]!r} | got {p[4]!r}"] += 1
        for i, p in enumerate(pred):
            if i not in used:
                errors[f"SPURIOUS {p[4]!r} ({p[2]} {p[3]})"] += 1
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="score only the first N documents")
    parser.add_argument("--errors", type=int, default=20, help="how many frequent errors to print")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"TempEval-3 training data not found at {DATA}")

    import spacy

    from timeline.extract import doc as _doc  # noqa: F401  (registers the Doc extensions)
    from timeline.extract.pipeline import model_name
    from timeline.extract.temporal import TimexTagger

    paths = sorted(DATA.glob("*/*.tml"))
    if args.limit:
        paths = paths[: args.limit]
    docs_data = [load_tml(p) for p in paths]
    nlp = spacy.load(model_name())
    tagger = TimexTagger()

    t0 = time.process_time()
    docs = list(nlp.pipe(text for text, _, _ in docs_data))
    parse_s = time.process_time() - t0

    preds: list[list[Gold]] = []
    tag_s = 0.0
    for doc, (_, dct, _) in zip(docs, docs_data):
        doc._.dct = dct
        t0 = time.process_time()
        tagger(doc)
        tag_s += time.process_time() - t0
        preds.append([(t["start"], t["end"], t["type"], t["value"], t["text"]) for t in doc._.timexes])
    golds = [g for _, _, g in docs_data]

    s = score(golds, preds)
    n = len(docs)
    print(f"documents: {n}   gold timexes: {s['gold']}   predicted: {s['pred']}")
    print(f"strict   P {s['strict_p']:.3f}  R {s['strict_r']:.3f}  F1 {100 * s['strict_f1']:.1f}")
    print(f"relaxed  P {s['relaxed_p']:.3f}  R {s['relaxed_r']:.3f}  F1 {100 * s['relaxed_f1']:.1f}")
    print(f"type     accuracy {s['type_acc']:.3f}  F1 {100 * s['type_f1']:.1f}")
    print(f"value    accuracy {s['value_acc']:.3f}  F1 {100 * s['value_f1']:.1f}")
    print(f"time     spaCy parse {1000 * parse_s / n:.1f} ms/doc   temporal stage {1000 * tag_s / n:.2f} ms/doc"
          f"   ({100 * tag_s / parse_s:.1f}% of parse)")
    print(f"\n{args.errors} most frequent errors:")
    for key, count in value_errors(golds, preds).most_common(args.errors):
        print(f"{count:4d}  {key}")


if __name__ == "__main__":
    main()
