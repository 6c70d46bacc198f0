# The one entry point for people and CI. `make serve` and `make test` set up everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
VNU_VERSION := 26.9.27
VNU := .build/node/node_modules/vnu-jar/build/dist/vnu.jar
ARGS ?=

.PHONY: help install html serve publish test lint new deploy bench translations clean system-deps

help:
	@echo "make serve    build and serve on http://localhost:8000 with live reload"
	@echo "make test     run every test (installs what it needs)"
	@echo "make html     build the development site into output/"
	@echo "make publish  build the production site into output/"
	@echo "make lint     check every content file (ARGS='--format github' or file names)"
	@echo "make new kind=procedure title=\"...\"   start a new content file"
	@echo "make deploy   sync output/ to the bucket (see docs/deploying.md)"
	@echo "make bench    build-speed and page-weight benchmark"
	@echo "make clean    remove output/ and caches"

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

html: $(STAMP)
	$(PY) -m apmg build $(ARGS)

serve: $(STAMP)
	$(PY) -m apmg serve $(ARGS)

publish: $(STAMP)
	$(PY) -m apmg build --settings publishconf.py $(ARGS)

# Chromium, Java (for the HTML validator) and nginx come from Debian's packages.
system-deps:
	bash .ci/system-deps

$(VNU):
	npm install --silent --no-audit --no-fund --prefix .build/node vnu-jar@$(VNU_VERSION)

# The live-preview test drives its own Playwright; it runs in its own process because
# the browser tests keep a session-wide Playwright running in theirs.
test: $(STAMP) system-deps $(VNU)
	$(PY) -m pytest --ignore=tests/lint/test_live_preview.py $(ARGS)
	$(PY) -m pytest tests/lint/test_live_preview.py

lint: $(STAMP)
	$(PY) -m apmg lint $(ARGS)

new: $(STAMP)
	$(PY) -m apmg new --kind "$(kind)" --title "$(title)"

deploy: $(STAMP)
	$(PY) -m apmg.deploy $(ARGS)

bench: $(STAMP)
	$(PY) -m apmg bench $(ARGS)

translations: $(STAMP)
	$(PY) -m apmg translations $(ARGS)

clean:
	rm -rf output .build/site .build/cache
