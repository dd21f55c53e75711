"""The SQLite store: articles, actors, mentions, events and their provenance.

Each article goes in with all its rows in one transaction, keyed by its content hash, so a re-ingest
changes nothing and a killed run loses at most the batch in flight. Where each part lives:

- `database`: opening a file safely (`Store`), and its transactions;
- `schema`: the tables, as the ordered migrations that made them;
- `writer`: a batch of articles, with actor identity and event merging (`identity` says when two
  reports name the same actor or event);
- `curation`: an actor dictionary applied to the store;
- `cards`: the read model, the counts and JSON cards that queries print, refreshed in every write;
- `sql`: named-column inserts and the one way to pass a list of values.

Every read is in `timeline.query`.
"""

from timeline.store.database import Store
from timeline.store.errors import StoreError, StoreWriteError, store_error
from timeline.store.identity import actor_key, event_signature, normalise
from timeline.store.schema import MIGRATIONS, SCHEMA_VERSION
from timeline.store.sql import IN_LIST, chunked, values

__all__ = [
    "MIGRATIONS", "SCHEMA_VERSION", "Store", "StoreError", "StoreWriteError",
    "IN_LIST", "actor_key", "chunked", "event_signature", "normalise", "store_error", "values",
]
