# Two entry points, each doing its own installs on a fresh machine:
#   make run   ingest the bundled demo sample into an embedded SQLite file and serve the web UI
#   make test  install the dev extras and the browser test dependencies, lint, run the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo/wxintel.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/wxintel ingest src/wxintel/data/sample/demo-export.json --db $(DEMO_DB)
	$(BIN)/wxintel serve --db $(DEMO_DB) --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

test: $(VENV)/.installed-dev
	bash scripts/browser-deps.sh
	bash scripts/postgres.sh
	$(MAKE) lint
	$(BIN)/pytest -n 2 -q

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/enrich.py
