"""REST API writes of training: a new session, its correction and removal, and who came (attendance added and
removed). Each goes through the service the session pages use (`support.services`), so the rules,
the permissions and the audit events are the pages'.

Sessions are run by staff: an advisor's session belongs to their partner, the manager names the
partner. A session is changed by the partner that runs it (its advisors) or the manager; other
staff, and a company representative whose company attended it, get 403; a session one may not see,
or that does not exist, is a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Status
from ninja.errors import HttpError
from pydantic import Field, StrictFloat, StrictInt

from sme2go.accounts import scoping
from sme2go.api_errors import fields_named
from sme2go.api_fields import IsoDate, RecordId, changes_sent
from sme2go.registry.api_schemas import ErrorOut, InputSchema
from sme2go.registry.models import Company, Partner
from sme2go.support import services
from sme2go.support.api import AttendanceOut, SessionOut, router, session_out
from sme2go.support.models import TrainingSession
from sme2go.support.queries import find_sessions

# These endpoints join the reads' router (GET and POST of one path must share a router); 400 and 413,
# which any body-taking operation may answer, are added by sme2go.api for all of them.
CREATE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# What a service calls a field, and what the API calls it.
API_NAMES = {"partner": "partner_id", "company": "company_id"}


class SessionIn(InputSchema):
    module_title: str = Field(description="a module of the catalogue (GET /api/support/modules), or a new title "
                                          "to add one (at most 200 characters)")
    held_on: IsoDate = Field(description="YYYY-MM-DD")
    place: str = Field(description='a city, or "online" (at most 200 characters)')
    hours: StrictFloat | None = Field(None, description="a new module's hours, 0 to 200 in tenths")
    partner_id: RecordId | None = Field(None, description="the manager names the partner; an advisor's is their own")


class SessionChange(InputSchema):
    """A correction: the fields sent change, those left out stay (the attendance stays too)."""

    module_title: str | None = None
    held_on: IsoDate | None = None
    place: str | None = None
    hours: StrictFloat | None = Field(None, description="a new module's hours, 0 to 200 in tenths")


class AttendanceIn(InputSchema):
    company_id: RecordId = Field(description="the company that came (registry id)")
    people: StrictInt = Field(1, description="how many of its people came, 1 to 50")


def _session_to_change(request: HttpRequest, session_id: int) -> TrainingSession:
    """The session, if the caller may change it: one they may not see is a 404, one they see but may
    not change a 403."""
    session = scoping.visible_sessions(request.auth).select_related("module").filter(pk=session_id).first()
    if session is None:
        raise HttpError(404, f"session {session_id} not found")
    if not scoping.can_change_session(request.auth, session):
        raise PermissionDenied("only the partner that runs the session, or the programme manager, changes it")
    return session


def _session(request: HttpRequest, session_id: int) -> dict[str, Any]:
    """The session as GET /api/support/sessions/{id} answers it."""
    return session_out(find_sessions(actor=request.auth).get(pk=session_id))


@router.post("/support/sessions", response={201: SessionOut, **CREATE_ERRORS})
def add_session(request: HttpRequest, body: SessionIn) -> Any:
    """Add a session of a module (a new title adds the module to the catalogue, with `hours`); an
    advisor's belongs to their partner, the manager names `partner_id`; audited as `support.session`."""
    if not scoping.can_see_support(request.auth):
        raise PermissionDenied("training sessions are run by the programme's staff")
    partner = None
    if body.partner_id is not None:
        partner = Partner.objects.filter(pk=body.partner_id).first()
        if partner is None:
            raise ValidationError({"partner_id": [f"unknown partner organisation {body.partner_id}"]})
    with fields_named(API_NAMES):
        session = services.add_session(actor=request.auth, module_title=body.module_title, held_on=body.held_on,
                                       place=body.place, hours=body.hours, partner=partner)
    return Status(201, _session(request, session.pk))


@router.patch("/support/sessions/{session_id}", response={200: SessionOut, **WRITE_ERRORS})
def change_session(request: HttpRequest, session_id: int, body: SessionChange) -> Any:
    """Correct the session's module, date or place (the fields sent; the others stay); audited as
    `support.session_change`."""
    session = _session_to_change(request, session_id)
    sent = changes_sent(body)
    with fields_named(API_NAMES):
        services.change_session(actor=request.auth, session=session,
                                module_title=sent.get("module_title", session.module.title),
                                held_on=sent.get("held_on", session.held_on), place=sent.get("place", session.place),
                                hours=sent.get("hours"))
    return _session(request, session.pk)


@router.delete("/support/sessions/{session_id}", response={204: None, **WRITE_ERRORS})
def delete_session(request: HttpRequest, session_id: int) -> Any:
    """Remove a session with its attendance list, as its page does after asking: the companies on the
    list no longer count as supported through it. The audit event `support.session_delete` keeps who came."""
    services.delete_session(actor=request.auth, session=_session_to_change(request, session_id))
    return Status(204, None)


@router.post("/support/sessions/{session_id}/attendance", response={201: AttendanceOut, **WRITE_ERRORS})
def add_attendance(request: HttpRequest, session_id: int, body: AttendanceIn) -> Any:
    """Record that a company came, with how many of its people (once per company); audited as `support.attend`."""
    session = _session_to_change(request, session_id)
    company = scoping.visible_companies(request.auth).filter(pk=body.company_id).first()
    if company is None:
        raise ValidationError({"company_id": [f"unknown company {body.company_id}"]})
    with fields_named(API_NAMES):
        attendance = services.add_attendance(actor=request.auth, session=session, company=company, people=body.people)
    return Status(201, {"company_id": company.pk, "company": company.legal_name, "people": attendance.people})


@router.delete("/support/sessions/{session_id}/attendance/{company_id}", response={204: None, **WRITE_ERRORS})
def remove_attendance(request: HttpRequest, session_id: int, company_id: int) -> Any:
    """Take a company off the list; audited as `support.unattend`. A company not on it is a 404."""
    session = _session_to_change(request, session_id)
    removed: Company | None = services.remove_attendance(actor=request.auth, session=session, company_id=company_id)
    if removed is None:
        raise HttpError(404, f"company {company_id} is not on the list of session {session_id}")
    return Status(204, None)
