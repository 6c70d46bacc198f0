# The one entry point for people and CI. `make serve` and `make test` set up everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Three install sets, each from a lock file with hashes (requirements/*.txt, `make lock`):
# STAMP = what building, linting and serving need; DEPLOY_STAMP = make deploy's alone;
# TEST_STAMP = everything (tests, deploy). A stamp's name changes with its lock file.
sum = $(shell cat pyproject.toml requirements/pip.txt requirements/$(1).txt | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.installed-base-$(call sum,base)
DEPLOY_STAMP := $(VENV)/.installed-deploy-$(call sum,deploy)
TEST_STAMP := $(VENV)/.installed-test-$(call sum,test)
UV_VERSION := 0.13.9
UV := .build/lock-venv/bin/uv
TEST_JOBS ?= 2
VNU_VERSION := 26.9.27
VNU := .build/node/node_modules/vnu-jar/build/dist/vnu.jar
ARGS ?=

.PHONY: help install install-serve install-deploy html serve publish test check lint new deploy \
	bench translations lock clean system-deps

help:
	@echo "make serve    build and serve on http://localhost:8000 with live reload"
	@echo "make test     run every test (installs what it needs)"
	@echo "make check    quick checks before a commit: model tests, lint, one build"
	@echo "make html     build the development site into output/"
	@echo "make publish  build the production site into output/"
	@echo "make lint     check every content file (ARGS='--format github' or file names)"
	@echo "make new kind=procedure title=\"...\"   start a new content file"
	@echo "make deploy   sync output/ to the bucket (see docs/deploying.md)"
	@echo "make bench    build-speed and page-weight benchmark"
	@echo "make lock     update the lock files in requirements/ after editing pyproject.toml"
	@echo "make clean    remove output/ and caches"

# $(call install,SET): the venv; pip and setuptools, then SET's lock, only those exact
# files (--require-hashes); then apmg itself, editable, adding nothing.
define install
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements/pip.txt
	$(PY) -m pip install -q --require-hashes -r requirements/$(1).txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
endef

$(STAMP): pyproject.toml requirements/pip.txt requirements/base.txt
	$(call install,base)
	rm -f $(VENV)/.installed-base-*
	touch $@

$(DEPLOY_STAMP): pyproject.toml requirements/pip.txt requirements/deploy.txt
	$(call install,deploy)
	rm -f $(VENV)/.installed-deploy-*
	touch $@

# The test lock holds the other two at the same versions (make lock), so it stands for both.
$(TEST_STAMP): pyproject.toml requirements/pip.txt requirements/test.txt
	$(call install,test)
	rm -f $(VENV)/.installed-*
	touch $(STAMP) $(DEPLOY_STAMP) $@

install: $(TEST_STAMP)
install-serve: $(STAMP)
install-deploy: $(DEPLOY_STAMP)

html: $(STAMP)
	$(PY) -m apmg build $(ARGS)

serve: PORT ?= 8000
serve: $(STAMP)
	$(PY) -m apmg serve --port $(PORT) $(ARGS)

# Production refuses placeholder contact details and the placeholder site address;
# ALLOW_PLACEHOLDERS=1 builds a staging site (banner, noindex, disallow-all robots.txt).
publish: $(STAMP)
	ALLOW_PLACEHOLDERS=$(ALLOW_PLACEHOLDERS) $(PY) -m apmg build --settings publishconf.py $(ARGS)

# Chromium, Java (for the HTML validator) and nginx come from Debian's packages.
system-deps:
	bash .ci/system-deps

$(VNU):
	npm install --silent --no-audit --no-fund --prefix .build/node vnu-jar@$(VNU_VERSION)

# ruff first; then every test on TEST_JOBS cores (pytest-xdist: each worker has its own
# session fixtures, built site, SeaweedFS and Chromium; whole files go to one worker, so
# a module's fixtures are made once). The live-preview test drives its
# own Playwright; it runs in its own process because the browser tests keep a
# session-wide Playwright running in theirs.
test: $(TEST_STAMP) system-deps $(VNU)
	$(VENV)/bin/ruff check apmg tests
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadfile --ignore=tests/lint/test_live_preview.py \
		$(ARGS)
	$(PY) -m pytest tests/lint/test_live_preview.py

# Before a commit (or as .git/hooks/pre-commit): ruff, the content model's tests, the lint
# and one development build, into .build/check so a running `make serve` is left alone.
check: $(TEST_STAMP)
	$(VENV)/bin/ruff check apmg tests
	$(PY) -m pytest -q tests/test_model.py
	$(PY) -m apmg lint
	$(PY) -m apmg build --output .build/check/site --staging .build/check/staging

lint: $(STAMP)
	$(PY) -m apmg lint $(ARGS)

new: $(STAMP)
	$(PY) -m apmg new --kind "$(kind)" --title "$(title)"

deploy: $(DEPLOY_STAMP)
	$(PY) -m apmg.deploy $(ARGS)

bench: $(STAMP)
	$(PY) -m apmg bench $(ARGS)

translations: $(STAMP)
	$(PY) -m apmg translations $(ARGS)

# Lock files with hashes, from pyproject.toml, with uv (in a venv of its own). The test lock
# first; the others are held to its versions. Keeps current versions where it can:
# `make lock ARGS=--upgrade` takes the newest that pyproject.toml allows.
LOCK = $(UV) pip compile -q --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" $(ARGS)
lock: $(UV)
	$(LOCK) requirements/pip.in -o requirements/pip.txt
	$(LOCK) pyproject.toml --extra test --extra deploy -o requirements/test.txt
	$(LOCK) pyproject.toml -c requirements/test.txt -o requirements/base.txt
	.build/lock-venv/bin/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", \
	"rb"))["project"]["optional-dependencies"]["deploy"], sep="\n")' > .build/deploy.in
	$(LOCK) .build/deploy.in -c requirements/test.txt -o requirements/deploy.txt

$(UV):
	$(PYTHON) -m venv .build/lock-venv
	.build/lock-venv/bin/python -m pip install -q uv==$(UV_VERSION)

clean:
	rm -rf output .output.releases .build/site .build/cache .build/check
