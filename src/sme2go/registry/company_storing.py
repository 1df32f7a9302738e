"""Writing checked company records to the database in bulk (used by `importing.py`).

New rows go in through `bulk_writes.insert_rows` (plain parameters, hundreds of rows a
statement), which skips `Company.save()`: the derived name key and search text are set
here with `refresh_derived_fields()`. Updates go through `bulk_writes.update_rows`.
Call inside `transaction.atomic()`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from django.db import connections
from django.utils import timezone

from sme2go.registry.bulk_writes import insert_rows, update_rows
from sme2go.registry.company_changes import COMPANY_FIELDS, contact_key
from sme2go.registry.company_rows import (
    SIMPLE_CONTACT_COLUMNS,
    SIMPLE_SOLUTION_COLUMNS,
    CompanyRecord,
    ContactRecord,
    SolutionRecord,
)
from sme2go.registry.models import (
    Company,
    Contact,
    Partner,
    ReferenceDeployment,
    Solution,
    SolutionCapability,
)

BATCH = 1000
T = TypeVar("T")


def _batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def store_companies(
    records: list[CompanyRecord],
    matches: dict[int, int | None],
    *,
    linked_partner: Partner | None,
    progress: Callable[[str, int, int], None] | None = None,
) -> None:
    """Create the new companies and update the matched ones, with partners, solutions and contacts."""
    partner_ids = dict(Partner.objects.values_list("short_name", "pk"))
    total, done = len(records), 0
    for batch in _batches(records, 2 * BATCH):
        created = _create([r for r in batch if matches[r.row] is None])
        updated = _update([r for r in batch if matches[r.row] is not None], matches)
        _link_partners(created, updated, partner_ids, linked_partner)
        _store_solutions(created, updated)
        _store_contacts(created, updated)
        done += len(batch)
        if progress is not None:
            progress("storing", done, total)


def _apply(company: Company, record: CompanyRecord, fields: Sequence[str]) -> None:
    for name in fields:
        setattr(company, name, getattr(record, name))
    company.refresh_derived_fields()


def _create(records: list[CompanyRecord]) -> list[tuple[int, CompanyRecord]]:
    rows = []
    uuid_field, connection = Company._meta.get_field("sme2go_id"), connections[Company.objects.db]
    for record in records:
        company = Company()
        _apply(company, record, COMPANY_FIELDS)
        # A row from another registry's export keeps its sme2go id; a new company gets one.
        sme2go_id = uuid.UUID(record.sme2go_id) if record.sme2go_id else uuid.uuid4()
        rows.append((*(getattr(company, name) for name in COMPANY_FIELDS), company.name_key, company.search_text,
                     uuid_field.get_db_prep_save(sme2go_id, connection)))
    ids = insert_rows(Company, (*COMPANY_FIELDS, "name_key", "search_text", "sme2go_id"), rows, return_ids=True)
    return list(zip(ids, records, strict=True))


def _update(records: list[CompanyRecord], matches: dict[int, int | None]) -> list[tuple[int, CompanyRecord]]:
    if not records:
        return []
    found = Company.objects.in_bulk([matches[r.row] for r in records])
    now = timezone.now()
    companies = []
    changed_fields: set[str] = set()
    for record in records:
        company = found[matches[record.row]]  # type: ignore[index]
        fields = [name for name in COMPANY_FIELDS if name in record.given]
        changed_fields.update(fields)
        _apply(company, record, fields)
        company.updated_at = now
        companies.append(company)
    columns = sorted(changed_fields | {"name_key", "search_text", "updated_at"})
    update_rows(Company, columns, [(c.pk, *(getattr(c, name) for name in columns)) for c in companies])
    return [(company.pk, record) for company, record in zip(companies, records, strict=True)]


def _link_partners(created: list[tuple[int, CompanyRecord]], updated: list[tuple[int, CompanyRecord]],
                   partner_ids: dict[str, int], linked_partner: Partner | None) -> None:
    """Add partner links (an import never removes one)."""
    def wanted(record: CompanyRecord) -> list[int]:
        ids = {partner_ids[name] for name in record.partners}
        if linked_partner is not None:
            ids.add(linked_partner.pk)
        return sorted(ids)

    Link = Company.partners.through
    insert_rows(Link, ("company_id", "partner_id"),
                [(company_id, pid) for company_id, record in created for pid in wanted(record)])
    Link.objects.bulk_create(
        [Link(company_id=company_id, partner_id=pid) for company_id, record in updated for pid in wanted(record)],
        batch_size=BATCH, ignore_conflicts=True,
    )


def _gives(record: CompanyRecord, columns: Sequence[str]) -> bool:
    return any(name in record.given for name in columns)


def _store_solutions(created: list[tuple[int, CompanyRecord]], updated: list[tuple[int, CompanyRecord]]) -> None:
    """New solutions are created; a solution of the same name (any case) is updated in place."""
    updated = [(c, r) for c, r in updated if r.solutions and _gives(r, ("solutions_json", *SIMPLE_SOLUTION_COLUMNS))]
    existing: dict[tuple[int, str], Solution] = {}
    for solution in Solution.objects.filter(company_id__in=[c for c, _ in updated]).order_by("pk"):
        existing.setdefault((solution.company_id, solution.name.lower()), solution)
    fresh: list[tuple[int, SolutionRecord]] = [(c, spec) for c, r in created for spec in r.solutions]
    kept: list[tuple[Solution, SolutionRecord]] = []
    for company_id, record in updated:
        for spec in record.solutions:
            solution = existing.get((company_id, spec.name.lower()))
            if solution is None:
                fresh.append((company_id, spec))
            else:
                solution.name, solution.description, solution.trl = spec.name, spec.description, spec.trl
                kept.append((solution, spec))
    fresh_ids = insert_rows(Solution, ("company_id", "name", "description", "trl"),
                            [(c, s.name, s.description, s.trl) for c, s in fresh], return_ids=True)
    if kept:
        update_rows(Solution, ("name", "description", "trl"), [(s.pk, s.name, s.description, s.trl) for s, _ in kept])
        kept_ids = [s.pk for s, _ in kept]
        SolutionCapability.objects.filter(solution_id__in=kept_ids).delete()
        ReferenceDeployment.objects.filter(solution_id__in=kept_ids).delete()
    specs = list(zip(fresh_ids, (s for _, s in fresh), strict=True)) + [(s.pk, spec) for s, spec in kept]
    insert_rows(SolutionCapability, ("solution_id", "capability_id", "level"),
                [(sid, cap, level) for sid, spec in specs for cap, level in spec.capabilities.items()])
    insert_rows(ReferenceDeployment, ("solution_id", "city", "country", "year", "description"),
                [(sid, r.city, r.country, r.year, r.description) for sid, spec in specs for r in spec.references])


def _contact_key(company_id: int, name: str, email: str) -> tuple[int, str]:
    return (company_id, contact_key(name, email))


def _store_contacts(created: list[tuple[int, CompanyRecord]], updated: list[tuple[int, CompanyRecord]]) -> None:
    """New contacts are created; one with the same e-mail (or, without one, name) is updated."""
    updated = [(c, r) for c, r in updated if r.contacts and _gives(r, ("contacts_json", *SIMPLE_CONTACT_COLUMNS))]
    existing: dict[tuple[int, str], Contact] = {}
    for contact in Contact.objects.filter(company_id__in=[c for c, _ in updated]).order_by("pk"):
        existing.setdefault(_contact_key(contact.company_id, contact.name, contact.email), contact)
    fresh: list[tuple[int, ContactRecord]] = [(c, spec) for c, r in created for spec in r.contacts]
    kept: list[Contact] = []
    for company_id, record in updated:
        for spec in record.contacts:
            contact = existing.get(_contact_key(company_id, spec.name, spec.email))
            if contact is None:
                fresh.append((company_id, spec))
            else:
                contact.name, contact.role, contact.email = spec.name, spec.role, spec.email
                contact.consent_to_contact = spec.consent
                kept.append(contact)
    insert_rows(Contact, ("company_id", "name", "role", "email", "consent_to_contact"),
                [(c, s.name, s.role, s.email, s.consent) for c, s in fresh])
    if kept:
        update_rows(Contact, ("name", "role", "email", "consent_to_contact"),
                    [(c.pk, c.name, c.role, c.email, c.consent_to_contact) for c in kept])
