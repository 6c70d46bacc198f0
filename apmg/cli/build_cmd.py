"""Build the site into output/ (only when the whole build succeeds)."""

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--content", help="content folder (default: PATH in the settings)")
    parser.add_argument("--staging", default=".build/site")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from apmg import inputs

    checked = inputs.check(Path(args.output), args.settings, args.content)
    if inputs.up_to_date(checked, Path(args.output)):
        return 0  # before importing Pelican: an unchanged rebuild costs milliseconds
    from apmg.build import build

    return build(args.settings, args.output, args.staging, args.content, checked)
