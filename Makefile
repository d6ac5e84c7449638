# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test test-slow lint bench clean install dev

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

clean:
	rm -rf $(VENV) demo build *.egg-info
