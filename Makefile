# One command per quality gate; `make help` lists them.
# Set-up is incremental: the venv is (re)installed only when requirements*.txt or
# pyproject.toml is newer than the stamp, node_modules only when package-lock.json is.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup system-deps lint ruff format-check format typecheck migrations pytest pytest-pg test demo demo-oidc bench bench-web bench-load clean

help:
	@echo "make setup        create .venv, install pinned requirements + the package (and npm ci if package.json exists)"
	@echo "make system-deps  apt-install the Debian packages the project needs (root only)"
	@echo "make lint         ruff check + ruff format --check"
	@echo "make format       ruff format + ruff check --fix"
	@echo "make typecheck    mypy --strict on src/"
	@echo "make migrations   manage.py makemigrations --check (models and migrations agree)"
	@echo "make pytest       the test suite only (SQLite)"
	@echo "make pytest-pg    the database-dependent tests again on a throwaway PostgreSQL (scripts/with-postgres.sh)"
	@echo "make test         setup + lint + typecheck + tests on SQLite and PostgreSQL side by side (what CI runs)"
	@echo "make demo         setup + database with the five demo behovsmeldinger and demo users, served on http://127.0.0.1:8000/"
	@echo "make demo-oidc    the demo with a local OpenID Connect provider (ID-porten and Entra buttons work; port 8010)"
	@echo "make bench-web    setup + web benchmark (national-scale data set; bench/bench_web.py)"
	@echo "make bench        setup + read benchmark (bench/bench_read.py)"
	@echo "make bench-load   load test: gunicorn + PostgreSQL + national data, locust 50 users 60 s"
	@echo "make clean        remove .venv, node_modules and caches"

# --- set-up -----------------------------------------------------------------------------

NODE_STAMP :=
ifneq ($(wildcard package.json),)
NODE_STAMP := node_modules/.package-lock.json
endif

# system-deps first: quick when all is installed, and only advice when not root.
setup: system-deps $(STAMP) $(NODE_STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# npm ci rewrites node_modules/.package-lock.json, which makes it the stamp.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

system-deps:
	@bash scripts/install-system-deps.sh --quiet

# --- quality gates ----------------------------------------------------------------------

lint: ruff format-check

ruff: setup
	$(BIN)/ruff check .

format-check: setup
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: setup
	$(BIN)/mypy

# Models and migrations agree (only once the Django app exists).
migrations: setup
ifneq ($(wildcard manage.py),)
	$(BIN)/python manage.py makemigrations --check --dry-run
endif

pytest: setup
	$(BIN)/pytest --durations=15

# The suite again on PostgreSQL, in a private cluster that lives only for the run: the tests
# whose outcome can depend on the database (--database-tests-only, tests/conftest.py); the
# readers', checks' and most browser tests run once, on SQLite. Without a
# PostgreSQL server on the machine this says so loudly and passes on a developer's machine; in
# CI (CI=true) it fails, since there the suite must have run on both databases.
pytest-pg: setup
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		bash scripts/with-postgres.sh $(BIN)/pytest --durations=15 --database-tests-only; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "pytest-pg: FEIL: PostgreSQL-serveren mangler (apt-get install postgresql)" >&2; exit 1; \
	else \
		echo "pytest-pg: HOPPET OVER: ingen PostgreSQL-server her (apt-get install postgresql);" \
			"testene kjørte bare på SQLite" >&2; \
	fi

# Every gate runs, two at a time (-j2: the SQLite and PostgreSQL suites side by side on a
# 2-core machine); -k runs every gate even after one fails, so that one run shows all
# problems, and make still exits non-zero if any failed. Each gate's output is printed whole
# when it ends (--output-sync), not interleaved.
test: setup
	$(MAKE) --no-print-directory -k -j2 --output-sync=target ruff format-check typecheck migrations pytest pytest-pg

# --- the main job -----------------------------------------------------------------------

# The main job: database + the five demo behovsmeldinger + demo users, served on 127.0.0.1.
demo: setup
	$(BIN)/python manage.py demo

# The demo with the tests' OpenID Connect provider beside it (docs/operations.md, "Innlogging").
demo-oidc: setup
	$(BIN)/python manage.py demo_oidc

bench-web: setup
	$(BIN)/python bench/bench_web.py

bench: setup
	$(BIN)/python bench/bench_read.py

bench-load: setup
	bash bench/load/run.sh

clean:
	rm -rf $(VENV) node_modules .mypy_cache .ruff_cache .pytest_cache
