# `make run` and `make test` bootstrap .venv from pyproject.toml on their own.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck imports unit bench venv clean emulator

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/gemdesk

emulator: $(STAMP)
	$(PY) -m tests.fake_gemini --port 8765

lint: $(STAMP)
	$(VENV)/bin/ruff check desktop_app tests benchmarks scripts
	$(VENV)/bin/ruff format --check desktop_app tests benchmarks scripts

typecheck: $(STAMP)
	$(VENV)/bin/mypy --strict desktop_app

imports: $(STAMP)
	$(VENV)/bin/lint-imports

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

test: lint typecheck imports unit

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .pytest_cache .ruff_cache
