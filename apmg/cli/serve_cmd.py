"""Build, serve on localhost and rebuild with live reload on every change."""

import argparse


def port_number(text: str) -> int:
    """``--port``: a TCP port, refused in one line rather than a traceback at bind time."""
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=port_number, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--settings", default="pelicanconf.py")


def run(args: argparse.Namespace) -> int:
    from apmg.serve import serve

    return serve(args.host, args.port, settings=args.settings)
