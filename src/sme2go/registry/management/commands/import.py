"""`sme2go import KIND FILE`: import companies (and other kinds registered in io_commands.IMPORT_KINDS)."""

from __future__ import annotations

from argparse import RawDescriptionHelpFormatter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser, DjangoHelpFormatter

from sme2go.registry.io_commands import IMPORT_KINDS, add_kinds


class _HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Keeps the examples' line breaks in --help."""


class Command(BaseCommand):
    help = (
        "Import a file: `sme2go import companies FILE` checks every row (--dry-run changes nothing) and\n"
        "stores all rows or none (--partial stores the good ones). `sme2go import KIND --help` for details.\n\n"
        "Example: sme2go import companies companies.csv --dry-run --partner Tehnopol\n"
        "Example: sme2go import participations h2020_participations.csv.gz --programme-parts h2020_programme_parts.csv.gz"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Keep one example per line in --help.
        return super().create_parser(prog_name, subcommand, formatter_class=_HelpFormatter, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        add_kinds(parser, IMPORT_KINDS)

    def handle(self, *args: Any, **options: Any) -> None:
        options["kind_command"].run(self, options)
