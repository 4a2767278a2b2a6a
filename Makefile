PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install, so a change to pyproject.toml triggers a reinstall.
STAMP := $(VENV)/.installed

.PHONY: .venv run test lint

.venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/partnerhub migrate --noinput
	$(BIN)/partnerhub load_policy
	$(BIN)/partnerhub demo
	$(BIN)/partnerhub runserver 127.0.0.1:$${PORT:-8000}

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
