"""What an import row would change in the registry company it matches (used by `importing.py`).

A row changes its company when a field the file gives differs from the stored value, when it
adds a partner link, or when one of its solutions or contacts is new or differs from the stored
one it would update (`company_storing` rules: a solution by name, any case; a contact by e-mail,
else by name). Rows that change nothing are reported as unchanged and not written, and need no
permission to edit the company: an export imports back unchanged for anyone who may import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sme2go.registry.bulk_writes import id_chunks
from sme2go.registry.company_rows import (
    SIMPLE_CONTACT_COLUMNS,
    SIMPLE_SOLUTION_COLUMNS,
    CompanyRecord,
)
from sme2go.registry.models import (
    Company,
    Contact,
    ReferenceDeployment,
    Solution,
    SolutionCapability,
)
from sme2go.registry.rules import clean_website

# The company columns an import writes (`company_storing.COMPANY_FIELDS`).
COMPANY_FIELDS = (
    "legal_name", "country", "city", "registry_code", "vat", "website", "size_band", "founded_year",
    "nace_codes", "description", "status", "is_generated",
)  # fmt: skip
SolutionState = tuple[str, str, int, dict[str, float], list[tuple[str, str, int | None, str]]]
ContactState = tuple[str, str, str, bool]


@dataclass
class StoredCompany:
    """A registry company as an import compares it: fields, partner ids, solutions and contacts."""

    fields: dict[str, object]
    partner_ids: set[int] = field(default_factory=set)
    solutions: dict[str, SolutionState] = field(default_factory=dict)  # lower-case name -> first by id
    contacts: dict[str, ContactState] = field(default_factory=dict)  # contact key -> first by id


def contact_key(name: str, email: str) -> str:
    """How an import finds a stored contact: by e-mail, else by name (any case)."""
    return f"@{email.lower()}" if email else name.lower()


def stored_companies(company_ids: Iterable[int]) -> dict[int, StoredCompany]:
    """The stored state of these companies, a few queries per thousand."""
    ids = sorted(set(company_ids))
    stored: dict[int, StoredCompany] = {}
    for chunk in id_chunks(ids):
        for values in Company.objects.filter(pk__in=chunk).values("pk", *COMPANY_FIELDS):
            stored[values.pop("pk")] = StoredCompany(fields=values)
        links = Company.partners.through.objects.filter(company_id__in=chunk)
        for company_id, partner_id in links.values_list("company_id", "partner_id"):
            stored[company_id].partner_ids.add(partner_id)
        _load_solutions(chunk, stored)
        for company_id, name, role, email, consent in Contact.objects.filter(company_id__in=chunk).order_by(
                "pk").values_list("company_id", "name", "role", "email", "consent_to_contact"):
            stored[company_id].contacts.setdefault(contact_key(name, email), (name, role, email, consent))
    return stored


def _load_solutions(chunk: list[int], stored: dict[int, StoredCompany]) -> None:
    first: dict[int, tuple[int, str]] = {}  # solution id -> (company id, lower name), the first of each name
    rows = Solution.objects.filter(company_id__in=chunk).order_by("pk")
    details: dict[int, SolutionState] = {}
    for pk, company_id, name, description, trl in rows.values_list("pk", "company_id", "name", "description", "trl"):
        key = name.lower()
        if key not in stored[company_id].solutions:
            stored[company_id].solutions[key] = details[pk] = (name, description, trl, {}, [])
            first[pk] = (company_id, key)
    capabilities = SolutionCapability.objects.filter(solution_id__in=list(first))
    for solution_id, capability_id, level in capabilities.values_list("solution_id", "capability_id", "level"):
        details[solution_id][3][capability_id] = level
    references = ReferenceDeployment.objects.filter(solution_id__in=list(first)).order_by("pk")
    for solution_id, city, country, year, description in references.values_list(
            "solution_id", "city", "country", "year", "description"):
        details[solution_id][4].append((city, country, year, description))


def _same(name: str, stored: object, imported: object) -> bool:
    """Equal, or the same once the stored value is written the way an import writes it (a website
    stored as `cityio.fi` is the file's `https://cityio.fi`: no change worth a write)."""
    if stored == imported:
        return True
    if name == "website" and isinstance(stored, str):
        try:
            return clean_website(stored) == imported
        except ValueError:
            return False
    return False


def changes_company(record: CompanyRecord, stored: StoredCompany, wanted_partner_ids: Iterable[int]) -> bool:
    """Would importing `record` change `stored`? Only the columns the file gives count."""
    if any(name in record.given and not _same(name, stored.fields[name], getattr(record, name))
           for name in COMPANY_FIELDS):
        return True
    if not set(wanted_partner_ids) <= stored.partner_ids:
        return True
    if record.solutions and any(name in record.given for name in ("solutions_json", *SIMPLE_SOLUTION_COLUMNS)):
        for spec in record.solutions:
            references = [(r.city, r.country, r.year, r.description) for r in spec.references]
            if stored.solutions.get(spec.name.lower()) != (
                    spec.name, spec.description, spec.trl, spec.capabilities, references):
                return True
    if record.contacts and any(name in record.given for name in ("contacts_json", *SIMPLE_CONTACT_COLUMNS)):
        for contact in record.contacts:
            if stored.contacts.get(contact_key(contact.name, contact.email)) != (
                    contact.name, contact.role, contact.email, contact.consent):
                return True
    return False
