# Mein Videotermin: `make run` serves the app, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 3000
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_USE_NPM := 1
export PYTHONDONTWRITEBYTECODE := 1

# re-extract the German source texts and update every language's catalogue (see DEVELOPERS.md "Texts")
.PHONY: catalogues
catalogues: install-dev
	$(PY) scripts/catalogues.py

.PHONY: run serve test unit journeys faults attacks bench bench-quick lint install install-dev browser edge-services migrate clean

# runtime dependencies (make run, make serve)
$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# plus the development and test tools (make test, make lint, make bench)
$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	@$(PY) -m videotermin_app check-config
	@$(VENV)/bin/alembic upgrade head

run: migrate
	@$(PY) -m videotermin_app demo
	$(VENV)/bin/reflex run --env prod --single-port --frontend-port $(PORT)

# production: like run, without demo data
serve: migrate
	$(VENV)/bin/reflex run --env prod --single-port --frontend-port $(PORT)

browser: install-dev
	@scripts/ensure-chromium.sh

# twice at the same time (one core each): as they are, and with the clock a year ahead (no test may
# read the real clock); the second run's report follows the first's
unit: install-dev
	@mkdir -p var
	@$(PY) -m pytest tests/unit -q -p no:cacheprovider --clock-ahead-days 366 > var/unit-clock-ahead.log 2>&1 & ahead=$$!; \
	$(PY) -m pytest tests/unit; now=$$?; \
	wait $$ahead; later=$$?; \
	echo "unit tests again with the clock a year ahead (no test may read the real clock):"; \
	cat var/unit-clock-ahead.log; \
	test $$now -eq 0 && test $$later -eq 0

# coturn and nginx for the relay-only and reverse-proxy journeys (installed when missing, never started as services)
edge-services:
	@scripts/ensure-turn-nginx.sh

journeys: browser edge-services
	$(PY) -m pytest tests/journeys --durations=20

# the fault journeys alone (killed workers, restarts, Redis and PostgreSQL stopped); also part of `make journeys`
faults: browser
	$(PY) -m pytest tests/journeys/test_faults.py

# hostile clients: raw websockets against the app in production mode (no browser needed)
attacks: install-dev
	$(PY) -m pytest tests/attacks

test: unit journeys attacks bench-quick

# every figure of BENCHMARKS.md with its baseline (<= 20 minutes; writes BENCHMARKS.md and bench-results/)
bench: browser
	$(PY) -m bench.runner

# each measurement once at its smallest size (var/bench-quick/): fails only when one produced no number
bench-quick: browser
	$(PY) -m bench.runner --quick

# ruff, ruff format and strict mypy over the whole package (settings in pyproject.toml)
lint: install-dev
	$(VENV)/bin/ruff check videotermin_app tests bench scripts rxconfig.py
	$(VENV)/bin/ruff format --check videotermin_app tests bench scripts rxconfig.py
	$(VENV)/bin/mypy

clean:
	rm -rf .web .states var/test-*
