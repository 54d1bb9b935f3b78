# hrparks — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/hrparks
APPS := $(patsubst %/apps.py,%,$(wildcard hrparks/*/apps.py))

.PHONY: run test test-sqlite test-postgres screenshots lint system-packages-run system-packages-test messages compilemessages bench cluster cluster-stop test-cluster clean

$(VENV)/.installed-%: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements$(if $(filter dev,$*),-dev,).txt
	touch $@

# Debian packages by purpose (system-packages/): run.txt serves, test.txt adds the tests' browser and tools.
system-packages-run:
	scripts/install-system-packages.sh system-packages/run.txt

system-packages-test:
	scripts/install-system-packages.sh system-packages/run.txt system-packages/test.txt

compilemessages: system-packages-run $(VENV)/.installed-runtime
	cd hrparks && ../$(PY) ../manage.py compilemessages --ignore=.venv -v 0

## make run: set everything up and serve the demo on http://127.0.0.1:8000
## (open_due_rounds and send_reminders are the daily jobs of docs/deployment.md, run once at start)
run: $(VENV)/.installed-runtime compilemessages
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --no-input -v 0
	$(PY) manage.py open_due_rounds
	$(PY) manage.py send_reminders
	@trap 'kill 0' EXIT; \
	$(PY) manage.py db_worker & \
	$(PY) manage.py runserver 127.0.0.1:8000

## make test: install what the tests need, then the whole suite on SQLite and on PostgreSQL (browser journeys included)
test: system-packages-test $(VENV)/.installed-dev compilemessages lint
	$(MAKE) test-sqlite
	scripts/ensure-postgres.sh
	$(MAKE) test-postgres

# The browser journeys (hrparks/e2e, Debian's Chromium) run once, against PostgreSQL as in production; their
# screenshots go to tmp/screenshots/ (ignored), so that testing leaves the checkout clean.
test-sqlite:
	env -u DATABASE_URL $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_ARGS)

## make screenshots: refresh the README's journey pictures (docs/screenshots/journey-*.png) on purpose
screenshots: system-packages-test $(VENV)/.installed-dev compilemessages
	scripts/ensure-postgres.sh
	HRPARKS_SCREENSHOTS=docs/screenshots DATABASE_URL=$(PG_URL) $(PY) -m pytest -m browser hrparks/e2e $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit --quiet --recursive --severity-level medium --exclude '*/tests/*' hrparks bench scripts
	$(PY) manage.py makemigrations --check --dry-run -v 0

## make bench: national-scale benchmark and load run on PostgreSQL (bench/README.md); BENCH_ARGS="--scale 0.01" for a quick run
bench: $(VENV)/.installed-dev compilemessages
	scripts/ensure-postgres.sh
	$(PY) bench/run.py $(BENCH_ARGS)

## make cluster: the scale-out installation on one machine (balancer, 2 app servers, PgBouncer, Redis, S3 store, task worker; docs/deployment.md)
cluster: $(VENV)/.installed-runtime compilemessages
	scripts/cluster.sh start

cluster-stop:
	scripts/cluster.sh stop

## make test-cluster: the load and the faults against the cluster, PASS/FAIL per check (4-10 minutes; not part of make test)
test-cluster: $(VENV)/.installed-dev compilemessages
	scripts/ensure-postgres.sh
	scripts/test-cluster.sh

## make messages: refresh every app's translation catalogue after changing interface text
messages: system-packages-run
	for app in $(APPS); do (cd $$app && ../../$(PY) ../../manage.py makemessages -l zh_Hans --no-obsolete -v 0); done

clean:
	rm -rf $(VENV) staticfiles db.sqlite3* media
