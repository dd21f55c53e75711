"""Actors stage on real sentences and on the seed article (boilerplate cut as ingest will)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from timeline.extract import actors as _actors  # noqa: F401  (registers the factory)
from timeline.extract import gazetteer as gz
from timeline.extract.actors.words import DEFAULT_ACTOR_WORDS, load_actor_words, marked_word
from timeline.extract.dictionary import load_dictionary
from timeline.extract.pipeline import model_name
from timeline.extract.wordlists import WordListError
from timeline.ingest.boilerplate import clean_text
from timeline.ingest.records import clean_str

SEED = Path(__file__).resolve().parents[1] / "seeds" / "china-russia-rock-solid.txt"


@pytest.fixture(scope="module")
def nlp(actors_stage: Language) -> Language:
    """The model plus the actors component only, so these tests do not depend on later stages."""
    return actors_stage


def seed_body() -> str:
    """The seed as ingest cleans it: without the SCMP promo, other stories' headlines and the trailer."""
    return clean_text(clean_str(SEED.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def seed(nlp: Language) -> Doc:
    return nlp(seed_body())


def actor(doc: Doc, name: str) -> dict:
    found = [a for a in doc._.actors if a["name"] == name]
    assert found, f"no actor {name!r} in {[a['name'] for a in doc._.actors]}"
    return found[0]


def refs_of(doc: Doc, surface: str) -> list[list[str]]:
    """Actor ids of every ref whose text is exactly `surface`, in text order."""
    return [r["actors"] for r in doc._.refs if doc.text[r["start"]:r["end"]] == surface]


def names(doc: Doc, ids: list[str]) -> set[str]:
    by_id = {a["id"]: a["name"] for a in doc._.actors}
    return {by_id[i] for i in ids}


# ---- seed acceptance ------------------------------------------------------------------------

def test_seed_people_countries_and_media(seed: Doc) -> None:
    for name in ("Wang Yi", "Nikolai Patrushev", "Sergey Lavrov", "Vladimir Putin", "Xi Jinping",
                 "Joe Biden", "Volodymyr Zelensky"):
        assert actor(seed, name)["kind"] == "person"
    for iso in ("CHN", "RUS", "UKR", "USA"):
        assert any(a["kind"] == "country" and a["country"] == iso for a in seed._.actors), iso
    assert actor(seed, "China")["country"] == "CHN"
    assert actor(seed, "United States")["aliases"] == ["US"]
    for name in ("Sputnik", "Xinhua", "Tass"):
        a = actor(seed, name)
        assert (a["kind"], a["sector"]) == ("organization", "MED")
    assert actor(seed, "Sputnik")["country"] == "RUS"


def test_seed_all_wang_mentions_merge_into_wang_yi(seed: Doc) -> None:
    wang = actor(seed, "Wang Yi")
    wangs = [m.start() for m in re.finditer(r"\bWang\b", seed.text)]
    assert sorted(m["start"] for m in wang["mentions"]) == wangs
    assert "State Councillor Wang Yi" in wang["aliases"]
    assert not [a for a in seed._.actors if a["name"] == "Wang"]
    assert (wang["country"], wang["sector"]) == ("CHN", "GOV")


def test_seed_ids_in_text_order_and_mentions_match_text(seed: Doc) -> None:
    firsts = [min(m["start"] for m in a["mentions"]) for a in seed._.actors]
    assert firsts == sorted(firsts)
    assert [a["id"] for a in seed._.actors] == [f"a{i + 1}" for i in range(len(seed._.actors))]
    for a in seed._.actors:
        for m in a["mentions"]:
            assert seed.text[m["start"]:m["end"]] == m["text"]
            assert "\n" not in m["text"]


def test_seed_nothing_from_boilerplate(nlp: Language) -> None:
    doc = nlp(seed_body())
    found = {a["name"] for a in doc._.actors}
    assert not found & {"SCMP", "South China Morning Post", "SCMP Knowledge", "Aseanplus News"}


def test_seed_capitals_place_or_agent(seed: Doc) -> None:
    moscow = actor(seed, "Moscow")
    assert (moscow["kind"], moscow["country"]) == ("location", "RUS")
    kyiv = actor(seed, "Kyiv")  # NER says PERSON; the gazetteer corrects it
    assert (kyiv["kind"], kyiv["country"]) == ("location", "UKR")
    china = actor(seed, "China")["id"]
    assert refs_of(seed, "Beijing") == [[china]]  # "support for Beijing": the state
    assert refs_of(seed, "Moscow")[-1] == [actor(seed, "Russia")["id"]]  # "Moscow's foreign policy"
    assert refs_of(seed, "Washington") == [[actor(seed, "United States")["id"]]]


def test_seed_affiliations(seed: Doc) -> None:
    rel = {(r["source"], r["target"], r["role"]) for r in seed._.relations}
    pat, xi = actor(seed, "Nikolai Patrushev"), actor(seed, "Xi Jinping")
    council = actor(seed, "Security Council")
    assert (pat["id"], council["id"], "Secretary") in rel
    assert (pat["id"], actor(seed, "Russia")["id"], "Secretary") in rel
    assert (xi["id"], actor(seed, "China")["id"], "President") in rel
    biden = actor(seed, "Joe Biden")
    assert (biden["country"], biden["sector"]) == ("USA", "GOV")
    wang = actor(seed, "Wang Yi")["id"]
    assert (wang, actor(seed, "Central Foreign Affairs Commission")["id"], "director") in rel


def test_seed_pronouns_and_descriptions(seed: Doc) -> None:
    wang, pat = actor(seed, "Wang Yi")["id"], actor(seed, "Nikolai Patrushev")["id"]
    china, russia = actor(seed, "China")["id"], actor(seed, "Russia")["id"]
    assert refs_of(seed, "China’s top diplomat") == [[wang]]
    landed = seed.text.index("He landed")
    assert [r["actors"] for r in seed._.refs if r["start"] == landed] == [[wang]]
    reaffirmed = seed.text.index("He reaffirmed")
    assert [r["actors"] for r in seed._.refs if r["start"] == reaffirmed] == [[pat]]
    biden = actor(seed, "Joe Biden")["id"]
    met = seed.text.index("he met")
    assert [r["actors"] for r in seed._.refs if r["start"] == met] == [[biden]]
    assert refs_of(seed, "the two neighbours") == [[china, russia], [china, russia]]
    assert refs_of(seed, "the pair") == [[wang, pat]]
    assert all(ids == [wang, pat] for ids in refs_of(seed, "the two sides"))
    assert refs_of(seed, "They") == [[wang, pat]]


def test_seed_the_west_is_a_group(seed: Doc) -> None:
    west = actor(seed, "the West")
    assert west["kind"] == "group"
    assert len(west["mentions"]) == seed.text.count("West")


# ---- focused sentences ----------------------------------------------------------------------

def test_demonym_links_to_country_and_titles_are_stripped(nlp: Language) -> None:
    doc = nlp("Chinese President Xi Jinping met French President Emmanuel Macron in Paris.")
    xi, macron = actor(doc, "Xi Jinping"), actor(doc, "Emmanuel Macron")
    assert (xi["country"], macron["country"]) == ("CHN", "FRA")
    assert refs_of(doc, "Chinese") == [[actor(doc, "China")["id"]]]
    assert actor(doc, "Paris")["kind"] == "location" and actor(doc, "Paris")["country"] == "FRA"


def test_capital_as_agent_is_the_country(nlp: Language) -> None:
    doc = nlp("Beijing said on Monday it would retaliate. A delegation later visited Moscow.")
    china = actor(doc, "China")
    assert china["kind"] == "country" and refs_of(doc, "Beijing") == [[china["id"]]]
    assert refs_of(doc, "it") == [[china["id"]]]
    assert actor(doc, "Moscow")["kind"] == "location"


def test_country_codes_and_names_normalise(nlp: Language) -> None:
    doc = nlp("The U.S. and the United States of America are one; so are the UK and Britain.")
    assert [(a["name"], a["country"]) for a in doc._.actors if a["kind"] == "country"] == [
        ("United States", "USA"), ("United Kingdom", "GBR")]


def test_former_states_stay_themselves(nlp: Language) -> None:
    """The USSR is not Russia in 1987 (ISO 3166-3 SUN, as the Phoenix dictionaries code it)."""
    doc = nlp("The USSR and West Germany signed a trade pact in Bonn, the Soviet Union's news agency said.")
    assert sorted((a["name"], a["country"]) for a in doc._.actors) == [
        ("Bonn", "DEU"), ("Germany", "DEU"), ("Soviet Union", "SUN"), ("Soviet media", "SUN")]
    soviet = actor(doc, "Soviet Union")
    assert refs_of(doc, "USSR") == [[soviet["id"]]] and refs_of(doc, "Soviet Union") == [[soviet["id"]]]


def test_business_affiliation_and_products(nlp: Language) -> None:
    doc = nlp("GM named Mary Barra chief executive on Tuesday. Apple unveiled the iPhone 4 in June.")
    barra, gm = actor(doc, "Mary Barra"), actor(doc, "GM")
    assert {(r["source"], r["target"], r["role"]) for r in doc._.relations} == {
        (barra["id"], gm["id"], "chief executive")}
    assert (gm["sector"], barra["sector"]) == ("BUS", "BUS")
    assert not [a for a in doc._.actors if "iPhone" in a["name"]]


def test_appositive_title_and_company_description(nlp: Language) -> None:
    doc = nlp("Tim Cook, chief executive of Apple, spoke on Monday. The company said sales rose.")
    cook, apple = actor(doc, "Tim Cook"), actor(doc, "Apple")
    assert [(r["source"], r["target"], r["role"]) for r in doc._.relations] == [
        (cook["id"], apple["id"], "chief executive")]
    assert refs_of(doc, "The company") == [[apple["id"]]]
    assert apple["sector"] == "BUS"


def test_type_vote_fixes_news_agency_labelled_person(nlp: Language) -> None:
    doc = nlp("Sputnik said the talks went well, according to Russian news agency Sputnik. "
              "A Sputnik report added that Sputnik had seen the papers.")
    sputnik = actor(doc, "Sputnik")
    assert (sputnik["kind"], sputnik["sector"], sputnik["country"]) == ("organization", "MED", "RUS")
    assert len(sputnik["mentions"]) == 4


def test_groups_and_igos(nlp: Language) -> None:
    doc = nlp("The European Union and NATO condemned the attack. Western countries imposed sanctions.")
    assert (actor(doc, "European Union")["sector"], actor(doc, "NATO")["sector"]) == ("IGO", "IGO")
    assert actor(doc, "the West")["kind"] == "group"


def test_entities_spanning_newlines_are_trimmed(nlp: Language) -> None:
    doc = nlp("Visit Moscow\n\nPresident Vladimir Putin said on Friday talks were possible.")
    for a in doc._.actors:
        for m in a["mentions"]:
            assert "\n" not in m["text"]
    assert actor(doc, "Vladimir Putin")["kind"] == "person"


def test_empty_and_noise_documents(nlp: Language) -> None:
    for text in ("", "   \n\n ", "the and of", "$$$ 2023-01-01 12:00"):
        doc = nlp(text)
        assert doc._.actors == [] and doc._.refs == [] and doc._.relations == []


# ---- dictionary -----------------------------------------------------------------------------

def test_dictionary_overrides_model(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text("- name: Sputnik International\n  aliases: [Sputnik]\n  kind: organization\n"
                    "  country: RU\n  sector: MED\n- name: Acme Widgets\n  aliases: [Acme]\n"
                    "  kind: organization\n  country: USA\n  sector: BUS\n", encoding="utf-8")
    nlp = spacy.load(model_name())
    nlp.add_pipe("timeline_actors", config={"dictionary": str(path)})
    doc = nlp("Sputnik said Acme would open a plant. Later, Sputnik repeated the claim.")
    sputnik = actor(doc, "Sputnik International")
    assert (sputnik["kind"], sputnik["country"], sputnik["sector"]) == ("organization", "RUS", "MED")
    assert len(sputnik["mentions"]) == 2
    acme = actor(doc, "Acme Widgets")
    assert (acme["country"], acme["sector"]) == ("USA", "BUS")


def test_dictionary_csv(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text("name,aliases,kind,country,sector\nWang Yi,Wang|Wang Yi,person,CN,GOV\n",
                    encoding="utf-8")
    assert load_dictionary(path) == [{"name": "Wang Yi", "aliases": ["Wang"], "kind": "person",
                                      "country": "CHN", "sector": "GOV"}]


@pytest.mark.parametrize("name, content, problem", [
    ("bad.yaml", "- name: [unclosed\n", "invalid YAML"),
    ("bad.yaml", "- aliases: [X]\n", "'name' is missing"),
    ("bad.yaml", "- name: X\n  kind: planet\n", "'kind' must be one of"),
    ("bad.yaml", "- name: X\n  country: Narnia\n", "is not an ISO 3166"),
    ("bad.yaml", "- name: X\n  colour: red\n", "unknown field"),
    ("bad.csv", "title,kind\nX,person\n", "'name' column"),
])
def test_malformed_dictionary_is_one_clear_error(tmp_path: Path, name: str, content: str,
                                                 problem: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_dictionary(path)
    message = str(err.value)
    assert str(path) in message and problem in message and "\n" not in message


# ---- gazetteer ------------------------------------------------------------------------------

def test_gazetteer_lookups() -> None:
    assert gz.lookup_country("the United States") == "USA"
    assert gz.lookup_country("U.S.") == "USA"
    assert gz.lookup_country("us") is None
    assert gz.lookup_demonym("Ukrainian") == "UKR"
    assert gz.country_name("CHN") == "China"
    assert gz.tables().capitals["kyiv"] == "UKR" and gz.tables().capitals["kiev"] == "UKR"
    assert gz.org_sector("Russian Foreign Ministry") == "GOV"


def test_gazetteer_file_is_validated(tmp_path: Path) -> None:
    text = gz.GAZETTEER_FILE.read_text(encoding="utf-8")
    for broken, problem in [
        (text.replace("ministry: GOV,", "ministry: GOV, ministry: MIL,", 1), "given twice"),
        (text.replace("sector: GOV}", "sector: GOVT}", 1), "bad kind, country or sector"),
        (text.replace("titles: {president", "titles: {President", 1), "lower-case"),
        (text.replace("U.S.: USA", "U.S.: United States", 1), "unknown values"),
        (text.replace("\nhonorifics:", "\nhonourifics:", 1), "missing tables"),
        (text.replace("honorifics: [mr,", "honorifics: [sir, mr,", 1), "in both honorifics and titles"),
        (text.replace("stripped_only: [co]", "stripped_only: [co, group]", 1), "in both legal_forms"),
        (text.replace(" AGR: farmers,", "", 1), "a word for each of the sectors"),
    ]:
        assert broken != text, problem
        path = tmp_path / "gazetteer.yaml"
        path.write_text(broken, encoding="utf-8")
        with pytest.raises(WordListError, match=problem):
            gz.load_gazetteer(path)


# ---- cue words ------------------------------------------------------------------------------

def test_every_cue_word_example_marks_a_listed_word(nlp: Language) -> None:
    """The examples of actor_words.yaml are tests: the marked word (or its lemma) is in its table."""
    words = load_actor_words()
    for table, examples in words.examples.items():
        listed = getattr(words, table)
        for example in examples:
            text, start, end = marked_word(example)
            marked = nlp(text).char_span(start, end)
            assert marked.text.lower() in listed or marked.lemma_.lower() in listed, (table, example)


@pytest.mark.parametrize("old, new, problem", [
    ("  words: [visit,", "  words: [Visit,", "lower-case"),
    ("  words: [visit,", "  words: [visit, visit,", "listed twice"),
    ("Biden [visited] Kyiv", "Biden visited Kyiv", "exactly one"),
    ("neighbour: country", "neighbour: region", "unknown values"),
    ("\nformer:", "\nformerly:", "missing tables"),
    ("  words: [top,", "  wordlist: [top,", "expected `words` and `examples`"),
])
def test_malformed_cue_words_are_refused(tmp_path: Path, old: str, new: str, problem: str) -> None:
    text = DEFAULT_ACTOR_WORDS.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "actor_words.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(WordListError, match=problem):
        load_actor_words(path)


def test_saved_component_reads_its_own_cue_words(tmp_path: Path) -> None:
    """to_disk writes the cue words; from_disk reads the saved file (an analyst's edit takes
    effect), and a pipeline saved before they were data falls back on the packaged ones."""
    own = spacy.load(model_name())
    component = own.add_pipe("timeline_actors")
    assert actor(own("Biden visited Kyiv on Monday."), "Kyiv")["kind"] == "location"
    component.to_disk(tmp_path)
    saved = tmp_path / "actor_words.yaml"
    assert saved.read_text(encoding="utf-8") == DEFAULT_ACTOR_WORDS.read_text(encoding="utf-8")
    saved.write_text(saved.read_text(encoding="utf-8").replace("  words: [visit, leave,", "  words: [leave,"),
                     encoding="utf-8")
    component.from_disk(tmp_path)
    assert actor(own("Biden visited Kyiv on Monday."), "Ukraine")["kind"] == "country"  # the state, now
    saved.unlink()
    component.from_disk(tmp_path)
    assert "visit" in component.words.place_verbs


def test_description_and_plural_leaders(nlp: Language) -> None:
    doc = nlp("Wang Yi arrived in Kiev on Tuesday. The top diplomat met Sergey Lavrov in Moscow. "
              "The two men discussed trade, and they agreed to meet again.")
    wang, lavrov = actor(doc, "Wang Yi")["id"], actor(doc, "Sergey Lavrov")["id"]
    assert refs_of(doc, "The top diplomat") == [[wang]]
    assert refs_of(doc, "The two men") == [sorted([wang, lavrov], key=lambda a: int(a[1:]))]
    assert refs_of(doc, "they") == refs_of(doc, "The two men")
    assert actor(doc, "Kyiv")["country"] == "UKR"  # old spelling, canonical name


def test_state_bodies_named_by_common_nouns(nlp: Language) -> None:
    doc = nlp("Russia’s foreign ministry said the talks would go ahead. "
              "The Chinese military held drills near Taiwan.")
    ministry, military = actor(doc, "Russian Foreign Ministry"), actor(doc, "Chinese military")
    assert (ministry["kind"], ministry["country"], ministry["sector"]) == ("organization", "RUS", "GOV")
    assert (military["kind"], military["country"], military["sector"], military["generic"]) == (
        "organization", "CHN", "MIL", True)
    assert [m["text"] for m in ministry["mentions"]] == ["foreign ministry"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["Wang Yi", "he", "the two sides", "Russia", "’s", "Chinese",
                                 "President", "\n\n", "Moscow", "said", ".", ",", "“", "they",
                                 "Apple", "chief executive", "the", "US", "Kremlin", "é"]),
                max_size=40).map(" ".join) | st.text(max_size=120))
def test_any_text_gives_consistent_offsets(nlp: Language, text: str) -> None:
    doc = nlp(text)
    ids = {a["id"] for a in doc._.actors}
    for a in doc._.actors:
        assert a["kind"] in {"person", "organization", "country", "location", "group"}
        assert a["mentions"] and a["name"]
        for m in a["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    for r in doc._.refs:
        assert 0 <= r["start"] < r["end"] <= len(text) and set(r["actors"]) <= ids
    for rel in doc._.relations:
        assert {rel["source"], rel["target"]} <= ids


def test_employer_decides_shared_titles_and_central_banks_are_state(nlp: Language) -> None:
    doc = nlp("William Brodsky, president of the Chicago Mercantile Exchange, said volume rose. "
              "The Bank of England cut rates, and Barclays Bank followed.")
    assert actor(doc, "William Brodsky")["sector"] != "GOV"
    assert actor(doc, "Bank of England")["sector"] == "GOV"
    assert actor(doc, "Barclays Bank")["sector"] == "BUS"
