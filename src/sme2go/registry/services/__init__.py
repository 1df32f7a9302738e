"""Registry use cases: create and change companies, solutions, contacts and private notes.

Every page, API endpoint and CLI command changes the registry through these
functions. Each one checks permissions through `accounts.scoping`, validates the
input (raising `django.core.exceptions.ValidationError` whose error dict names the
field), writes the change in one transaction and records an `AuditEvent` with the
fields before and after.

`data` arguments are mappings of field name to value; for updates only the keys
present are changed. Unknown keys are an error, so a typo never passes silently.

The use cases live in `companies`, `solutions`, `contacts` and `notes`; `versions` refuses
lost updates and `previews` shows what a save would change. Callers use the names below:

    from sme2go.registry import services
    services.add_solution(actor=advisor, company=company, data={"name": "Parking sensors"})
"""

from __future__ import annotations

from sme2go.registry.services._common import LIMITS
from sme2go.registry.services.companies import (
    COMPANY_CLEANERS,
    COMPANY_FIELDS,
    PROFILE_FIELDS,
    PROGRAMME_FIELDS,
    AlreadyRegistered,
    company_version,
    create_company,
    delete_company,
    new_registration_token,
    resolve_partners,
    update_company,
)
from sme2go.registry.services.contacts import (
    CONTACT_FIELDS,
    add_contact,
    contact_version,
    delete_contact,
    update_contact,
)
from sme2go.registry.services.notes import add_note
from sme2go.registry.services.previews import what_saving_would_change
from sme2go.registry.services.solutions import (
    SOLUTION_FIELDS,
    ItemError,
    add_solution,
    delete_solution,
    solution_version,
    update_solution,
)
from sme2go.registry.services.versions import ChangedMeanwhile

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
