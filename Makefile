# Quickstart: `make demo` builds the seed's report; `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install bench clean dictionaries

$(STAMP): pyproject.toml $(wildcard package-lock.json)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "timeline needs Python 3.11 or newer ($(PYTHON) is older)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,dask]'
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent && $(BIN)/python -m timeline.render.vendor_assets; fi
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/timeline build seeds/

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Recompile timeline/extract/eventdata/*.json from the PETRARCH-2 and PLOVER files in ../shared/data/eventdata.
dictionaries: $(STAMP)
	$(BIN)/python -m timeline.extract.eventdata.convert ../shared/data/eventdata

clean:
	rm -rf $(VENV) node_modules graphs/*.html graphs/*.db
