"""``apmg <command>``: the one entry point the Makefile calls.

Each command lives in its own module with ``add_arguments(parser)`` and ``run(args)``;
add a module to COMMANDS to add a command.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# command name -> module that implements it
COMMANDS = {
    "build": "apmg.cli.build_cmd",
    "serve": "apmg.cli.serve_cmd",
    "lint": "apmg.cli.lint_cmd",
    "new": "apmg.cli.new_cmd",
    "bench": "apmg.cli.bench_cmd",
    "translations": "apmg.cli.translations_cmd",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="apmg", description="Advanced Pain Medical Group site")
    subparsers = parser.add_subparsers(dest="command", required=True)
    modules = {}
    argv = sys.argv[1:] if argv is None else argv
    # Import only the command asked for: some commands import heavy modules just to
    # describe their arguments, and every build would pay for them (docs/performance.md).
    wanted = {argv[0]: COMMANDS[argv[0]]} if argv and argv[0] in COMMANDS else COMMANDS
    for name, module_name in wanted.items():
        module = importlib.import_module(module_name)
        modules[name] = module
        module.add_arguments(subparsers.add_parser(name, help=module.__doc__.splitlines()[0]))
    args = parser.parse_args(argv)
    return modules[args.command].run(args)


if __name__ == "__main__":
    sys.exit(main())
