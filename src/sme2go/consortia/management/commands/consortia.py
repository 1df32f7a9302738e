"""`sme2go consortia ...`: consortium formation from the command line.

Sub-commands are declared in SUBCOMMANDS (name -> help, arguments, handler). `solve` reads
an instance file and needs no database.
"""

from __future__ import annotations

import argparse
import json
import math
import textwrap
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sme2go.cli_files import bad_input, utf8_text
from sme2go.consortia.engine import InstanceError, load_instance_json, solve
from sme2go.consortia.engine.instance import EXAMPLE_INSTANCE_JSON

SOLVE_HELP = (
    "The K best consortia of an instance file, as JSON on stdout (status, consortia, bound, "
    "seconds, reason). Example: sme2go consortia solve instance.json --top 5 --time-limit 10"
)
SOLVE_EPILOG = f"""\
An instance file (fit and readiness 0-1; a missing fit counts as 0; "name" is optional;
"ties", "rules" and "weights" may be left out, and so may any rule or weight: the values
below are the defaults; unknown keys are refused, exit code 2):

{EXAMPLE_INSTANCE_JSON}

The format is described in docs/consortia.md; POST /api/consortia/solve takes the same JSON.
"""


def add_solve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("instance", help="instance JSON file (required, companies, ties, rules, weights)")
    parser.add_argument("--top", type=int, default=1, help="how many consortia (default 1)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds for the solver (default 30)")


def handle_solve(command: BaseCommand, options: dict) -> str:
    if options["top"] < 1:
        raise CommandError("--top: must be at least 1", returncode=2)
    time_limit = options["time_limit"]
    if not (math.isfinite(time_limit) and time_limit > 0):
        raise CommandError(f"--time-limit: must be a positive number of seconds, not {time_limit:g}", returncode=2)
    path = options["instance"]
    text = utf8_text(path, "instance", "JSON text")
    try:
        instance = load_instance_json(text)
    except InstanceError as error:
        raise bad_input(f"{path}: {error}") from None
    result = solve(instance, top_k=options["top"], time_limit=options["time_limit"])
    return json.dumps(result.as_dict(), ensure_ascii=False)


Handler = Callable[[BaseCommand, dict], str]
SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {
    "solve": (SOLVE_HELP, add_solve_arguments, handle_solve),
}
EPILOGS = {"solve": SOLVE_EPILOG}


class Command(BaseCommand):
    help = (
        "Form cross-border consortia: the K best teams for a set of required capabilities.\n\n"
        "Example: sme2go consortia solve instance.json --top 5 --time-limit 10\n"
        "(sme2go consortia solve --help shows what an instance file looks like)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(dest="subcommand", required=True)
        for name, (help_text, add_arguments, _) in SUBCOMMANDS.items():
            sub = subparsers.add_parser(
                name, help=help_text, description=textwrap.fill(help_text, 88), epilog=EPILOGS.get(name),
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
            add_arguments(sub)

    def handle(self, *args: object, **options: object) -> None:
        _, _, handler = SUBCOMMANDS[str(options["subcommand"])]
        self.stdout.write(handler(self, options))
