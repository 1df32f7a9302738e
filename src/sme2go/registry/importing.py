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
from sme2go.accounts.scoping import (
    advisor_partner,
    can_import_companies,
    editable_company_ids,
    linkable_partner_ids,
)
from sme2go.registry.bulk_writes import refresh_statistics
from sme2go.registry.company_changes import StoredCompany, changes_company, stored_companies
from sme2go.registry.company_formats import read_company_file
from sme2go.registry.company_rows import CompanyRecord, RowRules, check_rows, resolve_mapping
from sme2go.registry.company_storing import store_companies
from sme2go.registry.merging import live_company_id
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
    """What an import found and did. `problems` are (row, column, reason), sorted by row.

    `created`, `updated` and `unchanged` count the rows without problems: new companies, companies
    the row changes, and companies the row matches exactly (nothing is written for those).
    """

    dry_run: bool = False
    stored: bool = False
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
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
        """One line for people: what happened to each kind of row, or why nothing did."""
        if self.problems and all(p.row == 0 for p in self.problems):  # the file as a whole
            reasons = "; ".join(p.reason for p in self.problems)
            return f"Dry run: {reasons}. Nothing was changed." if self.dry_run else f"Nothing was imported: {reasons}."
        where = f" in {counted(self.rejected_rows, 'row')}" if self.rejected_rows else " in the header row"
        problems = f"{counted(len(self.problems), 'problem')}{where}"
        if self.dry_run:
            verdict = problems if self.problems else "no problems"
            outcome = f"{self.created:,} to create, {self.updated:,} to update, {self.unchanged:,} unchanged"
            return f"Dry run of {counted(self.rows_read, 'row')}: {verdict}; {outcome}. Nothing was changed."
        if not self.stored:
            return f"Nothing was imported: {problems}. Fix them and import again."
        outcome = f"{self.created:,} created, {self.updated:,} updated, {self.unchanged:,} unchanged"
        if not self.rejected_rows:
            return f"Imported {counted(self.rows_read, 'row')} in {self.seconds:.1f} s: {outcome}."
        good = self.created + self.updated + self.unchanged
        left_out = f"{counted(self.rejected_rows, 'row')} with problems {'was' if self.rejected_rows == 1 else 'were'}"
        return f"Imported {good:,} of {counted(self.rows_read, 'row')} in {self.seconds:.1f} s: {outcome}. {left_out} not imported."


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
    report.rows_read = len(table.rows) + table.unreadable_rows
    if not report.rows_read:
        report.problems = [Problem(0, "", "the file has a header row but no company rows")]
        return _finished(report, started)
    column_of, report.ignored_columns, header_problems = resolve_mapping(table.headers, mapping)
    if header_problems:
        report.problems = sorted(header_problems + table.problems)
        return _finished(report, started)

    rules = RowRules(
        capability_ids=frozenset(c.id for c in load_taxonomy().capabilities),
        partner_short_names=frozenset(Partner.objects.values_list("short_name", flat=True)),
        this_year=datetime.date.today().year,
    )
    headers = {name: table.headers[index] for index, name in column_of.items()}
    checking = (lambda done, total: progress("checking", done, total)) if progress else None
    records, problems = check_rows(table, column_of, rules, progress=checking)
    matches, match_problems = match_existing(records, headers)
    stored = stored_companies(company_id for company_id in matches.values() if company_id is not None)
    partner_ids = dict(Partner.objects.values_list("short_name", "pk"))
    # An advisor's own partner is linked to what they import, but on a company that exists it is
    # no change: an advisor changes only companies their partner supports already.
    link_counts = linked_partner if actor is None or advisor_partner(actor) is None else None
    changing = {
        r.row for r in records
        if (company_id := matches[r.row]) is None
        or changes_company(r, stored[company_id], _wanted_partner_ids(r, partner_ids, link_counts))
    }
    problems += match_problems + _permission_problems(actor, records, matches, changing, stored, partner_ids, headers)
    bad_rows = {p.row for p in problems}
    good = [r for r in records if r.row not in bad_rows]
    report.problems = sorted(problems)
    report.rejected_rows = len(bad_rows - {0, 1})
    report.created = sum(1 for r in good if matches.get(r.row) is None)
    report.updated = sum(1 for r in good if matches.get(r.row) is not None and r.row in changing)
    report.unchanged = len(good) - report.created - report.updated
    if dry_run or (problems and all_or_nothing) or not good:
        return _finished(report, started)

    with transaction.atomic():
        store_companies([r for r in good if r.row in changing], matches, linked_partner=linked_partner,
                        progress=progress)
        AuditEvent.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action="import",
            object_type=Company._meta.label,
            object_id="",
            summary=f"import of {filename or 'a file'}: {report.created} created, {report.updated} updated, "
                    f"{report.unchanged} unchanged"[:300],
            changes={"file": filename, "rows": report.rows_read, "created": report.created,
                     "updated": report.updated, "unchanged": report.unchanged,
                     "rejected_rows": report.rejected_rows,
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


def match_existing(records: list[CompanyRecord], headers: dict[str, str] | None = None,
                   ) -> tuple[dict[int, int | None], list[Problem]]:
    """Row -> id of the registry company it updates (None: a new company), and conflicts.

    A row's sme2go id (as an export writes it) decides first: it updates that company, or the
    company it was merged into since. Otherwise a registry code decides; without one (on either
    side), the normalised legal name and country do. Two rows that land on the same company are
    a problem of the later row.
    """
    by_code: dict[str, tuple[int, str]] = {}
    by_name: dict[tuple[str, str], tuple[int, str]] = {}
    live = Company.objects.filter(merged_into__isnull=True).order_by("pk")
    for pk, code, name_key, country in live.values_list("pk", "registry_code", "name_key", "country").iterator(chunk_size=5000):
        if code:
            by_code.setdefault(code.strip().upper(), (pk, code))
        by_name.setdefault((name_key, country), (pk, code))
    by_sme2go_id, merged_since = _companies_by_sme2go_id([r.sme2go_id for r in records if r.sme2go_id])
    matches: dict[int, int | None] = {}
    claimed: dict[int, int] = {}
    problems = []
    column = (headers or {}).get("legal_name", "legal_name")
    for record in records:
        company_id = by_sme2go_id.get(record.sme2go_id) if record.sme2go_id else None
        if company_id is None:
            code = record.registry_code.upper()
            hit = by_code.get(code) if code else None
            if hit is None:
                named = by_name.get((record.name_key, record.country))
                if named is not None and (not code or not named[1]):
                    hit = named
            company_id = hit[0] if hit else None
        if company_id is not None and company_id in claimed:
            problems.append(Problem(record.row, column, (
                f"{record.legal_name} was merged into another company since this file was exported, and row "
                f"{claimed[company_id]} updates that company already: keep one of the two rows"
            ) if record.sme2go_id in merged_since else (
                f"{record.legal_name} is the same registry company as row {claimed[company_id]}")))
        elif company_id is not None:
            claimed[company_id] = record.row
        matches[record.row] = company_id
    return matches, problems


def _companies_by_sme2go_id(sme2go_ids: list[str]) -> tuple[dict[str, int], set[str]]:
    """sme2go id -> the live company that has it, or that its company was merged into since;
    and the ids of companies merged away."""
    found: dict[str, int] = {}
    merged: set[str] = set()
    for start in range(0, len(sme2go_ids), 5000):  # SQLite limits the parameters of one query
        rows = Company.objects.filter(sme2go_id__in=sme2go_ids[start:start + 5000])
        for pk, sme2go_id, merged_into_id in rows.values_list("pk", "sme2go_id", "merged_into_id"):
            live = pk if merged_into_id is None else live_company_id(pk)
            if live is not None:
                found[str(sme2go_id)] = live
            if merged_into_id is not None:
                merged.add(str(sme2go_id))
    return found, merged


def _wanted_partner_ids(record: CompanyRecord, partner_ids: dict[str, int], linked: Partner | None) -> set[int]:
    """The partners a row links its company to: those it names, and the importing partner."""
    wanted = {partner_ids[name] for name in record.partners if name in partner_ids}
    return wanted | ({linked.pk} if linked is not None else set())


def _permission_problems(
    actor: Any, records: list[CompanyRecord], matches: dict[int, int | None], changing: set[int],
    stored: dict[int, StoredCompany], partner_ids: dict[str, int], headers: dict[str, str],
) -> list[Problem]:
    """Rows the actor may not import: changes to a company they may not edit, and support of
    another partner added to a company (an advisor adds only their own partner's; a row may name
    partners that already support the company). Rows that change nothing need no right."""
    if actor is None:
        return []
    existing = {matches[r.row] for r in records if r.row in changing and matches[r.row] is not None}
    allowed = editable_company_ids(actor, existing)  # type: ignore[arg-type]
    problems = [
        Problem(r.row, headers.get("legal_name", "legal_name"),
                f"{r.legal_name} is already in the registry, supported by other partners: "
                "you may not change it (ask its advisor or the programme manager)")
        for r in records
        if r.row in changing and matches.get(r.row) is not None and matches[r.row] not in allowed
    ]
    linkable = linkable_partner_ids(actor)
    if linkable is None:
        return problems
    own = advisor_partner(actor)
    for record in records:
        company_id = matches.get(record.row)
        supporting = stored[company_id].partner_ids if company_id is not None else set()
        others = [name for name in record.partners
                  if partner_ids.get(name) not in linkable and partner_ids.get(name) not in supporting]
        if others:
            does = "does" if len(others) == 1 else "do"
            problems.append(Problem(
                record.row, headers.get("partners", "partners"),
                f"{', '.join(others)} {does} not support {record.legal_name}; you may add only "
                f"{own.short_name if own else 'no partner'}'s support (ask the other partners' advisors "
                "or the programme manager)",
            ))
    return problems
