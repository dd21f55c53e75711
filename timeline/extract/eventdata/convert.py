"""Compile the field's coding dictionaries into the compact JSON files this package ships.

Sources (in `../shared/data/eventdata/`, formats in `petrarch2-dictionaries.rst`):
- PETRARCH-2's CAMEO verb dictionary `CAMEO.2.0.txt` (MIT): synonym sets, verb blocks, patterns;
- the Phoenix actor dictionaries (MIT): countries with their officials and dated roles,
  international organisations, non-state armed groups;
- the Phoenix agents dictionary (generic nouns → sector) and discard list (MIT);
- PLOVER's `CAMEO2PLOVER-2021.txt` (CC BY-SA 4.0): CAMEO codes → PLOVER category and mode.

Run `make dictionaries` (or `python -m timeline.extract.eventdata.convert SRC [--out DIR]`); the
output is deterministic, so `--check` tells whether the shipped files are up to date.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent
DEFAULT_SOURCE = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "eventdata"
FILES = {
    "verbs": "CAMEO.2.0.txt",
    "plover": "CAMEO2PLOVER-2021.txt",
    "countries": "Phoenix.Countries.actors.txt",
    "international": "Phoenix.International.actors.txt",
    "nonstate": "Phoenix.MilNonState.actors.txt",
    "agents": "Phoenix.agents.txt",
    "discards": "Phoenix.discards.txt",
}
# The actor file is gzipped (mtime 0, so the bytes are reproducible): it is 3.8 MB as text.
GZIPPED = frozenset({"phoenix_actors.json.gz"})
# Two-digit years in actor date restrictions: below this pivot they are 20xx, else 19xx.
YEAR_PIVOT = 30
_COMMENT = re.compile(r"\s#.*$|^#.*$")
_CODE = re.compile(r"\[([^\]]*)\]")


def _strip(line: str) -> str:
    """A dictionary line without its comment and surrounding blanks."""
    return _COMMENT.sub("", line.rstrip("\n")).strip()


def _words(phrase: str) -> list[str]:
    """The lower-case words of a dictionary phrase ("BEEF_UP" → ["beef", "up"])."""
    return [w for w in re.split(r"[_\s]+", phrase.strip().strip("_").lower()) if w]


def plural(word: str) -> str:
    """The regular plural PETRARCH generates: +S, Y → IES, SS → ES."""
    if word.endswith("ss"):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


# ---------------------------------------------------------------- CAMEO verb dictionary

@dataclass
class VerbFile:
    synsets: dict[str, list[list[str]]] = field(default_factory=dict)
    blocks: list[dict[str, Any]] = field(default_factory=list)
    verbs: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0


def parse_code(text: str) -> dict[str, Any] | None:
    """A CAMEO code field: "173", "042:043" (reciprocal code after the colon), ":173" (the code
    holds with source and target swapped), "---" (no event). None when there is no code."""
    text = text.strip()
    if not text:
        return None
    if text == "---":
        return {"code": None}
    first, _, second = text.partition(":")
    first, second = first.strip(), second.strip()
    if not first and second:
        return {"code": second, "reverse": True}
    return {"code": first} if first != "---" else {"code": None}


_PATTERN_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\*|[$+%^]|[^\s{}()*]+")


def _element(token: str) -> dict[str, Any] | None:
    """One noun element of a pattern: a word, a synset (&NAME) or a braced phrase whose last word
    is the head; None for a marker."""
    if token in ("$", "+", "%", "^"):
        return None
    if token.startswith("{"):
        words = [w for part in token[1:-1].split() for w in ([part] if part.startswith("&") else _words(part))]
        if not words:
            return None
        return {"head": _term(words[-1]), "mods": [_term(w) for w in words[:-1]]}
    return {"head": _term(token), "mods": []}


def _term(word: str) -> str:
    return word if word.startswith("&") else word.lower().strip("_")


def parse_pattern(line: str) -> dict[str, Any] | None:
    """`- [pre nouns] [pre preps] * [post words] [post preps] [CODE]` as a dict, or None."""
    body = _strip(line)[1:].strip()
    codes = _CODE.findall(body)
    if not codes:
        return None
    code = parse_code(codes[-1])
    body = body[: body.rfind("[")].strip()
    if "*" not in body or code is None:
        return None
    pattern: dict[str, Any] = {**code, "pre": [], "post": [], "preps": [], "pre_preps": []}
    side = "pre"
    for token in _PATTERN_TOKEN.findall(body):
        if token == "*":
            side = "post"
            continue
        if token in ("$", "+"):
            pattern["source_pos" if token == "$" else "target_pos"] = side
            continue
        if token in ("%", "^"):
            continue
        if token.startswith("("):
            inner = _PATTERN_TOKEN.findall(token[1:-1])
            if not inner or inner[0].startswith(("{", "&", "$", "+", "%", "^")):
                return None
            prep: dict[str, Any] = {"prep": inner[0].lower()}
            rest = inner[1:]
            if rest and rest[0] in ("$", "+"):
                prep["role"] = "source" if rest[0] == "$" else "target"
                rest = rest[1:]
            rest = [r for r in rest if r not in ("%", "^")]
            if len(rest) > 1:
                return None
            if rest:
                prep["obj"] = _element(rest[0])
            pattern["pre_preps" if side == "pre" else "preps"].append(prep)
            continue
        element = _element(token)
        if element is not None:
            pattern[side].append(element)
    return pattern


_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")


def parse_verbs(text: str) -> VerbFile:
    out = VerbFile()
    section = "synsets"
    synset: str | None = None
    block: dict[str, Any] | None = None
    for raw in text.splitlines():
        if "VERB PATTERNS" in raw and raw.startswith("#"):
            section = "verbs"
            continue
        line = _strip(raw)
        if not raw.strip():
            synset = None  # a blank line ends a synonym set; a comment line does not
            continue
        if not line:
            continue
        if section == "synsets":
            if line.startswith("&"):
                synset = line[1:].strip()
                out.synsets[synset.rstrip("_")] = []
            elif line.startswith("+") and synset is not None:
                words = _words(line[1:])
                name = synset.rstrip("_")
                out.synsets[name].append(words)
                if words and not synset.endswith("_") and not line.rstrip().endswith("_"):
                    out.synsets[name].append([*words[:-1], plural(words[-1])])
            continue
        if match := _BLOCK.match(line):
            code = parse_code(match[2]) or {"code": None}
            block = {"name": match[1], "code": code["code"], "patterns": []}
            out.blocks.append(block)
            continue
        if block is None:
            continue
        if line.startswith("-"):
            pattern = parse_pattern(line)
            if pattern is None:
                out.skipped += 1
            else:
                block["patterns"].append(pattern)
        elif line.startswith("~"):
            out.skipped += 1
        else:
            out.verbs.extend(_verb_entries(line, len(out.blocks) - 1))
    for block in out.blocks:
        kept = [p for p in block["patterns"] if _synsets_of(p) <= out.synsets.keys()]
        out.skipped += len(block["patterns"]) - len(kept)
        block["patterns"] = kept
    return out


def _synsets_of(pattern: dict[str, Any]) -> set[str]:
    """The synsets a pattern names; PETRARCH ignores a pattern that names an undefined one."""
    nouns = [*pattern["pre"], *pattern["post"], *(p["obj"] for p in pattern["preps"] + pattern["pre_preps"] if p.get("obj"))]
    return {w[1:].rstrip("_") for n in nouns for w in [n["head"], *n["mods"]] if w.startswith("&")}


def _verb_entries(line: str, block: int) -> Iterator[dict[str, Any]]:
    """A verb line: `VERB {IRREGULAR FORMS} [CODE]`; multi-word verbs mark the verb with `+`
    ("+CALL_OFF", "WIRE_+TAP") and keep their other words as required neighbours."""
    codes = _CODE.findall(line)
    code = parse_code(codes[-1]) if codes else None
    head = re.split(r"[{\[]", line, maxsplit=1)[0].strip()
    if not head or " " in head.strip():
        head = head.split()[0] if head else ""
    if not head:
        return
    parts = [p for p in head.split("_") if p]
    verb_index = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    words = [p.lstrip("+").lower() for p in parts]
    if not words or not all(re.fullmatch(r"[a-z][a-z'.-]*", w) for w in words):
        return
    entry: dict[str, Any] = {"verb": words[verb_index], "before": words[:verb_index],
                             "after": words[verb_index + 1:], "block": block}
    if code is not None:
        entry["code"] = code["code"]
    yield entry


# ---------------------------------------------------------------- CAMEO → PLOVER table

def parse_plover_table(text: str) -> dict[str, dict[str, str | None]]:
    """`0231: AID, mode, context # comment` lines → {"0231": {"type": "AID", "mode": ...}}."""
    table: dict[str, dict[str, str | None]] = {}
    for raw in text.splitlines():
        line = _strip(raw)
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,]*))?", line)
        if not match or len(match[1]) < 3:
            continue
        mode = (match[3] or "").strip() or None
        table.setdefault(match[1], {"type": match[2], "mode": mode})
    return table


# ---------------------------------------------------------------- Phoenix actor dictionaries

_DATE = re.compile(r"^(\d{6}|\d{8})$")


def _date(text: str) -> str | None:
    """YYMMDD or YYYYMMDD → ISO date; None for malformed dates (the files have a few)."""
    if not _DATE.match(text):
        return None
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < YEAR_PIVOT else 1900 + year}{text[2:]}"
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_restriction(text: str) -> dict[str, Any] | None:
    """`[USAGOV 810120-890120]`, `[AFGGOV >011222]`, `[USAELI <050101]` or `[USA]`."""
    parts = text.split()
    if not parts or parts[0] == "---":
        return None
    role: dict[str, Any] = {"code": parts[0].upper()}
    if len(parts) > 1:
        span = "".join(parts[1:])
        if span.startswith(">"):
            role["from"] = _date(span[1:])
        elif span.startswith("<"):
            role["to"] = _date(span[1:])
        elif "-" in span:
            start, _, end = span.partition("-")
            role["from"], role["to"] = _date(start), _date(end)
        role = {k: v for k, v in role.items() if v is not None}
    return role


def parse_actors(text: str, origin: str) -> list[dict[str, Any]]:
    """Records of an actor file: a primary phrase, `+` synonyms, and code restrictions on the
    phrase's line or on tab-indented lines that follow."""
    records: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for raw in text.splitlines():
        if raw.lstrip().startswith("#") or not raw.strip():
            continue
        indented = raw[:1] in ("\t", " ")
        line = raw.split("#", 1)[0].rstrip()
        codes = [parse_restriction(c) for c in _CODE.findall(line)]
        phrase = _CODE.sub(" ", line).split(";")[0].strip()
        if indented and not phrase.startswith("+"):
            if current is not None:
                current["codes"].extend(c for c in codes if c)
            continue
        if phrase.startswith("+"):
            if current is not None and (words := _words(phrase[1:])):
                current["aliases"].append(" ".join(words))
            if current is not None:
                current["codes"].extend(c for c in codes if c)
            continue
        words = _words(phrase)
        if not words:
            continue
        current = {"name": " ".join(words), "aliases": [], "codes": [c for c in codes if c], "file": origin}
        records.append(current)
    return [r for r in records if r["codes"]]


def parse_agents(text: str) -> list[dict[str, Any]]:
    """Agent phrases with their plural forms and codes; `!SET!` substitution markers expanded.
    A code `~GOV` is a sector added after the actor's country; `NGO~` a code put before it."""
    subs: dict[str, list[str]] = {}
    out: list[dict[str, Any]] = []
    for raw in text.splitlines():
        line = _strip(raw)
        if not line:
            continue
        if match := re.match(r"^!(\w+)!\s*=\s*(.+)$", line):
            subs[match[1]] = [w.strip().lower() for w in match[2].split(",") if w.strip()]
            continue
        codes = _CODE.findall(line)
        if not codes:
            continue
        code = codes[-1].strip()
        if not re.fullmatch(r"~?[A-Z]{3,12}~?", code):
            continue
        head = line[: line.index("[")]
        plural_text = re.search(r"\{([^}]*)\}", head)
        head = re.sub(r"\{[^}]*\}", "", head).strip()
        variants = [head]
        for name, words in subs.items():
            if f"!{name}!" in head:
                variants = [head.replace(f"!{name}!", w.upper()) for w in words]
        for variant in variants:
            words = _words(variant.replace("!", ""))
            if not words:
                continue
            forms = [words]
            if "!" in head:
                pass
            elif plural_text is None:
                forms.append([*words[:-1], plural(words[-1])])
            elif plural_text[1].strip():
                forms.extend(_words(p) for p in plural_text[1].split() if _words(p))
            for form in forms:
                out.append({"phrase": " ".join(form), "code": code})
    return out


def parse_discards(text: str) -> dict[str, list[str]]:
    """Phrases that mark a sentence (or, with `+`, a whole story) as not to be coded."""
    sentence: list[str] = []
    story: list[str] = []
    for raw in text.splitlines():
        line = _strip(raw)
        if not line:
            continue
        target = story if line.startswith("+") else sentence
        phrase = " ".join(line.lstrip("+").lower().split())
        if phrase:
            target.append(phrase)
    return {"sentence": sorted(set(sentence)), "story": sorted(set(story))}


# ---------------------------------------------------------------- driver

def convert(source: Path) -> dict[str, Any]:
    """Every output file's content, from the source files."""
    read = {key: (source / name).read_text(encoding="utf-8", errors="replace") for key, name in FILES.items()}
    verbs = parse_verbs(read["verbs"])
    actors = [*parse_actors(read["countries"], "countries"), *parse_actors(read["international"], "international"),
              *parse_actors(read["nonstate"], "nonstate")]
    credit = "PETRARCH-2 dictionaries (Open Event Data Alliance, MIT licence)"
    return {
        "cameo_verbs.json": {"source": f"{FILES['verbs']}: {credit}", "synsets": verbs.synsets,
                             "blocks": verbs.blocks, "verbs": verbs.verbs, "skipped_lines": verbs.skipped},
        "cameo_plover.json": {"source": f"{FILES['plover']}: PLOVER (Open Event Data Alliance, CC BY-SA 4.0)",
                              "codes": parse_plover_table(read["plover"])},
        "phoenix_actors.json.gz": {"source": f"Phoenix actor dictionaries: {credit}", "actors": actors},
        "phoenix_agents.json": {"source": f"{FILES['agents']}: {credit}", "agents": parse_agents(read["agents"])},
        "phoenix_discards.json": {"source": f"{FILES['discards']}: {credit}", **parse_discards(read["discards"])},
    }


def dumps(content: Any) -> str:
    """Compact, deterministic JSON: one line per top-level list item keeps diffs readable."""
    lines = ["{"]
    items = list(content.items())
    for n, (key, value) in enumerate(items):
        end = "," if n + 1 < len(items) else ""
        if isinstance(value, list) and value:
            lines.append(f"{json.dumps(key)}: [")
            lines.extend(json.dumps(v, ensure_ascii=False, separators=(",", ":")) + ("," if i + 1 < len(value) else "")
                         for i, v in enumerate(value))
            lines.append("]" + end)
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False, separators=(',', ':'))}{end}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def encode(name: str, content: Any) -> bytes:
    """The bytes of one output file."""
    data = dumps(content).encode("utf-8")
    return gzip.compress(data, compresslevel=9, mtime=0) if name in GZIPPED else data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="the eventdata folder")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the JSON files")
    parser.add_argument("--check", action="store_true", help="only report whether the files in --out are current")
    args = parser.parse_args(argv)
    missing = [name for name in FILES.values() if not (args.source / name).exists()]
    if missing:
        print(f"error: {args.source}: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    stale = []
    for name, content in convert(args.source).items():
        data = encode(name, content)
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
            continue
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        print(f"wrote {path} ({len(data):,} bytes)")
    if stale:
        print(f"out of date: {', '.join(stale)}; run `make dictionaries`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
