"""Writing checked company records to the database in bulk (used by `importing.py`).

`bulk_create` skips `Company.save()`, so the derived name key and search text are set
here with `refresh_derived_fields()`. Call inside `transaction.atomic()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from django.utils import timezone

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
COMPANY_FIELDS = (
    "legal_name", "country", "city", "registry_code", "vat", "website", "size_band", "founded_year",
    "nace_codes", "description", "status", "is_generated",
)  # fmt: skip
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
    for batch in _batches(records):
        created = _create(r for r in batch if matches[r.row] is None)
        updated = _update([r for r in batch if matches[r.row] is not None], matches)
        companies = created + updated
        _link_partners(companies, partner_ids, linked_partner)
        _store_solutions(companies)
        _store_contacts(companies)
        done += len(batch)
        if progress is not None:
            progress("storing", done, total)


def _apply(company: Company, record: CompanyRecord, fields: Sequence[str]) -> None:
    for name in fields:
        setattr(company, name, getattr(record, name))
    company.refresh_derived_fields()


def _create(records: Any) -> list[tuple[Company, CompanyRecord]]:
    pairs = []
    for record in records:
        company = Company()
        _apply(company, record, COMPANY_FIELDS)
        pairs.append((company, record))
    Company.objects.bulk_create([company for company, _ in pairs], batch_size=BATCH)
    return pairs


def _update(records: list[CompanyRecord], matches: dict[int, int | None]) -> list[tuple[Company, CompanyRecord]]:
    if not records:
        return []
    found = Company.objects.in_bulk([matches[r.row] for r in records])
    now = timezone.now()
    pairs = []
    changed_fields: set[str] = set()
    for record in records:
        company = found[matches[record.row]]  # type: ignore[index]
        fields = [name for name in COMPANY_FIELDS if name in record.given]
        changed_fields.update(fields)
        _apply(company, record, fields)
        company.updated_at = now
        pairs.append((company, record))
    Company.objects.bulk_update(
        [company for company, _ in pairs],
        sorted(changed_fields | {"name_key", "search_text", "updated_at"}),
        batch_size=BATCH,
    )
    return pairs


def _link_partners(pairs: list[tuple[Company, CompanyRecord]], partner_ids: dict[str, int],
                   linked_partner: Partner | None) -> None:
    """Add partner links (an import never removes one)."""
    Link = Company.partners.through
    links: list[Any] = []
    for company, record in pairs:
        wanted = {partner_ids[name] for name in record.partners}
        if linked_partner is not None:
            wanted.add(linked_partner.pk)
        links.extend(Link(company_id=company.pk, partner_id=pid) for pid in sorted(wanted))
    Link.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)


def _gives(record: CompanyRecord, columns: Sequence[str]) -> bool:
    return any(name in record.given for name in columns)


def _store_solutions(pairs: list[tuple[Company, CompanyRecord]]) -> None:
    """New solutions are created; a solution of the same name (any case) is updated in place."""
    pairs = [(c, r) for c, r in pairs if r.solutions and _gives(r, ("solutions_json", *SIMPLE_SOLUTION_COLUMNS))]
    existing: dict[tuple[int, str], Solution] = {}
    for solution in Solution.objects.filter(company_id__in=[c.pk for c, _ in pairs]).order_by("pk"):
        existing.setdefault((solution.company_id, solution.name.lower()), solution)
    fresh: list[tuple[Solution, SolutionRecord]] = []
    kept: list[tuple[Solution, SolutionRecord]] = []
    for company, record in pairs:
        for spec in record.solutions:
            solution = existing.get((company.pk, spec.name.lower()))
            if solution is None:
                fresh.append((Solution(company_id=company.pk, name=spec.name, description=spec.description,
                                       trl=spec.trl), spec))
            else:
                solution.name, solution.description, solution.trl = spec.name, spec.description, spec.trl
                kept.append((solution, spec))
    Solution.objects.bulk_create([s for s, _ in fresh], batch_size=BATCH)
    if kept:
        Solution.objects.bulk_update([s for s, _ in kept], ["name", "description", "trl"], batch_size=BATCH)
        kept_ids = [s.pk for s, _ in kept]
        SolutionCapability.objects.filter(solution_id__in=kept_ids).delete()
        ReferenceDeployment.objects.filter(solution_id__in=kept_ids).delete()
    SolutionCapability.objects.bulk_create(
        [SolutionCapability(solution_id=s.pk, capability_id=cap, level=level)
         for s, spec in fresh + kept for cap, level in spec.capabilities.items()],
        batch_size=BATCH,
    )
    ReferenceDeployment.objects.bulk_create(
        [ReferenceDeployment(solution_id=s.pk, city=r.city, country=r.country, year=r.year, description=r.description)
         for s, spec in fresh + kept for r in spec.references],
        batch_size=BATCH,
    )


def _contact_key(company_id: int, name: str, email: str) -> tuple[int, str]:
    return (company_id, f"@{email.lower()}" if email else name.lower())


def _store_contacts(pairs: list[tuple[Company, CompanyRecord]]) -> None:
    """New contacts are created; one with the same e-mail (or, without one, name) is updated."""
    pairs = [(c, r) for c, r in pairs if r.contacts and _gives(r, ("contacts_json", *SIMPLE_CONTACT_COLUMNS))]
    existing: dict[tuple[int, str], Contact] = {}
    for contact in Contact.objects.filter(company_id__in=[c.pk for c, _ in pairs]).order_by("pk"):
        existing.setdefault(_contact_key(contact.company_id, contact.name, contact.email), contact)
    fresh: list[Contact] = []
    kept: list[Contact] = []
    for company, record in pairs:
        spec: ContactRecord
        for spec in record.contacts:
            contact = existing.get(_contact_key(company.pk, spec.name, spec.email))
            if contact is None:
                fresh.append(Contact(company_id=company.pk, name=spec.name, role=spec.role, email=spec.email,
                                     consent_to_contact=spec.consent))
            else:
                contact.name, contact.role, contact.email = spec.name, spec.role, spec.email
                contact.consent_to_contact = spec.consent
                kept.append(contact)
    Contact.objects.bulk_create(fresh, batch_size=BATCH)
    if kept:
        Contact.objects.bulk_update(kept, ["name", "role", "email", "consent_to_contact"], batch_size=BATCH)
