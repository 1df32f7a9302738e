"""Personal data: what sme2go holds about a person, as a download, and erasure on request.

The people sme2go holds data about are the companies' **contacts** (name, role, e-mail, consent)
and its **users**. A contact's data sits in the contact row and in the audit trail (the
snapshots of its creation, changes and removal, and any company event that names it). Erasure
removes the row and replaces the person's name and e-mail in those audit events with
"[erased]", and records that an erasure happened without saying of whom. Free text typed by
people (private notes, meeting outcomes) is not searched: the page says so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from sme2go.accounts import scoping
from sme2go.accounts.models import ApiToken, AuditEvent
from sme2go.registry.models import Contact

ERASED = "[erased]"


def _require(user: Any) -> None:
    if not scoping.can_handle_personal_data_requests(user):
        raise PermissionDenied("personal-data requests are handled by the programme manager")


def find_contacts(user: Any, text: str) -> QuerySet[Contact]:
    """Contacts whose e-mail is `text` (any case) or whose name contains it."""
    _require(user)
    text = text.strip()
    if not text:
        return Contact.objects.none()
    return Contact.objects.filter(Q(email__iexact=text) | Q(name__icontains=text)).select_related("company")


@dataclass(frozen=True)
class Person:
    """A contact as the audit trail knows it: still in the registry, or removed earlier."""

    contact_id: int
    company_id: int
    name: str
    email: str


def person_of(contact: Contact) -> Person:
    return Person(contact.pk, contact.company_id, contact.name, contact.email)


def removed_contacts(user: Any, text: str) -> list[Person]:
    """Contacts removed from the registry whose snapshot in the audit trail has that e-mail or a name
    containing the text (their data lives on in the trail until erased)."""
    _require(user)
    text = text.strip().lower()
    if not text:
        return []
    found = []
    for event in AuditEvent.objects.filter(object_type=Contact._meta.label, action="contact.delete"):
        before = (event.changes or {}).get("before") or {}
        name, email = str(before.get("name") or ""), str(before.get("email") or "")
        if name == ERASED or not (email.lower() == text or (name and text in name.lower())):
            continue
        found.append(Person(int(event.object_id), int(event.changes.get("company") or 0), name, email))
    return found


def removed_contact(user: Any, contact_id: int) -> Person | None:
    """The removed contact of that id as its removal snapshot knows it (None if none, or erased)."""
    _require(user)
    event = AuditEvent.objects.filter(object_type=Contact._meta.label, object_id=str(contact_id),
                                      action="contact.delete").first()
    before = ((event.changes or {}).get("before") or {}) if event else {}
    name, email = str(before.get("name") or ""), str(before.get("email") or "")
    if event is None or name in ("", ERASED) or Contact.objects.filter(pk=contact_id).exists():
        return None
    return Person(contact_id, int(event.changes.get("company") or 0), name, email)


def _events_about(person: Person) -> list[AuditEvent]:
    """Audit events of the contact itself, and of its company's events that mention its name or e-mail."""
    own = AuditEvent.objects.filter(object_type=Contact._meta.label, object_id=str(person.contact_id))
    company = AuditEvent.objects.filter(object_type="registry.Company", object_id=str(person.company_id))
    needles = [n for n in (person.name, person.email) if n]
    return list(own) + [e for e in company if any(_mentions(e.summary, n) or _mentions(e.changes, n) for n in needles)]


def _mentions(value: Any, needle: str) -> bool:
    if isinstance(value, str):
        return needle.lower() in value.lower()
    if isinstance(value, dict):
        return any(_mentions(k, needle) or _mentions(v, needle) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_mentions(v, needle) for v in value)
    return False


def _scrub(value: Any, needles: list[str]) -> Any:
    if isinstance(value, str):
        if any(value.strip().lower() == needle.lower() for needle in needles):
            return ERASED
        for needle in needles:
            value = _replace(value, needle)
        return value
    if isinstance(value, dict):
        return {_scrub(k, needles): _scrub(v, needles) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v, needles) for v in value]
    return value


def _replace(text: str, needle: str) -> str:
    lower, at, out = text.lower(), 0, []
    while (found := lower.find(needle.lower(), at)) >= 0:
        out.append(text[at:found] + ERASED)
        at = found + len(needle)
    return "".join(out) + text[at:]


def contact_data(user: Any, contact: Contact) -> dict[str, Any]:
    """Everything sme2go holds about a contact, for an access request (JSON-ready)."""
    _require(user)
    return {
        "kind": "contact",
        "exported_on": timezone.now().isoformat(timespec="seconds"),
        "contact": {"name": contact.name, "role": contact.role, "email": contact.email,
                    "consent_to_contact": contact.consent_to_contact},
        "company": {"id": contact.company_id, "legal_name": contact.company.legal_name},
        "audit_trail": [
            {"at": e.at.isoformat(timespec="seconds"), "action": e.action, "summary": e.summary, "changes": e.changes}
            for e in sorted(_events_about(person_of(contact)), key=lambda e: e.at)
        ],
        "not_searched": "free text typed by people (private notes, meeting outcomes) is not searched for names",
    }


def erase_contact(user: Any, contact: Contact) -> int:
    """Erase a contact on request: the row goes, its name and e-mail are replaced by "[erased]" in
    the audit events about it; one audit event records the erasure without the person. Returns the
    number of audit events scrubbed."""
    _require(user)
    with transaction.atomic():
        person = person_of(contact)
        contact.delete()
        return _scrub_trail(user, person)


def erase_removed_contact(user: Any, person: Person) -> int:
    """Erase what the audit trail still holds about a contact removed earlier."""
    _require(user)
    with transaction.atomic():
        return _scrub_trail(user, person)


def _scrub_trail(user: Any, person: Person) -> int:
    needles = [n for n in (person.email, person.name) if n]
    events = _events_about(person)
    for event in events:
        event.summary = _scrub(event.summary, needles)[:300]
        event.changes = _scrub(event.changes, needles)
        event.save(update_fields=["summary", "changes"])
    # Recorded on the contact's own id (the row is gone), without the person.
    AuditEvent.objects.create(
        actor=user, action="privacy.erase", object_type=Contact._meta.label, object_id=str(person.contact_id),
        summary=f"erased a contact (id {person.contact_id}) on request; {len(events)} audit event(s) scrubbed",
        changes={"company": person.company_id, "erased_on": datetime.date.today().isoformat()},
    )
    return len(events)


def my_data(user: Any) -> dict[str, Any]:
    """What sme2go holds about the signed-in user (any role), for their own access request."""
    membership = scoping.membership_of(user)
    return {
        "kind": "user",
        "exported_on": timezone.now().isoformat(timespec="seconds"),
        "user": {"username": user.get_username(), "email": user.email, "first_name": user.first_name,
                 "last_name": user.last_name, "date_joined": user.date_joined.isoformat(timespec="seconds"),
                 "last_login": user.last_login.isoformat(timespec="seconds") if user.last_login else None},
        "membership": None if membership is None else {
            "role": membership.role,
            "partner": membership.partner.short_name if membership.partner else None,
            "company": membership.company.legal_name if membership.company else None,
        },
        "api_tokens": [{"name": t.name, "created_at": t.created_at.isoformat(timespec="seconds")}
                       for t in ApiToken.objects.filter(user=user)],
        "changes_made": [{"at": e.at.isoformat(timespec="seconds"), "action": e.action, "object": e.object_type,
                          "object_id": e.object_id, "summary": e.summary}
                         for e in AuditEvent.objects.filter(actor=user).order_by("at")],
    }
