"""Table exports of `sme2go export` beyond the registry (support actions, leads, the readiness cohort): the
options they share (`-o`, `--format`, `--partner`, `--year`, `--user`) and how they write. Each kind is a `TableExport`
with its help, headers and rows, registered in registry/io_commands.EXPORT_KINDS.

Text cells a spreadsheet would run as a formula are guarded (registry.tabular.guard_cell in the CSV;
the XLSX stores text as text), so a buyer named "=HYPERLINK(...)" stays a name.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from sme2go.cli_files import bad_input, output_file
from sme2go.registry.io_commands import user_option
from sme2go.registry.models import Partner
from sme2go.registry.services import resolve_partners
from sme2go.registry.tabular import write_csv, write_xlsx

YEARS = range(2000, 2101)


class TableExport:
    """One kind of `sme2go export`: a table of what `--user` may see, filtered by partner and year."""

    help = ""
    title = ""  # the XLSX sheet's name
    headers: Sequence[str] = ()
    year_help: str | None = "only those of YYYY"  # --year's help, e.g. "only support given in YYYY"; None: no --year

    def rows(self, *, actor: Any, partner_id: int | None, year: int | None) -> Iterable[Sequence[object]]:
        raise NotImplementedError

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="file format (default csv)")
        parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output, not for xlsx)")
        parser.add_argument("--partner", metavar="SHORT", help="only this partner's, by short name or id (e.g. Tehnopol)")
        if self.year_help is not None:
            parser.add_argument("--year", type=int, metavar="YYYY", help=self.year_help)
        parser.add_argument("--user", metavar="USERNAME", help="export what this user may see (default: operator, all)")

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        kind, target, year = options["format"], options.get("output"), options.get("year")
        if kind == "xlsx" and not target:
            raise bad_input("--format xlsx: XLSX is binary; give a file with -o FILE")
        if year is not None and year not in YEARS:
            raise bad_input(f"--year {year}: give a year between {YEARS[0]} and {YEARS[-1]}")
        path = output_file(target, "-o") if target else None
        partner_id = _partner(options.get("partner"))
        try:
            rows = list(self.rows(actor=user_option(options.get("user")), partner_id=partner_id, year=year))
        except PermissionDenied as refused:  # a table only staff may see, asked for as another user
            raise CommandError(f"--user {options.get('user')!r}: {refused}") from None
        if kind == "xlsx":
            data = write_xlsx(self.headers, rows, title=self.title)
        else:
            data = write_csv(self.headers, rows)
        if path is None:
            command.stdout.write(data.decode("utf-8-sig"), ending="")
            return
        path.write_bytes(data)
        command.stderr.write(f"wrote {path} ({len(rows):,} rows)")


def _partner(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return resolve_partners([value])[0].pk
    except ValueError:
        known = ", ".join(Partner.objects.order_by("short_name").values_list("short_name", flat=True))
        raise bad_input(f"--partner {value!r}: unknown partner organisation (partners: {known})") from None
