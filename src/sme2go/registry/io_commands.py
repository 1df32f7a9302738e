"""The sub-commands of `sme2go import` and `sme2go export`, and a progress line for long work.

`sme2go import KIND FILE`: each KIND is a class named in IMPORT_KINDS ("module:Class"),
loaded only when used. To add one (e.g. `participations`), write a class with `help`,
`add_arguments(parser)` and `run(command, options)` in your app and add a line here.
"""

from __future__ import annotations

import sys
import time
from argparse import ArgumentParser, RawDescriptionHelpFormatter
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol, TextIO

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from sme2go.cli_files import input_file

IMPORT_KINDS: dict[str, str] = {
    "companies": "sme2go.registry.io_commands:ImportCompanies",
    "participations": "sme2go.collaboration.commands:ImportParticipations",
}
EXPORT_KINDS: dict[str, str] = {
    "companies": "sme2go.registry.io_commands:ExportCompanies",
    "support-actions": "sme2go.support.exports:ExportSupportActions",
    "leads": "sme2go.missions.exports:ExportLeads",
    "readiness-cohort": "sme2go.readiness.exports:ExportReadinessCohort",
}


class SubCommand(Protocol):
    help: str

    def add_arguments(self, parser: ArgumentParser) -> None: ...

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None: ...


def load_kind(path: str) -> SubCommand:
    module, _, name = path.partition(":")
    return getattr(import_module(module), name)()  # type: ignore[no-any-return]


def add_kinds(parser: ArgumentParser, kinds: dict[str, str]) -> None:
    """One sub-parser per kind; the chosen kind's object lands in options["kind_command"]."""
    subparsers = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
    for name, path in kinds.items():
        kind = load_kind(path)
        sub = subparsers.add_parser(name, help=kind.help.split(". ")[0], description=kind.help,
                                    formatter_class=RawDescriptionHelpFormatter)
        kind.add_arguments(sub)
        sub.set_defaults(kind_command=kind)


class ProgressLine:
    """`storing  45% (22,500/50,000 rows, 8,100 rows/s)` on stderr, rewritten in place."""

    def __init__(self, stream: TextIO | None = None, *, every: float = 0.25) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.started = time.perf_counter()
        self.last = 0.0
        self.written = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if done < total and now - self.last < self.every:
            return
        self.last = now
        rate = done / (now - self.started) if now > self.started else 0.0
        percent = 100 * done // total if total else 100
        self.stream.write(f"\r{stage:<9} {percent:3d}% ({done:,}/{total:,} rows, {rate:,.0f} rows/s)   ")
        self.stream.flush()
        self.written = True

    def close(self) -> None:
        if self.written:
            self.stream.write("\n")
            self.stream.flush()


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip():
            raise CommandError(f"--mapping {pair!r}: write it as 'Column header=field' (or 'Column header=-' to ignore)")
        mapping[source.strip()] = target.strip()
    return mapping


def user_option(username: str | None) -> Any:
    """The user named by --user (None: the operator, who sees everything); an unknown one is an error."""
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"--user {username!r}: no such user") from None


class ImportCompanies:
    help = (
        "Import companies from a CSV (UTF-8 or Latin-1, ';' or ','), XLSX or JSON file. Checks every row "
        "first and stores nothing if any row has a problem (unless --partial). Existing companies "
        "(same registry code, or same name and country) are updated, not duplicated.\n\n"
        "Example: sme2go import companies companies.csv --dry-run --mapping 'Firma=legal_name'"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the file to import (.csv, .xlsx or .json)")
        parser.add_argument("--format", choices=("csv", "xlsx", "json"), help="file format (default: from the extension)")
        parser.add_argument("--mapping", action="append", default=[], metavar="HEADER=FIELD",
                            help="map a column header to a field, e.g. 'Firma=legal_name' ('HEADER=-' ignores it); repeatable")
        parser.add_argument("--dry-run", action="store_true", help="check every row and report; change nothing")
        parser.add_argument("--partial", action="store_true", help="store the good rows and report the bad ones")
        parser.add_argument("--partner", metavar="SHORT", help="link every imported company to this partner (short name)")
        parser.add_argument("--user", metavar="USERNAME", help="import with this user's permissions (default: operator)")

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        from sme2go.registry.importing import counted, import_companies
        from sme2go.registry.models import Partner

        path = input_file(options["file"], "FILE")
        partner = None
        if options.get("partner"):
            partner = Partner.objects.filter(short_name__iexact=options["partner"]).first()
            if partner is None:
                known = ", ".join(Partner.objects.values_list("short_name", flat=True))
                raise CommandError(f"--partner {options['partner']!r}: unknown partner (partners: {known})")
        progress = ProgressLine(command.stderr._out)  # type: ignore[attr-defined]
        try:
            report = import_companies(
                actor=user_option(options.get("user")), data=path.read_bytes(), filename=path.name,
                file_format=options.get("format"), mapping=_mapping(options["mapping"]),
                dry_run=options["dry_run"], all_or_nothing=not options["partial"], partner=partner,
                progress=progress,
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        finally:
            progress.close()
        for problem in report.problems:
            command.stderr.write(str(problem))
        if report.ignored_columns:
            command.stdout.write(f"Ignored columns: {', '.join(report.ignored_columns)}")
        command.stdout.write(report.summary())
        if report.problems and not (options["partial"] and report.stored):
            raise CommandError(f"{counted(len(report.problems), 'problem')} (listed above)", returncode=2)


class ExportCompanies:
    help = (
        "Export the companies to CSV, XLSX or JSON, with their solutions and contacts; the file "
        "imports back unchanged with `sme2go import companies`.\n\n"
        "Example: sme2go export companies --format xlsx -o companies.xlsx"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv", help="file format (default csv)")
        parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
        parser.add_argument("--user", metavar="USERNAME", help="export what this user may see (default: operator)")

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        from sme2go.registry.exporting import export_companies

        data = export_companies(actor=user_option(options.get("user")), file_format=options["format"])
        if options.get("output"):
            Path(options["output"]).write_bytes(data)
            command.stderr.write(f"Wrote {len(data):,} bytes to {options['output']}")
        elif options["format"] == "xlsx":
            raise CommandError("XLSX is binary: give a file with -o FILE")
        else:
            command.stdout.write(data.decode("utf-8-sig"), ending="")
