"""Where the tests find their data: the repository's own files, and the read-only material in
../shared (or the folder $TIMELINE_SHARED names), which a fresh clone lacks: a test that needs it
skips and says which folder is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "china-russia-rock-solid.txt"
EXTRACT_SCHEMA = ROOT / "timeline" / "extract" / "schema.json"

SHARED_ENV = "TIMELINE_SHARED"
SHARED = Path(os.environ.get(SHARED_ENV) or ROOT.parent / "shared")
DATA = SHARED / "data"
TE3 = DATA / "te3-train"
MEANTIME = DATA / "meantime"
REUTERS = DATA / "reuters21578"
HTML_PAGES = DATA / "html-pages" / "trafilatura-cache"
EVENTDATA = DATA / "eventdata"


def absent(path: Path) -> str:
    """Why a test that needs `path` is skipped."""
    return f"{path} is absent (a fresh clone without ../shared; ${SHARED_ENV} names another folder)"


def needs(*paths: Path) -> pytest.MarkDecorator:
    """Skip the marked test unless every path exists."""
    missing = [path for path in paths if not path.exists()]
    return pytest.mark.skipif(bool(missing), reason=absent(missing[0]) if missing else "")


def need(*paths: Path) -> None:
    """Skip the tests of the running fixture unless every path exists (a test itself takes `needs`,
    so that the skip names the test's line)."""
    for path in paths:
        if not path.exists():
            pytest.skip(absent(path))
