"""Pelican plugin: the web editor at /admin/ (Decap CMS, docs/cms.md).

Writes ``admin/index.html`` (noindex, the page's own CSP from apmg/headers.py),
``admin/config.yml`` (the committed configuration, apmg/cms/admin/config.yml, with the
backend this build needs), ``admin/apmg-cms.js`` (the callout boxes) and Decap's bundle,
as the Makefile's node step installed it; nothing is fetched from another site.

Which backend, decided here once:

- ``APMG_CMS_LOCAL=1`` (``make serve``) in a development build: the local backend,
  decap-server on the editor's machine (apmg/cms/local_backend.py); saves write content/.
- ``APMG_CMS_REPO=owner/name`` in a production build: GitHub, with the editorial workflow
  (every change a pull request); ``APMG_CMS_AUTH_URL`` is the OAuth service's address.
- anything else: no /admin/ at all, so a site built without an editor has none to attack.
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
from html import escape
from pathlib import Path
from typing import Any

import yaml
from pelican import signals

from apmg.cms import callouts, local_backend
from apmg.cms.config import CONFIG_FILE
from apmg.headers import ADMIN_PATH, meta_csp
from apmg.model.routes import output_file

log = logging.getLogger(__name__)

ADMIN = Path(CONFIG_FILE).parent  # index.html, apmg-cms.js, config.yml
BUNDLE = local_backend.ROOT / ".build" / "node" / "decap-cms"  # make cms
BUNDLE_FILES = ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")
_state: dict[str, Any] = {}


def backend(settings: dict[str, Any], env: dict[str, str] | None = None
            ) -> dict[str, Any] | None:
    """The ``backend`` (and publish mode) of this build's configuration, or None for no
    editor. See the module docstring."""
    env = os.environ if env is None else env
    repo = env.get("APMG_CMS_REPO", "").strip()
    if settings.get("APMG_PUBLISH"):
        if not repo:
            return None
        github: dict[str, Any] = {"name": "github", "repo": repo,
                                  "branch": env.get("APMG_CMS_BRANCH", "main")}
        if env.get("APMG_CMS_AUTH_URL"):
            github["base_url"] = env["APMG_CMS_AUTH_URL"]
        return {"backend": github}
    if local_backend.wanted(env):
        # decap-server in fs mode publishes directly: no editorial workflow.
        return {"backend": {"name": "proxy", "proxy_url": local_backend.proxy_url(),
                            "branch": "main"}, "publish_mode": None}
    return None


def site_config(settings: dict[str, Any], env: dict[str, str] | None = None
                ) -> dict[str, Any] | None:
    """The configuration served at /admin/config.yml, or None for no editor."""
    choice = backend(settings, env)
    if choice is None:
        return None
    data = copy.deepcopy(yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8")))
    for key, value in choice.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    siteurl = settings.get("SITEURL", "")
    if siteurl:
        data["site_url"] = siteurl
        data["display_url"] = siteurl
    return {"backend": data.pop("backend"), **data}


def collect(generators) -> None:
    for generator in generators:
        if hasattr(generator, "site"):
            _state["name"] = generator.site.practice.name


def _bundle_files() -> list[Path]:
    return sorted({p for pattern in BUNDLE_FILES for p in BUNDLE.glob(pattern)})


def write(pelican) -> None:
    """Write /admin/ into the staged site, or nothing (see :func:`backend`)."""
    data = site_config(pelican.settings)
    if data is None:
        return
    files = _bundle_files()
    if not any(p.name == "decap-cms.js" for p in files):
        log.error("%s/decap-cms.js is missing: run `make cms` (the editor at %s needs "
                  "Decap CMS's bundle)", BUNDLE.relative_to(local_backend.ROOT), ADMIN_PATH)
        return
    output = Path(pelican.output_path)
    folder = ADMIN_PATH.strip("/")

    def target(name: str) -> Path:
        path = output_file(output, f"{folder}/{name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    page = (ADMIN / "index.html").read_text(encoding="utf-8").format(
        csp=escape(meta_csp(ADMIN_PATH)), name=escape(_state.get("name", "")))
    target("index.html").write_text(page, encoding="utf-8")
    target("config.yml").write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8")
    script = callouts.script_data() + (ADMIN / "apmg-cms.js").read_text(encoding="utf-8")
    target("apmg-cms.js").write_text(script, encoding="utf-8")
    for path in files:
        shutil.copyfile(path, target(path.name))


def reset(pelican) -> None:
    _state.clear()


def register() -> None:
    signals.initialized.connect(reset)
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(write)
