"""Use cases of training and support. Permissions are checked here (through `scoping`), every change
is audited, and bad input raises ValidationError naming the field."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sme2go.accounts import scoping
from sme2go.accounts.audit import record_change, record_update
from sme2go.registry.models import Company, Partner
from sme2go.registry.rules import MAX_LENGTH, clean_text
from sme2go.support.models import (
    Attendance,
    SupportAction,
    SupportKind,
    TrainingModule,
    TrainingSession,
)

MAX_HOURS = Decimal(200)
NOTE_LIMIT = MAX_LENGTH["note"]  # as long as a company's private note
TITLE_LIMIT = 200  # TrainingModule.title's column
PLACE_LIMIT = 200  # TrainingSession.place's column


def _hours(value: Any) -> Decimal:
    """Hours of support or training: 0 to 200, in tenths (the forms' and the API's rule alike)."""
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError({"hours": f"must be a number of hours, got {value!r}"}) from None
    if not hours.is_finite() or not Decimal(0) <= hours <= MAX_HOURS:
        raise ValidationError({"hours": f"must be between 0 and {MAX_HOURS}, got {value}"})
    if hours != hours.quantize(Decimal("0.1")):
        raise ValidationError({"hours": f"at most one decimal (e.g. 1.5), got {value}"})
    return hours.quantize(Decimal("0.1"))


def _text(field: str, value: str, *, limit: int, multiline: bool = False) -> str:
    """Text as stored (trimmed), or a ValidationError on `field`: too long, or with invisible characters."""
    try:
        return clean_text(value, multiline=multiline, limit=limit)
    except ValueError as error:
        raise ValidationError({field: str(error)}) from None


def _today() -> datetime.date:
    return timezone.localdate()


def log_support(*, actor: Any, company: Company, kind: str, given_on: datetime.date, hours: Any,
                note: str = "", partner: Partner | None = None) -> SupportAction:
    """Record support given to `company` (by the company's advisors or the manager): a known kind, a date
    not in the future, 0-200 hours in tenths, a staff-only note of at most 5,000 characters."""
    if not scoping.can_log_support(actor, company):
        raise PermissionDenied("only the company's advisors and the programme manager log support for it")
    if kind not in SupportKind.values:
        raise ValidationError({"kind": f"unknown kind {kind!r}; choose one of {', '.join(SupportKind.values)}"})
    if given_on > _today():
        raise ValidationError({"given_on": f"{given_on:%Y-%m-%d} is in the future: log support once it is given"})
    hours, note = _hours(hours), _text("note", note, limit=NOTE_LIMIT, multiline=True)
    with transaction.atomic():
        action = SupportAction.objects.create(
            company=company, partner=scoping.acting_partner(actor, partner), advisor=actor, given_on=given_on,
            kind=kind, hours=hours, note=note,
        )
        record_change(actor=actor, action="support.log", obj=action,
                      summary=f"{action.get_kind_display()} for {company.legal_name}, {action.hours} h")
    return action


def delete_support(*, actor: Any, action: SupportAction) -> None:
    if not scoping.can_change_support_action(actor, action):
        raise PermissionDenied("only the partner that gave the support, or the programme manager, removes it")
    with transaction.atomic():
        record_change(actor=actor, action="support.delete", obj=action, summary=str(action)[:300],
                      changes={"company": action.company_id, "kind": action.kind, "given_on": str(action.given_on),
                               "hours": str(action.hours), "partner": action.partner_id, "note": action.note})
        action.delete()


def _module_and_place(module_title: str, place: str, hours: Any) -> tuple[TrainingModule, str]:
    """The catalogue module of that title (added if new) and the place, both required."""
    title, place = _text("module_title", module_title, limit=TITLE_LIMIT), _text("place", place, limit=PLACE_LIMIT)
    if not title:
        raise ValidationError({"module_title": "give the module's title"})
    if not place:
        raise ValidationError({"place": 'give a city, or "online"'})
    module = TrainingModule.objects.filter(title__iexact=title).first()
    if module is None:
        module = TrainingModule.objects.create(title=title, hours=_hours(hours or 0))
    return module, place


def add_session(*, actor: Any, module_title: str, held_on: datetime.date, place: str, hours: Any = None,
                partner: Partner | None = None) -> TrainingSession:
    """A session of the module of that title (created in the catalogue if new)."""
    if not scoping.can_see_support(actor):
        raise PermissionDenied("training sessions are run by the programme's staff")
    with transaction.atomic():
        module, place = _module_and_place(module_title, place, hours)
        session = TrainingSession.objects.create(module=module, partner=scoping.acting_partner(actor, partner),
                                                 held_on=held_on, place=place, created_by=actor)
        record_change(actor=actor, action="support.session", obj=session, summary=str(session))
    return session


def change_session(*, actor: Any, session: TrainingSession, module_title: str, held_on: datetime.date,
                   place: str, hours: Any = None) -> TrainingSession:
    """Correct a session's module, date or place (its attendance stays)."""
    if not scoping.can_change_session(actor, session):
        raise PermissionDenied("only the partner that runs the session, or the programme manager, changes it")
    before = {"module": session.module.title, "held_on": str(session.held_on), "place": session.place}
    with transaction.atomic():
        session.module, session.place = _module_and_place(module_title, place, hours)
        session.held_on = held_on
        session.save()
        record_update(actor=actor, action="support.session_change", obj=session, before=before,
                      after={"module": session.module.title, "held_on": str(held_on), "place": session.place})
    return session


def delete_session(*, actor: Any, session: TrainingSession) -> int:
    """Remove a session and its attendance list (the audit event keeps who came). Returns the attendances removed."""
    if not scoping.can_change_session(actor, session):
        raise PermissionDenied("only the partner that runs the session, or the programme manager, removes it")
    attended = list(session.attendances.values_list("company_id", "people"))
    with transaction.atomic():
        record_change(actor=actor, action="support.session_delete", obj=session, summary=str(session)[:300],
                      changes={"module": session.module.title, "held_on": str(session.held_on),
                               "place": session.place, "partner": session.partner_id,
                               "attendance": [[company, people] for company, people in attended]})
        session.delete()
    return len(attended)


def add_attendance(*, actor: Any, session: TrainingSession, company: Company, people: Any = 1) -> Attendance:
    if not scoping.can_change_session(actor, session):
        raise PermissionDenied("only the partner that runs the session, or the programme manager, records who came")
    try:
        count = int(str(people).strip())
    except ValueError:
        raise ValidationError({"people": f"must be a whole number, got {people!r}"}) from None
    if not 1 <= count <= 50:
        raise ValidationError({"people": f"must be between 1 and 50, got {count}"})
    if session.attendances.filter(company=company).exists():
        raise ValidationError({"company": f"{company.legal_name} is already on the list"})
    with transaction.atomic():
        attendance = Attendance.objects.create(session=session, company=company, people=count)
        record_change(actor=actor, action="support.attend", obj=session,
                      summary=f"{company.legal_name} attended {session}", changes={"company": company.pk, "people": count})
    return attendance


def remove_attendance(*, actor: Any, session: TrainingSession, company_id: int) -> Company | None:
    if not scoping.can_change_session(actor, session):
        raise PermissionDenied("only the partner that runs the session, or the programme manager, records who came")
    attendance = session.attendances.select_related("company").filter(company_id=company_id).first()
    if attendance is None:
        return None
    with transaction.atomic():
        record_change(actor=actor, action="support.unattend", obj=session,
                      summary=f"{attendance.company.legal_name} removed from {session}",
                      changes={"company": company_id, "people": attendance.people})
        attendance.delete()
    return attendance.company
