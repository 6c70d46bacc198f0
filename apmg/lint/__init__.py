"""Content lint: everything the build validates, plus the editorial rules (DESIGN §6)."""

from apmg.lint.config import LintConfig, load_config
from apmg.lint.finding import Finding
from apmg.lint.runner import lint

__all__ = ["Finding", "LintConfig", "lint", "load_config"]
