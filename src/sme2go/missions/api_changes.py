"""REST API writes of export missions: a new mission, its correction and removal, participants joining
and leaving, meetings added, corrected and removed. Each goes through the service the mission pages use
(`missions.services`), so the rules, the permissions and the audit events are the pages'.

Missions are for staff (a company representative gets 403); staff see every mission, and the
partner that organises one (its advisors) or the programme manager changes it (other staff: 403).
A mission, meeting or participant that does not exist is a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Status
from ninja.errors import HttpError

from sme2go.accounts import scoping
from sme2go.api_errors import fields_named
from sme2go.api_fields import changes_sent
from sme2go.missions import services
from sme2go.missions.api import (
    meeting_out,
    mission_detail,
    named,
    participant_out,
    require_staff,
    router,
)
from sme2go.missions.api_schemas import (
    MeetingChange,
    MeetingIn,
    MeetingOut,
    MissionChange,
    MissionDetailOut,
    MissionIn,
    ParticipantIn,
    ParticipantOut,
)
from sme2go.missions.models import Meeting, Mission
from sme2go.registry.api_schemas import ErrorOut
from sme2go.registry.models import Company, Partner

# These endpoints join the reads' router (GET and POST of one path must share a router); 400 and 413,
# which any body-taking operation may answer, are added by sme2go.api for all of them.
CREATE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# What a service calls a field, and what the API calls it.
API_NAMES = {"partner": "partner_id", "company": "company_id", "mission": "mission_id"}
MISSION_FIELDS = ("name", "country", "city", "starts_on", "ends_on", "description")


def _mission_to_change(request: HttpRequest, mission_id: int) -> Mission:
    """The mission, if the caller may change it: a company representative 403 (missions are for staff),
    a mission that does not exist 404, another partner's advisor 403."""
    require_staff(request)
    mission = Mission.objects.filter(pk=mission_id).first()
    if mission is None:
        raise HttpError(404, f"mission {mission_id} not found")
    if not scoping.can_change_mission(request.auth, mission):
        raise PermissionDenied("only the partner that organises the mission, or the programme manager, changes it")
    return mission


def _meeting_to_change(request: HttpRequest, mission_id: int, meeting_id: int) -> Meeting:
    mission = _mission_to_change(request, mission_id)
    meeting = Meeting.objects.select_related("mission", "company").filter(pk=meeting_id, mission=mission).first()
    if meeting is None:
        raise HttpError(404, f"meeting {meeting_id} not found on mission {mission_id}")
    return meeting


def _company(request: HttpRequest, company_id: int) -> Company:
    """The company a body names (one the caller may see); an unknown id is a 422 on `company_id`."""
    company = scoping.visible_companies(request.auth).filter(pk=company_id).first()
    if company is None:
        raise ValidationError({"company_id": [f"unknown company {company_id}"]})
    return company


@router.post("/missions", response={201: MissionDetailOut, **CREATE_ERRORS})
def create_mission(request: HttpRequest, body: MissionIn) -> Any:
    """Add a mission (staff): an advisor's is organised by their partner, the manager names `partner_id`;
    audited as `missions.create`."""
    require_staff(request)
    partner = named(Partner, body.partner_id, "partner_id", "partner organisation")
    with fields_named(API_NAMES):
        mission = services.create_mission(actor=request.auth, partner=partner,
                                          **body.model_dump(include=set(MISSION_FIELDS)))
    return Status(201, mission_detail(mission.pk))


@router.patch("/missions/{mission_id}", response={200: MissionDetailOut, **WRITE_ERRORS})
def change_mission(request: HttpRequest, mission_id: int, body: MissionChange) -> Any:
    """Correct the mission's name, place, dates or description (the fields sent; the others stay). New
    dates that would leave a meeting outside are refused (422 on `starts_on`); audited as `missions.change`."""
    mission = _mission_to_change(request, mission_id)
    fields = {field: getattr(mission, field) for field in MISSION_FIELDS} | changes_sent(body)
    with fields_named(API_NAMES):
        services.change_mission(actor=request.auth, mission=mission, **fields)
    return mission_detail(mission.pk)


@router.delete("/missions/{mission_id}", response={204: None, **WRITE_ERRORS})
def delete_mission(request: HttpRequest, mission_id: int) -> Any:
    """Remove a mission created by mistake or cancelled, with its participants and meetings; one that
    leads came from stays (422 on `mission_id`, naming how many: a lead keeps its mission). The audit
    event `missions.delete` keeps everything, and the mission page's Undo puts it back."""
    mission = _mission_to_change(request, mission_id)
    with fields_named(API_NAMES):
        services.delete_mission(actor=request.auth, mission=mission)
    return Status(204, None)


@router.post("/missions/{mission_id}/participants", response={201: ParticipantOut, **WRITE_ERRORS})
def add_participant(request: HttpRequest, mission_id: int, body: ParticipantIn) -> Any:
    """A company joins the mission (once); audited as `missions.join`."""
    mission = _mission_to_change(request, mission_id)
    company = _company(request, body.company_id)
    with fields_named(API_NAMES):
        seat = services.add_participant(actor=request.auth, mission=mission, company=company)
    return Status(201, participant_out(seat))


@router.delete("/missions/{mission_id}/participants/{company_id}", response={204: None, **WRITE_ERRORS})
def remove_participant(request: HttpRequest, mission_id: int, company_id: int) -> Any:
    """A company leaves the mission; one with meetings on it, or leads from it, may not (422 on
    `company_id`); audited as `missions.leave`. A company not on the mission is a 404."""
    mission = _mission_to_change(request, mission_id)
    with fields_named(API_NAMES):
        left = services.remove_participant(actor=request.auth, mission=mission, company_id=company_id)
    if left is None:
        raise HttpError(404, f"company {company_id} is not on mission {mission_id}")
    return Status(204, None)


@router.post("/missions/{mission_id}/meetings", response={201: MeetingOut, **WRITE_ERRORS})
def add_meeting(request: HttpRequest, mission_id: int, body: MeetingIn) -> Any:
    """A meeting a company on the mission had, within the mission's dates; audited as `missions.meeting`."""
    mission = _mission_to_change(request, mission_id)
    company = _company(request, body.company_id)
    with fields_named(API_NAMES):
        meeting = services.add_meeting(actor=request.auth, mission=mission, company=company,
                                       counterpart=body.counterpart, held_on=body.held_on, outcome=body.outcome)
    return Status(201, meeting_out(meeting))


@router.patch("/missions/{mission_id}/meetings/{meeting_id}", response={200: MeetingOut, **WRITE_ERRORS})
def change_meeting(request: HttpRequest, mission_id: int, meeting_id: int, body: MeetingChange) -> Any:
    """Correct a meeting (the fields sent; the others stay), by the same rules as a new one; audited as
    `missions.meeting_change`."""
    meeting = _meeting_to_change(request, mission_id, meeting_id)
    sent = changes_sent(body)
    company = _company(request, sent["company_id"]) if "company_id" in sent else meeting.company
    with fields_named(API_NAMES):
        services.change_meeting(actor=request.auth, meeting=meeting, company=company,
                                counterpart=sent.get("counterpart", meeting.counterpart),
                                held_on=sent.get("held_on", meeting.held_on),
                                outcome=sent.get("outcome", meeting.outcome))
    return meeting_out(meeting)


@router.delete("/missions/{mission_id}/meetings/{meeting_id}", response={204: None, **WRITE_ERRORS})
def delete_meeting(request: HttpRequest, mission_id: int, meeting_id: int) -> Any:
    """Remove a meeting (the company stays on the mission, its leads stay); the audit event
    `missions.meeting_delete` keeps every field."""
    services.delete_meeting(actor=request.auth, meeting=_meeting_to_change(request, mission_id, meeting_id))
    return Status(204, None)
