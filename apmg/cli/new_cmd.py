"""Start a new content file with every required field and the body outline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from apmg.scaffold import TEMPLATES

    parser.add_argument("--kind", required=True, choices=sorted(TEMPLATES))
    parser.add_argument("--title", required=True, help='e.g. "Sacroiliac Joint Injection"')
    parser.add_argument("--content", type=Path, default=Path("content"))


def run(args: argparse.Namespace) -> int:
    from apmg.scaffold import ScaffoldError, new_file

    try:
        path = new_file(args.content, args.kind, args.title)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Wrote {path}. Replace every 'TODO:' hint, then run: make lint")
    return 0
