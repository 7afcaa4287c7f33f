# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what those two depend on.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
HOST ?= 127.0.0.1
WORKERS ?= 2
CI ?= false
BENCH_BASELINE ?=
PIP_VERSION := 26.3

# Debian packages: gettext builds the Welsh translations; chromium runs the
# browser tests; wrk drives the benchmarks over HTTP. Installed only when
# missing (you are root on these machines).
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: help run demo test lint check-migrations test-sqlite test-postgres test-browser \
        bench bench-quick install install-test static messages data geography content \
        debian-run debian-test debian-bench clean

help:
	@echo "make run    install everything, load the data, serve on http://$(HOST):$(PORT)"
	@echo "make test   install what the tests need and run them all"
	@echo "make demo   as make run, with demonstration staff for trying the back office"
	@echo "make bench  measure load and lookup speed (writes bench/results/latest.json)"

## Installing -----------------------------------------------------------------

$(VENV)/.run-installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(PIP) install --quiet --disable-pip-version-check -c constraints.txt --group run
	touch $@

$(VENV)/.test-installed: $(VENV)/.run-installed
	$(PIP) install --quiet --disable-pip-version-check -c constraints.txt --group test
	touch $@

install: $(VENV)/.run-installed
install-test: $(VENV)/.test-installed

debian-run:
	@command -v msgfmt >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq gettext >/dev/null; }
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { $(APT_GET) update -qq && $(APT_GET) install -y -qq fonts-dejavu-core >/dev/null; }

debian-test: debian-run
	@command -v chromium >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq chromium >/dev/null; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/.built: node_modules/.installed $(shell find kinship/static -type f 2>/dev/null) scripts/build-static.mjs
	npm run --silent build
	touch $@

static: build/static/.built

# Welsh (and any other) translations, compiled from the .po files.
messages: debian-run $(VENV)/.run-installed
	cd kinship && ../$(PY) ../manage.py compilemessages --ignore=.venv -v 0

## Running ----------------------------------------------------------------------

# The database and all its data, in one command that deployments run too
# (docs/how-to/deploy.md): migrate, the geography, population, overlaps,
# boundaries and constituency figures from ../shared/data, then the
# directory's starting content (with sample support groups, marked as sample
# wherever shown), the programmes and the policy tracker. Safe to run again.
data: $(VENV)/.run-installed
	$(PY) manage.py set_up_data

# Older names for the same thing.
geography content: data

run: install static messages data
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py clearsessions
	@echo "Serving on http://$(HOST):$(PORT) (Ctrl+C to stop)"
	# The task worker (scheduled publishing) runs beside the web server and
	# stops with it.
	$(PY) manage.py db_worker --no-reload --interval 5 -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(VENV)/bin/gunicorn kinship.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --forwarded-allow-ips=127.0.0.1

# The same, with demonstration staff (one for each role, clearly marked, with
# a shared password printed here) for trying the back office locally. Never
# for a deployment: the command refuses in production.
demo: install static messages data
	$(PY) manage.py load_demo_staff
	$(MAKE) --no-print-directory run

## Testing ----------------------------------------------------------------------

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check-migrations: install-test static
	KINSHIP_ENV=test $(PY) manage.py makemigrations --check --dry-run
	KINSHIP_ENV=test $(PY) manage.py check --fail-level WARNING
	KINSHIP_ENV=production SECRET_KEY=$$($(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))") ALLOWED_HOSTS=example.org \
		FIELD_ENCRYPTION_KEYS=$$($(PYTHON) -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())") \
		FIELD_HASH_KEY=$$($(PYTHON) -c "import secrets; print(secrets.token_urlsafe(32))") \
		$(PY) manage.py check --deploy --fail-level WARNING

# The suites without a browser run on every core (pytest-xdist: a test
# database per worker), which nearly halves them on two. The browser suite
# stays on one: Chromium already keeps both cores busy.
test-sqlite: install-test static messages
	CI=$(CI) $(VENV)/bin/pytest -m "not browser" -q -n auto

# The same suite on a throwaway PostgreSQL cluster. Without server binaries it
# is skipped with a reason, except under CI=true, where that is a failure.
test-postgres: install-test static messages
	@status=0; CI=$(CI) scripts/with-postgres $(VENV)/bin/pytest -m "not browser" -q -n auto -p no:cacheprovider || status=$$?; \
	if [ $$status = 3 ]; then \
		if [ "$(CI)" = true ]; then echo "PostgreSQL tests cannot run: no server binaries (CI=true)"; exit 1; fi; \
		echo "SKIPPED PostgreSQL suite: no PostgreSQL server binaries on this machine"; \
	elif [ $$status != 0 ]; then exit $$status; fi

test-browser: install-test debian-test static messages
	CI=$(CI) $(VENV)/bin/pytest -m browser -q

test: lint check-migrations test-sqlite test-postgres test-browser bench-quick

## Measuring --------------------------------------------------------------------

debian-bench:
	@command -v wrk >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq wrk >/dev/null; }

# BENCH_BASELINE=<commit> also runs the HTTP benchmarks on that commit and on
# this tree, side by side (bench/compare.py).
bench: install-test debian-bench static messages data
	$(PY) manage.py collectstatic --noinput -v 0
	BENCH_BASELINE=$(BENCH_BASELINE) $(PY) bench/run.py

# Every benchmark stage at tiny sizes, on its own database migrated from
# nothing and filled by set_up_data from the test fixtures (var/bench-quick/):
# checks that each stage still runs, in about a minute; fails if one does not.
bench-quick: install-test debian-bench static messages
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) bench/run.py --quick

clean:
	rm -rf build node_modules var/static var/bench-quick bench/results
