"""Use cases of missions, leads and sales: permission checks (`scoping`), validation naming the
field (ValidationError), an audit event for each change, and a history line for each lead move."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sme2go.accounts import scoping
from sme2go.accounts.audit import record_change, record_update
from sme2go.accounts.models import AuditEvent
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


# --- removing a mission, and undoing it ----------------------------------------------------------

REMOVED = "missions.delete"
RESTORED = "missions.restore"


def why_mission_stays(mission: Mission) -> str | None:
    """Why the mission may not be removed, or None when it may.

    A lead keeps the mission it came from (the pipeline and the funder's report read it, and a won
    one is a company's export sale), and no use case moves a lead to another mission: removing the
    mission would cut that tie silently (Lead.mission is SET_NULL), so a mission with leads stays.
    """
    leads = list(mission.leads.values_list("stage", flat=True))
    if not leads:
        return None
    won = sum(1 for stage in leads if stage == Stage.WON)
    sales = f" ({won} of them {'a sale' if won == 1 else 'sales'})" if won else ""
    return (f"{len(leads)} lead{'s' if len(leads) > 1 else ''} came from this mission{sales}: a lead keeps the "
            "mission it came from, and the programme report counts it, so the mission stays; "
            "correct its name, place or dates instead")


def _mission_snapshot(mission: Mission) -> dict[str, Any]:
    """Everything `restore_mission` needs to put the mission back with the same ids."""
    return {
        "mission": {"id": mission.pk, "name": mission.name, "country": mission.country, "city": mission.city,
                    "starts_on": str(mission.starts_on), "ends_on": str(mission.ends_on),
                    "partner": mission.partner_id, "description": mission.description,
                    "created_by": mission.created_by_id},
        "participants": [{"id": seat.pk, "company_id": seat.company_id, "company": seat.company.legal_name}
                         for seat in mission.participants.select_related("company").order_by("pk")],
        "meetings": [{"id": meeting.pk, "company_id": meeting.company_id, **_meeting_snapshot(meeting)}
                     for meeting in mission.meetings.select_related("company").order_by("pk")],
    }


def delete_mission(*, actor: Any, mission: Mission) -> AuditEvent:
    """Remove a mission created by mistake or cancelled, with its participants and meetings, in one
    transaction. Refused (a ValidationError on `mission`) while leads came from it (`why_mission_stays`).

    Returns the audit event `missions.delete`: it keeps every field of the mission, its seats and
    its meetings, so `restore_mission(event=...)` undoes the removal with the same ids.
    """
    _require_mission_change(actor, mission)
    with transaction.atomic():
        # Lock the mission, so a lead added from it meanwhile waits and then finds it gone.
        Mission.objects.select_for_update().filter(pk=mission.pk).first()
        refusal = why_mission_stays(mission)
        if refusal:
            raise ValidationError({"mission": refusal})
        snapshot = _mission_snapshot(mission)
        seats, meetings = len(snapshot["participants"]), len(snapshot["meetings"])
        event = record_change(actor=actor, action=REMOVED, obj=mission,
                              summary=f"removed {mission} with {seats} compan{'y' if seats == 1 else 'ies'} "
                                      f"and {meetings} meeting{'' if meetings == 1 else 's'}",
                              changes=snapshot)
        mission.meetings.all().delete()
        mission.participants.all().delete()
        mission.delete()
    return event


class NotRestored(ValueError):
    """A removal that cannot be undone; the message says why."""


def removed_mission(event_id: int) -> AuditEvent | None:
    """The audit event of a mission's removal, or None when there is no such event."""
    return AuditEvent.objects.filter(pk=event_id, action=REMOVED, object_type=Mission._meta.label).first()


def _restore_refusal(event: AuditEvent) -> str | None:
    """Why the removal recorded in `event` cannot be undone now, or None."""
    snapshot = event.changes
    kept = snapshot["mission"]
    restored = AuditEvent.objects.filter(action=RESTORED, changes__undoes=event.pk).first()
    if restored is not None or Mission.objects.filter(pk=kept["id"]).exists():
        return f"the mission {kept['name']} was already put back"
    if not Partner.objects.filter(pk=kept["partner"]).exists():
        return f"the partner that organised {kept['name']} was removed since"
    wanted = {row["company_id"]: row["company"] for row in snapshot["participants"] + snapshot["meetings"]}
    found = dict(Company.objects.filter(pk__in=wanted).values_list("pk", "merged_into_id"))
    gone = sorted(name for pk, name in wanted.items() if pk not in found)
    if gone:
        return f"{', '.join(gone)} {'was' if len(gone) == 1 else 'were'} removed from the registry since"
    merged = sorted(wanted[pk] for pk, into in found.items() if into is not None)
    if merged:
        return (f"{', '.join(merged)} {'was' if len(merged) == 1 else 'were'} merged into another company since: "
                "undo the merge first")
    return None


def restore_mission(*, actor: Any, event: AuditEvent) -> Mission:
    """Undo `delete_mission`: the mission, its participants and its meetings come back exactly, with
    their ids, in one transaction, audited as `missions.restore` (naming the removal it undoes).

    Raises NotRestored when it was already put back, or when its partner or one of its companies is
    gone (or merged away) since; PermissionDenied for whoever could not have removed it.
    """
    kept = event.changes["mission"]
    _require_mission_change(actor, Mission(partner_id=kept["partner"]))
    refusal = _restore_refusal(event)
    if refusal:
        raise NotRestored(refusal)
    try:
        with transaction.atomic():
            mission = Mission.objects.create(
                id=kept["id"], name=kept["name"], country=kept["country"], city=kept["city"],
                starts_on=datetime.date.fromisoformat(kept["starts_on"]),
                ends_on=datetime.date.fromisoformat(kept["ends_on"]), partner_id=kept["partner"],
                description=kept["description"], created_by_id=_still_a_user(kept["created_by"]),
            )
            MissionParticipant.objects.bulk_create(
                MissionParticipant(id=seat["id"], mission=mission, company_id=seat["company_id"])
                for seat in event.changes["participants"])
            Meeting.objects.bulk_create(
                Meeting(id=m["id"], mission=mission, company_id=m["company_id"], counterpart=m["counterpart"],
                        held_on=datetime.date.fromisoformat(m["held_on"]), outcome=m["outcome"])
                for m in event.changes["meetings"])
            record_change(actor=actor, action=RESTORED, obj=mission, summary=f"put back {mission}",
                          changes={"undoes": event.pk})
    except IntegrityError:  # someone else put it back in the meantime
        raise NotRestored(f"the mission {kept['name']} was already put back") from None
    return mission


def _still_a_user(user_id: int | None) -> int | None:
    """The user who created the mission, if their account still exists (else the field stays empty)."""
    if user_id is None:
        return None
    return user_id if get_user_model().objects.filter(pk=user_id).exists() else None
