"""Render a ReportData as offline, self-contained interactive HTML (vis-timeline + vis-network) and
as static SVG/PNG for print. The CLI calls these; nothing here touches the store or the network.
"""

from __future__ import annotations

import html
from pathlib import Path

from timeline.output import write_atomic
from timeline.render.page import render_fragment as _fragment
from timeline.render.page import json_for_script, payload, render_page
from timeline.render.static import write_static
from timeline.types import ReportData

__all__ = ["Report", "render_fragment", "render_network", "render_report", "render_timeline",
           "write_pages", "write_static"]


def render_report(data: ReportData) -> str:
    """Timeline above, network below, side panel, search and filters: one page."""
    return render_page(data, "report")


def render_timeline(data: ReportData) -> str:
    """The timeline view alone."""
    return render_page(data, "timeline")


def render_network(data: ReportData) -> str:
    """The network view alone."""
    return render_page(data, "network")


def render_fragment(data: ReportData) -> str:
    """The report as a snippet to paste into another page (ids, CSS and globals do not clash)."""
    return _fragment(data, "report")


def write_pages(data: ReportData, out_dir: Path) -> dict[str, Path]:
    """Write report.html, timeline.html and network.html into `out_dir`, each one whole or not at all."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    blob = json_for_script(payload(data))
    written = {}
    for view in ("report", "timeline", "network"):
        written[view] = write_atomic(out_dir / f"{view}.html", render_page(data, view, blob))
    return written


class Report:
    """A report for Jupyter: displays in a sandboxed iframe so the page's CSP and scripts stay isolated
    (the notebook's own require.js would otherwise capture the vis UMD bundles)."""

    def __init__(self, data: ReportData, height: int = 780) -> None:
        self.data = data
        self.height = height

    def html(self) -> str:
        return render_report(self.data)

    def _repr_html_(self) -> str:
        doc = html.escape(self.html(), quote=True)
        return (f'<iframe srcdoc="{doc}" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
                f'title="{html.escape(self.data["title"], quote=True)}"></iframe>')
