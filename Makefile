# Two commands do all set-up on a machine with only Python 3.11:
#   make run   — virtual environment, install, migrate, demo data, then web + worker + beat
#   make test  — virtual environment, install, then the test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
# Where make run serves; links in emails (SITE_URL, when unset) name it, so every recipe sees it.
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

# The embedded default is a development setup: DEBUG on unless the caller says otherwise.
export DEBUG ?= 1

MO := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.PHONY: run test bench venv messages migrate demo lint clean eval

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is needed (or run: make PYTHON=/path/to/python3.11 ...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

# Translations are compiled by the build (Babel, pure Python: no gettext needed).
messages: $(MO)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(STAMP)
	$(BIN)/pybabel compile -d locale -D django -l $* >/dev/null

migrate: venv messages
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_bodies

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py send_reminders

run: demo
	@echo "Open http://$(HOST):$(PORT)/admin/ and log in with a demo login above. Ctrl-C stops everything."
	PATH="$(CURDIR)/$(BIN):$$PATH" WEB_PORT=$(PORT) $(BIN)/honcho -f Procfile start

test: venv messages
	$(BIN)/pytest

# Benchmarks print ratios measured side by side (bench/README.md); they need PostgreSQL.
# Each appends its RATIO lines to BENCH_RATIOS; the last step prints them all together and fails
# if any figure is outside its budget.
# The million items of bench/scale_data.py live in a database of their own, built once (about a
# minute and a half) and kept while the generator and the migrations stay the same; the list and
# the reminder sweep at 1M both read it (neither writes to it what would make it be rebuilt).
BENCH_RATIOS := var/bench-ratios.txt
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tracker_bench
BENCH_SCALE_DATABASE_URL ?= $(BENCH_DATABASE_URL)_scale
# The ingest benchmark empties the documents of its database: one of its own (bench/ingest.py's default).
BENCH_INGEST_DATABASE_URL ?= $(BENCH_DATABASE_URL)_ingest
bench: venv
	@mkdir -p var && rm -f $(BENCH_RATIOS)
	BENCH_RATIOS=$(BENCH_RATIOS) $(BIN)/python bench/api_list.py
	BENCH_RATIOS=$(BENCH_RATIOS) BENCH_DATABASE_URL=$(BENCH_SCALE_DATABASE_URL) \
		$(BIN)/python bench/api_list.py --items 1000000
	BENCH_RATIOS=$(BENCH_RATIOS) BENCH_DATABASE_URL=$(BENCH_SCALE_DATABASE_URL) \
		$(BIN)/python bench/admin_list.py --items 1000000
	BENCH_RATIOS=$(BENCH_RATIOS) $(BIN)/python bench/reminder_sweep.py
	BENCH_RATIOS=$(BENCH_RATIOS) BENCH_DATABASE_URL=$(BENCH_SCALE_DATABASE_URL) \
		$(BIN)/python bench/reminder_sweep.py --items 1000000
	BENCH_RATIOS=$(BENCH_RATIOS) $(BIN)/python bench/export_memory.py
	BENCH_RATIOS=$(BENCH_RATIOS) BENCH_DATABASE_URL=$(BENCH_INGEST_DATABASE_URL) $(BIN)/python bench/ingest.py
	@echo
	@$(BIN)/python bench/ratios.py $(BENCH_RATIOS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) var

# Extraction quality: recall and precision against the hand-listed items of fixtures/eval/.
eval: venv messages
	$(BIN)/python manage.py evaluate_extraction
	$(BIN)/python manage.py evaluate_lineage
