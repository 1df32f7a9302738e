"""`sme2go markets ...`: market intelligence from the command line.

Sub-commands are declared in SUBCOMMANDS (name -> help, arguments, handler); adding one is
a three-line change. `rank` and `backtest` run on the bundled data without a database.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandParser,
    DjangoHelpFormatter,
)

from sme2go.cli_files import bad_input, refuse_binary
from sme2go.markets.import_subcommand import HELP as IMPORT_HELP
from sme2go.markets.import_subcommand import add_import_arguments, handle_import
from sme2go.markets.index import Weights
from sme2go.markets.market_data import MarketData
from sme2go.markets.reports import DEFAULT_AS_OF, backtest_report, rank_report
from sme2go.markets.services import IndicatorImportError
from sme2go.taxonomy.model import THEME_IDS


def add_backtest_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of", type=int, required=True, help="forecast with data up to this year"
    )
    parser.add_argument(
        "--horizon", type=int, default=6, help="years after --as-of to compare with (default 6)"
    )
    parser.add_argument(
        "--theme", choices=THEME_IDS, help="one capability theme (default all themes)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def handle_backtest(command: BaseCommand, options: dict) -> str:
    return backtest_report(
        MarketData.from_bundle(),
        as_of=options["as_of"],
        horizon=options["horizon"],
        theme=options["theme"],
        as_json=options["json"],
    )


def add_rank_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--theme", choices=THEME_IDS, help="one capability theme (default all themes)"
    )
    parser.add_argument(
        "--top", type=int, default=20, help="how many countries to show (default 20)"
    )
    parser.add_argument(
        "--as-of",
        type=int,
        default=DEFAULT_AS_OF,
        help=f"use data up to this year (default {DEFAULT_AS_OF})",
    )
    parser.add_argument(
        "--weights", default="", help="change default weights, e.g. size=1,demand=2"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list")


def handle_rank(command: BaseCommand, options: dict) -> str:
    if options["top"] < 1:
        raise bad_input(f"--top {options['top']}: must be at least 1 (how many countries to show)")
    try:
        weights = Weights.parse(options["weights"]) if options["weights"] else None
    except ValueError as error:
        raise bad_input(f"--weights {options['weights']}: {error}") from None
    return rank_report(
        MarketData.from_bundle(),
        theme=options["theme"],
        top=options["top"],
        as_of=options["as_of"],
        weights=weights,
        as_json=options["json"],
    )


def handle_import_file(command: BaseCommand, options: dict) -> str:
    """`import`, with its input errors as the other imports give them: one line, exit code 2."""
    if not options["online"]:
        if not options["file"]:
            raise bad_input("give a FILE to import, or --online to refresh from the World Bank API")
        refuse_binary(options["file"], "FILE", "CSV text")
    try:
        return handle_import(command, options)
    except IndicatorImportError as error:
        problems = [str(p) for p in error.problems]
        more = f"; and {len(problems) - SHOWN_PROBLEMS} more" if len(problems) > SHOWN_PROBLEMS else ""
        raise bad_input(f"FILE {options['file']}: nothing was loaded, {len(problems)} problem{'s' if len(problems) != 1 else ''}: "
                        f"{'; '.join(problems[:SHOWN_PROBLEMS])}{more}") from None


SHOWN_PROBLEMS = 200  # as many as the import's own message lists


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Keeps the examples' line breaks in --help."""


Handler = Callable[[BaseCommand, dict], str]
SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {
    "rank": (
        "rank countries by market attractiveness for a theme",
        add_rank_arguments,
        handle_rank,
    ),
    "backtest": (
        "score the demand forecast against later World Bank commitments",
        add_backtest_arguments,
        handle_backtest,
    ),
    "import": (IMPORT_HELP, add_import_arguments, handle_import_file),
}
# A usage example for each sub-command's --help (`import` sets its own, in add_import_arguments).
EXAMPLES = {
    "rank": "Example: sme2go markets rank --theme water --top 10\n"
            "Example: sme2go markets rank --theme energy --weights size=1,demand=2 --json",
    "backtest": "Example: sme2go markets backtest --as-of 2014 --horizon 6 --theme transportation",
}


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # rank and backtest read the bundle, not the database
    help = (
        "Market intelligence: rank countries, backtest the demand forecast, import indicators.\n\n"
        "Example: sme2go markets rank --theme water --top 20\n"
        "Example: sme2go markets backtest --as-of 2014 --horizon 6 --json\n"
        "Example: sme2go markets import wdi_gdp.csv --indicator NY.GDP.MKTP.CD --dry-run"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Keep one example per line in --help.
        return super().create_parser(prog_name, subcommand, formatter_class=_HelpFormatter, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(
            dest="subcommand", required=True, parser_class=argparse.ArgumentParser
        )
        for name, (help_text, add_arguments, _) in SUBCOMMANDS.items():
            add_arguments(subparsers.add_parser(
                name, help=help_text, description=help_text, epilog=EXAMPLES.get(name),
                formatter_class=argparse.RawDescriptionHelpFormatter,
            ))

    def handle(self, *args: object, **options: object) -> None:
        _, _, handler = SUBCOMMANDS[str(options["subcommand"])]
        try:
            output = handler(self, options)
        except ValueError as error:  # a year, horizon or theme the data cannot answer: bad input
            raise bad_input(str(error)) from None
        self.stdout.write(output)
