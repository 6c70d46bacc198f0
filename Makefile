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
# Lighthouse on the production build (tests/deploy/test_lighthouse.py); 13 wants Node 22.
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE := .build/node/node_modules/lighthouse/.installed-$(LIGHTHOUSE_VERSION)
# The web editor at /admin/ (docs/cms.md): Decap CMS's prebuilt bundle, taken from its npm
# tarball (checked against its sha256; its 550 dependencies are only for building it), the
# local backend decap-server, and the front-matter serializer Decap uses (yaml and
# gray-matter at the versions decap-cms-core's lock file resolves) for the round-trip test.
DECAP_VERSION := 3.16.3
DECAP_SHA256 := f1c0055411ebdbd5b7c77a835a68b92b5467622585838f8496223b27eee116d1
CMS_NODE_PACKAGES := decap-server@3.11.3 yaml@1.10.2 gray-matter@4.0.3
CMS_STAMP := .build/node/.installed-cms-$(shell echo $(DECAP_VERSION) $(CMS_NODE_PACKAGES) \
	| cksum | cut -d' ' -f1)
ARGS ?=

.PHONY: help install install-serve install-deploy html serve publish test check lint new deploy \
	bench translations lock clean system-deps cms cms-config screenshots

help:
	@echo "make serve    build and serve on http://localhost:8000 with live reload"
	@echo "make test     run every test (installs what it needs)"
	@echo "make check    quick checks before a commit: model tests, lint, one build"
	@echo "make screenshots  rewrite the visual tests' baselines after a meant change (docs/testing.md)"
	@echo "make html     build the development site into output/"
	@echo "make publish  build the production site into output/"
	@echo "make lint     check every content file (ARGS='--format github' or file names)"
	@echo "make new kind=procedure title=\"...\"   start a new content file"
	@echo "make deploy   sync output/ to the bucket (see docs/deploying.md)"
	@echo "make bench    build-speed and page-weight benchmark"
	@echo "make lock     update the lock files in requirements/ after editing pyproject.toml"
	@echo "make cms-config  regenerate the web editor's configuration (docs/cms.md)"
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
# The web editor's files need npm; without it the preview still runs, without the editor.
serve: $(STAMP)
	@$(MAKE) --no-print-directory cms || echo "No web editor at /admin/: installing it needs npm."
	APMG_CMS_LOCAL=1 $(PY) -m apmg serve --port $(PORT) $(ARGS)

# Production refuses placeholder contact details and the placeholder site address;
# ALLOW_PLACEHOLDERS=1 builds a staging site (banner, noindex, disallow-all robots.txt).
# With APMG_CMS_REPO set the site has the editor at /admin/ (docs/cms.md): it needs the bundle.
publish: $(STAMP) $(if $(APMG_CMS_REPO),$(CMS_STAMP))
	ALLOW_PLACEHOLDERS=$(ALLOW_PLACEHOLDERS) $(PY) -m apmg build --settings publishconf.py $(ARGS)

# Chromium, Java (for the HTML validator) and nginx come from Debian's packages.
system-deps:
	bash .ci/system-deps

$(VNU):
	npm install --silent --no-audit --no-fund --prefix .build/node vnu-jar@$(VNU_VERSION)

$(LIGHTHOUSE):
	npm install --silent --no-audit --no-fund --save-exact --prefix .build/node \
		lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

$(CMS_STAMP):
	npm install --silent --no-audit --no-fund --save-exact --prefix .build/node $(CMS_NODE_PACKAGES)
	rm -rf .build/node/decap-cms .build/node/decap-cms-*.tgz
	npm pack --silent --pack-destination .build/node decap-cms@$(DECAP_VERSION) >/dev/null
	echo "$(DECAP_SHA256)  .build/node/decap-cms-$(DECAP_VERSION).tgz" | sha256sum -c --quiet
	mkdir -p .build/node/decap-cms
	tar -xzf .build/node/decap-cms-$(DECAP_VERSION).tgz -C .build/node/decap-cms \
		--strip-components=2 --wildcards 'package/dist/*decap-cms.js' 'package/dist/*.wasm' \
		'package/dist/decap-cms.js.LICENSE.txt'
	rm -f .build/node/decap-cms-*.tgz .build/node/.installed-cms-*
	touch $@

cms: $(CMS_STAMP)

# The committed editor configuration, generated from apmg/model/schemas.py.
cms-config: $(STAMP)
	$(PY) -m apmg.cms.config --write

# ruff first; then every test on TEST_JOBS cores (pytest-xdist: each worker has its own
# session fixtures, built site, SeaweedFS and Chromium; whole files go to one worker, so
# a module's fixtures are made once). The live-preview test drives its
# own Playwright; it runs in its own process because the browser tests keep a
# session-wide Playwright running in theirs.
test: $(TEST_STAMP) system-deps $(VNU) $(CMS_STAMP) $(LIGHTHOUSE)
	$(VENV)/bin/ruff check apmg tests
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadfile --ignore=tests/lint/test_live_preview.py \
		$(ARGS)
	$(PY) -m pytest tests/lint/test_live_preview.py

# The visual tests' baselines (tests/browser/screenshots/, docs/testing.md), all rewritten on
# purpose after a change to the look is meant: look at the new PNGs, then commit them.
# `make test` never writes one; a missing or different baseline fails it.
screenshots: $(TEST_STAMP) system-deps
	APMG_UPDATE_SCREENSHOTS=1 $(PY) -m pytest -q tests/browser/test_visual.py $(ARGS)

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
