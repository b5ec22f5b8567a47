# Two commands on a fresh machine:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test check audit lock clean client client-check

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
	$(BIN)/pytest -q -n 2 --dist loadfile --durations=25; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 1; fi; exit $$rc

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

# The generated Python client (clients/python/ordermind_client), from the document the app
# serves, dumped without a server. The generator has a virtualenv of its own: its pins
# (httpx<0.29, typer<0.28) conflict with the application's.
CLIENT_DIR := clients/python
CLIENT_GEN := .venv-clientgen
GENERATE = PATH=$(abspath $(CLIENT_GEN))/bin:$$PATH $(CLIENT_GEN)/bin/openapi-python-client generate \
	--meta none --config $(CLIENT_DIR)/openapi-python-client.yaml --overwrite

$(CLIENT_GEN)/bin/openapi-python-client:
	$(PYTHON) -m venv $(CLIENT_GEN)
	$(CLIENT_GEN)/bin/pip install -q openapi-python-client==0.29.1 ruff==0.17.6

client: $(VENV)/.installed $(CLIENT_GEN)/bin/openapi-python-client  ## regenerate the Python client from the API's document
	$(BIN)/python -m ordermind.entrypoints.openapi_schema $(CLIENT_DIR)/openapi.json
	rm -rf $(CLIENT_DIR)/ordermind_client
	$(GENERATE) --path $(CLIENT_DIR)/openapi.json --output-path $(CLIENT_DIR)/ordermind_client

# (generated inside the tree, so ruff formats it with the project's settings, then compared)
client-check: $(VENV)/.installed $(CLIENT_GEN)/bin/openapi-python-client  ## the committed client is what `make client` makes now
	rm -rf $(CLIENT_DIR)/.check && mkdir -p $(CLIENT_DIR)/.check
	$(BIN)/python -m ordermind.entrypoints.openapi_schema $(CLIENT_DIR)/.check/openapi.json
	$(GENERATE) --path $(CLIENT_DIR)/.check/openapi.json --output-path $(CLIENT_DIR)/.check/ordermind_client
	diff -q $(CLIENT_DIR)/openapi.json $(CLIENT_DIR)/.check/openapi.json
	diff -r -q -x __pycache__ $(CLIENT_DIR)/ordermind_client $(CLIENT_DIR)/.check/ordermind_client
	rm -rf $(CLIENT_DIR)/.check

clean:
	rm -rf $(VENV) ordermind.db ordermind.db-wal ordermind.db-shm
