"""Exporting the companies a user may see to CSV, XLSX or JSON (files that import back unchanged)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from sme2go.accounts.models import Role
from sme2go.accounts.scoping import role_of, visible_companies, visible_contacts
from sme2go.registry.company_formats import write_companies
from sme2go.registry.company_rows import (
    CompanyRecord,
    ContactRecord,
    ReferenceRecord,
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
from sme2go.registry.tabular import FILE_FORMATS

CHUNK = 1000  # companies per query: SQLite limits the parameters of one IN (...)


def export_companies(*, actor: Any, file_format: str, companies: QuerySet[Company] | None = None) -> bytes:
    """The bytes of an export of the companies `actor` may see (`actor` None: the operator, all).

    `companies` narrows the export (e.g. the filtered company list); it is always
    intersected with what the actor may see. Order: legal name, then registry code.
    """
    if file_format not in FILE_FORMATS:
        raise ValueError(f"unknown format {file_format!r} (formats: {', '.join(FILE_FORMATS)})")
    scope = Company.objects.filter(merged_into__isnull=True) if actor is None else visible_companies(actor)
    if companies is not None:
        scope = scope.filter(pk__in=companies.values("pk"))
    return write_companies(company_records(scope, actor=actor), file_format)


def company_records(scope: QuerySet[Company], *, actor: Any = None) -> Iterator[CompanyRecord]:
    """The stored companies as records, in a stable order, a chunk of queries per thousand companies."""
    ids = list(scope.order_by("legal_name", "registry_code", "pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        by_id = Company.objects.in_bulk(chunk)
        companies = [by_id[pk] for pk in chunk]
        _prefetch(companies)
        for company in companies:
            yield company_record(company, with_contacts=actor is None or _may_see_contacts(actor, company))


def _prefetch(companies: list[Company]) -> None:
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        companies,
        Prefetch("partners", queryset=Partner.objects.order_by("short_name")),
        Prefetch("solutions", queryset=Solution.objects.order_by("name", "pk").prefetch_related(
            Prefetch("capabilities", queryset=SolutionCapability.objects.order_by("capability_id")),
            Prefetch("references", queryset=ReferenceDeployment.objects.order_by("pk")),
        )),
        Prefetch("contacts", queryset=Contact.objects.order_by("name", "pk")),
    )


def _may_see_contacts(actor: Any, company: Company) -> bool:
    # Contacts are personal data and scoping decides. Managers and advisors see every contact
    # (scoping.visible_contacts), which spares a query per company in large exports.
    if role_of(actor) in (Role.MANAGER, Role.ADVISOR):
        return True
    return visible_contacts(actor, company).exists()


def company_record(company: Company, *, with_contacts: bool = True) -> CompanyRecord:
    """One stored company (with prefetched relations) as a record."""
    return CompanyRecord(
        row=0,
        legal_name=company.legal_name,
        country=company.country,
        city=company.city,
        registry_code=company.registry_code,
        vat=company.vat,
        website=company.website,
        size_band=company.size_band,
        founded_year=company.founded_year,
        nace_codes=list(company.nace_codes or []),
        description=company.description,
        partners=[p.short_name for p in company.partners.all()],
        status=company.status,
        is_generated=company.is_generated,
        solutions=[
            SolutionRecord(
                name=s.name, description=s.description, trl=s.trl,
                capabilities={c.capability_id: c.level for c in s.capabilities.all()},
                references=[ReferenceRecord(city=r.city, country=r.country, year=r.year, description=r.description)
                            for r in s.references.all()],
            )
            for s in company.solutions.all()
        ],
        contacts=[
            ContactRecord(name=c.name, role=c.role, email=c.email, consent=c.consent_to_contact)
            for c in company.contacts.all()
        ] if with_contacts else [],
    )
