"""`sme2go consortia ...`: consortium formation from the command line.

Sub-commands are declared in SUBCOMMANDS (name -> help, arguments, handler). `solve` reads
an instance file and needs no database.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sme2go.consortia.engine import InstanceError, load_instance_json, solve

SOLVE_HELP = (
    "The K best consortia of an instance file, as JSON on stdout (status, consortia, bound, "
    "seconds, reason). Example: sme2go consortia solve instance.json --top 5 --time-limit 10"
)


def add_solve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("instance", help="instance JSON file (required, companies, ties, rules, weights)")
    parser.add_argument("--top", type=int, default=1, help="how many consortia (default 1)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds for the solver (default 30)")


def handle_solve(command: BaseCommand, options: dict) -> str:
    if options["top"] < 1:
        raise CommandError("--top: must be at least 1", returncode=2)
    if options["time_limit"] <= 0:
        raise CommandError("--time-limit: must be positive", returncode=2)
    path = Path(options["instance"])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"instance: cannot read {path}: {error}", returncode=2) from None
    try:
        instance = load_instance_json(text)
    except InstanceError as error:
        raise CommandError(f"{path}: {error}", returncode=2) from None
    result = solve(instance, top_k=options["top"], time_limit=options["time_limit"])
    return json.dumps(result.as_dict(), ensure_ascii=False)


Handler = Callable[[BaseCommand, dict], str]
SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {
    "solve": (SOLVE_HELP, add_solve_arguments, handle_solve),
}


class Command(BaseCommand):
    help = (
        "Form cross-border consortia: the K best teams for a set of required capabilities.\n\n"
        "Example: sme2go consortia solve instance.json --top 5 --time-limit 10"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(dest="subcommand", required=True)
        for name, (help_text, add_arguments, _) in SUBCOMMANDS.items():
            sub = subparsers.add_parser(name, help=help_text, description=help_text)
            add_arguments(sub)

    def handle(self, *args: object, **options: object) -> None:
        _, _, handler = SUBCOMMANDS[str(options["subcommand"])]
        self.stdout.write(handler(self, options))
