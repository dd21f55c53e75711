"""Actors stage: who is mentioned, as what, and which spans of text refer to them.

spaCy's small NER finds names but mislabels them ("Sputnik" PERSON, "Kyiv" PERSON, "Wang" ORG)
and never normalises them, so this component:
1. collects candidate mentions from a user dictionary, the gazetteers and NER (in that priority);
2. normalises countries to ISO3 (names, codes, demonyms, capitals used as agents), keeps other
   places as locations with their country, and knows groups, IGOs, news outlets and metonyms
   ("the Kremlin" is a GOV organisation of RUS, not RUS itself: it acts as an institution);
3. merges the mentions of one actor ("State Councillor Wang Yi", "Wang Yi", "Wang") and decides
   its kind by a vote over mentions and context cues ("news agency Sputnik" -> organisation;
   "iPhone 4", "8 GB" -> product, dropped), names lower-case state bodies ("Russia's foreign
   ministry" -> "Russian Foreign Ministry") and finds repeats of known names NER missed;
4. reads titles and affiliations around person names ("Russia's Security Council Secretary X",
   "X, chief executive of Y", "Y named X chief executive", "X, who is director of Y");
5. resolves descriptions ("China's top diplomat"), plural descriptions ("the two sides") and
   pronouns ("He landed ...") to actors.

The steps, one module each:
- `component`: the spaCy component (`ActorResolver`, factory `timeline_actors`): it loads the data
  files and runs the steps in order over one `DocState`;
- `candidates` (step 1), `clusters` (steps 2 and 3: merging and kinds), `affiliations` (step 4),
  `anaphora` (step 5);
- `records`: the per-document state and the small records the steps pass;
- `words`: the cue words (`actor_words.yaml`), read in `from_disk` and validated on load.
The gazetteer (`../gazetteer.py`), the agents (`../agents.py`) and the user dictionary
(`../dictionary.py`) are lookups of their own, one level up, that this component reads.

Output: `doc._.actors`, `doc._.relations` and `doc._.refs`. Refs may nest: in "China's top
diplomat" the whole span refers to the diplomat and "China" to the country; map a token to the
smallest ref that contains it.
"""

from timeline.extract.actors.component import ActorResolver, make_actors

__all__ = ["ActorResolver", "make_actors"]
