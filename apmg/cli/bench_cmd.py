"""Build-speed benchmark against Pelican, Hugo and Eleventy, and the page-weight report."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", default="100,1000,5000",
                        help="numbers of procedures, comma-separated (default 100,1000,5000)")
    parser.add_argument("--runs", type=int,
                        help="runs per variant, median taken (default 3; 1 from N = 5000 on, "
                        "so the default run stays under 15 minutes on 2 cores)")
    parser.add_argument("--quick", action="store_true",
                        help="sizes 100,1000 and 2 runs unless given")
    parser.add_argument("--only", help="comma-separated: ours,pelican,hugo,eleventy,floor")
    parser.add_argument("--no-weight", action="store_true", help="skip the page-weight report")
    parser.add_argument("--work", default="bench/work", help="scratch folder")
    parser.add_argument("--results", default="bench/results.md")


def run(args: argparse.Namespace) -> int:
    from apmg.bench.main import bench

    sizes = [int(s) for s in args.sizes.split(",")]
    runs = args.runs
    if args.quick:
        sizes = [s for s in sizes if s <= 1000] or sizes
        runs = min(runs or 2, 2)
    return bench(sizes, runs, Path(args.work), Path(args.results),
                 args.only.split(",") if args.only else None, weight=not args.no_weight)
