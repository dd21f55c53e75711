"""The extraction stages as spaCy components: declared settings, saving and loading a pipeline
with the data it ran with, and the pure `extract_batch` seeing the same cleaned text as ingest."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from tests.paths import SEED
from timeline.extract.pipeline import extract_article, extract_batch
from timeline.types import Article

TEXT = "Israeli soldiers shot dead two Palestinian youths. Iran demanded that Iraq withdraw its troops."


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline


def events(nlp, text: str = TEXT) -> list[tuple]:
    x = extract_article(nlp, Article(key="k", id="t", text=text, published=date(1987, 3, 10)))
    names = {a["id"]: a["name"] for a in x["actors"]}
    return [(e["type"], [names[i] for i in e["source"]], [names[i] for i in e["target"]]) for e in x["events"]]


def test_every_tunable_is_in_the_config(nlp):
    actors = nlp.config["components"]["timeline_actors"]
    coder = nlp.config["components"]["timeline_events"]
    assert {"dictionary", "eventdata", "window", "max_name_tokens", "vote_weights"} <= actors.keys()
    assert {"lexicon", "eventdata", "max_sentence_tokens", "confidence"} <= coder.keys()
    analysis = nlp.analyze_pipes()["summary"]
    assert analysis["timeline_events"]["requires"] == ["doc._.actors", "doc._.refs", "doc._.timexes", "token.dep",
                                                       "token.pos", "token.lemma"]
    assert analysis["timeline_actors"]["assigns"] == ["doc._.actors", "doc._.refs", "doc._.relations"]


def test_a_saved_pipeline_carries_its_data_and_reads_it_back(nlp, tmp_path):
    """to_disk writes the lexicon and dictionaries; from_disk reads the saved ones, not the
    packaged ones: an analyst's edit of the saved lexicon takes effect."""
    nlp.to_disk(tmp_path / "pipeline")
    for name in ("lexicon.yaml", "cameo_verbs.json", "cameo_plover.yaml"):
        assert (tmp_path / "pipeline" / "timeline_events" / name).exists(), name
    assert (tmp_path / "pipeline" / "timeline_actors" / "phoenix_actors.json.gz").exists()
    assert events(spacy.load(tmp_path / "pipeline")) == events(nlp)
    lexicon = tmp_path / "pipeline" / "timeline_events" / "lexicon.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace("verbs:\n  # AGREE", "verbs:\n  demand: THREATEN\n  # AGREE", 1),
                       encoding="utf-8")
    assert ("THREATEN", ["Iran"], ["Iraq"]) in events(spacy.load(tmp_path / "pipeline"))


def test_sentence_window_setting(nlp):
    """Overlong sentences are coded window by window: a small window still finds the act."""
    coder = nlp.get_pipe("timeline_events")
    default, coder.max_sentence_tokens = coder.max_sentence_tokens, 8
    try:
        assert ("ASSAULT", ["Israeli military"], ["Palestinian civilians"]) in events(nlp)
    finally:
        coder.max_sentence_tokens = default


def test_extract_batch_cleans_like_ingest():
    text = SEED.read_text(encoding="utf-8")
    (x,) = extract_batch([{"text": text, "published": "2023-02-22"}])
    assert "Moo Deng" not in x["text"] and "SCMP Knowledge" not in x["text"]
    assert not {"Carina Lau", "Moo Deng"} & {a["name"] for a in x["actors"]}
