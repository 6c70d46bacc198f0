"""Extract the templates' strings and update the Spanish catalog (theme/translations/)."""

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true",
                        help="change nothing; fail if a string is untranslated or a .mo is stale")


def run(args: argparse.Namespace) -> int:
    from apmg import i18n

    if args.check:
        problems = i18n.check()
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    for line in i18n.update():
        print(line)
    return 0
