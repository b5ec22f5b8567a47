# Two commands on a fresh machine:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test check audit lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# requirements.lock pins what was tested and audited; installs take it as constraints.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed  ## install, migrate ./ordermind.db, seed a demo store, serve on :8000
	$(BIN)/ordermind demo

test: check  ## install dev extras, check lint, format, types and layers, run every test
	$(BIN)/pytest -q -n 2 --dist loadfile; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 1; fi; exit $$rc

# The gates that fail before a test runs: lint, format, types, the layers of DESIGN.
check: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

audit: $(VENV)/.dev-installed  ## known vulnerabilities in requirements.lock (pip-audit)
	$(BIN)/python .ci/audit_dependencies.py requirements.lock

lock: $(VENV)/.dev-installed  ## re-pin requirements.lock from the dev environment
	$(BIN)/pip freeze --exclude-editable | grep -v '^ordermind' > requirements.lock

clean:
	rm -rf $(VENV) ordermind.db ordermind.db-wal ordermind.db-shm
