"""`sme2go export KIND`: export companies, support actions, leads or the readiness cohort (the kinds of io_commands.EXPORT_KINDS)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sme2go.registry.io_commands import EXPORT_KINDS, add_kinds


class Command(BaseCommand):
    help = (
        "Export to a file: `sme2go export companies --format csv|xlsx|json [-o FILE]` (the file imports "
        "back unchanged), `sme2go export support-actions` or `sme2go export leads` (CSV or XLSX, with "
        "--partner and --year), `sme2go export readiness-cohort` (CSV or XLSX, with --partner and --band). "
        "`sme2go export KIND --help` for details.\n\n"
        "Example: sme2go export companies --format json -o companies.json"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_kinds(parser, EXPORT_KINDS)

    def handle(self, *args: Any, **options: Any) -> None:
        options["kind_command"].run(self, options)
