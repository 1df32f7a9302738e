"""Personal data: what sme2go holds about a person, as a download, and erasure on request.

The people sme2go holds data about are the companies' **contacts** (name, role, e-mail, consent)
and its **users**. A contact's data sits in the contact row and in the audit trail (the
snapshots of its creation, changes and removal, and any company event that names it). Erasure
removes the row and replaces the person's name and e-mail in those audit events with
"[erased]", and records that an erasure happened without saying of whom.

Free text typed by people (notes, meeting outcomes, descriptions: `privacy.free_text`) is searched
for the person's e-mail and full name too: finding a person lists those mentions, the download
holds them, and erasure replaces them with "[erased]" in the same transaction. Someone who is no
contact at all (a person met on a mission) is found by typing their e-mail or full name.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from sme2go.accounts import scoping
from sme2go.accounts.models import ApiToken, AuditEvent
from sme2go.privacy.free_text import FREE_TEXT, Mentions, Scrubbed, erase_mentions, find_mentions
from sme2go.privacy.mentions import ERASED, Mentioned
from sme2go.registry.models import Contact

NOT_SEARCHED = ("free text is searched for the e-mail and for a full name of two words or more of two letters or "
                "more (a one-word name, or \"J. Smith\", would match other people); names and titles of records "
                "(company, solution, mission and consortium names) and the World Bank's project texts are not searched")


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
    person = person_of(contact)
    trail = sorted(_events_about(person), key=lambda e: e.at)
    return {
        "kind": "contact",
        "exported_on": timezone.now().isoformat(timespec="seconds"),
        "contact": {"name": contact.name, "role": contact.role, "email": contact.email,
                    "consent_to_contact": contact.consent_to_contact},
        "company": {"id": contact.company_id, "legal_name": contact.company.legal_name},
        "audit_trail": [
            {"at": e.at.isoformat(timespec="seconds"), "action": e.action, "summary": e.summary, "changes": e.changes}
            for e in trail
        ],
        **_free_text_data(mentions_of(person), {e.pk for e in trail}),
    }


def _free_text_data(mentions: Mentions, already_listed: set[int]) -> dict[str, Any]:
    return {
        "free_text": [m.as_json() for m in mentions.fields],
        "free_text_in_audit_trail": [c.as_json() for c in mentions.audit_copies if c.event_id not in already_listed],
        "searched_free_text": sorted({f"{place.label}.{place.name}" for place in FREE_TEXT}),
        "not_searched": NOT_SEARCHED,
    }


@dataclass(frozen=True)
class Erasure:
    """What an erasure scrubbed: audit events about the contact, and free text that named them."""

    audit_events: int
    free_text: Scrubbed


def erase_contact(user: Any, contact: Contact) -> Erasure:
    """Erase a contact on request: the row goes, its name and e-mail are replaced by "[erased]" in
    the audit events about it and in the free text that mentions them; one audit event records the
    erasure without the person. All or nothing."""
    _require(user)
    with transaction.atomic():
        person = person_of(contact)
        contact.delete()
        return _erase(user, person)


def erase_removed_contact(user: Any, person: Person) -> Erasure:
    """Erase what the audit trail and free text still hold about a contact removed earlier."""
    _require(user)
    with transaction.atomic():
        return _erase(user, person)


def _erase(user: Any, person: Person) -> Erasure:
    needles = [n for n in (person.email, person.name) if n]
    events = _events_about(person)
    for event in events:
        event.summary = _scrub(event.summary, needles)[:300]
        event.changes = _scrub(event.changes, needles)
        event.save(update_fields=["summary", "changes"])
    free_text = erase_mentions(mentioned(person))
    # Recorded on the contact's own id (the row is gone), without the person.
    AuditEvent.objects.create(
        actor=user, action="privacy.erase", object_type=Contact._meta.label, object_id=str(person.contact_id),
        summary=f"erased a contact (id {person.contact_id}) on request; {len(events)} audit event(s) scrubbed; "
                f"{_scrubbed_text(free_text)}",
        changes={"company": person.company_id, "erased_on": datetime.date.today().isoformat(),
                 **_places(free_text)},
    )
    return Erasure(len(events), free_text)


def mentioned(person: Person) -> Mentioned:
    """How free text names a contact: their e-mail, and their name when it is a full name."""
    return Mentioned.of(person.name, person.email)


def mentions_of(person: Person) -> Mentions:
    """The free text that mentions a contact (nothing when they have no e-mail and no full name)."""
    return find_mentions([mentioned(person)])[mentioned(person)]


@dataclass(frozen=True)
class MentionGroup:
    """One person's mentions on the requests page: a contact found, a removed contact, or the text
    typed (when no contact found covers it: someone who is no contact, met on a mission say)."""

    title: str
    person: Mentioned
    mentions: Mentions
    typed: bool = False


def mentions_for_request(user: Any, text: str, contacts: list[Contact], removed: list[Person]) -> list[MentionGroup]:
    """The free-text mentions of each person a search found, and of the text typed itself when it
    is an e-mail or a full name that none of them covers, in one pass over the free text."""
    _require(user)
    groups = [MentionGroup(f"{c.name}{f' ({c.email})' if c.email else ''}, contact of {c.company.legal_name}",
                           mentioned(person_of(c)), Mentions()) for c in contacts]
    groups += [MentionGroup(f"{p.name}{f' ({p.email})' if p.email else ''}, a removed contact", mentioned(p),
                            Mentions()) for p in removed]
    typed = Mentioned.typed(text)
    if typed and not any(group.person.covers(typed) for group in groups):
        groups.append(MentionGroup(f"“{typed.email or typed.name}” as typed", typed, Mentions(), typed=True))
    found = find_mentions([group.person for group in groups])
    return [dataclasses.replace(group, mentions=found[group.person]) for group in groups]


def typed_person(user: Any, text: str) -> Mentioned:
    """The person a typed e-mail or full name stands for (falsy when the text is neither)."""
    _require(user)
    return Mentioned.typed(text)


def mentions_data(user: Any, person: Mentioned) -> dict[str, Any]:
    """What sme2go's free text holds about a person known only by e-mail or name (JSON-ready)."""
    _require(user)
    return {
        "kind": "free_text",
        "exported_on": timezone.now().isoformat(timespec="seconds"),
        "looked_for": {"name": person.name, "email": person.email},
        **_free_text_data(find_mentions([person])[person], set()),
    }


def erase_mentioned(user: Any, person: Mentioned) -> Scrubbed:
    """Replace a person's mentions in free text (and its audit copies) by "[erased]", all or nothing;
    one audit event records how many, without the person."""
    _require(user)
    if not person:
        raise ValueError("erase a person by e-mail or by a full name of two words or more")
    with transaction.atomic():
        free_text = erase_mentions(person)
        AuditEvent.objects.create(
            actor=user, action="privacy.erase_mentions", object_type="privacy.free_text", object_id="",
            summary=f"erased a person's mentions in free text on request; {_scrubbed_text(free_text)}",
            changes={"erased_on": datetime.date.today().isoformat(), **_places(free_text)},
        )
    return free_text


def _scrubbed_text(free_text: Scrubbed) -> str:
    return (f"{len(free_text.fields)} free-text field(s) and {free_text.audit_events} audit cop(ies) of free "
            "text scrubbed")


def _places(free_text: Scrubbed) -> dict[str, Any]:
    return {"free_text": [[label, pk, name] for label, pk, name in free_text.fields],
            "free_text_audit_events": free_text.audit_events}


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
