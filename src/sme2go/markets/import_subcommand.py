"""`sme2go markets import FILE [--indicator CODE] [--dry-run] [--online]` (a sub-command of `markets`)."""

from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand, CommandError

from sme2go.cli_files import input_file
from sme2go.markets.indicator_catalogue import INDICATORS, WDI
from sme2go.markets.services import import_indicator_file, refresh_online

HELP = "load indicator values from a WDI-format CSV (long or wide), all or nothing"


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Example: sme2go markets import wdi_gdp.csv --indicator NY.GDP.MKTP.CD --dry-run\n"
        "Example: sme2go markets import --online --indicator SP.URB.TOTL"
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("file", nargs="?", help="CSV file: `Country Code, Year, Value` rows (long) or years as columns (wide)")
    parser.add_argument("--indicator", help="indicator code for a file without an `Indicator Code` column, e.g. NY.GDP.MKTP.CD")
    parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    parser.add_argument(
        "--skip-unknown-countries", action="store_true",
        help="skip rows of countries not in the store (e.g. CHI, Channel Islands) instead of refusing the file",
    )  # fmt: skip
    parser.add_argument(
        "--online", action="store_true",
        help="refresh from the World Bank API instead of a file (needs network and `pip install 'sme2go[online]'`)",
    )  # fmt: skip


def handle_import(command: BaseCommand, options: dict) -> str:
    if options["online"]:
        codes = [options["indicator"]] if options["indicator"] else [d.code for d in INDICATORS.values() if d.source == WDI]
        try:
            report = refresh_online(indicators=codes, dry_run=options["dry_run"])
        except RuntimeError as error:
            raise CommandError(str(error)) from None
    elif not options["file"]:
        raise CommandError("give a FILE to import, or --online to refresh from the World Bank API")
    else:
        report = import_indicator_file(
            path=input_file(options["file"], "FILE"), dry_run=options["dry_run"], indicator=options["indicator"],
            skip_unknown_countries=options["skip_unknown_countries"],
        )  # fmt: skip
    return report.summary() + (" (dry run: nothing was written)" if report.dry_run else "")
