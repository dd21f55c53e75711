"""Every read of the store: questions about actors, their links, events and paths between them,
and the data that pages and exports draw.

Plain SQL over the store's indexes, so that a query on a large store answers in well under a second
without importing spaCy. The examples in the docstrings run as tests (tests/test_doctests.py) on
`store`, a small store of three articles: Wang Yi met Nikolai Patrushev on 2023-02-21 (two
articles report it) and will meet Sergey Lavrov on 2023-02-22; Airbus delivered a jet.

- `actors`: which actor a name means (`find_actor`), and the actor list;
- `event_list`: events by date window, type and actor;
- `network`: an actor's counterparts (`links`) and the chain between two actors (`path`);
- `report`: the data of a report or an export (`report_data`);
- `contents`: row counts, integrity, which articles are stored.
"""

from timeline.query.actors import ActorRef, UnknownActor, actor_cards, find_actor, list_actors
from timeline.query.contents import counts, integrity, known
from timeline.query.event_list import event_cards, event_filters, events
from timeline.query.network import NoPath, links, path, path_lines
from timeline.query.report import default_title, report_data

__all__ = [
    "ActorRef", "NoPath", "UnknownActor", "actor_cards", "counts", "default_title", "event_cards", "event_filters",
    "events", "find_actor", "integrity", "known", "links", "list_actors", "path", "path_lines", "report_data",
]
