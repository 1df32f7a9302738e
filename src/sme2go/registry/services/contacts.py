"""Contact use cases: add, change and remove a company's contact persons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sme2go.accounts import scoping
from sme2go.accounts.audit import record_change, record_update
from sme2go.registry import rules
from sme2go.registry.models import Company, Contact
from sme2go.registry.names import fold_search_text
from sme2go.registry.services._common import LIMITS, _one_line, _reject_unknown, _validate_model
from sme2go.registry.services.versions import _require_version, _version

CONTACT_FIELDS = ("name", "role", "email", "consent_to_contact")


def add_contact(*, actor: Any, company: Company, data: Mapping[str, Any]) -> Contact:
    """Add a contact person (name required; e-mail checked; consent to be contacted defaults to no)."""
    scoping.require_edit(actor, company)
    _reject_unknown(data, CONTACT_FIELDS)
    contact = Contact(company=company)
    with transaction.atomic():
        _apply_contact_data(contact, data, creating=True)
        record_change(
            actor=actor, action="contact.create", obj=contact, summary=f"{company.legal_name}: {contact.name}",
            changes={"before": {}, "after": _contact_snapshot(contact)},
        )
    return contact


def update_contact(*, actor: Any, contact: Contact, data: Mapping[str, Any], version: str | None = None) -> Contact:
    """Change a contact person's fields present in `data`. `version` (`contact_version()` as the
    form showed it) refuses a stale save with `ChangedMeanwhile`."""
    scoping.require_edit(actor, contact.company)
    _reject_unknown(data, CONTACT_FIELDS)
    with transaction.atomic():
        if version is not None:
            _require_version(contact, version, contact_version)
        before = _contact_snapshot(contact)
        _apply_contact_data(contact, data, creating=False)
        record_update(
            actor=actor, action="contact.update", obj=contact, before=before, after=_contact_snapshot(contact)
        )
    return contact


def delete_contact(*, actor: Any, contact: Contact) -> None:
    """Remove a contact person."""
    scoping.require_edit(actor, contact.company)
    with transaction.atomic():
        record_change(
            actor=actor, action="contact.delete", obj=contact, summary=f"removed {contact.name}",
            changes={"before": _contact_snapshot(contact), "after": {}, "company": contact.company_id},
        )
        contact.delete()


def _apply_contact_data(contact: Contact, data: Mapping[str, Any], *, creating: bool) -> None:
    errors: dict[str, list[str]] = {}
    cleaners = {"name": _one_line(LIMITS["contact_name"]),
                "role": lambda v: rules.clean_text(v, limit=LIMITS["contact_role"]),
                "email": lambda v: rules.clean_text(v, limit=LIMITS["contact_email"])}
    for name, clean in cleaners.items():
        if name in data or (creating and name == "name"):
            try:
                setattr(contact, name, clean(data.get(name)))
            except ValueError as error:
                errors[name] = [str(error)]
    if not errors and _has_same_contact(contact):
        # Also what makes Back-then-Save harmless: the second "Add contact" adds nothing.
        what = f"{contact.name} ({contact.email})" if contact.email else contact.name
        errors["name"] = [f"{contact.company.legal_name} already has the contact {what}"]
    if errors:
        raise ValidationError(errors)
    if "consent_to_contact" in data:
        contact.consent_to_contact = bool(data["consent_to_contact"])
    _validate_model(contact, exclude=["company"])
    contact.save()


def _has_same_contact(contact: Contact) -> bool:
    """Whether another contact of the same company has this name (case and accents aside) and
    e-mail (case aside): the same person entered twice."""
    key = (fold_search_text(contact.name), (contact.email or "").strip().casefold())
    others = Contact.objects.filter(company_id=contact.company_id).exclude(pk=contact.pk)
    return any((fold_search_text(name), (email or "").strip().casefold()) == key
               for name, email in others.values_list("name", "email"))


def _contact_snapshot(contact: Contact) -> dict[str, Any]:
    return {name: getattr(contact, name) for name in CONTACT_FIELDS}


def contact_version(contact: Contact) -> str:
    return _version(_contact_snapshot(contact))
