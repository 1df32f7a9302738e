"""`sme2go import participations`: the collaboration kind of the import command (see registry.io_commands)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sme2go.cli_files import input_file


class ImportParticipations:
    help = (
        "Import CORDIS-format participations (rcn, role, pic, type, country, start_year, ...) and "
        "optionally their programme parts (rcn, programme_part), then recompute the ties between "
        "registry companies with a PIC. All rows or none; importing the same file again changes nothing.\n\n"
        "Example: sme2go import participations h2020_participations.csv.gz "
        "--programme-parts h2020_programme_parts.csv.gz"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="participations CSV (.csv or .csv.gz)")
        parser.add_argument("--programme-parts", metavar="FILE", help="rcn,programme_part CSV (.csv or .csv.gz)")

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        from sme2go.collaboration.history import HistoryError
        from sme2go.collaboration.services import import_participations

        input_file(options["file"], "participations file")
        if options.get("programme_parts"):
            input_file(options["programme_parts"], "--programme-parts")
        try:
            result = import_participations(
                participations=options["file"], programme_parts=options.get("programme_parts")
            )
        except HistoryError as exc:
            raise CommandError(f"{exc} (nothing was imported)", returncode=2) from None
        command.stdout.write(result.summary())
