PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install, so a change to pyproject.toml triggers a reinstall.
STAMP := $(VENV)/.installed

.PHONY: .venv run test lint docs bench

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

# The suite in parallel (pytest-xdist), one worker per core unless PYTEST_WORKERS says otherwise; each worker
# has a test database of its own. `loadgroup` keeps the tests that share a costly module fixture (the demo, the
# browser) on one worker.
PYTEST_WORKERS ?= auto

test: $(STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

# The same checks run before each commit with `pre-commit install` (.pre-commit-config.yaml).
lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/partnerhub makemigrations --check --dry-run

# The documentation site (docs/, mkdocs.yml) into site/, which git ignores; any warning (a broken link or
# anchor) fails it.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# The evaluation benchmark, on PostgreSQL: a database of its own (created if missing), reused between runs.
BENCH_DATABASE_URL := postgres://postgres@127.0.0.1:5432/partnerhub_bench

bench: $(STAMP)
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_DATABASE_URL)}" $(BIN)/python -m bench
