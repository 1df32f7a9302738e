"""Importing companies from a CSV, XLSX or JSON file: one use case for the page, the CLI and the API.

Every row is checked first (`company_rows.check_rows`); a dry run stops there and changes
nothing. A real run is all-or-nothing by default: one bad row and nothing is stored. With
`all_or_nothing=False` the good rows are stored and the bad ones reported. A company already
in the registry (same registry code, or the same normalised legal name in the same country)
is updated, never duplicated; an import never deletes a solution, contact or partner link.
The work is done in bulk (a few statements per thousand rows), so 50,000 rows take seconds.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from sme2go.accounts.models import AuditEvent
from sme2go.accounts.scoping import advisor_partner, can_import_companies, editable_company_ids
from sme2go.registry.bulk_writes import refresh_statistics
from sme2go.registry.company_formats import read_company_file
from sme2go.registry.company_rows import CompanyRecord, RowRules, check_rows, resolve_mapping
from sme2go.registry.company_storing import store_companies
from sme2go.registry.models import (
    Company,
    Contact,
    Partner,
    ReferenceDeployment,
    Solution,
    SolutionCapability,
)
from sme2go.registry.tabular import Problem, Table, TableError, detect_format
from sme2go.taxonomy import load_taxonomy

# progress(stage, done, total): stage is "checking" or "storing".
ANALYZE_AFTER_ROWS = 5000  # refresh PostgreSQL's planner statistics after an import this large
Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    """What an import found and did. `problems` are (row, column, reason), sorted by row."""

    dry_run: bool = False
    stored: bool = False
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    rejected_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    file_format: str = ""
    encoding: str = ""
    delimiter: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows_per_second(self) -> float:
        return self.rows_read / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        """One line for people: what happened, or why nothing did."""
        counts = f"{self.created:,} to create, {self.updated:,} to update" if self.dry_run or not self.stored \
            else f"{self.created:,} created, {self.updated:,} updated"
        if self.dry_run:
            verdict = "no problems" if self.ok else f"{counted(len(self.problems), 'problem')} in {counted(self.rejected_rows, 'row')}"
            return f"Dry run of {self.rows_read:,} rows: {verdict}; {counts}. Nothing was changed."
        if not self.stored:
            where = f" in {counted(self.rejected_rows, 'row')}" if self.rejected_rows else ""
            return f"Nothing was imported: {counted(len(self.problems), 'problem')}{where}. Fix them and import again."
        skipped = f"; {counted(self.rejected_rows, 'row')} with problems skipped" if self.rejected_rows else ""
        return f"Imported {self.rows_read:,} rows in {self.seconds:.1f} s: {counts}{skipped}."


def counted(number: int, noun: str) -> str:
    """`counted(1, "row")` -> '1 row', `counted(2_000, "row")` -> '2,000 rows'."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def import_companies(
    *,
    actor: Any,
    data: bytes | None = None,
    filename: str = "",
    file_format: str | None = None,
    table: Table | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    all_or_nothing: bool = True,
    partner: Partner | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import companies from file bytes (or an already read `table`) and report what happened.

    `actor` None means the operator at the command line (every right); a user must be a
    programme manager or an advisor. An advisor's imported companies are linked to the
    advisor's partner, and an advisor may update only companies that partner supports.
    `partner` links every imported company to that partner as well.
    """
    started = time.perf_counter()
    linked_partner = importing_partner(actor, partner)
    report = ImportReport(dry_run=dry_run)
    try:
        if table is None:
            if data is None:
                raise ValueError("import_companies needs data or a table")
            report.file_format = file_format or detect_format(filename, data)
            table = read_company_file(data, report.file_format)
    except TableError as exc:
        report.problems = sorted(exc.problems)
        return _finished(report, started)
    report.file_format, report.encoding, report.delimiter = table.file_format, table.encoding, table.delimiter
    report.rows_read = len(table.rows)
    column_of, report.ignored_columns, header_problems = resolve_mapping(table.headers, mapping)
    if header_problems:
        report.problems = sorted(header_problems + table.problems)
        return _finished(report, started)

    rules = RowRules(
        capability_ids=frozenset(c.id for c in load_taxonomy().capabilities),
        partner_short_names=frozenset(Partner.objects.values_list("short_name", flat=True)),
        this_year=datetime.date.today().year,
    )
    checking = (lambda done, total: progress("checking", done, total)) if progress else None
    records, problems = check_rows(table, column_of, rules, progress=checking)
    matches, match_problems = match_existing(records)
    problems += match_problems + _permission_problems(actor, records, matches)
    bad_rows = {p.row for p in problems}
    good = [r for r in records if r.row not in bad_rows]
    report.problems = sorted(problems)
    report.rejected_rows = len(bad_rows)
    report.created = sum(1 for r in good if matches.get(r.row) is None)
    report.updated = len(good) - report.created
    if dry_run or (problems and all_or_nothing) or not good:
        return _finished(report, started)

    with transaction.atomic():
        store_companies(good, matches, linked_partner=linked_partner, progress=progress)
        AuditEvent.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action="import",
            object_type=Company._meta.label,
            object_id="",
            summary=f"import of {filename or 'a file'}: {report.created} created, {report.updated} updated"[:300],
            changes={"file": filename, "rows": report.rows_read, "created": report.created,
                     "updated": report.updated, "rejected_rows": report.rejected_rows,
                     "partner": linked_partner.short_name if linked_partner else None},
        )
    report.stored = True
    if report.created + report.updated >= ANALYZE_AFTER_ROWS:
        refresh_statistics([Company, Company.partners.through, Solution, SolutionCapability,
                            ReferenceDeployment, Contact])
    return _finished(report, started)


def _finished(report: ImportReport, started: float) -> ImportReport:
    report.seconds = time.perf_counter() - started
    return report


def importing_partner(actor: Any, requested: Partner | None) -> Partner | None:
    """The partner imported companies are linked to; PermissionDenied for users who may not import."""
    if actor is None:
        return requested
    if not can_import_companies(actor):
        raise PermissionDenied("only programme managers and advisors import companies")
    own = advisor_partner(actor)
    if own is not None:
        if requested is not None and requested.pk != own.pk:
            raise PermissionDenied("an advisor imports companies only for their own partner organisation")
        return own
    return requested


def match_existing(records: list[CompanyRecord]) -> tuple[dict[int, int | None], list[Problem]]:
    """Row -> id of the registry company it updates (None: a new company), and conflicts.

    A registry code decides; without one (on either side), the normalised legal name and
    country do. Two rows that land on the same company are a problem of the later row.
    """
    by_code: dict[str, tuple[int, str]] = {}
    by_name: dict[tuple[str, str], tuple[int, str]] = {}
    live = Company.objects.filter(merged_into__isnull=True).order_by("pk")
    for pk, code, name_key, country in live.values_list("pk", "registry_code", "name_key", "country").iterator(chunk_size=5000):
        if code:
            by_code.setdefault(code.strip().upper(), (pk, code))
        by_name.setdefault((name_key, country), (pk, code))
    matches: dict[int, int | None] = {}
    claimed: dict[int, int] = {}
    problems = []
    for record in records:
        code = record.registry_code.upper()
        hit = by_code.get(code) if code else None
        if hit is None:
            named = by_name.get((record.name_key, record.country))
            if named is not None and (not code or not named[1]):
                hit = named
        company_id = hit[0] if hit else None
        if company_id is not None and company_id in claimed:
            problems.append(Problem(record.row, "legal_name", f"{record.legal_name} is the same registry company "
                                    f"as row {claimed[company_id]}"))
        elif company_id is not None:
            claimed[company_id] = record.row
        matches[record.row] = company_id
    return matches, problems


def _permission_problems(actor: Any, records: list[CompanyRecord], matches: dict[int, int | None]) -> list[Problem]:
    if actor is None:
        return []
    existing = {company_id for company_id in matches.values() if company_id is not None}
    allowed = editable_company_ids(actor, existing)
    return [
        Problem(r.row, "legal_name", f"{r.legal_name} is already in the registry, supported by other partners: "
                "you may not change it (ask its advisor or the programme manager)")
        for r in records
        if matches.get(r.row) is not None and matches[r.row] not in allowed
    ]
