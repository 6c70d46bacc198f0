"""Build, serve on localhost and rebuild with live reload on every change."""

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")


def run(args: argparse.Namespace) -> int:
    from apmg.serve import serve

    return serve(args.host, args.port)
