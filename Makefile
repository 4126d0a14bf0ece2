# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint unit sample bench browser postgresql clean fuzz

# Re-install when the pinned requirements are newer than the last install.
$(BIN)/.run-deps: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.dev-deps: requirements-dev.txt requirements.txt $(BIN)/.run-deps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(BIN)/.run-deps
	@echo "Maßnahmen-Cockpit: http://localhost:$(PORT) (beenden mit Strg+C)"
	$(BIN)/python -m streamlit run app.py --server.headless true --server.port $(PORT)

# Browser tests drive Debian's Chromium; install it when missing (CI runs as root).
browser:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

# The store tests start their own throwaway PostgreSQL cluster from Debian's server binaries (tests/postgres.py);
# install them when missing. The package's own cluster service is not needed and not started.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql >/dev/null; }

lint: $(BIN)/.dev-deps
	$(BIN)/ruff check .

unit: $(BIN)/.dev-deps
	$(BIN)/python -m pytest -q -m "not e2e"

# Unit and AppTest suites on both cores; the browser tests after them (each starts its own server).
test: $(BIN)/.dev-deps browser postgresql
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 -m "not e2e"
	$(BIN)/python -m pytest -q -m e2e --durations=12

sample: $(BIN)/.run-deps
	$(BIN)/python -m lib.sample data/massnahmen.xlsx

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache .hypothesis

# Speed and memory figures (not part of `make test`); CHECK=1 fails on a missed budget.
bench: $(BIN)/.dev-deps
	CHECK=$(CHECK) $(BIN)/python -m bench.run

# Many more hostile workbooks than `make test` runs (tests/reading/test_fuzz.py).
fuzz: $(BIN)/.dev-deps
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/reading/test_fuzz.py
