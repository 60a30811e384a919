# Two commands for newcomers: `make serve` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test build validate lint format docs bench load fuzz audit lock clean install screenshots print-pages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/casebase serve

build: $(STAMP)
	$(BIN)/casebase build

validate: $(STAMP)
	$(BIN)/casebase validate

test: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools

format: $(STAMP)
	$(BIN)/ruff format src tests bench tools
	$(BIN)/ruff check --fix src tests bench tools

docs: $(STAMP)
	$(BIN)/casebase schema
	$(BIN)/cog -r docs/*.md README.md

# docs/screenshots/: home, search, a case and a collection at 1280 and 390 px (Playwright and
# Debian's chromium against a real `casebase serve`).
screenshots: $(STAMP)
	$(BIN)/python tools/screenshots.py

# How many A4 pages each case prints on, in Dutch and English (goal: every case on at most two).
print-pages: $(STAMP)
	$(BIN)/python tools/print_pages.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

# 32 clients for 30 s against a real `casebase serve` with 10k cases; writes bench/RESULTS.md.
load: $(STAMP)
	$(BIN)/python bench/load.py --write

# Random generated and mutated case files at validate and build (FUZZ_EXAMPLES per property,
# about 5 minutes); writes bench/RESULTS.md.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	$(BIN)/python bench/fuzz.py --examples $(FUZZ_EXAMPLES)

# Known vulnerabilities in the locked dependencies (AUDIT_FLAGS=--strict fails on unaudited ones).
audit: $(STAMP)
	$(BIN)/python tools/audit.py $(AUDIT_FLAGS) requirements.lock

# Re-resolve the test environment in a scratch venv and pin it in requirements.lock.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -e '.[test]'
	head -3 requirements.lock > requirements.lock.new
	.venv-lock/bin/pip freeze --exclude-editable >> requirements.lock.new
	mv requirements.lock.new requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) casebase.db .pytest_cache
