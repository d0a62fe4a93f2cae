# Two commands for a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
DEMO_ENV := DEBUG=1 DEMO_MODE=1

.PHONY: run serve test test-fast lint install collectstatic clean bench seed-scale audit load fault mutation

# Python packages: reinstalled only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

# Front-end packages: reinstalled only when package.json or its lock file changes.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed

run: install
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py seed_demo
	@echo
	@echo "Register trainee teachers is running at http://127.0.0.1:$(PORT)/"
	@echo "Sign in as single@example.com, multi@example.com, none@example.com or"
	@echo "admin@example.com with the password Register-demo-2026,"
	@echo "or choose a persona at http://127.0.0.1:$(PORT)/accounts/personas/"
	@echo
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production set-up on this machine, for trying it (not for development: use run):
# nginx in front of gunicorn, DEBUG off, collected static files, on PORT against
# DATABASE_URL (SQLite when unset). Needs nginx (apt-get install nginx-light).
serve: install
	$(PY) scripts/serve.py --port $(PORT)

# The whole suite. Uses DATABASE_URL when set, else SQLite. Browser tests run when
# Chromium is found (CHROMIUM_PATH, else /usr/bin/chromium); REQUIRE_BROWSER=1 makes a
# missing browser an error instead of a skip.
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

# Everything but the browser tests.
test-fast: install
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# Performance: needs a PostgreSQL DATABASE_URL. `make seed-scale` loads a million trainees
# (about 4 minutes here); `make bench` measures them and rewrites docs/performance.md.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--sizes 10000,100000,1000000" for growth.
seed-scale: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_scale --providers 700 --trainees 1000000 --seed 1 --reset

bench: install
	@command -v wrk >/dev/null || echo "wrk is not installed: using the slower Python client (apt-get install wrk)"
	$(PY) scripts/bench.py $(BENCH_ARGS)

# Known vulnerabilities in Python and npm dependencies (skipped, with a message, when the
# advisory services cannot be reached).
audit: install
	PY=$(PY) scripts/audit.sh

# Reliability (PostgreSQL DATABASE_URL; uses the database <name>_load), through the front
# door make serve starts: 50 simulated users for 2 minutes; then 30 (as in issue 15's
# finding) through a held row lock, slow clients and a PostgreSQL restart. LOAD_ARGS passes
# options, e.g. LOAD_ARGS="--duration 30 --users 20" for the short form CI runs, or
# LOAD_ARGS="--scenario lock --scenario slow-clients" to leave PostgreSQL running.
load: install
	$(PY) scripts/load.py $(LOAD_ARGS)

fault: install
	$(PY) scripts/load.py --fault --users 30 $(LOAD_ARGS)

# Mutation testing of the access code with mutmut (docs/testing.md): slow, so neither in
# `make test` nor in CI. A full run starts from a clean mutants/ folder; MUTANTS reruns some
# mutants against the current tests, e.g. MUTANTS='trainees.services.x_defer*'. Uses
# DATABASE_URL as `make test` does; only PostgreSQL runs the merged list query.
mutation: install
	@if [ -z "$(MUTANTS)" ]; then rm -rf mutants; fi
	$(VENV)/bin/mutmut run $(MUTANTS)
	$(PY) scripts/mutation_summary.py --min 90

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

collectstatic: install
	$(PY) manage.py collectstatic --noinput

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache mutants
