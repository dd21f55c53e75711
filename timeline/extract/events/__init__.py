"""Events stage: PLOVER event coding over the dependency parse.

Reads `doc._.refs`/`doc._.actors` (who), `doc._.timexes` (when) and `doc._.dct`, writes
`doc._.events`. A predicate's category comes from PETRARCH-2's CAMEO verb dictionary and patterns
under this project's PLOVER lexicon (`coding.py`); nominal events ("Wang's visit to Moscow", "the
attack on the camp") come from the lexicon's event nouns. Anything else with an actor acting is
OTHER, conservatively.

Conventions (PLOVER manual, draft 2.0):
- Compound and reciprocal actors are lists (2.4.2): "China and Russia pledged ..." and "the two
  sides met" give one event with every participant in `source` and an empty `target`.
- A visit's source is the visitor, its location the place visited, its target the host country.
- Planned acts are read the codebook's way: future cooperation is AGREE (3.1), an announced retreat
  CONCEDE (3.4.2), a conflict act an actor says it will carry out THREATEN (3.11); `status` keeps
  "planned" and `lemma` the act ("meet").
- Verbal categories are mostly reported speech: the speaker is the source, whoever is asked,
  accused, warned or praised the target, and a content clause ("urged Iraq to withdraw") is the
  act's content, not a second event. A reporting verb ("said") frames its clause, which is coded
  on its own with the speaker as `attribution`.
- Force is physical (3.16): an ASSAULT or an arrest aimed at an idea ("attacked the policy") is
  criticism (ACCUSE) when the verb can mean that, else no event.
- Events with one side keep it (PROTEST, MOBILIZE, RETREAT, passives with a victim only).

Every walk over the parse is capped (`syntax.WALK_LIMIT`, `syntax.SUBTREE_LIMIT`) and sentences
longer than `max_sentence_tokens` are coded window by window, so a run-on sentence costs linear time.

The stages, one module each:
- `component`: the spaCy component (`EventCoder`, factory `timeline_events`) and its data files;
- `document`: the per-Doc lookups (who each token refers to, timexes, datelines, actor facts);
- `arguments`: sources, targets and locations from the parse;
- `predicates`: a verb's code and which clauses are another act's content;
- `triggers`: the candidate events of a window, from `verbal` (coded verbs) and `nominal`
  (event nouns and occurrences);
- `status` and `dating`: whether and when it happened, and who reports it;
- `assembly`: a candidate made an Event, duplicates in a sentence folded;
- `reports`: one event per act in an article (`tell_once`).
"""

from timeline.extract.events.component import DEFAULT_CONFIDENCE, EventCoder, make_events
from timeline.extract.events.reports import tell_once

__all__ = ["DEFAULT_CONFIDENCE", "EventCoder", "make_events", "tell_once"]
