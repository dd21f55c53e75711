"""User actor dictionary: canonical names, aliases, kinds, countries and sectors that override the model.

A YAML file holds a list of entries (or a mapping with an `actors` list); a CSV file has a header
with `name` and optionally `aliases` (separated by `|` or `;`), `kind`, `country`, `sector`.
Errors name the file and the problem in one line, because users write these files by hand.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import get_args

from timeline.types import ActorKind, Sector

KINDS = set(get_args(ActorKind))
SECTORS = set(get_args(Sector))
FIELDS = {"name", "aliases", "kind", "country", "sector"}


def _entry(raw: object, where: str, path: Path) -> dict:
    """Validate and normalise one entry: {"name", "aliases", "kind", "country", "sector"}."""
    def fail(problem: str) -> ValueError:
        return ValueError(f"{path}: {where}: {problem}")

    if not isinstance(raw, dict):
        raise fail("an entry must be a mapping with at least 'name'")
    unknown = set(raw) - FIELDS
    if unknown:
        raise fail(f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail("'name' is missing or empty")
    aliases = raw.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a for a in aliases.replace(";", "|").split("|")]
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise fail("'aliases' must be a list of strings")
    kind = raw.get("kind") or None
    if kind is not None and kind not in KINDS:
        raise fail(f"'kind' must be one of {', '.join(sorted(KINDS))}, not {kind!r}")
    country = raw.get("country") or None
    if country is not None:
        if not isinstance(country, str):
            raise fail("'country' must be an ISO 3166 code")
        country = _iso3(country.strip())
        if country is None:
            raise fail(f"'country' {raw.get('country')!r} is not an ISO 3166 alpha-2/alpha-3 code")
    sector = raw.get("sector") or None
    if sector is not None and sector not in SECTORS:
        raise fail(f"'sector' must be one of {', '.join(sorted(SECTORS))}, not {sector!r}")
    clean = [a.strip() for a in aliases if a.strip() and a.strip() != name.strip()]
    return {"name": name.strip(), "aliases": list(dict.fromkeys(clean)), "kind": kind,
            "country": country, "sector": sector}


def _iso3(code: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 else (
        pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None)
    return country.alpha_3 if country else None


def load_dictionary(path: str | Path) -> list[dict]:
    """Read a YAML or CSV actor dictionary; raise ValueError naming the file on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the actor dictionary ({exc})") from exc
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames or "name" not in reader.fieldnames:
            raise ValueError(f"{path}: the CSV header must contain a 'name' column")
        rows: list = [{k: v for k, v in row.items() if k is not None and v not in (None, "")}
                      for row in reader]
        return [_entry(r, f"row {i + 2}", path) for i, r in enumerate(rows)]
    import yaml

    from timeline.extract.wordlists import DataFileError, UniqueKeyLoader

    try:
        data = yaml.load(text, Loader=UniqueKeyLoader)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" at line {line + 1}" if line is not None else ""
        raise ValueError(f"{path}: invalid YAML{where}") from exc
    except DataFileError as exc:  # a key given twice, which YAML would let the second win
        raise ValueError(f"{path}: invalid YAML: {exc}") from None
    if isinstance(data, dict) and "actors" in data:
        data = data["actors"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of actors (or a mapping with an 'actors' list)")
    return [_entry(r, f"entry {i + 1}", path) for i, r in enumerate(data)]
