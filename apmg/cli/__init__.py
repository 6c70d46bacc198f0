"""Command-line tools of the project, reached through ``python -m apmg`` / ``apmg``."""
