"""The store's schema steps: a new store runs them all and logs them, an older store runs the ones
it lacks, and every store ends with the same tables, columns and indexes (no model needed)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from timeline.store import MIGRATIONS, SCHEMA_VERSION, Store


def layout(db: Path) -> dict[str, tuple]:
    """Every table's columns and indexes (not the CREATE text, which an ALTER TABLE rewrites)."""
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: (list(conn.execute(f"PRAGMA table_info({t})")),
                    sorted((i[1], i[2], [c[2] for c in conn.execute(f"PRAGMA index_info({i[1]})")])
                           for i in conn.execute(f"PRAGMA index_list({t})")))
                for t in tables}


def logged(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT version, name, applied_at IS NOT NULL FROM migrations ORDER BY version"))


def test_a_new_store_runs_and_logs_every_step(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    Store(db).close()
    assert SCHEMA_VERSION == len(MIGRATIONS)
    assert logged(db) == [(n, step.__name__, True) for n, step in enumerate(MIGRATIONS, 1)]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (str(SCHEMA_VERSION),)


def test_a_store_made_before_the_log_gets_its_steps_logged_undated(tmp_path: Path) -> None:
    db = tmp_path / "unlogged.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE migrations")
    Store(db).close()
    assert logged(db) == [(n, step.__name__, False) for n, step in enumerate(MIGRATIONS, 1)]


def test_an_early_schema_1_store_upgrades_to_the_layout_of_a_new_one(tmp_path: Path) -> None:
    """Schema 1 gained `resolved` and the (actor, article) index of mentions without a new number:
    a store from before them gets them with the step to schema 2, which also drops the old index."""
    new, old = tmp_path / "new.db", tmp_path / "old.db"
    Store(new).close()
    Store(old).close()
    with sqlite3.connect(old) as conn:
        conn.executescript("""DROP INDEX actors_busiest; DROP INDEX events_order;
            ALTER TABLE actors DROP COLUMN card; ALTER TABLE actors DROP COLUMN events;
            ALTER TABLE actors DROP COLUMN articles; ALTER TABLE events DROP COLUMN card;
            DROP TABLE resolved; DROP INDEX mentions_actor_article; CREATE INDEX mentions_actor ON mentions(actor);
            DROP TABLE migrations; UPDATE meta SET value = '1' WHERE key = 'schema';""")
    Store(old, readonly=True).close()
    assert layout(old) == layout(new)
    assert [dated for _, _, dated in logged(old)] == [False, True, True]
