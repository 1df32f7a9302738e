"""Use cases of missions, leads and sales: permission checks (`scoping`), validation naming the
field (ValidationError), an audit event for each change, and a history line for each lead move."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sme2go.accounts import scoping
from sme2go.accounts.audit import record_change, record_update
from sme2go.missions.models import Lead, LeadEvent, Meeting, Mission, MissionParticipant, Stage
from sme2go.registry.models import Company, Partner
from sme2go.registry.rules import MAX_LENGTH, clean_country, clean_text

MAX_VALUE = Decimal("1e11")
BUYER_LIMIT = 200  # Lead.buyer's column
DESCRIPTION_LIMIT = MAX_LENGTH["description"]
NOTE_LIMIT = MAX_LENGTH["note"]
NAME_LIMIT = 200  # Mission.name's column
CITY_LIMIT = MAX_LENGTH["city"]
COUNTERPART_LIMIT = 200  # Meeting.counterpart's column


def _country(value: str) -> str:
    try:
        return clean_country(value)
    except ValueError as error:
        raise ValidationError({"country": str(error)}) from None


def _value(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationError({"value_eur": f"must be an amount in EUR, got {value!r}"}) from None
    if not amount.is_finite() or not 0 <= amount <= MAX_VALUE:
        raise ValidationError({"value_eur": f"must be between 0 and {MAX_VALUE:,.0f} EUR, got {value}"})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"value_eur": f"at most two decimals (cents), got {value}"})
    return amount.quantize(Decimal("0.01"))


def _text(field: str, value: str, *, limit: int, multiline: bool = False) -> str:
    """Text as stored (trimmed), or a ValidationError on `field`: too long, or with invisible characters."""
    try:
        return clean_text(value, multiline=multiline, limit=limit)
    except ValueError as error:
        raise ValidationError({field: str(error)}) from None


def _mission_texts(name: str, city: str, description: str) -> tuple[str, str, str]:
    """A mission's name (required, one line), city and description as stored, or a ValidationError naming the field."""
    name = _text("name", name, limit=NAME_LIMIT)
    if not name:
        raise ValidationError({"name": "give the mission a name"})
    return (name, _text("city", city, limit=CITY_LIMIT),
            _text("description", description, limit=DESCRIPTION_LIMIT, multiline=True))


def create_mission(*, actor: Any, name: str, country: str, city: str, starts_on: datetime.date,
                   ends_on: datetime.date, description: str = "", partner: Partner | None = None) -> Mission:
    if not scoping.can_run_missions(actor):
        raise PermissionDenied("missions are organised by the programme's staff")
    name, city, description = _mission_texts(name, city, description)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": f"ends {ends_on:%Y-%m-%d}, before it starts ({starts_on:%Y-%m-%d})"})
    with transaction.atomic():
        mission = Mission.objects.create(
            name=name, country=_country(country), city=city, starts_on=starts_on, ends_on=ends_on,
            description=description, partner=scoping.acting_partner(actor, partner), created_by=actor,
        )
        record_change(actor=actor, action="missions.create", obj=mission, summary=str(mission))
    return mission


def change_mission(*, actor: Any, mission: Mission, name: str, country: str, city: str,
                   starts_on: datetime.date, ends_on: datetime.date, description: str = "") -> Mission:
    """Correct a mission's name, place or dates; its meetings must stay within the new dates."""
    _require_mission_change(actor, mission)
    name, city, description = _mission_texts(name, city, description)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": f"ends {ends_on:%Y-%m-%d}, before it starts ({starts_on:%Y-%m-%d})"})
    outside = mission.meetings.exclude(held_on__gte=starts_on, held_on__lte=ends_on).order_by("held_on")
    if outside.exists():
        first = outside.first()
        assert first is not None
        raise ValidationError({"starts_on": f"{outside.count()} meeting(s) would fall outside the new dates "
                                            f"(the first on {first.held_on:%Y-%m-%d}); move or keep the dates"})
    fields = ("name", "country", "city", "starts_on", "ends_on", "description")
    before = {f: str(getattr(mission, f)) for f in fields}
    with transaction.atomic():
        mission.name, mission.country, mission.city = name, _country(country), city
        mission.starts_on, mission.ends_on, mission.description = starts_on, ends_on, description
        mission.save()
        record_update(actor=actor, action="missions.change", obj=mission, before=before,
                      after={f: str(getattr(mission, f)) for f in fields})
    return mission


def _require_mission_change(actor: Any, mission: Mission) -> None:
    if not scoping.can_change_mission(actor, mission):
        raise PermissionDenied("only the partner that organises the mission, or the programme manager, changes it")


def add_participant(*, actor: Any, mission: Mission, company: Company) -> MissionParticipant:
    _require_mission_change(actor, mission)
    if mission.participants.filter(company=company).exists():
        raise ValidationError({"company": f"{company.legal_name} is already on the mission"})
    with transaction.atomic():
        seat = MissionParticipant.objects.create(mission=mission, company=company)
        record_change(actor=actor, action="missions.join", obj=mission, summary=f"{company.legal_name} joined {mission}",
                      changes={"company": company.pk})
    return seat


def remove_participant(*, actor: Any, mission: Mission, company_id: int) -> Company | None:
    _require_mission_change(actor, mission)
    seat = mission.participants.select_related("company").filter(company_id=company_id).first()
    if seat is None:
        return None
    if mission.meetings.filter(company_id=company_id).exists():
        raise ValidationError({"company": f"{seat.company.legal_name} has meetings on this mission: remove them first"})
    leads = mission.leads.filter(company_id=company_id).count()
    if leads:
        raise ValidationError({"company": f"{seat.company.legal_name} has {leads} lead{'s' if leads > 1 else ''} "
                                          "from this mission: a lead comes from a mission its company was on"})
    with transaction.atomic():
        record_change(actor=actor, action="missions.leave", obj=mission, summary=f"{seat.company.legal_name} left {mission}",
                      changes={"company": company_id})
        seat.delete()
    return seat.company


def _check_meeting(mission: Mission, company: Company, counterpart: str, held_on: datetime.date,
                   outcome: str) -> tuple[str, str]:
    """The rules of a meeting, added or corrected: the company is on the mission, the organisation met
    is named (one line), the date lies within the mission's dates. Returns the counterpart and the
    outcome as stored."""
    if not mission.participants.filter(company=company).exists():
        raise ValidationError({"company": f"{company.legal_name} is not on this mission"})
    counterpart = _text("counterpart", counterpart, limit=COUNTERPART_LIMIT)
    if not counterpart:
        raise ValidationError({"counterpart": "name the organisation met"})
    if not mission.starts_on <= held_on <= mission.ends_on:
        raise ValidationError({"held_on": f"{held_on:%Y-%m-%d} is outside the mission "
                                          f"({mission.starts_on:%Y-%m-%d} to {mission.ends_on:%Y-%m-%d})"})
    return counterpart, _text("outcome", outcome, limit=NOTE_LIMIT, multiline=True)


def add_meeting(*, actor: Any, mission: Mission, company: Company, counterpart: str, held_on: datetime.date,
                outcome: str = "") -> Meeting:
    _require_mission_change(actor, mission)
    counterpart, outcome = _check_meeting(mission, company, counterpart, held_on, outcome)
    with transaction.atomic():
        meeting = Meeting.objects.create(mission=mission, company=company, counterpart=counterpart,
                                         held_on=held_on, outcome=outcome)
        record_change(actor=actor, action="missions.meeting", obj=mission,
                      summary=f"{company.legal_name} met {meeting.counterpart}")
    return meeting


def _meeting_snapshot(meeting: Meeting) -> dict[str, str]:
    return {"company": meeting.company.legal_name, "counterpart": meeting.counterpart,
            "held_on": str(meeting.held_on), "outcome": meeting.outcome}


def change_meeting(*, actor: Any, meeting: Meeting, company: Company, counterpart: str, held_on: datetime.date,
                   outcome: str = "") -> Meeting:
    """Correct a meeting: who met whom, when (still within the mission's dates) and what came of it."""
    mission = meeting.mission
    _require_mission_change(actor, mission)
    counterpart, outcome = _check_meeting(mission, company, counterpart, held_on, outcome)
    before = _meeting_snapshot(meeting)
    with transaction.atomic():
        meeting.company, meeting.counterpart = company, counterpart
        meeting.held_on, meeting.outcome = held_on, outcome
        meeting.save()
        record_update(actor=actor, action="missions.meeting_change", obj=meeting, before=before,
                      after=_meeting_snapshot(meeting))
    return meeting


def delete_meeting(*, actor: Any, meeting: Meeting) -> None:
    """Remove a meeting; the audit event keeps every field.

    Leads are not tied to a meeting but to the mission (and the company's seat on it), so no lead
    is orphaned: they stay, and the company stays on the mission.
    """
    _require_mission_change(actor, meeting.mission)
    with transaction.atomic():
        record_change(actor=actor, action="missions.meeting_delete", obj=meeting,
                      summary=f"removed {meeting.company.legal_name}'s meeting with {meeting.counterpart}",
                      changes={"mission": meeting.mission_id, "company_id": meeting.company_id,
                               **_meeting_snapshot(meeting)})
        meeting.delete()


def create_lead(*, actor: Any, company: Company, buyer: str, country: str, value_eur: Any, description: str = "",
                mission: Mission | None = None, follow_up_on: datetime.date | None = None,
                partner: Partner | None = None) -> Lead:
    """A new lead in the pipeline (stage identified) with its first history line: by the company's
    advisors or the manager; a buyer (one line, at most 200 characters), an ISO country, a value of
    0 EUR or more in cents, and a mission only if the company was on it."""
    if not scoping.can_follow_leads(actor, company):
        raise PermissionDenied("only the company's advisors and the programme manager add its leads")
    buyer = _text("buyer", buyer, limit=BUYER_LIMIT)
    if not buyer:
        raise ValidationError({"buyer": "name the buying organisation"})
    if mission is not None and not mission.participants.filter(company=company).exists():
        raise ValidationError({"mission": f"{company.legal_name} was not on {mission.name}"})
    country, value = _country(country), _value(value_eur)
    description = _text("description", description, limit=DESCRIPTION_LIMIT, multiline=True)
    with transaction.atomic():
        lead = Lead.objects.create(
            company=company, buyer=buyer, country=country, value_eur=value,
            description=description, mission=mission, follow_up_on=follow_up_on,
            partner=scoping.acting_partner(actor, partner), created_by=actor,
        )
        LeadEvent.objects.create(lead=lead, to_stage=lead.stage, note="lead added", user=actor)
        record_change(actor=actor, action="leads.create", obj=lead, summary=str(lead))
    return lead


def move_lead(*, actor: Any, lead: Lead, stage: str, note: str = "", won_on: datetime.date | None = None,
              value_eur: Any = None, follow_up_on: datetime.date | None = None) -> Lead:
    """Move a lead to `stage`. A sale (won) needs its date (not in the future) and a value above 0;
    a loss needs a reason in `note`; any move may set the next follow-up date."""
    if not scoping.can_follow_leads(actor, lead.company):
        raise PermissionDenied("only the company's advisors and the programme manager move its leads")
    if stage not in Stage.values:
        raise ValidationError({"stage": f"unknown stage {stage!r}; choose one of {', '.join(Stage.values)}"})
    note = _text("note", note, limit=NOTE_LIMIT, multiline=True)
    value = _value(value_eur) if value_eur not in (None, "") else lead.value_eur
    if stage == Stage.WON:
        if won_on is None:
            raise ValidationError({"won_on": "give the date of the sale"})
        if won_on > timezone.localdate():
            raise ValidationError({"won_on": f"{won_on:%Y-%m-%d} is in the future: mark the sale once it is made"})
        if value <= 0:
            raise ValidationError({"value_eur": "a sale has a value above 0 EUR"})
    if stage == Stage.LOST and not note:
        raise ValidationError({"note": "say why the lead was lost (it helps the next one)"})
    before = {"stage": lead.stage, "value_eur": str(lead.value_eur), "won_on": str(lead.won_on or "")}
    with transaction.atomic():
        LeadEvent.objects.create(lead=lead, from_stage=lead.stage if lead.stage != stage else "",
                                 to_stage=stage if lead.stage != stage else "", note=note, user=actor)
        lead.stage, lead.value_eur = stage, value
        lead.won_on = won_on if stage == Stage.WON else None
        if follow_up_on is not None:
            lead.follow_up_on = follow_up_on
        lead.save()
        record_change(actor=actor, action="leads.move", obj=lead, summary=f"{before['stage']} -> {stage}",
                      changes={"before": before, "after": {"stage": stage, "value_eur": str(value),
                                                            "won_on": str(lead.won_on or "")}})
    return lead


def first_sales(company_ids: list[int] | None = None) -> dict[int, Lead]:
    """Each company's first export sale: its won lead with the earliest sale date (then the lowest id)."""
    won = Lead.objects.filter(stage=Stage.WON, won_on__isnull=False).order_by("company_id", "won_on", "pk")
    if company_ids is not None:
        won = won.filter(company_id__in=company_ids)
    first: dict[int, Lead] = {}
    for lead in won:
        first.setdefault(lead.company_id, lead)
    return first
