# Kinerja. `make run` serves the app with a Celery worker and beat; `make test` runs every check CI runs.
# PostgreSQL and Redis: the ones in DATABASE_URL / REDIS_URL, else those on the default local ports, else private
# embedded servers with their data in .data/ (scripts/services.py).

PYTHON ?= python3.11
HOST ?= 127.0.0.1
PORT ?= 8000
DEBUG ?= true
PYTEST_ARGS ?=
export HOST PORT DEBUG

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements.cksum
SERVICES := $(BIN)/python scripts/services.py run --
MANAGE := $(BIN)/python manage.py
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help install run test lint fmt backup restore bench

help:
	@echo "make run    set up, migrate, load the demo data, serve on http://$(HOST):$(PORT) with Celery worker and beat"
	@echo "make test   ruff, migrations check, translations, the whole test suite"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make fmt    ruff check --fix and ruff format"
	@echo "make backup                 the database and the media files into \$$BACKUP_DIR/kinerja-<date>.tar.gz"
	@echo "make restore FILE=… [YES=1] [FORCE=1]   restore a backup (FORCE=1 replaces a database that is not empty)"
	@echo "make bench [SIZE=M|S|L|S,M,L] [SECONDS=20] [REBUILD=1]   benchmarks into bench/results/ and the README"

# The virtualenv, reinstalled only when requirements*.txt change (their checksum is kept in $(STAMP)).
install:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if ! cksum requirements.txt requirements-dev.txt | cmp -s - $(STAMP); then \
		$(BIN)/python -m pip install --disable-pip-version-check -r requirements-dev.txt && \
		cksum requirements.txt requirements-dev.txt > $(STAMP); \
	fi
	@# A development checkout gets a .env with DEBUG=true, so that `.venv/bin/python manage.py …` works as make does.
	@# Production writes its own .env (DEBUG=false and a SECRET_KEY, see README); an existing .env is never touched.
	@test -e .env || printf '# Local development (written by make install). Production: see .env.example and README.\nDEBUG=true\n' > .env

run: install
	$(SERVICES) $(BIN)/python scripts/run.py

# Under the services wrapper: the migrations check, the translations, the whole suite (browser tests too) on 2 cores.
CHECKS := $(MANAGE) makemigrations --check --dry-run && $(MANAGE) compiletranslations \
	&& exec $(BIN)/pytest -n 2 $(PYTEST_ARGS)

test: install lint
	$(SERVICES) sh -c '$(CHECKS)'

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Backup and restore (scripts/backup.py): the database of DATABASE_URL (pg_dump) and MEDIA_ROOT in one archive.
# Not tied to `install`, so that a production checkout with its own .venv runs them as they are.
BACKUP_DIR ?= backups
YES ?=
FORCE ?=
truthy = $(filter 1 yes true,$(1))

backup:
	$(SERVICES) $(BIN)/python scripts/backup.py backup --dir "$(BACKUP_DIR)"

restore:
	@test -n "$(FILE)" || { echo "make restore needs FILE=: the archive of make backup, e.g." \
		"make restore FILE=$(BACKUP_DIR)/kinerja-20260405-230000.tar.gz (YES=1 skips the question, FORCE=1" \
		"replaces a database and media directory that are not empty)" >&2; exit 2; }
	$(SERVICES) $(BIN)/python scripts/backup.py restore "$(FILE)" $(if $(call truthy,$(YES)),--yes) \
		$(if $(call truthy,$(FORCE)),--force)

# Benchmarks (apps/bench/runner.py): the data of SIZE built once in kinerja_bench_<size>, the jobs, then every page
# under gunicorn with 50 signed-in users; results in bench/results/ and the README. SIZE=S,M,L adds the growth table.
SIZE ?= M
SECONDS ?= 20
REBUILD ?=

bench: install
	$(SERVICES) $(BIN)/python bench/run.py --size "$(SIZE)" --seconds $(SECONDS) $(if $(call truthy,$(REBUILD)),--rebuild)
