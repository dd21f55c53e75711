"""The field's coding dictionaries: the converter's parsers on real dictionary lines, the shipped
files being current, and the loaders' readings of CAMEO, PLOVER and Phoenix codes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import get_args

import pytest

from tests.paths import EVENTDATA as SOURCE, needs
from timeline.extract.eventdata import (AGENT_OVERRIDES_FILE, AGENTS_FILE, DATA, PLOVER_FILE, PLOVER_OVERRIDES_FILE,
                                        SECTORS, DictionaryError, Code, load_actors, load_agents, load_discards,
                                        load_plover_map, load_verbs, split_code)
from timeline.extract.eventdata import convert
from timeline.extract.codebook import CODEBOOK_PATH, SYMMETRIC_TYPES, load_codebook
from timeline.extract.plover import LEXICON_PATH, load_lexicon
from timeline.types import Sector

needs_source = needs(SOURCE)


# ---- the converter's parsers, on lines of the dictionaries ----------------------------------

@pytest.mark.parametrize("text, parsed", [
    ("173", {"code": "173"}),
    ("042:043", {"code": "042"}),
    (":173", {"code": "173", "reverse": True}),
    ("---", {"code": None}),
])
def test_codes(text, parsed):
    assert convert.parse_code(text) == parsed


def test_pattern_with_a_braced_noun_and_a_preposition():
    pattern = convert.parse_pattern("- * (FOR {FINANCIAL AID})                          [0231]        # ASK")
    assert pattern["code"] == "0231"
    assert pattern["preps"] == [{"prep": "for", "obj": {"head": "aid", "mods": ["financial"]}}]


def test_pattern_with_a_subject_synset_and_source_target_markers():
    pattern = convert.parse_pattern("- &MILITARY * (TO +) &STRONGHOLD (IN $)               [154]         # MOVE")
    assert pattern["pre"] == [{"head": "&MILITARY", "mods": []}]
    assert pattern["post"] == [{"head": "&STRONGHOLD", "mods": []}]
    assert pattern["preps"] == [{"prep": "to", "role": "target"}, {"prep": "in", "role": "source"}]


def test_verb_blocks_synsets_and_multiword_verbs():
    parsed = convert.parse_verbs("""&CURRENCY
# a comment inside the set does not end it
+DOLLAR
+YEN_

####### VERB PATTERNS #######

---  CANCEL   [---]  ---
+CALL_OFF [160]
HALT
- * TALKS                                             [160]         # CALLED_OFF
- * &CURRENCY                                         [1621]
- * &UNDEFINED                                        [160]
""")
    assert parsed.synsets["CURRENCY"] == [["dollar"], ["dollars"], ["yen"]]
    assert parsed.verbs[0] == {"verb": "call", "before": [], "after": ["off"], "block": 0, "code": "160"}
    assert parsed.verbs[1] == {"verb": "halt", "before": [], "after": [], "block": 0}
    assert [p["code"] for p in parsed.blocks[0]["patterns"]] == ["160", "1621"]  # the undefined synset's is dropped
    assert parsed.skipped == 1


@pytest.mark.parametrize("text, role", [
    ("USAGOV 810120-890120", {"code": "USAGOV", "from": "1981-01-20", "to": "1989-01-20"}),
    ("AFGGOV >011222", {"code": "AFGGOV", "from": "2001-12-22"}),
    ("JAMESELI 18970101-450703", {"code": "JAMESELI", "from": "1897-01-01", "to": "1945-07-03"}),
    ("USA", {"code": "USA"}),
    ("---", None),
])
def test_date_restrictions(text, role):
    assert convert.parse_restriction(text) == role


def test_actor_records_with_synonyms_and_dated_roles():
    records = convert.parse_actors("""RONALD_REAGAN_  # CountryInfo.txt
+PRESIDENT_REAGAN
\t[USAELI 19290101-810120]
\t[USAGOV 810120-890120]
SOVIET_UNION
+USSR
\t[SUN]
""", "countries")
    assert records[0]["name"] == "ronald reagan" and records[0]["aliases"] == ["president reagan"]
    assert [r["code"] for r in records[0]["codes"]] == ["USAELI", "USAGOV"]
    assert records[1] == {"name": "soviet union", "aliases": ["ussr"], "codes": [{"code": "SUN"}], "file": "countries"}


def test_agents_plurals_and_substitutions():
    agents = convert.parse_agents("""!PERSON! = MAN, WOMAN
POLICE {} [~COP]
FISHER!PERSON! [~AGR]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]
REBEL [~REB]
HUMAN_RIGHTS_BODY  [NGO~]
""")
    phrases = {a["phrase"]: a["code"] for a in agents}
    assert phrases == {"police": "~COP", "fisherman": "~AGR", "fisherwoman": "~AGR", "attorney general": "~GOVATG",
                       "attorneys general": "~GOVATG", "rebel": "~REB", "rebels": "~REB",
                       "human rights body": "NGO~", "human rights bodies": "NGO~"}


def test_discards():
    discards = convert.parse_discards("+ACADEMY AWARD   # LRP 08 Mar 2004\nASIAN CUP   # BNL\n")
    assert discards == {"sentence": ["asian cup"], "story": ["academy award"]}


@needs_source
def test_the_shipped_files_are_what_the_converter_makes():
    assert convert.main([str(SOURCE), "--check"]) == 0


# ---- what the loaders read ------------------------------------------------------------------

@pytest.fixture(scope="module")
def verbs():
    return load_verbs(DATA, load_codebook().modes)


@pytest.mark.parametrize("cameo, plover", [
    ("0231", Code("REQUEST", "assist", "0231")),   # CAMEO 02 APPEAL: PLOVER's REQUEST, though Table 7.1 drops it
    ("163", Code("SANCTION", "discontinue", "163")),  # the manual (3.13.3) over the 2021 table's COERCE
    ("042", Code("CONSULT", "visit", "042")),
    ("1123", Code("ACCUSE", "allege", "1123")),
    ("175", Code("ASSAULT", None, "175")),  # the table's "pro_autocracy" is a context, not a mode
    ("010", None),  # public statements are no events
])
def test_cameo_codes_become_plover_categories(verbs, cameo, plover):
    assert verbs.to_plover(cameo) == plover


def test_a_verb_and_its_block(verbs):
    (entry,) = [e for e in verbs.entries("condemn")]
    assert entry.code == "111" and verbs.blocks[entry.block].name == "BLAME"


def test_a_malformed_override_is_refused(tmp_path):
    for name in ("cameo_plover.json",):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    (tmp_path / "cameo_plover.yaml").write_text("overrides:\n  - codes: ['163']\n    plover: SANCTION\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="lacks 'why'"):
        load_plover_map(tmp_path)


# ---- the codebook and the lexicon: validated on load, errors that name the file and the entry ----

def _edited(source: Path, target: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


# Each edit of a shipped file (old text -> new text) must make its loader refuse the file with this message.
CODEBOOK_MISTAKES = [
    pytest.param("symmetric: [CONSULT, COOPERATE]", "symmetric: [CONSULT, MEET]",
                 "codebook.yaml symmetric: unknown event category 'MEET'", id="a list naming no category"),
    pytest.param("  SUPPORT: {quad: verbal_cooperation, score: 5}\n", "",
                 r"codebook.yaml categories: missing categories \['SUPPORT'\]", id="a category missing"),
    pytest.param("modes: {visit: 4,", "modes: {yes: 4,",
                 "codebook.yaml categories CONSULT modes: expected a list of words", id="a mode that is not a word"),
    pytest.param("\nsymmetric:", "\nsymetric:",
                 r"codebook.yaml: missing tables \['symmetric'\], unknown tables \['symetric'\]", id="a misspelt section"),
    pytest.param("\nopposed: [ASSAULT]\n", "\n",
                 r"codebook.yaml: missing tables \['opposed'\], unknown tables \[\]", id="a missing section"),
]
LEXICON_MISTAKES = [
    pytest.param("  visit: CONSULT/visit\n", "  visit: CONSULT/tour\n",
                 "lexicon.yaml verbs visit: 'tour' is not a mode of CONSULT", id="a verb's mode the codebook lacks"),
    # YAML reads a bare `off` as False: it would silently become the word "False".
    pytest.param('force_preps: ["off",', "force_preps: [off,",
                 "lexicon.yaml arguments force_preps: expected a list of words", id="a bare YAML boolean"),
    pytest.param("\nframe_verbs:", "\nframe_verb:",
                 r"lexicon.yaml: missing tables \['frame_verbs'\], unknown tables \['frame_verb'\]", id="a misspelt list"),
    pytest.param("\narguments:", "\nargs:",
                 r"lexicon.yaml: missing tables \['arguments'\], unknown tables \['args'\]", id="a misspelt section"),
    pytest.param("  bounding:", "  bounds:",
                 r"lexicon.yaml arguments: missing lists \['bounding'\], unknown lists \['bounds'\]", id="a misspelt sublist"),
    pytest.param("    drone: [drone, uav]\n", "    drones: [drone, uav]\n",
                 "lexicon.yaml modes ASSAULT: 'drones' is not a mode of ASSAULT", id="a keyword mode the codebook lacks"),
    pytest.param("state_sectors: [GOV, MIL]", "state_sectors: [GOV, ARMY]",
                 r"lexicon.yaml state_sectors: \['ARMY'\] are not sector codes", id="a sector that is no sector code"),
]


@pytest.mark.parametrize("old, new, message", CODEBOOK_MISTAKES)
def test_a_codebook_mistake_is_refused(tmp_path, old, new, message):
    with pytest.raises(DictionaryError, match=message):
        load_codebook(_edited(CODEBOOK_PATH, tmp_path / "codebook.yaml", old, new))


@pytest.mark.parametrize("old, new, message", LEXICON_MISTAKES)
def test_a_lexicon_mistake_is_refused(tmp_path, old, new, message):
    with pytest.raises(DictionaryError, match=message):
        load_lexicon(_edited(LEXICON_PATH, tmp_path / "lexicon.yaml", old, new))


def test_the_sector_codes_are_defined_alike():
    assert set(SECTORS) == set(get_args(Sector))


def test_occurrence_prepositions_are_the_target_ones_but_at_and_with_from():
    words = load_lexicon().arguments
    assert words.occurrence_preps == words.target_preps - {"at"} | {"from"}
    assert words.occurrence_preps == {"with", "on", "against", "to", "for", "toward", "towards", "into", "upon", "from"}


def _saved_events(path: Path) -> Path:
    from timeline.extract.events.component import EventCoder

    EventCoder().to_disk(path)
    return path


def test_a_pipeline_saved_without_a_codebook_reads_the_packaged_one(tmp_path):
    from timeline.extract.events.component import EventCoder

    (_saved_events(tmp_path) / CODEBOOK_PATH.name).unlink()
    coder = EventCoder().from_disk(tmp_path)
    assert coder.codebook_path == CODEBOOK_PATH and coder.codebook == load_codebook()


def test_a_pipeline_saved_with_an_old_lexicon_is_refused_naming_the_section(tmp_path):
    from timeline.extract.events.component import EventCoder

    saved = _saved_events(tmp_path) / LEXICON_PATH.name
    text = saved.read_text(encoding="utf-8")
    saved.write_text(text[:text.index("\narguments:")] + "\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=rf"{re.escape(str(saved))}: missing tables \['arguments'\]"):
        EventCoder().from_disk(tmp_path)


# ---- every YAML loader refuses a key given twice, naming the file ----

def test_an_override_given_twice_is_refused(tmp_path):
    (tmp_path / PLOVER_FILE).write_bytes((DATA / PLOVER_FILE).read_bytes())
    (tmp_path / PLOVER_OVERRIDES_FILE).write_text("overrides: []\noverrides: []\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"cameo_plover.yaml: 'overrides' is given twice \(line 2\)"):
        load_plover_map(tmp_path)


@pytest.mark.parametrize("overrides, error", [
    ("sectors:\n  police: COP\n  police: MIL\nnot_agents: []\ninstitutions: []\nwith_country: []\n",
     r"agents.yaml: 'police' is given twice \(line 3\)"),
    ("sectors: {}\nnot_agents: []\ninstitutions: []\nwith_country: [jetski]\n",
     r"agents.yaml: with_country lists 'jetski', which is not an agent"),
])
def test_a_bad_agent_override_is_refused(tmp_path, overrides, error):
    (tmp_path / AGENTS_FILE).write_bytes((DATA / AGENTS_FILE).read_bytes())
    (tmp_path / AGENT_OVERRIDES_FILE).write_text(overrides, encoding="utf-8")
    with pytest.raises(DictionaryError, match=error):
        load_agents(tmp_path)


def test_a_temporal_rules_key_given_twice_is_refused(tmp_path):
    from timeline.extract.temporal_lexicon import GrammarError, load_grammar

    rules = tmp_path / "temporal_rules.yaml"
    rules.write_text("version: 1\nversion: 2\n", encoding="utf-8")
    with pytest.raises(GrammarError, match=r"temporal_rules.yaml: cannot read the temporal rules: 'version' is given twice"):
        load_grammar(rules, normalisers=(), constraints=())


def test_an_actor_dictionary_key_given_twice_is_refused(tmp_path):
    from timeline.extract.dictionary import load_dictionary

    path = tmp_path / "actors.yaml"
    path.write_text("- name: Iran\n  kind: country\n  kind: group\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"actors.yaml: invalid YAML: 'kind' is given twice \(line 3\)"):
        load_dictionary(path)


def test_the_symmetric_categories_come_from_the_codebook():
    assert SYMMETRIC_TYPES == load_codebook().symmetric == {"CONSULT", "COOPERATE"}


@pytest.mark.parametrize("code, parts", [
    ("USAGOV", ("USA", "GOV")), ("IGOUNO", (None, "IGO")), ("SUN", ("SUN", None)),
    ("IMGMUSALQ", (None, "REB")), ("FRAREB", ("FRA", "REB")), ("USAGOVLEG", ("USA", "GOV")),
])
def test_actor_codes_split_into_country_and_sector(code, parts):
    assert split_code(code, frozenset({"USA", "FRA"})) == parts


def test_roles_follow_the_date():
    phoenix = load_actors(DATA, frozenset({"USA"}))
    (reagan,) = phoenix.find("Ronald Reagan")
    assert (reagan.role(date(1987, 3, 1)).country, reagan.role(date(1987, 3, 1)).sector) == ("USA", "GOV")
    assert reagan.role(date(1990, 6, 1)).sector == "ELI"  # a former president is no longer GOV
    (soviet,) = phoenix.find("USSR")
    assert soviet.role(date(1987, 3, 1)).country == "SUN"


def test_agents_and_their_sectors():
    agents = load_agents(DATA)
    assert (agents.match(["riot", "police"]).sector, agents.match(["riot", "police"]).organization) == ("COP", True)
    assert agents.match(["soldiers"]).sector == "MIL"
    assert agents.match(["spokesman"]).sector is None  # speaks for whoever employs him (agents.yaml)
    assert agents.match(["investors"]) is None


def test_discard_list_marks_sports_not_politics():
    discards = load_discards(DATA)
    assert discards.matches("Brazil beat Argentina in the Asian Cup final.")
    assert not discards.matches("Iraq shelled Iranian positions near Basra.")
