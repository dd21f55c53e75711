"""Events benchmark: PLOVER coding on the annotated sets, PETRARCH-2's records and whole articles;
MEANTIME actors, event arguments and dates; the seed article side by side.

PLOVER (bench/devsets/, scored by bench/devsets.py): per-category recall and precision and the
triple (category + source + target) on the sentences developed on (`plover-dev`, `plover-dev2`) and
on the held-out half (`plover-check`), on PETRARCH-2's 78 validation records, and the share of key
events found in 40 whole articles.

On ../shared/data/meantime/ (gold entities, events, participants, TLINKs):
- actor mention P/R/F1 (bench/actor_mentions.py's scorer);
- arguments: for every gold event mention with an agent (Arg0) and a patient (Arg1) that are both
  actor mentions (PER/ORG/LOC), the share where our event at that trigger (overlapping span) has
  the agent in `source` and the patient in `target`. A gold mention counts as found when one of
  our actor's mentions or refs overlaps it or any gold mention of the same entity instance;
- dates: for every one of our events at a gold event mention that a TLINK (IS_INCLUDED or
  SIMULTANEOUS) anchors to a dated timex, the share whose date span lies inside the gold span.
The seed article's events are then printed next to the expected list.

Run: .venv/bin/python bench/events.py [--only plover|meantime|seed] [--key-misses]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from actor_mentions import DEFAULT_ROOT, MeantimeDoc, load_corpus, score_actors  # noqa: E402
from devsets import (DEVSETS, PETR2, Corpus, load_jsonl, load_petr2, reports, score_key_events, score_petr2,  # noqa: E402
                     score_sentences)

from timeline.extract.pipeline import extract_article, load_pipeline  # noqa: E402
from timeline.dates import value_span  # noqa: E402
from timeline.ingest.boilerplate import clean_text  # noqa: E402
from timeline.types import Article  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "china-russia-rock-solid.txt"
ACTOR_TYPES = {"PER", "ORG", "LOC"}
ANCHORS = {"IS_INCLUDED", "SIMULTANEOUS"}
EXPECTED = [
    "CONSULT     Wang Yi + Patrushev             2023-02-21  asserted  (meeting ... on Tuesday)",
    "CONSULT/visit Wang Yi -> Moscow/Russia       2023-02-21  asserted  (He landed ... on Tuesday)",
    "AGREE       Wang Yi + Lavrov                2023-02-22  planned   (will meet ... on Wednesday; 3.1)",
    "ASSAULT     Russia -> Ukraine               2022        asserted  (launched ... assault)",
    "CONSULT/visit Biden -> Kyiv                 2023-02-20  asserted  (a surprise visit)",
    "CONSULT     Biden + Zelensky                2023-02-20  asserted  (he met ... Zelensky)",
    "AID         US/Biden -> Ukraine             2023-02-20  asserted  (pledged new military package)",
    "optional: SANCTION White House/US -> Russia planned; AGREE Xi + Putin end of 2022;",
    "          SUPPORT Patrushev -> China; COOPERATE China + Russia; ACCUSE Patrushev -> the West;",
    "          CONSULT ... Putin possible",
]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def actor_spans(actors: list[dict], refs: list[dict]) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {a["id"]: [(m["start"], m["end"]) for m in a["mentions"]] for a in actors}
    for ref in refs:
        for actor_id in ref["actors"]:
            spans.setdefault(actor_id, []).append((ref["start"], ref["end"]))
    return spans


def found(ids: list[str], gold: list[tuple[int, int]], spans: dict[str, list[tuple[int, int]]]) -> bool:
    return any(overlaps(s, g) for i in ids for s in spans.get(i, []) for g in gold)


def score_events(docs: list[MeantimeDoc], outputs: list[dict]) -> None:
    cases = trig = agent_ok = patient_ok = both = 0
    agent_cases = agent_trig = agent_only = 0
    dated = date_in = date_exact = 0
    on_gold = 0
    kinds: Counter[str] = Counter()
    for doc, out in zip(docs, outputs):
        spans = actor_spans(out["actors"], out["refs"])
        entities = {m.id: m for m in doc.entities}
        by_instance: dict[str, list[tuple[int, int]]] = {}
        for m in doc.entities:
            if m.instance:
                by_instance.setdefault(m.instance, []).append((m.start, m.end))
        events = reports(out["events"])
        kinds.update(e["type"] for e in out["events"])
        gold_spans = [(g.start, g.end) for g in doc.events]
        on_gold += sum(1 for e in events if any(overlaps((e["trigger"]["start"], e["trigger"]["end"]), g)
                                                for g in gold_spans))

        def mentions(entity_id: str) -> list[tuple[int, int]]:
            m = entities[entity_id]
            return by_instance.get(m.instance, []) + [(m.start, m.end)] if m.instance else [(m.start, m.end)]

        roles: dict[str, dict[str, str]] = {}
        for p in doc.participants:
            if p.entity in entities and entities[p.entity].type in ACTOR_TYPES:
                roles.setdefault(p.event, {}).setdefault(p.role, p.entity)
        timex = {t.id: t for t in doc.timexes}
        anchor = {l.source: timex[l.target] for l in doc.event_timex_links() if l.reltype in ANCHORS}
        for g in doc.events:
            at = [e for e in events if overlaps((e["trigger"]["start"], e["trigger"]["end"]), (g.start, g.end))]
            r = roles.get(g.id, {})
            if "Arg0" in r and g.event_class != "SPEECH_COGNITIVE":
                agent_cases += 1
                agent_trig += bool(at)
                agent_only += any(found(e["source"], mentions(r["Arg0"]), spans) for e in at)
            if "Arg0" in r and "Arg1" in r:
                cases += 1
                if at:
                    trig += 1
                    a = any(found(e["source"], mentions(r["Arg0"]), spans) for e in at)
                    p = any(found(e["target"], mentions(r["Arg1"]), spans) for e in at)
                    agent_ok += a
                    patient_ok += p
                    both += any(found(e["source"], mentions(r["Arg0"]), spans)
                                and found(e["target"], mentions(r["Arg1"]), spans) for e in at)
            if g.id in anchor and at:
                gs, ge = value_span(anchor[g.id].value)
                if gs is None:
                    continue
                for e in at[:1]:
                    dated += 1
                    s, t = e["date"]["start"], e["date"]["end"]
                    if s and t and gs <= s and t <= ge:
                        date_in += 1
                        date_exact += (s, t) == (gs, ge)
    total = sum(kinds.values())
    pct = lambda n, d: f"{n}/{d} = {100 * n / d:.1f}%" if d else "n/a"  # noqa: E731
    print(f"\nevents emitted: {total}; triggers on a gold event mention: {pct(on_gold, total)}")
    print("  by type: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    print(f"gold event mentions with actor agent+patient: {cases}")
    print(f"  with our event at the trigger:        {pct(trig, cases)}")
    print(f"  agent in source:                       {pct(agent_ok, cases)}")
    print(f"  patient in target:                     {pct(patient_ok, cases)}")
    print(f"  agent in source AND patient in target: {pct(both, cases)}")
    print(f"gold non-speech event mentions with an actor agent: {agent_cases}")
    print(f"  with our event at the trigger:        {pct(agent_trig, agent_cases)}")
    print(f"  agent in source:                       {pct(agent_only, agent_cases)}")
    print(f"event dates vs gold anchors ({'/'.join(sorted(ANCHORS))}): {dated} events")
    print(f"  inside the gold span: {pct(date_in, dated)}; exactly the gold span: {pct(date_exact, dated)}")


GRAMMATICAL = "GRAMMATICAL"
SPEECH = "SPEECH_COGNITIVE"
ENTITY_ROLES = {"Arg0", "Arg1", "Arg2"}


@dataclass
class EntityTally:
    """Issue 12's measure: gold event mentions with a named actor among their participants."""
    gold: int = 0
    at_trigger: int = 0
    with_actor: int = 0
    emitted: int = 0
    emitted_on_gold: int = 0
    emitted_right: int = 0
    named_emitted: int = 0
    named_right: int = 0
    dated: int = 0
    date_in: int = 0

    def add(self, other: "EntityTally") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self, title: str) -> str:
        pct = lambda n, d: f"{100 * n / d:5.1f}%" if d else "  n/a"  # noqa: E731
        return (f"  {title:6s} gold {self.gold:4d}  recall {pct(self.with_actor, self.gold)} "
                f"(trigger only {pct(self.at_trigger, self.gold)})  emitted {self.emitted:4d}  precision "
                f"{pct(self.named_right, self.named_emitted)} of {self.named_emitted} with a named actor "
                f"({pct(self.emitted_right, self.emitted)} of all; trigger only {pct(self.emitted_on_gold, self.emitted)})  "
                f"date inside the gold anchor {pct(self.date_in, self.dated)} of {self.dated}")


def entity_events(doc: MeantimeDoc, out: dict, speech: bool, types: frozenset[str] = frozenset(ACTOR_TYPES)) -> EntityTally:
    """Recall: gold event mentions (not grammatical; speech and cognition only if `speech`) with a
    participant (Arg0-2) of `types` (PER/ORG/LOC) whose entity has a name, found when one of our events has its
    trigger there and that participant among its actors. Precision: our events with a named actor
    (one not made from a generic agent noun such as "people" or "soldiers"), triggered inside the
    annotated part, that sit on a gold event mention and hold one of its participants; the same over
    every event with an actor is printed beside it. Dates: matched events whose gold mention a TLINK anchors to a dated timex."""
    tally = EntityTally()
    spans = actor_spans(out["actors"], out["refs"])
    entities = {m.id: m for m in doc.entities}
    by_instance: dict[str, list] = {}
    for m in doc.entities:
        by_instance.setdefault(m.instance or m.id, []).append(m)
    named = {key for key, ms in by_instance.items() if any(m.is_name for m in ms)}
    people: dict[str, list[list[tuple[int, int]]]] = {}
    for p in doc.participants:
        m = entities.get(p.entity)
        if m is None or m.type not in types or p.role not in ENTITY_ROLES:
            continue
        key = m.instance or m.id
        if key in named:
            people.setdefault(p.event, []).append([(x.start, x.end) for x in by_instance[key]])
    timex = {t.id: t for t in doc.timexes}
    anchor = {l.source: timex[l.target] for l in doc.event_timex_links() if l.reltype in ANCHORS}
    events = [e for e in out["events"] if e["source"] or e["target"]]
    generic = {a["id"] for a in out["actors"] if a.get("generic")}
    on_mention = lambda e, g: any(overlaps((m["trigger"]["start"], m["trigger"]["end"]), (g.start, g.end))  # noqa: E731
                                  for m in e["mentions"])
    holds = lambda e, gold: any(found(e["source"] + e["target"] + ([e["location"]] if e["location"] else []), g, spans)  # noqa: E731
                                for g in gold)
    wanted = [g for g in doc.events if g.event_class != GRAMMATICAL and (speech or g.event_class != SPEECH)]
    for g in wanted:
        if g.id not in people:
            continue
        tally.gold += 1
        at = [e for e in events if on_mention(e, g)]
        tally.at_trigger += bool(at)
        right = [e for e in at if holds(e, people[g.id])]
        tally.with_actor += bool(right)
        if right and g.id in anchor:
            gs, ge = value_span(anchor[g.id].value)
            if gs is not None:
                tally.dated += 1
                s, t = right[0]["date"]["start"], right[0]["date"]["end"]
                tally.date_in += bool(s and t and gs <= s and t <= ge)
    for e in events:
        if e["trigger"]["start"] >= doc.annotated_end:
            continue
        tally.emitted += 1
        on = [g for g in doc.events if on_mention(e, g)]
        tally.emitted_on_gold += bool(on)
        right = any(holds(e, people.get(g.id, [])) for g in on)
        tally.emitted_right += right
        if any(a not in generic for a in e["source"] + e["target"] + ([e["location"]] if e["location"] else [])):
            tally.named_emitted += 1
            tally.named_right += right
    return tally


def score_entity_events(docs: list[MeantimeDoc], outputs: list[dict]) -> None:
    from temporal import half

    variants = [(False, ACTOR_TYPES, "without speech and cognition events"),
                (True, ACTOR_TYPES, "with speech and cognition events"),
                (False, ACTOR_TYPES | {"PRO"}, "without speech and cognition, products counted as actors")]
    for speech, types, label in variants:
        halves = {"dev": EntityTally(), "check": EntityTally()}
        for doc, out in zip(docs, outputs):
            halves[half(doc.name)].add(entity_events(doc, out, speech, frozenset(types)))
        whole = EntityTally()
        for t in halves.values():
            whole.add(t)
        print(f"\nevents with a named actor (MEANTIME, {label}):")
        for name, t in [*halves.items(), ("all", whole)]:
            print(t.line(name))


def seed_side_by_side(nlp) -> None:
    text = clean_text(SEED.read_text(encoding="utf-8"))
    x = extract_article(nlp, Article(key="seed", id="seed", text=text, published=date(2023, 2, 22)))
    names = {a["id"]: a["name"] for a in x["actors"]}
    show = lambda ids: "+".join(names[i] for i in ids) or "-"  # noqa: E731
    print("\n== seed: expected ==")
    for line in EXPECTED:
        print("  " + line)
    print("== seed: emitted ==")
    for e in x["events"]:
        kind = e["type"] + (f"/{e['mode']}" if e["mode"] else "")
        where = f" @{names[e['location']]}" if e["location"] else ""
        said = f" (per {names[e['attribution']]})" if e["attribution"] else ""
        print(f"  {e['id']:4s} {kind:20s} {show(e['source'])} -> {show(e['target'])}{where}  "
              f"{e['date']['start']}..{e['date']['end']} [{e['date']['basis']}]  {e['status']}{said}  "
              f"\"{e['trigger']['text']}\" c={e['confidence']}")


SENTENCE_SETS = (("plover-dev.jsonl", "dev (Reuters, annotator A)"), ("plover-dev2.jsonl", "dev2 (te3-train, annotator D)"),
                 ("plover-check.jsonl", "check, held out (Reuters and web pages, annotator B)"))


def plover(nlp, key_misses: bool) -> None:
    """The PLOVER scores on every annotated set that is present."""
    from timeline.extract import gazetteer as gz

    corpus = Corpus()
    if not (ROOT.parent / "shared" / "data" / "reuters21578").exists():
        print("../shared/data is absent; skipping the PLOVER sets")
        return
    for name, title in SENTENCE_SETS:
        print("\n".join(score_sentences(nlp, load_jsonl(DEVSETS / name), corpus).report(title)))
    if PETR2.exists():
        countries = frozenset(gz.tables().canonical) | gz.HISTORIC_STATES.keys()
        print("\n".join(score_petr2(nlp, load_petr2(), countries).report("PETRARCH-2 validation records (CAMEO → PLOVER)")))
    total, found, sourced, emitted, misses = score_key_events(nlp, load_jsonl(DEVSETS / "key-events.jsonl"), corpus)
    print(f"key events in whole articles (annotator C, held out): {found}/{total} = {100 * found / total:.1f}% found, "
          f"{100 * sourced / total:.1f}% with the right source; {emitted} PLOVER events emitted in those articles")
    if key_misses:
        print("  missed: " + "; ".join(misses))


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    root = Path(args[0]) if args and only is None else DEFAULT_ROOT
    nlp = load_pipeline()
    if only in (None, "plover"):
        plover(nlp, "--key-misses" in argv)
    if only in (None, "meantime") and root.exists():
        docs = load_corpus(root)
        t0 = time.perf_counter()
        outputs = []
        made = []
        for d in docs:
            sdoc = nlp.make_doc(d.text)
            sdoc._.dct = d.dct[:10] if d.dct else None
            made.append(sdoc)
        for sdoc in nlp.pipe(made):
            outputs.append({"actors": sdoc._.actors or [], "refs": sdoc._.refs or [],
                            "events": sdoc._.events or []})
        print(f"MEANTIME: {len(docs)} documents, pipeline {time.perf_counter() - t0:.1f}s")
        for name, score in score_actors(docs, [(o["actors"], o["refs"]) for o in outputs]).items():
            print(f"  actors {name:15s} {score}")
        score_events(docs, outputs)
        score_entity_events(docs, outputs)
    elif only in (None, "meantime"):
        print(f"MEANTIME not found at {root}; skipping the corpus scores")
    if only in (None, "seed"):
        seed_side_by_side(nlp)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
