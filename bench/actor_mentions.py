"""MEANTIME reader and actor-mention benchmark.

The corpus (../shared/data/meantime/, NewsReader MEANTIME, English Wikinews) ships tokens without
character offsets, so the reader rebuilds a plain text from the tokens (light detokenisation:
no space before closing punctuation and clitics, PTB quotes turned into '"'; the title and the
date line end with a newline) and gives every markable character offsets into that text.

Each document exposes: entity mentions (type from the ENTITY instance they refer to: PER, ORG,
LOC, PRO (product), FIN; syntactic type NAM/NOM/PRO/...), event mentions, timexes (type, value,
anchor), participant links (event mention -> entity mention, PropBank role Arg0/Arg1/...), and
temporal links (TLINK reltype between events and timexes).

Actor scoring (`score_actors`), matching rule: a predicted span matches a gold mention when the
two overlap by at least one character; matching is one-to-one, greedy by overlap length. Typed
scores also require the kind to agree (person=PER, organization/group=ORG, country/location=LOC).
- "names": gold = PER/ORG/LOC mentions that are names (syntactic type NAM or PRE.NAM; the airbus
  sub-corpus leaves the syntactic type empty, there a mention counts as a name when its last
  token is capitalised and it is not a pronoun: "Airbus" yes, "the Airbus chief executive" no);
  predicted = the actors' mentions.
- MEANTIME annotates only the title, the date line and the first sentences of each article
  (`annotated_end`: the end of the last sentence holding a markable); predictions after that
  point are not scored.
- "refs": gold = every PER/ORG/LOC mention (names, nominals, pronouns); predicted = doc._.refs,
  untyped. MEANTIME does not mark every entity in every document, so precision is a lower bound.

Run: .venv/bin/python bench/actor_mentions.py [ROOT]
"""

from __future__ import annotations

import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "meantime"

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'re",
                    "'ve", "'ll", "'d", "'m", "''", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "US$"}
_PRONOUNS = {"i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her",
             "it", "its", "they", "them", "their", "this", "that", "these", "those", "who", "which"}
KIND_TO_GOLD = {"person": "PER", "organization": "ORG", "group": "ORG", "country": "LOC",
                "location": "LOC"}
ACTOR_TYPES = ("PER", "ORG", "LOC")


@dataclass(frozen=True)
class Token:
    id: str
    sentence: int
    start: int
    end: int
    text: str


@dataclass
class Markable:
    """What every MEANTIME markable has: its id and where it is in the rebuilt text."""

    id: str
    start: int
    end: int
    text: str


@dataclass
class EntityMention(Markable):
    syntactic_type: str
    head: str
    type: str | None = None
    instance: str | None = None

    @property
    def is_name(self) -> bool:
        """Named mention; the airbus half has no syntactic types, so fall back on capitalisation."""
        if self.syntactic_type:
            return self.syntactic_type in {"NAM", "PRE.NAM"}
        words = self.text.split()
        return not (len(words) == 1 and words[0].lower() in _PRONOUNS) and words[-1][:1].isupper()


@dataclass
class EventMention(Markable):
    pos: str
    pred: str
    certainty: str
    polarity: str
    tense: str
    time: str
    event_class: str | None = None
    instance: str | None = None


@dataclass
class Timex(Markable):
    type: str
    value: str
    function: str
    anchor: str | None


@dataclass(frozen=True)
class Participant:
    event: str
    entity: str
    role: str


@dataclass(frozen=True)
class Link:
    kind: str
    source: str
    target: str
    reltype: str | None


@dataclass
class MeantimeDoc:
    id: str
    name: str
    corpus: str
    url: str | None
    text: str
    dct: str | None
    tokens: list[Token]
    sentences: list[tuple[int, int]]
    entities: list[EntityMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    annotated_end: int = 0

    def event_timex_links(self) -> list[Link]:
        """TLINKs between an event mention and a timex (the gold date anchors)."""
        ev = {e.id for e in self.events}
        tx = {t.id for t in self.timexes}
        return [l for l in self.links if l.kind == "TLINK" and l.source in ev and l.target in tx]


def _detokenise(tokens: list[tuple[str, int, str]]) -> tuple[str, list[Token], list[tuple[int, int]]]:
    """Plain text plus offsets from (t_id, sentence, text) triples."""
    parts: list[str] = []
    out: list[Token] = []
    sentences: list[tuple[int, int]] = []
    pos = 0
    prev_sent = None
    prev_text = ""
    open_quote = False
    for tid, sent, raw in tokens:
        text = raw
        if raw in {"``", "''"}:
            text = '"'
        if prev_sent is None:
            sep = ""
        elif sent != prev_sent:
            sep = "\n" if prev_sent <= 1 else " "
        elif raw in _NO_SPACE_BEFORE or (raw == '"' and open_quote) or prev_text in _NO_SPACE_AFTER \
                or (prev_text == '"' and open_quote and prev_text != raw):
            sep = ""
        else:
            sep = " "
        if raw in {"``"} or (raw == '"' and not open_quote):
            open_quote = True
        elif raw in {"''"} or raw == '"':
            open_quote = False
        if sent != prev_sent:
            if sentences:
                sentences[-1] = (sentences[-1][0], pos)
            sentences.append((pos + len(sep), pos + len(sep)))
        parts.append(sep)
        pos += len(sep)
        out.append(Token(tid, sent, pos, pos + len(text), raw))
        parts.append(text)
        pos += len(text)
        prev_sent, prev_text = sent, raw
    if sentences:
        sentences[-1] = (sentences[-1][0], pos)
    return "".join(parts), out, sentences


def _span(el: ET.Element, by_id: dict[str, Token], text: str) -> tuple[int, int, str] | None:
    toks = [by_id[a.get("t_id", "")] for a in el.findall("token_anchor") if a.get("t_id") in by_id]
    if not toks:
        return None
    start, end = min(t.start for t in toks), max(t.end for t in toks)
    return start, end, text[start:end]


def load_document(path: Path) -> MeantimeDoc:
    """Parse one MEANTIME XML file."""
    root = ET.parse(path).getroot()
    raw = [(t.get("t_id", ""), int(t.get("sentence", "0")), t.text or "") for t in root.iter("token")]
    text, tokens, sentences = _detokenise(raw)
    by_id = {t.id: t for t in tokens}
    doc = MeantimeDoc(id=root.get("doc_id", path.stem), name=root.get("doc_name", path.stem),
                      corpus=path.parent.name, url=root.get("url"), text=text, dct=None,
                      tokens=tokens, sentences=sentences)
    markables = root.find("Markables")
    instances: dict[str, tuple[str, str | None]] = {}
    if markables is not None:
        for el in markables:
            if el.tag == "ENTITY":
                instances[el.get("m_id", "")] = ("ENTITY", el.get("ent_type"))
            elif el.tag == "EVENT":
                instances[el.get("m_id", "")] = ("EVENT", el.get("class"))
            span = _span(el, by_id, text)
            if span is None:
                continue
            start, end, surface = span
            mid = el.get("m_id", "")
            if el.tag == "ENTITY_MENTION":
                doc.entities.append(EntityMention(mid, start, end, surface,
                                                  el.get("syntactic_type", ""), el.get("head", "")))
            elif el.tag == "EVENT_MENTION":
                doc.events.append(EventMention(mid, start, end, surface, el.get("pos", ""),
                                               el.get("pred", ""), el.get("certainty", ""),
                                               el.get("polarity", ""), el.get("tense", ""),
                                               el.get("time", "")))
            elif el.tag == "TIMEX3":
                tx = Timex(mid, start, end, surface, el.get("type", ""), el.get("value", ""),
                           el.get("functionInDocument", ""), el.get("anchorTimeID") or None)
                doc.timexes.append(tx)
                if tx.function == "CREATION_TIME":
                    doc.dct = tx.value
    relations = root.find("Relations")
    refers: dict[str, str] = {}
    if relations is not None:
        for el in relations:
            sources = [s.get("m_id", "") for s in el.findall("source")]
            targets = [t.get("m_id", "") for t in el.findall("target")]
            if el.tag == "REFERS_TO":
                for s in sources:
                    for t in targets:
                        refers[s] = t
            elif el.tag == "HAS_PARTICIPANT":
                for s in sources:
                    for t in targets:
                        doc.participants.append(Participant(s, t, el.get("sem_role", "")))
            else:
                for s in sources:
                    for t in targets:
                        doc.links.append(Link(el.tag, s, t, el.get("reltype")))
    marked = [x.end for x in (*doc.entities, *doc.events, *doc.timexes)]
    last = max(marked, default=0)
    doc.annotated_end = next((e for s, e in sentences if s <= last <= e), len(text))
    for m in doc.entities:
        m.instance = refers.get(m.id)
        if m.instance in instances:
            m.type = instances[m.instance][1]
    for e in doc.events:
        e.instance = refers.get(e.id)
        if e.instance in instances:
            e.event_class = instances[e.instance][1]
    return doc


def load_corpus(root: Path = DEFAULT_ROOT) -> list[MeantimeDoc]:
    """Every document under `root` (recursively), sorted by path."""
    return [load_document(p) for p in sorted(Path(root).rglob("*.xml"))]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


def match(gold: Sequence[tuple[int, int, str]], pred: Sequence[tuple[int, int, str]],
          typed: bool) -> Score:
    """One-to-one overlap matching, greedy by overlap length (see the module docstring)."""
    pairs = []
    for gi, (gs, ge, gt) in enumerate(gold):
        for pi, (ps, pe, pt) in enumerate(pred):
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0 and (not typed or gt == pt):
                pairs.append((overlap, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
    return Score(len(used_g), len(pred) - len(used_p), len(gold) - len(used_g))


def _add(total: Score, s: Score) -> None:
    total.tp += s.tp
    total.fp += s.fp
    total.fn += s.fn


def actors_pipeline():
    """The spaCy model plus the actors component only: the later stages are not needed here."""
    import spacy

    from timeline.extract import actors  # noqa: F401  (registers the factory)
    from timeline.extract.pipeline import model_name

    nlp = spacy.load(model_name())
    nlp.add_pipe("timeline_actors")
    return nlp


def score_actors(docs: Sequence[MeantimeDoc],
                 predictions: Sequence[tuple[list[dict], list[dict]]]) -> dict[str, Score]:
    """Actor mention scores (see the module docstring for the matching rule)."""
    scores = {k: Score() for k in ("names/untyped", "names/typed", "refs/untyped",
                                   *(f"names/{t}" for t in ACTOR_TYPES))}
    for doc, (actors, refs) in zip(docs, predictions):
        gold_all = [(m.start, m.end, m.type or "") for m in doc.entities if m.type in ACTOR_TYPES]
        gold_names = [(m.start, m.end, m.type or "") for m in doc.entities
                      if m.type in ACTOR_TYPES and m.is_name]
        pred = [(s["start"], s["end"], KIND_TO_GOLD[a["kind"]]) for a in actors for s in a["mentions"]
                if s["start"] < doc.annotated_end]
        refs = [r for r in refs if r["start"] < doc.annotated_end]
        _add(scores["names/untyped"], match(gold_names, pred, typed=False))
        _add(scores["names/typed"], match(gold_names, pred, typed=True))
        for t in ACTOR_TYPES:
            g = [x for x in gold_names if x[2] == t]
            p = [x for x in pred if x[2] == t]
            _add(scores[f"names/{t}"], match(g, p, typed=False))
        _add(scores["refs/untyped"], match(gold_all, [(r["start"], r["end"], "") for r in refs],
                                           typed=False))
    return scores


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else DEFAULT_ROOT
    if not root.exists():
        print(f"MEANTIME not found at {root}")
        return 1
    docs = load_corpus(root)
    types = Counter(m.type for d in docs for m in d.entities)
    print(f"{len(docs)} documents, {sum(len(d.entities) for d in docs)} entity mentions {dict(types)}, "
          f"{sum(len(d.events) for d in docs)} event mentions, "
          f"{sum(len(d.timexes) for d in docs)} timexes, "
          f"{sum(len(d.participants) for d in docs)} participant links")
    nlp = actors_pipeline()
    # CPU time of this process: wall time swings with whatever else runs on a shared machine
    t0 = time.process_time()
    with nlp.select_pipes(disable=["timeline_actors"]):
        parsed = list(nlp.pipe(d.text for d in docs))
    t1 = time.process_time()
    component = nlp.get_pipe("timeline_actors")
    predictions = []
    for sdoc in parsed:
        component(sdoc)
        predictions.append((sdoc._.actors or [], sdoc._.refs or []))
    t2 = time.process_time()
    print(f"CPU time: spaCy model {t1 - t0:.1f}s, actors stage {t2 - t1:.2f}s "
          f"({(t2 - t1) / (t1 - t0):.1%} of the model) for {len(docs)} documents")
    print("timeline actors stage:")
    for name, score in score_actors(docs, predictions).items():
        print(f"  {name:15s} {score}")
    print("baseline, spaCy NER entities as they come (PERSON, ORG, GPE/LOC/FAC/NORP):")
    for name, score in score_actors(docs, [ner_baseline(sd) for sd in parsed]).items():
        if not name.startswith("refs"):
            print(f"  {name:15s} {score}")
    return 0


def ner_baseline(sdoc) -> tuple[list[dict], list[dict]]:
    """Every NER entity of an actor label as its own actor, for comparison."""
    kinds = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
             "FAC": "location", "NORP": "group"}
    actors = [{"kind": kinds[e.label_], "mentions": [{"start": e.start_char, "end": e.end_char}]}
              for e in sdoc.ents if e.label_ in kinds]
    return actors, []


if __name__ == "__main__":
    sys.exit(main(sys.argv))
