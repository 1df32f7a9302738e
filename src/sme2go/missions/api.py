"""REST API of export missions, leads and sales: missions with participants and meetings, the lead
pipeline with each lead's history, a new lead and a lead's move (through `services.create_lead` and
`services.move_lead`, as the pages), and a company's first export sale.

Who sees what is the pages' rule (`accounts.scoping`): missions are for staff (a company representative
gets 403); staff read every company's leads and add or move those of the companies they may edit; a
company representative reads their own company's leads, without the staff's notes in the history.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError
from pydantic import Field

from sme2go.accounts import scoping
from sme2go.api_errors import fields_named
from sme2go.api_fields import PageQuery, page_of, partner_filter
from sme2go.missions import services
from sme2go.missions.api_schemas import (
    FirstSaleOut,
    LeadDetailOut,
    LeadIn,
    LeadPage,
    MissionDetailOut,
    MissionOut,
    MoveIn,
)
from sme2go.missions.models import Lead, LeadEvent, Meeting, Mission, MissionParticipant, Stage
from sme2go.missions.queries import find_leads
from sme2go.registry.api_schemas import ErrorOut
from sme2go.registry.models import Company, Partner

router = Router(tags=["missions, leads and sales"])
# The error codes each endpoint can answer (bodies as in api_errors.py), for the OpenAPI document;
# 400 and 413, which any body-taking operation may answer, are added by sme2go.api for all of them.
STAFF_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut}
STAFF_READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# What a service calls a field, and what the API calls it.
API_NAMES = {"partner": "partner_id", "mission": "mission_id"}


class LeadFilters(PageQuery):
    stage: str = Field("", description="one stage", json_schema_extra={"enum": ["", *Stage.values]})
    company: int | None = Field(None, description="of this company (registry id)")
    mission: int | None = Field(None, description="from this mission")
    partner: str = Field("", description="followed by this partner, by id or short name (e.g. Tehnopol)")
    due: bool = Field(False, description="only follow-ups due (today or earlier; lost leads left out), most overdue first")


# --- missions ------------------------------------------------------------------------------------


def require_staff(request: HttpRequest) -> None:
    if not scoping.can_run_missions(request.auth):
        raise PermissionDenied("missions are for the programme's staff")


def _missions() -> QuerySet[Mission]:
    return Mission.objects.select_related("partner").annotate(
        company_count=Count("participants", distinct=True), meeting_count=Count("meetings", distinct=True),
        lead_count=Count("leads", distinct=True)).order_by("-starts_on", "-pk")  # an aggregate drops Meta.ordering


def _mission_out(mission: Any) -> dict[str, Any]:
    return {
        "id": mission.pk, "name": mission.name, "country": mission.country, "city": mission.city,
        "starts_on": mission.starts_on, "ends_on": mission.ends_on, "partner": mission.partner,
        "description": mission.description, "company_count": mission.company_count,
        "meeting_count": mission.meeting_count, "lead_count": mission.lead_count,
    }


@router.get("/missions", response={200: list[MissionOut], **STAFF_ERRORS})
def list_missions(request: HttpRequest) -> Any:
    """Export missions, newest first, with how many companies, meetings and leads each has (staff)."""
    require_staff(request)
    return [_mission_out(m) for m in _missions()]


def participant_out(seat: MissionParticipant) -> dict[str, Any]:
    return {"company_id": seat.company_id, "company": seat.company.legal_name, "country": seat.company.country}


def meeting_out(meeting: Meeting) -> dict[str, Any]:
    return {"id": meeting.pk, "company_id": meeting.company_id, "company": meeting.company.legal_name,
            "counterpart": meeting.counterpart, "held_on": meeting.held_on, "outcome": meeting.outcome}


def mission_detail(mission_id: int) -> dict[str, Any]:
    """A mission with its participants (by name) and meetings, as its page lists them; a 404 if there is none."""
    mission = _missions().prefetch_related(
        Prefetch("participants", queryset=MissionParticipant.objects.select_related("company")
                 .order_by("company__legal_name")),
        Prefetch("meetings", queryset=Meeting.objects.select_related("company")),
    ).filter(pk=mission_id).first()
    if mission is None:
        raise HttpError(404, f"mission {mission_id} not found")
    return {
        **_mission_out(mission),
        "participants": [participant_out(seat) for seat in mission.participants.all()],
        "meetings": [meeting_out(m) for m in mission.meetings.all()],
    }


@router.get("/missions/{mission_id}", response={200: MissionDetailOut, **STAFF_READ_ERRORS})
def get_mission(request: HttpRequest, mission_id: int) -> Any:
    """One mission with its participants and meetings (staff; its leads: GET /api/leads?mission=ID)."""
    require_staff(request)
    return mission_detail(mission_id)


# --- leads ---------------------------------------------------------------------------------------


def _lead_out(lead: Lead, *, first_sale_ids: set[int]) -> dict[str, Any]:
    return {
        "id": lead.pk, "company_id": lead.company_id, "company": lead.company.legal_name, "buyer": lead.buyer,
        "country": lead.country, "description": lead.description, "value_eur": float(lead.value_eur),
        "stage": lead.stage, "stage_label": lead.get_stage_display(), "won_on": lead.won_on,
        "follow_up_on": lead.follow_up_on, "partner": lead.partner, "mission_id": lead.mission_id,
        "mission": lead.mission.name if lead.mission else None, "is_first_sale": lead.pk in first_sale_ids,
        "created_at": lead.created_at, "updated_at": lead.updated_at,
    }


def _first_sale_ids(leads: list[Lead]) -> set[int]:
    firsts = services.first_sales(sorted({lead.company_id for lead in leads}))
    return {lead.pk for lead in firsts.values()}


def _lead_detail(request: HttpRequest, lead: Lead) -> dict[str, Any]:
    """A lead with its history, as the lead page shows it: the notes for staff only."""
    staff = scoping.can_run_missions(request.auth)
    events = LeadEvent.objects.filter(lead=lead).select_related("user")
    return {
        **_lead_out(lead, first_sale_ids=_first_sale_ids([lead])),
        "history": [{"from_stage": e.from_stage, "to_stage": e.to_stage, "note": e.note if staff else None,
                     "user": e.user.get_username() if e.user else None, "at": e.at} for e in events],
    }


def _visible_lead(request: HttpRequest, lead_id: int) -> Lead:
    lead = scoping.visible_leads(request.auth).select_related("company", "partner", "mission").filter(pk=lead_id).first()
    if lead is None:
        raise HttpError(404, f"lead {lead_id} not found")
    return lead


def _visible_company(request: HttpRequest, company_id: int) -> Company:
    company = scoping.visible_companies(request.auth).filter(pk=company_id).first()
    if company is None:
        raise HttpError(404, f"company {company_id} not found")
    return company


def named(model: type[Mission] | type[Partner], pk: int | None, field: str, what: str) -> Any:
    """The mission or partner a write names by id (None for none); an unknown id is a 422 on `field`."""
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [f"unknown {what} {pk}"]})
    return found


@router.get("/leads", response={200: LeadPage, **READ_ERRORS})
def list_leads(request: HttpRequest, filters: Query[LeadFilters]) -> Any:
    """Leads you may see, the latest changed first (follow-ups due: the most overdue first): staff every
    company's, a company representative their own company's."""
    leads = find_leads(actor=request.auth, today=timezone.localdate(), stage=filters.stage,
                       company_id=filters.company, mission_id=filters.mission,
                       partner_id=partner_filter(filters.partner), due=filters.due)
    page = page_of(leads, filters)
    firsts = _first_sale_ids(page["items"])
    page["items"] = [_lead_out(lead, first_sale_ids=firsts) for lead in page["items"]]
    return page


@router.get("/leads/{lead_id}", response={200: LeadDetailOut, **READ_ERRORS})
def get_lead(request: HttpRequest, lead_id: int) -> Any:
    """One lead with its history (404 if it does not exist or you may not see it)."""
    return _lead_detail(request, _visible_lead(request, lead_id))


@router.post("/companies/{company_id}/leads", response={201: LeadDetailOut, **WRITE_ERRORS})
def add_lead(request: HttpRequest, company_id: int, body: LeadIn) -> Any:
    """Add a lead for the company (its advisors and the manager), at stage identified; audited as on the pages."""
    company = _visible_company(request, company_id)
    if not scoping.can_follow_leads(request.auth, company):
        raise PermissionDenied("only the company's advisors and the programme manager add its leads")
    mission = named(Mission, body.mission_id, "mission_id", "mission")
    partner = named(Partner, body.partner_id, "partner_id", "partner organisation")
    with fields_named(API_NAMES):
        lead = services.create_lead(actor=request.auth, company=company, buyer=body.buyer, country=body.country,
                                    value_eur=body.value_eur, description=body.description, mission=mission,
                                    follow_up_on=body.follow_up_on, partner=partner)
    return Status(201, _lead_detail(request, _visible_lead(request, lead.pk)))


@router.post("/leads/{lead_id}/move", response={200: LeadDetailOut, **WRITE_ERRORS})
def move_lead(request: HttpRequest, lead_id: int, body: MoveIn) -> Any:
    """Move the lead to a stage, or note a follow-up (the same stage): won needs `won_on` (not in the
    future) and a value above 0, lost needs a `note` saying why. Writes a history line and an audit event."""
    lead = _visible_lead(request, lead_id)
    with fields_named(API_NAMES):
        services.move_lead(actor=request.auth, lead=lead, stage=body.stage, note=body.note, won_on=body.won_on,
                           value_eur=body.value_eur, follow_up_on=body.follow_up_on)
    return _lead_detail(request, _visible_lead(request, lead.pk))


@router.get("/companies/{company_id}/first-sale", response={200: FirstSaleOut, **READ_ERRORS})
def first_sale(request: HttpRequest, company_id: int) -> Any:
    """The company's first export sale: its won lead with the earliest sale date (null while it has none)."""
    company = _visible_company(request, company_id)
    first = services.first_sales([company.pk]).get(company.pk)
    if first is None:
        return {"company_id": company.pk, "first_sale": None}
    lead = _visible_lead(request, first.pk)
    return {"company_id": company.pk, "first_sale": _lead_out(lead, first_sale_ids={lead.pk})}
