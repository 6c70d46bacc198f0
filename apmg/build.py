"""Build the site: Pelican into a staging folder, then, only if all went well, into output/.

Editors keep the last good site (``make serve`` goes on serving it) and a broken build
publishes nothing, because ``output/`` is only switched, in one step, to a finished
build (apmg/release.py).
"""

from __future__ import annotations

import importlib
import logging
import sys
import time
from pathlib import Path

from jinja2 import TemplateError
from pelican import Pelican
from pelican.settings import read_settings

from apmg import inputs
from apmg.model import ContentErrors
from apmg.model.routes import UnsafePath
from apmg.release import release
from apmg.render import PageRenderError, template_location


class BuildStepError(Exception):
    """A post-processing step found a problem; its message says what and where."""


class _Counter(logging.Handler):
    """Counts Pelican's WARNING and ERROR lines: each one fails the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def run_pelican(settings_file: str, output: Path, content: str | None = None,
                previous: Path | None = None, checked: inputs.Check | None = None
                ) -> tuple[dict, list[logging.LogRecord]]:
    """Run Pelican into ``output``; return its settings and the WARNING+ records it logged.

    ``previous`` is the last build's site: pages whose inputs did not change are linked
    from it instead of rendered again (apmg/render.py). ``checked``: the fast path's
    check, whose snapshot of the inputs is reused.
    """
    override = {"OUTPUT_PATH": str(output.resolve()), "DELETE_OUTPUT_DIRECTORY": True,
                "APMG_PREVIOUS_OUTPUT": str(previous) if previous else None}
    if content:
        override["PATH"] = str(Path(content).resolve())
    settings = read_settings(settings_file, override=override)
    settings["APMG_INPUTS"] = inputs.snapshot(settings_file, content, settings,
                                              checked.taken if checked else None)
    counter = _Counter()
    root = logging.getLogger()
    root.addHandler(counter)
    try:
        Pelican(settings).run()
    finally:
        root.removeHandler(counter)
    return settings, counter.records


def postprocess(site: Path, settings: dict) -> None:
    """Run the steps named in APMG_POSTPROCESS ("module.function") on the staged site.

    Steps (search index, minify, fingerprint, compress, header files ...) work on the
    staging folder, so output/ only ever sees a finished site.
    """
    for name in settings.get("APMG_POSTPROCESS", []):
        module, _, function = name.rpartition(".")
        getattr(importlib.import_module(module), function)(site, settings)


def build(settings_file: str = "pelicanconf.py", output: str = "output",
          staging: str = ".build/site", content: str | None = None,
          checked: inputs.Check | None = None) -> int:
    """Build; return the process exit code (0 only when nothing went wrong). ``checked``:
    the fast path's check, when the caller has just made it (``apmg build`` does, before
    importing Pelican)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(name)s: %(message)s")
    started = time.perf_counter()
    staging_path, output_path = Path(staging), Path(output)
    checked = checked or inputs.check(output_path, settings_file, content)
    if inputs.up_to_date(checked, output_path):
        return 0
    try:
        settings, problems = run_pelican(settings_file, staging_path, content, output_path,
                                         checked)
    except ContentErrors as exc:
        from apmg.problems import record_content_errors  # make serve's panel (APMG_PROBLEMS_FILE)

        record_content_errors(exc.errors)
        print(exc.report(), file=sys.stderr)
        return 1
    except TemplateError as exc:
        print(f"{template_location(exc)}: template error: {exc}\n"
              "Nothing was written to output/.", file=sys.stderr)
        return 1
    except PageRenderError as exc:
        print(f"{exc}\nNothing was written to output/.", file=sys.stderr)
        return 1
    except UnsafePath as exc:
        print(f"build stopped: {exc}\nNothing was written to output/.", file=sys.stderr)
        return 1
    if problems:
        print(f"{len(problems)} warning(s) or error(s) from Pelican (above): "
              "nothing was written to output/.", file=sys.stderr)
        return 1
    try:
        postprocess(staging_path, settings)
    except BuildStepError as exc:
        print(f"{exc}\nNothing was written to output/.", file=sys.stderr)
        return 1
    release(staging_path, output_path)
    inputs.record(output_path, settings["APMG_INPUTS"])
    report = settings.get("APMG_RENDER_REPORT")
    pages = (f" ({len(report.rendered)} pages rendered, {len(report.reused)} unchanged)"
             if report else "")
    print(f"Built {output_path}/ in {time.perf_counter() - started:.2f} s{pages}.")
    return 0
