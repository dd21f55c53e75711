"""Self-contained HTML pages: inlined vendored libraries, JSON payload, strict CSP.

Article-derived text only ever reaches the page inside a `<script type="application/json">` block
with every character that could end the block or confuse a parser escaped; the app script then
inserts it with textContent. The Content-Security-Policy lists the sha256 of each inline script, so
even markup that slipped through could neither run nor load anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib.resources import files
from typing import Any, Literal

from timeline.render.layout import positions
from timeline.render.style import style_payload
from timeline.render.when import date_words, grain, is_coarse, publication_period
from timeline.types import ReportData, ReportEvent

View = Literal["report", "timeline", "network"]

_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                               "\u2029": "\\u2029"})


def json_for_script(value: Any) -> str:
    """JSON that is inert inside a <script> element (no `</script>`, `<!--`, or JS line breaks)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_JSON_ESCAPES)


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links; `javascript:`, `data:` and relative URLs are dropped."""
    if not url:
        return None
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) else None


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    """The item without the keys that say nothing (None, False, []): a sixth of a big store's
    payload, and as much less for the browser to parse. The page reads a missing key as empty."""
    return {k: v for k, v in item.items() if v is not None and v is not False and v != []}


def _event(ev: ReportEvent, sentences: dict[str, int]) -> dict[str, Any]:
    """An event as the page reads it: its date also in words, with its grain and whether it is
    coarse; each mention's sentence as its index in the page's one table of sentences (`sentences`
    grows as new ones come); empty fields left out."""
    d = ev["date"]
    when = {"words": date_words(d["value"], d["start"], d["end"]), "grain": grain(d["value"], d["start"], d["end"]),
            "coarse": is_coarse(d["value"], d["start"], d["end"])}
    mentions = []
    for m in ev["mentions"]:
        item = {k: v for k, v in m.items() if k != "sentence"}
        item["s"] = sentences.setdefault(m["sentence"].rstrip(), len(sentences))
        mentions.append(_compact(item))
    return _compact({**ev, "date": _compact({**d, **when}), "mentions": mentions})


def payload(data: ReportData) -> dict[str, Any]:
    """The JSON the app reads: ReportData with sanitised URLs, dates in words, the articles' period
    (where the page opens), the palette and vocabularies, and, for big graphs, fixed positions."""
    period = publication_period(a.get("published") for a in data["articles"].values())
    pos = positions(data, period=period)
    actors = []
    for a in data["actors"]:
        item = dict(a)
        if pos is not None and a["id"] in pos:
            item["x"], item["y"] = pos[a["id"]]
        actors.append(item)
    articles = {k: {**v, "url": safe_url(v.get("url"))} for k, v in data["articles"].items()}
    sentences: dict[str, int] = {}
    events = [_event(ev, sentences) for ev in data["events"]]
    return {"title": data["title"], "actors": actors, "events": events, "sentences": list(sentences),
            "articles": articles, "physics": pos is None, "style": style_payload(),
            "period": {"start": period[0], "end": period[1]} if period else None}


def _asset(name: str) -> str:
    return files("timeline.render").joinpath("assets", name).read_text(encoding="utf-8")


# The page script, one file per concern under assets/app/, bundled in this order into one function
# scope that leaves a single global, TimelineReport (shared by every report on a page).
APP_MODULES = ("core", "state", "filters", "timeline", "network", "panel", "export")
_APP_OPEN = 'window.TimelineReport = window.TimelineReport || (function () {\n  "use strict";\n'
_APP_CLOSE = "  return { mount: mount };\n})();\n"


def app_script() -> str:
    """The report's script: the modules of assets/app/ bundled into one."""
    return _APP_OPEN + "\n".join(_asset(f"app/{name}.js") for name in APP_MODULES) + _APP_CLOSE


def _inline_script(code: str) -> str:
    """Library code safe to put between <script> tags (a `</script` or `<!--` inside would end or
    derail the element); fail loudly rather than emit a broken page after a library upgrade."""
    if re.search(r"</script|<!--", code, flags=re.I):
        raise ValueError("script contains `</script` or `<!--` and cannot be inlined as is")
    return code


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _libraries(view: View, guard: bool) -> list[str]:
    """The vendored library scripts a view needs; `guard` skips a library already on the page."""
    names = {"report": ["vis-network.min.js", "vis-timeline.min.js"], "timeline": ["vis-timeline.min.js"],
             "network": ["vis-network.min.js"]}[view]
    from timeline.render import vendor_assets  # lazy: `python -m timeline.render.vendor_assets` imports this package first

    out = []
    for name in names:
        code = _inline_script(vendor_assets.load(name))
        if guard:
            probe = "Timeline" if "timeline" in name else "Network"
            code = f"if(!(window.vis&&window.vis.{probe})){{\n{code}\n}}"
        out.append(code)
    return out


# The mount script finds its own root, the nearest `.tlr` before it, rather than an id: a fragment
# pasted twice into one page holds the same markup twice, and each copy must mount its own root.
_MOUNT = ("(function (s) { var r = s; while (r && !(r.classList && r.classList.contains(\"tlr\"))) "
          "r = r.previousElementSibling; if (r) window.TimelineReport.mount(r); })(document.currentScript);")


def _body(data: ReportData, view: View, blob: str | None) -> tuple[str, list[str]]:
    """The root element (with its data) and the scripts that mount it."""
    blob = blob if blob is not None else json_for_script(payload(data))
    root = (f'<div class="tlr tlr-view-{view}" data-view="{view}">'
            f'<script type="application/json" class="tlr-data">{blob}</script>'
            "</div>")
    return root, [_inline_script(app_script()), _MOUNT]


def _css(view: View) -> str:
    from timeline.render import vendor_assets

    css = _asset("app.css")
    if view != "timeline":
        css = vendor_assets.load("vis-network.min.css") + "\n" + css
    return css


def render_page(data: ReportData, view: View, blob: str | None = None) -> str:
    """A complete HTML document for one view; `blob` is a precomputed `json_for_script(payload(data))`."""
    root, app = _body(data, view, blob)
    scripts = _libraries(view, guard=False) + app
    csp = ("default-src 'none'; script-src " + " ".join(_sha256(s) for s in scripts)
           + "; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    title = html.escape(f"{data['title']} — {view}")
    tags = "".join(f"<script>{s}</script>\n" for s in scripts)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="referrer" content="no-referrer">\n'
            f"<title>{title}</title>\n<style>{_css(view)}</style>\n</head>\n<body class=\"tlr-page\">\n"
            f"{root}\n{tags}</body></html>\n")


def render_fragment(data: ReportData, view: View = "report") -> str:
    """An embeddable snippet: styles scoped under `.tlr`, libraries loaded once, and a mount script
    that finds its own root, so the same snippet can be pasted twice."""
    root, app = _body(data, view, None)
    scripts = _libraries(view, guard=True) + app
    tags = "".join(f"<script>{s}</script>\n" for s in scripts)
    return f'<div class="tlr-fragment">\n<style>{_css(view)}</style>\n{root}\n{tags}</div>\n'
