# The two commands that matter: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench seed-county clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	HUB_ENV=$${HUB_ENV:-development} HUB_DEV_ISSUER=$${HUB_DEV_ISSUER:-1} $(BIN)/hub serve --seed-if-empty demo

lint: $(STAMP)
	$(BIN)/ruff check hub seed
	$(BIN)/mypy hub

test: $(STAMP) lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/api.py

seed-county: $(STAMP)
	$(BIN)/hub seed --scale county

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
