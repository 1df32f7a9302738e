"""The shapes of the missions, leads and sales API (pydantic, at the API edge only).

What a client sends is strict (registry/api_schemas.py): an unknown field, a date that is not text
written YYYY-MM-DD, an amount sent as text, an id sent as text are refused with a 422 naming the field.
The business rules (a sale's date and value, a loss's reason, the buyer's length, the country code)
are the services', applied to pages and API alike.
"""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field, StrictFloat

from sme2go.api_fields import IsoDate, RecordId
from sme2go.missions.models import Stage
from sme2go.registry.api_schemas import InputSchema, PartnerRef


class ParticipantOut(Schema):
    company_id: int
    company: str
    country: str


class MeetingOut(Schema):
    id: int
    company_id: int
    company: str
    counterpart: str
    held_on: datetime.date
    outcome: str


class MissionOut(Schema):
    id: int
    name: str
    country: str
    city: str
    starts_on: datetime.date
    ends_on: datetime.date
    partner: PartnerRef = Field(description="who organises it")
    description: str
    company_count: int
    meeting_count: int
    lead_count: int


class MissionDetailOut(MissionOut):
    participants: list[ParticipantOut]
    meetings: list[MeetingOut]


class LeadOut(Schema):
    id: int
    company_id: int
    company: str
    buyer: str
    country: str
    description: str
    value_eur: float
    stage: str
    stage_label: str
    won_on: datetime.date | None = Field(description="the date of the sale, when won")
    follow_up_on: datetime.date | None
    partner: PartnerRef = Field(description="who follows it")
    mission_id: int | None
    mission: str | None
    is_first_sale: bool = Field(description="the company's first export sale (its earliest won lead)")
    created_at: datetime.datetime
    updated_at: datetime.datetime


class LeadEventOut(Schema):
    from_stage: str
    to_stage: str = Field(description="empty for a follow-up without a move")
    note: str | None = Field(description="staff only: null for a company representative")
    user: str | None
    at: datetime.datetime


class LeadDetailOut(LeadOut):
    history: list[LeadEventOut]


class LeadPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[LeadOut]


class FirstSaleOut(Schema):
    company_id: int
    first_sale: LeadOut | None = Field(description="null while the company has won no lead")


class LeadIn(InputSchema):
    buyer: str = Field(description="the buying organisation (at most 200 characters)")
    country: str = Field(description="the buyer's country, ISO 3166-1 alpha-2 (KE)")
    value_eur: StrictFloat = Field(description="0 or more, at most two decimals")
    description: str = ""
    mission_id: RecordId | None = Field(None, description="the mission it came from (the company was on it)")
    follow_up_on: IsoDate | None = Field(None, description="when to check on it next, YYYY-MM-DD")
    partner_id: RecordId | None = Field(None, description="the manager names the partner; an advisor's is their own")


class MoveIn(InputSchema):
    """A move to `stage`, or a follow-up at the same stage."""

    stage: str = Field(json_schema_extra={"enum": list(Stage.values)})
    note: str = Field("", description="required when lost: why")
    won_on: IsoDate | None = Field(None, description="required when won: the date of the sale, not in the future")
    value_eur: StrictFloat | None = Field(None, description="a new value (a sale's is above 0); unchanged when left out")
    follow_up_on: IsoDate | None = Field(None, description="the next follow-up; unchanged when left out")


# --- writing missions (the mission pages' rules, through missions.services) ----------------------


class MissionIn(InputSchema):
    name: str = Field(description="at most 200 characters, one line")
    country: str = Field(description="the destination, ISO 3166-1 alpha-2 (KE)")
    city: str = Field("", description="at most 120 characters")
    starts_on: IsoDate = Field(description="YYYY-MM-DD")
    ends_on: IsoDate = Field(description="YYYY-MM-DD, not before starts_on")
    description: str = ""
    partner_id: RecordId | None = Field(None, description="the manager names the organiser; an advisor's is their own")


class MissionChange(InputSchema):
    """A correction: the fields sent change, those left out stay. New dates may not leave a meeting outside."""

    name: str | None = None
    country: str | None = None
    city: str | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    description: str | None = None


class ParticipantIn(InputSchema):
    company_id: RecordId = Field(description="the company joining the mission (registry id)")


class MeetingIn(InputSchema):
    company_id: RecordId = Field(description="a company on the mission")
    counterpart: str = Field(description="the organisation met (at most 200 characters)")
    held_on: IsoDate = Field(description="YYYY-MM-DD, within the mission's dates")
    outcome: str = ""


class MeetingChange(InputSchema):
    """A correction: the fields sent change, those left out stay."""

    company_id: RecordId | None = None
    counterpart: str | None = None
    held_on: IsoDate | None = None
    outcome: str | None = None
