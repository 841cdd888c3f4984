# The two commands that matter: `make run` and `make test`.
# Dependencies install from requirements.lock (every package pinned, with hashes);
# `make lock` regenerates it from pyproject.toml after a dependency is added or changed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
UV_VERSION := 0.13.8
NPM_STAMP := tools/cypherlint/node_modules/.installed

.PHONY: run test lint lint-cypher lock bench seed-county clean

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; \
	  echo "$(LOCK) does not match pyproject.toml: run 'make lock' and commit $(LOCK)"; exit 1; }
	touch $(STAMP)

# One command after changing dependencies in pyproject.toml (runtime or dev):
# resolves everything again, pinned with hashes for every platform, into requirements.lock.
# requirements-runtime.lock (what the Dockerfile installs) takes the same versions.
lock:
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv==$(UV_VERSION)'
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
	  --python-version 3.11 --quiet -o $(LOCK)
	$(BIN)/uv pip compile pyproject.toml --constraint $(LOCK) --generate-hashes --universal \
	  --python-version 3.11 --quiet -o requirements-runtime.lock
	@echo "wrote $(LOCK) and requirements-runtime.lock; commit them with pyproject.toml"

run: $(STAMP)
	HUB_ENV=$${HUB_ENV:-development} HUB_DEV_ISSUER=$${HUB_DEV_ISSUER:-1} $(BIN)/hub serve --seed-if-empty demo

lint: $(STAMP) lint-cypher
	$(BIN)/ruff check hub seed
	$(BIN)/mypy hub

# Every named statement in cypher/ through Neo4j's own Cypher parser (npm, pinned).
$(NPM_STAMP): tools/cypherlint/package.json tools/cypherlint/package-lock.json
	cd tools/cypherlint && npm ci --silent --no-audit --no-fund
	touch $(NPM_STAMP)

lint-cypher: $(STAMP) $(NPM_STAMP)
	$(BIN)/python tools/cypherlint/statements.py | node tools/cypherlint/lint.mjs

test: $(STAMP) lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/api.py

seed-county: $(STAMP)
	$(BIN)/hub seed --scale county

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache tools/cypherlint/node_modules
