"""Extraction: `Article` → actors, time expressions, events, as spaCy pipeline components.

Each stage is a spaCy component that sets a Doc extension (see `doc.py`), so `nlp.pipe(n_process=N)`
runs every stage inside the worker processes. `pipeline.py` assembles them and turns a processed Doc
into the extract JSON contract.
"""
