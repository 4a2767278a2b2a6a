PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install, so a change to pyproject.toml or the lock triggers a reinstall.
STAMP := $(VENV)/.installed
# Every runtime and development dependency, pinned with its hashes: `make lock` makes it from pyproject.toml.
LOCK := requirements.lock

.PHONY: .venv run test lint docs fuzz bench bench-pages cluster-test restore-drill lock messages catalogs

.venv: $(STAMP)

# The exact versions of the lock, each checked against its hash; then the project itself, without dependencies.
# A lock made from other dependencies than pyproject.toml's stops here, saying to run `make lock`.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) .ci/lockfile.py check
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# After a change to the dependencies in pyproject.toml: pins (with hashes) for what changed, the others kept.
# To take the newest of everything: rm requirements.lock && make lock.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --extra dev --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml
	$(PYTHON) .ci/lockfile.py stamp

run: $(STAMP)
	$(BIN)/partnerhub migrate --noinput
	$(BIN)/partnerhub load_policy
	$(BIN)/partnerhub demo
	$(BIN)/partnerhub serve

# The translation catalogs (docs/languages.md). `make messages` collects the marked strings of every app that has
# a locale/ folder into its .po for each language (GNU gettext's xgettext, a developer's tool only), then
# compiles; `make catalogs` compiles the .po files to the committed .mo files in Python (no gettext needed).
# The data folder stays at the top: makemessages runs inside each app.
LOCALES ?= de

messages: $(STAMP)
	for locale_dir in src/partnerhub/*/locale; do \
		(cd $$locale_dir/.. && PARTNERHUB_DATA_DIR=$(CURDIR)/var $(CURDIR)/$(BIN)/partnerhub makemessages \
			$(foreach locale,$(LOCALES),--locale $(locale)) --add-location file --no-obsolete \
			--ignore 'static/*' --ignore 'migrations/*' --ignore 'demo/*' -v 0) || exit 1; \
	done
	# The extraction's time stamp alone would change every catalog on every run (and make merges conflict).
	sed -i '/^"POT-Creation-Date: /d' src/partnerhub/*/locale/*/LC_MESSAGES/django.po
	$(BIN)/partnerhub compile_catalogs

catalogs: $(STAMP)
	$(BIN)/partnerhub compile_catalogs

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

# schemathesis against a server of its own on the demo data, as a partner user and as a vendor manager: fails on
# a server error, an undocumented status code or content type, a body breaking its schema (docs/input-and-schema.md).
fuzz: $(STAMP)
	$(BIN)/python tests/fuzz/run_fuzz.py

# The documentation site (docs/, mkdocs.yml) into site/, which git ignores; any warning (a broken link or
# anchor) fails it.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# The evaluation benchmark, on PostgreSQL: a database of its own (created if missing), reused between runs.
BENCH_DATABASE_URL := postgres://postgres@127.0.0.1:5432/partnerhub_bench

bench: $(STAMP)
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_DATABASE_URL)}" $(BIN)/python -m bench

# Every portal page and API list and detail on gunicorn (2 workers) over the bench's data, with what the read
# paths need added once (docs/performance.md).
bench-pages: $(STAMP)
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_DATABASE_URL)}" $(BIN)/python -m bench.pages

# Two application servers, a worker and the scheduler on this machine, against PostgreSQL and a Redis of its own
# (redis-server on a free port): docs/operations.md, "The cluster test".
cluster-test: $(STAMP)
	$(BIN)/python tests/cluster/run_cluster.py

# A backup restored and compared, table by table and document by document, on PostgreSQL: the demo programme in
# partnerhub_drill (created if missing, built once), or in the database DATABASE_URL names (docs/operations.md).
restore-drill: $(STAMP)
	@if [ -z "$$DATABASE_URL" ]; then createdb -h 127.0.0.1 -U postgres partnerhub_drill 2>/dev/null || true; fi
	export DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/partnerhub_drill}" && \
	$(BIN)/partnerhub migrate --noinput -v 0 && \
	$(BIN)/partnerhub load_policy && \
	$(BIN)/partnerhub demo > /dev/null && \
	$(BIN)/partnerhub restore_drill
