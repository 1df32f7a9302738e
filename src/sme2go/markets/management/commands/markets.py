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
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)

from sme2go.markets.import_subcommand import HELP as IMPORT_HELP
from sme2go.markets.import_subcommand import add_import_arguments, handle_import
from sme2go.markets.index import Weights
from sme2go.markets.market_data import MarketData
from sme2go.markets.reports import DEFAULT_AS_OF, backtest_report, rank_report
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
    try:
        weights = Weights.parse(options["weights"]) if options["weights"] else None
    except ValueError as error:
        raise CommandError(str(error)) from None
    return rank_report(
        MarketData.from_bundle(),
        theme=options["theme"],
        top=options["top"],
        as_of=options["as_of"],
        weights=weights,
        as_json=options["json"],
    )


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
    "import": (IMPORT_HELP, add_import_arguments, handle_import),
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
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(output)
