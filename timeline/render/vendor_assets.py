"""Copy the third-party JS/CSS the pages inline into timeline/render/vendor/.

The repository holds only code we write: the vis libraries come from npm (vis-timeline, pinned by
package-lock.json) and from the installed pyvis wheel (vis-network). `make install` runs this once;
rendering reads the copies so that a page never depends on node_modules/ or on the network.
"""

from __future__ import annotations

import re
import sys
from importlib.util import find_spec
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "vendor"
REPO = Path(__file__).resolve().parents[2]

# vis-timeline's standalone UMD build bundles moment, vis-data and vis-util and injects its own
# CSS with a <style> element, so no CSS file is needed for it (see `sources`).

_SOURCE_MAP = re.compile(r"\n?/[/*]# sourceMappingURL=\S+(?: \*/)?\s*$")


def _pyvis_vis_dir() -> Path:
    spec = find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise SystemExit("pyvis is not installed: run `make install`")
    libs = sorted((Path(spec.origin).parent / "templates" / "lib").glob("vis-*"),
                  key=lambda p: tuple(int(x) for x in p.name[4:].split(".") if x.isdigit()))
    if not libs:
        raise SystemExit("pyvis ships no vis-network build (templates/lib/vis-*)")
    return libs[-1]


def sources(node_modules: Path = REPO / "node_modules") -> dict[str, Path]:
    """Where each vendored asset comes from."""
    vis = _pyvis_vis_dir()
    return {
        "vis-timeline.min.js": node_modules / "vis-timeline/standalone/umd/vis-timeline-graph2d.min.js",
        "vis-network.min.js": vis / "vis-network.min.js",
        "vis-network.min.css": vis / "vis-network.css",
    }


def strip_source_map(text: str) -> str:
    """Drop the trailing sourceMappingURL comment: devtools would otherwise fetch a .map file."""
    return _SOURCE_MAP.sub("\n", text)


def vendor(node_modules: Path = REPO / "node_modules", dest: Path = VENDOR) -> list[Path]:
    """Copy the assets (without source-map comments) into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, src in sources(node_modules).items():
        if not src.is_file():
            raise SystemExit(f"missing {src}: run `npm ci` (or `make install`) first")
        out = dest / name
        out.write_text(strip_source_map(src.read_text(encoding="utf-8")), encoding="utf-8")
        written.append(out)
    return written


def load(name: str) -> str:
    """Read one vendored asset, telling the user how to get it when it is missing."""
    path = VENDOR / name
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: the page needs the vendored vis-timeline/vis-network builds. "
            "Run `make install` (npm ci + python -m timeline.render.vendor_assets)."
        )
    return path.read_text(encoding="utf-8")


if __name__ == "__main__":
    for p in vendor():
        print(p.relative_to(REPO), p.stat().st_size, file=sys.stderr)
