"""Cut a ReportData down before rendering (the CLI's --top/--since/--until/--actor/--type)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from timeline.render.layout import event_actor_ids
from timeline.types import ReportData, ReportEvent


def _overlaps(ev: ReportEvent, since: str | None, until: str | None) -> bool:
    start, end = ev["date"]["start"], ev["date"]["end"] or ev["date"]["start"]
    if start is None:
        return since is None and until is None
    return (until is None or start <= until) and (since is None or (end or start) >= since)


def subset(data: ReportData, top: int | None = None, since: str | None = None, until: str | None = None,
           actors: Iterable[str] | None = None, types: Iterable[str] | None = None) -> ReportData:
    """Events in the date window (ISO days, inclusive, overlap semantics), of the given types, involving
    one of `actors` (ids or case-insensitive names/aliases); then only the `top` actors by degree.

    Undated events are dropped as soon as a window is given: they cannot be placed inside it.
    """
    by_id = {a["id"]: a for a in data["actors"]}
    wanted: set[str] | None = None
    if actors is not None:
        keys = {k.casefold() for k in actors}
        wanted = {a["id"] for a in data["actors"]
                  if a["id"].casefold() in keys or a["name"].casefold() in keys
                  or any(x.casefold() in keys for x in a["aliases"])}
    type_set = {t.upper() for t in types} if types is not None else None
    events = [ev for ev in data["events"]
              if _overlaps(ev, since, until)
              and (type_set is None or ev["type"] in type_set)
              and (wanted is None or wanted.intersection(event_actor_ids(ev)))]
    if top is not None:
        degree: Counter[str] = Counter()
        for ev in events:
            ids = event_actor_ids(ev)
            for a in ids:
                degree[a] += len(ids) - 1 or 1
        keep = {a for a, _ in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:top]}
        events = [r for ev in events if (r := _restrict(ev, keep))["source"]]
    used: Counter[str] = Counter(a for ev in events for a in set(event_actor_ids(ev)))
    kept_actors = [{**by_id[a], "events": n} for a, n in used.items() if a in by_id]
    order = {a["id"]: i for i, a in enumerate(data["actors"])}
    kept_actors.sort(key=lambda a: order[a["id"]])
    article_ids = {m["article"] for ev in events for m in ev["mentions"]}
    return ReportData(title=data["title"], actors=kept_actors, events=events,  # type: ignore[typeddict-item]
                      articles={k: v for k, v in data["articles"].items() if k in article_ids})


def _restrict(ev: ReportEvent, keep: set[str]) -> ReportEvent:
    """The event with actors outside `keep` removed (an event needs a kept source to survive)."""
    loc = ev["location"] if ev["location"] in keep else None
    return {**ev, "source": [a for a in ev["source"] if a in keep],  # type: ignore[typeddict-item]
            "target": [a for a in ev["target"] if a in keep], "location": loc}
