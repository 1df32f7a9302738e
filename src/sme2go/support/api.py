"""REST API of training and support: the module catalogue, sessions with who came, and a company's
support actions (read, and log one through `services.log_support`, as the company page does).

Who sees what is the pages' rule (`accounts.scoping`): staff read every session and every company's
support, with the staff-only notes; a company representative reads their own company's support and
the sessions it attended (only its own attendance line), without notes; the catalogue is for staff.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, StrictFloat

from sme2go.accounts import scoping
from sme2go.api_errors import fields_named
from sme2go.api_fields import IsoDate, PageQuery, RecordId, page_of, partner_filter
from sme2go.registry.api_schemas import ErrorOut, InputSchema, PartnerRef
from sme2go.registry.models import Company, Partner
from sme2go.support import services
from sme2go.support.models import SupportAction, SupportKind, TrainingModule, TrainingSession
from sme2go.support.queries import find_sessions, find_support_actions

router = Router(tags=["training and support"])
# The error codes each endpoint can answer (bodies as in api_errors.py), for the OpenAPI document;
# 400 and 413, which any body-taking operation may answer, are added by sme2go.api for all of them.
STAFF_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut}
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ModuleOut(Schema):
    id: int
    title: str
    hours: float
    description: str


class AttendanceOut(Schema):
    company_id: int
    company: str
    people: int


class SessionOut(Schema):
    id: int
    module_id: int
    module: str
    partner: PartnerRef
    held_on: datetime.date
    place: str
    attendance: list[AttendanceOut] = Field(description="who came (a company representative sees only their company)")


class SessionPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[SessionOut]


class SessionFilters(PageQuery):
    year: int | None = Field(None, ge=2000, le=2100, description="held in this year")
    partner: str = Field("", description="the partner running it, by id or short name (e.g. Tehnopol)")
    company: int | None = Field(None, description="attended by this company (registry id)")


class SupportActionOut(Schema):
    id: int
    company_id: int
    partner: PartnerRef
    given_on: datetime.date
    kind: str
    kind_label: str
    hours: float
    note: str | None = Field(description="staff only: null for a company representative")
    advisor: str | None = Field(description="who logged it (staff only: null for a company representative)")


class SupportActionIn(InputSchema):
    """Support given to the company; an unknown field or a value of the wrong type is a 422 naming it."""

    kind: str = Field(json_schema_extra={"enum": list(SupportKind.values)})
    given_on: IsoDate = Field(description="YYYY-MM-DD, not in the future")
    hours: StrictFloat = Field(description="0 to 200, in tenths (1.5)")
    note: str = Field("", description="for the programme's staff (at most 5,000 characters); the company does not see it")
    partner_id: RecordId | None = Field(None, description="the manager names the partner; an advisor's is their own")


def session_out(session: TrainingSession) -> dict[str, Any]:
    return {
        "id": session.pk, "module_id": session.module_id, "module": session.module.title,
        "partner": session.partner, "held_on": session.held_on, "place": session.place,
        "attendance": [{"company_id": a.company_id, "company": a.company.legal_name, "people": a.people}
                       for a in session.attendances.all()],
    }


def _action_out(action: SupportAction, *, staff: bool) -> dict[str, Any]:
    return {
        "id": action.pk, "company_id": action.company_id, "partner": action.partner, "given_on": action.given_on,
        "kind": action.kind, "kind_label": action.get_kind_display(), "hours": float(action.hours),
        "note": action.note if staff else None,
        "advisor": (action.advisor.get_username() if action.advisor else None) if staff else None,
    }


def _visible_company(request: HttpRequest, company_id: int) -> Company:
    company = scoping.visible_companies(request.auth).filter(pk=company_id).first()
    if company is None:
        raise HttpError(404, f"company {company_id} not found")
    return company


@router.get("/support/modules", response={200: list[ModuleOut], **STAFF_ERRORS})
def list_modules(request: HttpRequest) -> Any:
    """The training catalogue, by title (programme staff)."""
    if not scoping.can_see_support(request.auth):
        raise PermissionDenied("the training catalogue is for the programme's staff")
    return [{"id": m.pk, "title": m.title, "hours": float(m.hours), "description": m.description}
            for m in TrainingModule.objects.all()]


@router.get("/support/sessions", response={200: SessionPage, **READ_ERRORS})
def list_sessions(request: HttpRequest, filters: Query[SessionFilters]) -> Any:
    """Training sessions you may see, newest first, with who came: staff every session; a company
    representative the sessions their company attended."""
    sessions = find_sessions(actor=request.auth, year=filters.year, partner_id=partner_filter(filters.partner),
                             company_id=filters.company)
    page = page_of(sessions, filters)
    page["items"] = [session_out(s) for s in page["items"]]
    return page


@router.get("/support/sessions/{session_id}", response={200: SessionOut, **READ_ERRORS})
def get_session(request: HttpRequest, session_id: int) -> Any:
    """One session with who came (404 if it does not exist or you may not see it)."""
    session = find_sessions(actor=request.auth).filter(pk=session_id).first()
    if session is None:
        raise HttpError(404, f"session {session_id} not found")
    return session_out(session)


@router.get("/companies/{company_id}/support-actions", response={200: list[SupportActionOut], **READ_ERRORS})
def list_support_actions(request: HttpRequest, company_id: int) -> Any:
    """The support the company received, newest first (notes and advisors for staff only)."""
    company = _visible_company(request, company_id)
    staff = scoping.can_see_support(request.auth)
    return [_action_out(a, staff=staff) for a in find_support_actions(actor=request.auth, company_id=company.pk)]


@router.post("/companies/{company_id}/support-actions", response={201: SupportActionOut, **WRITE_ERRORS})
def log_support_action(request: HttpRequest, company_id: int, body: SupportActionIn) -> Any:
    """Log support given to the company (its advisors and the manager), audited as on the company page;
    the date may not be in the future."""
    company = _visible_company(request, company_id)
    if not scoping.can_log_support(request.auth, company):
        raise PermissionDenied("only the company's advisors and the programme manager log support for it")
    partner = None
    if body.partner_id is not None:
        partner = Partner.objects.filter(pk=body.partner_id).first()
        if partner is None:
            raise ValidationError({"partner_id": [f"unknown partner organisation {body.partner_id}"]})
    with fields_named({"partner": "partner_id"}):
        action = services.log_support(actor=request.auth, company=company, kind=body.kind, given_on=body.given_on,
                                      hours=body.hours, note=body.note, partner=partner)
    return Status(201, _action_out(action, staff=True))
