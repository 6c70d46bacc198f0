"""Build-speed benchmark against stock Pelican, Hugo and Eleventy, make serve's
edit-to-reload latency, the issue #14 targets, and the page-weight report."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apmg.bench.main import Plan

QUICK = {"sizes": "1000", "runs": 1, "only": "ours,pelican", "edits": 5}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", default="100,1000,5000",
                        help="numbers of procedures, comma-separated (default 100,1000,5000)")
    parser.add_argument("--runs", type=int,
                        help="runs per variant, median taken (default 3; 1 from N = 5000 on, "
                        "so the default run stays under 15 minutes on 2 cores)")
    parser.add_argument("--quick", action="store_true",
                        help="for development, about 3 minutes: N = 1000 only, 1 run, ours "
                        "and stock Pelican, 5 edits per serve session, no page weight")
    parser.add_argument("--only", help="comma-separated: ours,pelican,hugo,eleventy,floor")
    parser.add_argument("--edits", type=int, default=10,
                        help="edits per make serve session, median taken (0: no sessions)")
    parser.add_argument("--no-weight", action="store_true", help="skip the page-weight report")
    parser.add_argument("--work", default="bench/work", help="scratch folder")
    parser.add_argument("--results", default="bench/results.md")


def plan(args: argparse.Namespace) -> Plan:
    """What to measure; ValueError names a bad ``--sizes``."""
    from apmg.bench.main import Plan

    if args.quick:
        args.sizes, args.runs, args.only, args.edits = (
            QUICK["sizes"], args.runs or QUICK["runs"], args.only or QUICK["only"],
            min(args.edits, QUICK["edits"]))
        args.no_weight = True
    sizes = [int(s) for s in args.sizes.split(",") if s.strip().isdigit()]
    if not sizes or len(sizes) != len(args.sizes.split(",")):
        raise ValueError(f"--sizes must be numbers separated by commas (got {args.sizes!r})")
    return Plan(sizes, args.runs, args.only.split(",") if args.only else None,
                weight=not args.no_weight, edits=args.edits,
                command="apmg " + shlex.join(sys.argv[1:]))


def run(args: argparse.Namespace) -> int:
    from apmg.bench.main import bench

    try:
        chosen = plan(args)
    except ValueError as error:
        print(f"apmg bench: {error}", file=sys.stderr)
        return 2
    return bench(chosen, Path(args.work), Path(args.results))
