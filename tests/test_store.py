"""Store, queries, graph and exports on hand-made extraction results (no model needed)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.fixtures.extractions import actor, event, extraction
from timeline.export import export
from timeline.graph import build_graph
from timeline.ingest.records import build_article
from timeline.query import (
    UnknownActor, counts, events, find_actor, integrity, links, list_actors, path, path_lines, report_data,
)
from timeline.store import SCHEMA_VERSION, Store
from timeline.types import Article, Extraction

TEXT_A = "Wang Yi met Nikolai Patrushev in Moscow on Tuesday. Wang will meet Sergey Lavrov on Wednesday."
TEXT_B = "Chinese diplomat Wang Yi held talks with Patrushev on Tuesday, Xinhua said."


def story_a() -> tuple[Article, Extraction]:
    article = build_article(TEXT_A, {"id": "a", "title": "Talks"}, "a.txt", date(2023, 2, 22))
    return article, extraction(article, [
        actor("a1", "Wang Yi", "person", [(0, 7), (52, 56)], TEXT_A, aliases=["Wang"]),
        actor("a2", "Nikolai Patrushev", "person", [(12, 29)], TEXT_A, aliases=["Patrushev"]),
        actor("a3", "Sergey Lavrov", "person", [(67, 80)], TEXT_A),
    ], [
        event("e1", "CONSULT", ["a1", "a2"], [], (8, 11), TEXT_A, "2023-02-21", sentence=(0, 51)),
        event("e2", "CONSULT", ["a1"], ["a3"], (62, 66), TEXT_A, "2023-02-22", "planned", sentence=(52, 95)),
    ])


def story_b() -> tuple[Article, Extraction]:
    article = build_article(TEXT_B, {"id": "b", "title": "<script>alert(1)</script>"}, "b.txt", date(2023, 2, 22))
    return article, extraction(article, [
        actor("a1", "Wang Yi", "person", [(17, 24)], TEXT_B),
        actor("a2", "Patrushev", "person", [(41, 50)], TEXT_B),
    ], [event("e1", "CONSULT", ["a1", "a2"], [], (30, 34), TEXT_B, "2023-02-21")])


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "t.db") as opened:
        opened.add_batch([story_a(), story_b()])
        yield opened


def test_same_event_from_two_articles_is_one_event_with_both_sources(store: Store) -> None:
    totals = counts(store)
    assert totals["articles"] == 2 and totals["events"] == 2 and totals["event_mentions"] == 3
    consult = [e for e in events(store) if e["date"]["start"] == "2023-02-21"]
    assert len(consult) == 1 and consult[0]["articles"] == 2
    assert consult[0]["source"] == ["Nikolai Patrushev", "Wang Yi"]


def test_an_act_with_no_side_named_is_stored_at_its_place_and_told_apart_by_it(tmp_path: Path) -> None:
    text = "Eleven were killed in Dar es Salaam. Six were killed in Nairobi. Two were wounded."
    article = build_article(text, {"id": "k"}, "k.txt", date(1998, 8, 8))
    killed = [event(f"e{i}", "ASSAULT", [], [], span, text, "1998-08-07") for i, span in enumerate([(12, 18), (48, 54), (74, 81)])]
    killed[0]["location"], killed[1]["location"] = "p1", "p2"
    places = [actor("p1", "Dar es Salaam", "location", [(22, 35)], text), actor("p2", "Nairobi", "location", [(58, 65)], text)]
    with Store(tmp_path / "t.db") as store:
        store.add_batch([(article, extraction(article, places, killed))])
        assert sorted(e["location"] for e in events(store)) == [["Dar es Salaam"], ["Nairobi"]]  # the third has no place


def test_surname_only_actor_merges_by_unique_alias(store: Store) -> None:
    assert counts_of(store, "actors") == 3
    assert find_actor(store, "patrushev").name == "Nikolai Patrushev"


def counts_of(store: Store, table: str) -> int:
    return counts(store)[table]


def test_reingest_changes_nothing(store: Store) -> None:
    before = counts(store)
    assert store.add_batch([story_a(), story_b()]) == 0
    assert counts(store) == before


def test_failed_batch_rolls_back_and_keeps_earlier_batches(store: Store) -> None:
    before = counts(store)
    article = build_article("Brand new text about Lavrov.", {"id": "c"}, "c.txt", None)
    broken = extraction(article, [actor("a1", "Sergey Lavrov", "person", [(21, 27)], article.text)], [])
    broken["actors"][0]["mentions"][0]["text"] = None
    with pytest.raises(sqlite3.IntegrityError):
        store.add_batch([(article, broken)])
    assert counts(store) == before
    assert integrity(store) == "ok"


def test_a_write_error_rolls_the_batch_back_and_the_store_takes_the_next(store: Store, tmp_path: Path) -> None:
    """An error SQLite does not undo by itself (here a trigger whose table is gone fails every event
    write, after the article, its actors and mentions are written) leaves the store as it was."""
    from timeline.store import StoreError

    before = counts(store)
    saboteur = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    saboteur.executescript("CREATE TABLE trap (x); CREATE TRIGGER trap AFTER INSERT ON event_mentions "
                           "BEGIN INSERT INTO trap VALUES (1); END; DROP TABLE trap;")
    with pytest.raises(StoreError, match="no such table"):
        store.add_batch([visit_story()])
    assert counts(store) == before and integrity(store) == "ok"
    saboteur.execute("DROP TRIGGER trap")
    saboteur.close()
    assert store.add_batch([visit_story()]) == 1


def test_an_interrupted_batch_leaves_no_trace(store: Store) -> None:
    """add_batch takes the articles as the model extracts them: Ctrl-C in the middle of a batch
    leaves the store as it was, and the next run stores the batch."""
    def interrupted() -> Iterator[tuple[Article, Extraction]]:
        yield visit_story()
        raise KeyboardInterrupt

    before = counts(store)
    with pytest.raises(KeyboardInterrupt):
        store.add_batch(interrupted())
    assert counts(store) == before
    assert store.add_batch([visit_story()]) == 1


def test_a_dictionary_that_fails_half_way_changes_nothing(store: Store) -> None:
    def entries() -> Iterator[dict]:
        yield {"name": "Wang Yi", "aliases": ["Sergey Lavrov"], "kind": "person", "country": "CHN", "sector": "GOV"}
        raise OSError("the dictionary's disk went away")

    before = (counts(store), list_actors(store))
    with pytest.raises(OSError):
        store.apply_dictionary(entries())
    assert (counts(store), list_actors(store)) == before


def test_links_lists_counterparts_with_dates(store: Store) -> None:
    result = links(store, "Wang Yi")
    by_name = {item["actor"]: item for item in result["links"]}
    assert set(by_name) == {"Nikolai Patrushev", "Sergey Lavrov"}
    assert by_name["Nikolai Patrushev"]["types"] == {"CONSULT": 1}
    assert by_name["Sergey Lavrov"]["first"] == "2023-02-22"
    assert links(store, "wang")["actor"] == "Wang Yi"
    assert links(store, "Wang Yi", since="2023-02-22")["links"][0]["actor"] == "Sergey Lavrov"


def test_a_name_finds_the_busiest_actor_it_names(store: Store) -> None:
    text = "Wang said it would cut 1,200 jobs at its Lowell plant."
    article = build_article(text, {"id": "w", "title": "Wang Laboratories"}, "w.txt", date(1987, 3, 2))
    store.add_batch([(article, extraction(article, [actor("a1", "Wang", "organization", [(0, 4)], text)], []))])
    found = find_actor(store, "wang")
    assert found.name == "Wang Yi" and found.others == ("Wang",)


def test_unknown_actor_suggests_close_names(store: Store) -> None:
    with pytest.raises(UnknownActor) as caught:
        find_actor(store, "Patrushyev")
    assert "Patrushev" in str(caught.value)


def test_path_and_actor_list(store: Store) -> None:
    steps = path(store, "Patrushev", "Lavrov")
    assert [s["actor"] for s in steps] == ["Nikolai Patrushev", "Wang Yi", "Sergey Lavrov"]
    assert steps[0]["via"] == ["CONSULT"]
    top = list_actors(store)[0]
    assert top["name"] == "Wang Yi" and top["events"] == 2 and "Wang" in top["aliases"]


def assert_path_is_true(store: Store, steps: list[dict]) -> None:
    """Every hop's direction and every cited event agree with the stored events' sources and targets."""
    cards = {e["id"]: e for e in events(store)}
    for here, there in zip(steps, steps[1:]):
        assert here["events"], here
        for cited in here["events"]:
            card = cards[cited["id"]]
            assert (cited["type"], cited["date"], cited["status"]) == (card["type"], card["date"]["value"], card["status"])
            a, b = here["actor"], there["actor"]
            if cited["direction"] == "forward":
                assert a in card["source"] and b in card["target"], (cited, card)
            elif cited["direction"] == "backward":
                assert b in card["source"] and a in card["target"], (cited, card)
            else:
                assert {a, b} <= set(card["source"]) and not card["target"], (cited, card)
        found = {e["direction"] for e in here["events"]}
        expected = ("both" if {"forward", "backward"} <= found else "forward" if "forward" in found
                    else "backward" if "backward" in found else "mutual")
        assert here["direction"] == expected


def test_path_arrows_follow_the_events_direction(store: Store) -> None:
    """Wang Yi will meet Lavrov (Wang → Lavrov) and met Patrushev (together): from Lavrov the
    first hop points back at Lavrov, the second has no direction."""
    steps = path(store, "Lavrov", "Patrushev")
    assert [(s["actor"], s.get("direction")) for s in steps] == [
        ("Sergey Lavrov", "backward"), ("Wang Yi", "mutual"), ("Nikolai Patrushev", None)]
    assert [(e["type"], e["date"], e["status"]) for e in steps[0]["events"]] == [("CONSULT", "2023-02-22", "planned")]
    assert_path_is_true(store, steps)
    assert path_lines(steps) == [
        "Sergey Lavrov ← Wang Yi — Nikolai Patrushev",
        f"  Wang Yi → Sergey Lavrov: #{steps[0]['events'][0]['id']} CONSULT (planned) 2023-02-22",
        f"  Wang Yi — Nikolai Patrushev (together): #{steps[1]['events'][0]['id']} CONSULT 2023-02-21",
    ]
    assert_path_is_true(store, path(store, "Patrushev", "Lavrov"))


TEXT_C = "Iran and Iraq attacked Kuwait on Monday. Kuwait accused Iraq on Tuesday."


def test_path_does_not_link_the_sources_of_an_event_with_a_target(tmp_path: Path) -> None:
    """"Iran and Iraq attacked Kuwait" links each attacker to Kuwait, not the attackers to each other."""
    article = build_article(TEXT_C, {"id": "c"}, "c.txt", date(2023, 3, 6))
    result = extraction(article, [
        actor("a1", "Iran", "country", [(0, 4)], TEXT_C), actor("a2", "Iraq", "country", [(9, 13), (63, 67)], TEXT_C),
        actor("a3", "Kuwait", "country", [(23, 29), (41, 47)], TEXT_C),
    ], [
        event("e1", "ASSAULT", ["a1", "a2"], ["a3"], (14, 22), TEXT_C, "2023-03-06", sentence=(0, 40)),
        event("e2", "ACCUSE", ["a3"], ["a2"], (48, 55), TEXT_C, "2023-03-07", sentence=(41, 79)),
    ])
    with Store(tmp_path / "c.db") as opened:
        opened.add_batch([(article, result)])
        steps = path(opened, "Iran", "Iraq")
        assert [(s["actor"], s.get("direction")) for s in steps] == [
            ("Iran", "forward"), ("Kuwait", "both"), ("Iraq", None)]
        assert_path_is_true(opened, steps)
        assert path_lines(steps)[0] == "Iran → Kuwait ↔ Iraq"


def test_graph_and_exports(store: Store) -> None:
    data = report_data(store, title="t")
    graph = build_graph(data)
    assert graph.number_of_nodes() == 3 and graph.number_of_edges() == 2
    gexf = ET.fromstring(export(data, "gexf"))
    ns = {"g": "http://www.gexf.net/1.2draft"}
    assert gexf.find("g:graph", ns).get("mode") == "dynamic"
    starts = sorted(e.get("start") for e in gexf.iterfind(".//g:edge", ns))
    assert starts == ["2023-02-21", "2023-02-22"]
    assert ET.fromstring(export(data, "graphml")).tag.endswith("graphml")
    rows = list(csv.DictReader(io.StringIO(export(data, "csv"))))
    assert {r["type"] for r in rows} == {"CONSULT"} and rows[0]["start"] == "2023-02-21"
    timeline = json.loads(export(data, "timelinejs"))
    assert len(timeline["events"]) == 2


def test_timelinejs_escapes_every_text_it_shows(tmp_path: Path) -> None:
    """TimelineJS renders headlines and texts as HTML: the report's title, the actors' names, the
    sentence and the article's title all reach them, and each must arrive as text."""
    text = 'Wang Yi met <img src=x onerror="alert(1)"> Patrushev on Tuesday.'
    article = build_article(text, {"id": "x", "title": "<script>alert(2)</script>"}, "x.txt", date(2023, 2, 22))
    patrushev = text.index("Patrushev")
    with Store(tmp_path / "x.db") as opened:
        opened.add_batch([(article, extraction(article, [
            actor("a1", "<b>Wang Yi</b>", "person", [(0, 7)], text),
            actor("a2", "Patrushev", "person", [(patrushev, patrushev + 9)], text),
        ], [event("e1", "CONSULT", ["a1"], ["a2"], (8, 11), text, "2023-02-21")]))])
        timeline = json.loads(export(report_data(opened, title="<i>mine</i>"), "timelinejs"))
    (item,) = timeline["events"]
    assert timeline["title"]["text"]["headline"] == "&lt;i&gt;mine&lt;/i&gt;"
    assert item["text"]["headline"] == "&lt;b&gt;Wang Yi&lt;/b&gt; CONSULT Patrushev"
    assert item["text"]["text"] == ("Wang Yi met &lt;img src=x onerror=&quot;alert(1)&quot;&gt; Patrushev on Tuesday."
                                    "<p>— &lt;script&gt;alert(2)&lt;/script&gt;</p>")


GEXF = "{http://www.gexf.net/1.2draft}"
# What the GEXF 1.2 schema (gexf.xsd, data.xsd, dynamics.xsd) allows in the attributes it restricts.
GEXF_EDGE_TYPES = {"directed", "undirected", "mutual"}
GEXF_ATTRIBUTE_TYPES = {"integer", "long", "double", "float", "boolean", "liststring", "string", "anyURI"}
GEXF_TIME_FORMATS = {"integer", "double", "date", "dateTime"}


def test_gexf_follows_the_gexf_1_2_schema_and_loads_in_networkx(store: Store, tmp_path: Path) -> None:
    """The category is each edge's label and attvalue; `type` says directed or mutual (GEXF keeps
    it for that); a visit's place is an edge; edges keep their dynamic start/end dates."""
    import networkx as nx

    store.add_batch([visit_story()])
    data = report_data(store)
    text = export(data, "gexf")
    root = ET.fromstring(text)
    graph = root.find(f"{GEXF}graph")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    assert graph.get("defaultedgetype") in GEXF_EDGE_TYPES
    titles = {}
    for attributes in root.iter(f"{GEXF}attributes"):
        assert attributes.get("class") in {"node", "edge"} and attributes.get("mode") in {"static", "dynamic"}
        for attribute in attributes.iter(f"{GEXF}attribute"):
            assert attribute.get("type") in GEXF_ATTRIBUTE_TYPES, attribute.attrib
            titles[(attributes.get("class"), attribute.get("id"))] = attribute.get("title")
    edges = list(root.iter(f"{GEXF}edge"))
    by_pair = {}
    for edge in edges:
        assert edge.get("type") in GEXF_EDGE_TYPES
        assert date.fromisoformat(edge.get("start")) <= date.fromisoformat(edge.get("end"))
        values = {titles[("edge", v.get("for"))]: v.get("value") for v in edge.iter(f"{GEXF}attvalue")}
        assert values["category"] == edge.get("label") and edge.get("label") in {"CONSULT"}
        by_pair[(edge.get("source"), edge.get("target"))] = (edge.get("type"), values["link"])
    names = {a["name"]: a["id"] for a in data["actors"]}
    assert by_pair[(names["Wang Yi"], names["Nikolai Patrushev"])] == ("mutual", "together")
    assert by_pair[(names["Wang Yi"], names["Sergey Lavrov"])] == ("directed", "target")
    assert by_pair[(names["Vladimir Putin"], names["Minsk"])] == ("directed", "place")
    for node in root.iter(f"{GEXF}node"):
        assert node.get("label") and (node.get("start") is None or date.fromisoformat(node.get("start")))
    (tmp_path / "t.gexf").write_text(text, encoding="utf-8")
    loaded = nx.read_gexf(tmp_path / "t.gexf")
    assert {loaded.nodes[n]["label"] for n in loaded} == {a["name"] for a in data["actors"]}
    assert {d["label"] for _, _, d in loaded.edges(data=True)} == {"CONSULT"}
    assert all(d["category"] == d["label"] and d["start"] for _, _, d in loaded.edges(data=True))
    (tmp_path / "t.graphml").write_text(export(data, "graphml"), encoding="utf-8")
    graphml = nx.read_graphml(tmp_path / "t.graphml")
    assert {graphml.nodes[n]["label"] for n in graphml} == {a["name"] for a in data["actors"]}
    assert graphml.number_of_edges() == sum(len(e["links"]) for e in data["events"]) == 5
    assert {d["category"] for _, _, d in graphml.edges(data=True)} == {"CONSULT"}


def test_one_rule_for_the_actor_pairs_an_event_links() -> None:
    """Source × target; the sources of a reciprocal event pairwise; each source to the place,
    except for an OTHER occurrence. Graph, exports, static layout and page all read `links`."""
    from timeline.types import event_links

    def ev(source: list[str], target: list[str], place: str | None = None, kind: str = "CONSULT") -> dict:
        return {"source": source, "target": target, "location": place, "type": kind}

    assert event_links(ev(["a", "b"], ["c"])) == [("a", "c"), ("b", "c")]
    assert event_links(ev(["a", "b", "c"], [])) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert event_links(ev(["a", "b"], [], "m")) == [("a", "b"), ("a", "m"), ("b", "m")]
    assert event_links(ev(["a"], ["c"], "c")) == [("a", "c")]
    assert event_links(ev(["a"], [], "m", "OTHER")) == [] and event_links(ev(["a"], ["c"], "m", "OTHER")) == [("a", "c")]


def test_report_events_carry_their_links_and_the_static_network_draws_them(store: Store) -> None:
    from timeline.render.layout import actor_graph

    store.add_batch([visit_story()])
    data = report_data(store)
    names = {a["id"]: a["name"] for a in data["actors"]}
    visit = next(e for e in data["events"] if e["location"])
    assert {(names[a], names[b]) for a, b in visit["links"]} == {
        ("Vladimir Putin", "Alexander Lukashenko"), ("Vladimir Putin", "Minsk")}
    drawn = actor_graph(data)
    assert {frozenset(e) for e in drawn.edges} == {frozenset(p) for e in data["events"] for p in e["links"]}
    assert {frozenset(p) for e in data["events"] for p in e["links"]} == {
        frozenset((a, b)) for a, b, _ in build_graph(data).edges}


def test_readonly_store_refuses_a_missing_or_foreign_file(tmp_path: Path) -> None:
    from timeline.store import StoreError

    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "none.db", readonly=True)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a timeline store"):
        Store(junk)
    with pytest.raises(StoreError, match="not a timeline store"):
        Store(junk, readonly=True)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (x)").connection.commit()
    with pytest.raises(StoreError, match="not a timeline store"):
        Store(other, readonly=True)


def test_dictionary_merges_and_curates_actors(store: Store) -> None:
    changed = store.apply_dictionary([{"name": "Wang Yi", "aliases": ["Sergey Lavrov"], "kind": "person",
                                       "country": "CHN", "sector": "GOV"}])
    assert changed == 2
    wang = find_actor(store, "lavrov")
    assert wang.name == "Wang Yi"
    row = next(store.rows("SELECT kind, country, sector, curated FROM actors WHERE id = ?", (wang.id,)))
    assert tuple(row) == ("person", "CHN", "GOV", 1)
    assert counts(store)["actors"] == 2 and integrity(store) == "ok"
    assert {link["actor"] for link in links(store, "Wang Yi")["links"]} == {"Nikolai Patrushev"}
    named = {name for e in events(store) for name in e["source"] + e["target"]}
    assert named == {"Wang Yi", "Nikolai Patrushev"}
    wang_row = next(a for a in list_actors(store) if a["name"] == "Wang Yi")
    assert wang_row["events"] == 2 and "Sergey Lavrov" in wang_row["aliases"]


def test_a_schema_1_store_is_upgraded_when_opened(tmp_path: Path) -> None:
    """A store written before the stored counts and cards existed answers the same after the upgrade."""
    db = tmp_path / "old.db"
    with Store(db) as new:
        new.add_batch([story_a(), story_b()])
        expected = (events(new), list_actors(new))
    conn = sqlite3.connect(db)
    conn.executescript("""DROP INDEX actors_busiest; DROP INDEX events_order;
        ALTER TABLE actors DROP COLUMN card; ALTER TABLE actors DROP COLUMN events;
        ALTER TABLE actors DROP COLUMN articles; ALTER TABLE events DROP COLUMN card;
        UPDATE meta SET value = '1' WHERE key = 'schema';""")
    conn.close()
    with Store(db, readonly=True) as old:
        assert (events(old), list_actors(old)) == expected
        assert next(old.rows("SELECT value FROM meta WHERE key = 'schema'"))[0] == str(SCHEMA_VERSION)


AIRBUS_A = "Airbus delivered its first A380 on Monday. The delivery was watched by Singapore Airlines."
AIRBUS_B = "Airbus delivered the A380 to Singapore on Monday, and Airbus recalled its engines on Monday."


def airbus_stories() -> list[tuple[Article, Extraction]]:
    """Two articles on one Airbus act told in two sentences, and another act of Airbus that day."""
    first = build_article(AIRBUS_A, {"id": "a"}, "a.txt", date(2007, 10, 16))
    told = event("e1", "OTHER", ["a1"], [], (7, 16), AIRBUS_A, "2007-10-15", sentence=(0, 42))
    told["lemma"] = "deliver"
    told["mentions"] = [{"trigger": told["trigger"], "sentence": told["sentence"]},
                        {"trigger": {"start": 47, "end": 55, "text": "delivery"}, "sentence": {"start": 43, "end": 92}}]
    second = build_article(AIRBUS_B, {"id": "b"}, "b.txt", date(2007, 10, 16))
    delivered = event("e1", "OTHER", ["a1"], [], (7, 16), AIRBUS_B, "2007-10-15")
    recalled = event("e2", "OTHER", ["a1"], [], (61, 69), AIRBUS_B, "2007-10-15")
    delivered["lemma"], recalled["lemma"] = "deliver", "recall"
    return [(first, extraction(first, [actor("a1", "Airbus", "organization", [(0, 6)], AIRBUS_A)], [told])),
            (second, extraction(second, [actor("a1", "Airbus", "organization", [(0, 6), (54, 60)], AIRBUS_B)],
                                [delivered, recalled]))]


def test_an_act_is_one_event_with_every_sentence_and_other_acts_stay_apart(tmp_path: Path) -> None:
    with Store(tmp_path / "airbus.db") as store:
        store.add_batch(airbus_stories())
        rows = list(store.rows("SELECT e.lemma, count(*) AS n, count(DISTINCT m.article) AS articles FROM events e "
                               "JOIN event_mentions m ON m.event = e.id GROUP BY e.id ORDER BY e.lemma"))
        assert [tuple(r) for r in rows] == [("deliver", 3, 2), ("recall", 1, 1)]
        triggers = [r[0] for r in store.rows("SELECT trigger FROM event_mentions WHERE local_id = 'e1' "
                                             "AND article = (SELECT key FROM articles WHERE id = 'a')")]
        assert triggers == ["delivered", "delivery"]


def test_a_schema_2_store_keeps_the_verb_of_its_other_events_apart(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(db) as new:
        new.add_batch(airbus_stories()[1:])
    conn = sqlite3.connect(db)
    conn.executescript("""UPDATE events SET signature = 'OTHER' || substr(signature, instr(signature, '|'));
        UPDATE meta SET value = '2' WHERE key = 'schema';""")
    conn.close()
    with Store(db) as old:
        assert {r[0] for r in old.rows("SELECT signature FROM events")} == {"OTHER:deliver|1|", "OTHER:recall|1|"}
        old.add_batch(airbus_stories()[:1])
        assert counts(old)["events"] == 2


def test_report_data_filters(store: Store) -> None:
    window = report_data(store, since="2023-02-22", until="2023-02-22")
    assert [e["type"] for e in window["events"]] == ["CONSULT"] and window["events"][0]["status"] == "planned"
    assert {a["name"] for a in window["actors"]} == {"Wang Yi", "Sergey Lavrov"}
    assert len(report_data(store, actor="patrushev")["events"]) == 1
    assert report_data(store, types=["ASSAULT"])["events"] == []
    top = report_data(store, top=2)
    assert {a["name"] for a in top["actors"]} == {"Wang Yi", "Nikolai Patrushev"}
    first = top["events"][0]["mentions"]
    assert len(first) == 2 and {m["sentence"][:7] for m in first} == {"Wang Yi", "Chinese"}


def test_report_title_counts_the_articles_it_shows(store: Store) -> None:
    """An article without events is not in the report, so the title does not count it; a window
    shows its own dates."""
    quiet = build_article("Markets were calm.", {"id": "q", "title": "Calm"}, "q.txt", date(2023, 3, 1))
    store.add_batch([(quiet, extraction(quiet, [], []))])
    data = report_data(store)
    assert len(data["articles"]) == 2 and data["title"] == "2 articles, 2023-02-22"
    assert report_data(store, since="2023-02-21")["title"] == "2 articles, events from 2023-02-21"
    assert report_data(store, since="2023-02-01", until="2023-02-21")["title"] == "2 articles, events 2023-02-01 … 2023-02-21"
    assert report_data(store, until="2023-02-21")["title"] == "2 articles, events until 2023-02-21"
    assert report_data(store, since="2023-02-22")["title"] == "Talks"
    assert report_data(store, title="Mine")["title"] == "Mine"


TEXT_D = "Putin met Lukashenko in Minsk on Monday, the Kremlin said. Putin also called Wang Yi."


def visit_story() -> tuple[Article, Extraction]:
    """A visit with a place and an attribution, and a call, so that --top has something to leave out."""
    article = build_article(TEXT_D, {"id": "d", "title": "Minsk"}, "d.txt", date(2023, 2, 27))
    found = event("e1", "CONSULT", ["a1"], ["a2"], (6, 9), TEXT_D, "2023-02-27", sentence=(0, 59))
    found["location"], found["attribution"] = "a3", "a4"
    return article, extraction(article, [
        actor("a1", "Vladimir Putin", "person", [(0, 5), (60, 65)], TEXT_D), actor("a2", "Alexander Lukashenko",
        "person", [(10, 20)], TEXT_D), actor("a3", "Minsk", "location", [(24, 29)], TEXT_D),
        actor("a4", "Kremlin", "organization", [(46, 53)], TEXT_D), actor("a5", "Wang Yi", "person", [(78, 85)], TEXT_D),
    ], [found, event("e2", "CONSULT", ["a1"], ["a5"], (71, 77), TEXT_D, "2023-02-27", sentence=(60, 86))])


def test_top_n_holds_at_most_n_actors(store: Store) -> None:
    """--top 2 keeps Wang Yi and Putin (most events) and their call; the Minsk visit is not among
    them, and no place or attribution is added beyond the two."""
    store.add_batch([visit_story()])
    everything = report_data(store)
    visit = next(e for e in everything["events"] if e["location"])
    assert {a["name"] for a in everything["actors"]} >= {"Minsk", "Kremlin"} and visit["attribution"]
    for n in range(1, 8):
        assert len(report_data(store, top=n)["actors"]) <= n, n
    top = report_data(store, top=3)
    assert {a["name"] for a in top["actors"]} == {"Wang Yi", "Vladimir Putin", "Nikolai Patrushev"}
    assert all(e["location"] is None and e["attribution"] is None for e in top["events"])
    top5 = report_data(store, top=5)
    kept = {a["id"] for a in top5["actors"]}
    assert all(e["location"] in kept | {None} and e["attribution"] in kept | {None} for e in top5["events"])


def test_resumed_ingest_ends_with_the_same_actors_as_one_run(tmp_path: Path) -> None:
    """A later article that knows more about an actor (here his country) fills it in, whether or not
    the process that stores it saw the actor before; so a killed and resumed run equals a clean one."""
    def story(ident: str, text: str, country: str | None) -> tuple[Article, Extraction]:
        article = build_article(text, {"id": ident}, f"{ident}.txt", date(1987, 3, 2))
        baker = actor("a1", "James Baker", "person", [(0, 11)], text, country=country, aliases=["JAMES BAKER"])
        return article, extraction(article, [baker], [])

    first = story("1", "James Baker spoke.", None)
    second = story("2", "James Baker, the U.S. Treasury Secretary, spoke again.", "USA")
    with Store(tmp_path / "clean.db") as clean:
        clean.add_batch([first])
        clean.add_batch([second])
        expected = list_actors(clean)
    with Store(tmp_path / "resumed.db") as killed:
        killed.add_batch([first])
    with Store(tmp_path / "resumed.db") as resumed:
        resumed.add_batch([second])
        assert list_actors(resumed) == expected
    assert expected[0]["country"] == "USA" and expected[0]["aliases"] == []


def test_every_export_format_the_cli_offers_has_a_writer(store: Store) -> None:
    from timeline import export as exports
    from timeline.types import EXPORT_FORMATS

    assert tuple(exports._WRITERS) == EXPORT_FORMATS
    data = report_data(store)
    assert all(exports.export(data, fmt) for fmt in EXPORT_FORMATS)
