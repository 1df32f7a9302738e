"""Registry use cases: create and change companies, solutions, contacts and private notes.

Every page, API endpoint and CLI command changes the registry through these
functions. Each one checks permissions through `accounts.scoping`, validates the
input (raising `django.core.exceptions.ValidationError` whose error dict names the
field), writes the change in one transaction and records an `AuditEvent` with the
fields before and after.

`data` arguments are mappings of field name to value; for updates only the keys
present are changed. Unknown keys are an error, so a typo never passes silently.
"""

from __future__ import annotations

from sme2go.registry.services.companies import (
    COMPANY_CLEANERS,
    COMPANY_FIELDS,
    CONTACT_FIELDS,
    LIMITS,
    PROFILE_FIELDS,
    PROGRAMME_FIELDS,
    SOLUTION_FIELDS,
    AlreadyRegistered,
    ChangedMeanwhile,
    ItemError,
    add_contact,
    add_note,
    add_solution,
    company_version,
    contact_version,
    create_company,
    delete_company,
    delete_contact,
    delete_solution,
    new_registration_token,
    resolve_partners,
    solution_version,
    update_company,
    update_contact,
    update_solution,
    what_saving_would_change,
)

__all__ = [
    "COMPANY_CLEANERS",
    "COMPANY_FIELDS",
    "CONTACT_FIELDS",
    "LIMITS",
    "PROFILE_FIELDS",
    "PROGRAMME_FIELDS",
    "SOLUTION_FIELDS",
    "AlreadyRegistered",
    "ChangedMeanwhile",
    "ItemError",
    "add_contact",
    "add_note",
    "add_solution",
    "company_version",
    "contact_version",
    "create_company",
    "delete_company",
    "delete_contact",
    "delete_solution",
    "new_registration_token",
    "resolve_partners",
    "solution_version",
    "update_company",
    "update_contact",
    "update_solution",
    "what_saving_would_change",
]
