"""`sme2go import KIND FILE`: import companies (and other kinds registered in io_commands.IMPORT_KINDS)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sme2go.registry.io_commands import IMPORT_KINDS, add_kinds


class Command(BaseCommand):
    help = (
        "Import a file: `sme2go import companies FILE` checks every row (--dry-run changes nothing) and "
        "stores all rows or none (--partial stores the good ones). `sme2go import KIND --help` for details.\n\n"
        "Example: sme2go import companies companies.csv --dry-run"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_kinds(parser, IMPORT_KINDS)

    def handle(self, *args: Any, **options: Any) -> None:
        options["kind_command"].run(self, options)
