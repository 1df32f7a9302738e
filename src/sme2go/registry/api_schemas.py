"""The shapes of the registry's REST API (pydantic, used only at the API edge).

`*In` schemas validate what a client sends (create: required fields; `*Patch`:
every field optional, only the given ones change); `*Out` schemas are what the
API returns. Text is stored literally: HTML or SQL in a description is just text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictBool, StrictFloat, StrictInt, field_validator

from sme2go.registry.rules import MAX_LENGTH
from sme2go.taxonomy import load_taxonomy

SizeBand = Literal["micro", "small", "medium", "large", ""]
CompanyStatus = Literal["prospect", "active", "alumni", "inactive"]
# Content rules (ISO country codes, NACE codes, web addresses, e-mail) live in registry/rules.py and are
# applied by the services, whose errors name the field; here only types, lengths and ranges are checked,
# plus capability ids, so an error can point at `capabilities[0].capability_id`.
# Types are strict: "2000" or 2000.0 is not a year, 0 or "yes" not a yes/no, true not a level (a whole number
# is a valid level: StrictFloat takes 1 for 1.0), so a script's mistake is named instead of quietly converted.


# The highest page number a list endpoint accepts: 100,000 pages of 100 is ten million rows, far beyond
# any list here, while a larger number would overflow the database's OFFSET. A page past the last one
# (up to this bound) is an empty page.
MAX_PAGE = 100_000


class InputSchema(Schema):
    """What a client sends: an unknown field is an error (a typo never passes silently)."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    detail: str = Field(description="what is wrong, in a sentence")
    field: str | None = Field(None, description="the offending field, e.g. capabilities[0].capability_id")
    errors: list[dict[str, Any]] | None = Field(None, description="every error, when there are several")


class PartnerRef(Schema):
    id: int
    short_name: str


class PartnerOut(Schema):
    id: int
    name: str
    short_name: str
    country: str
    website: str
    budget_eur: float
    erdf_eur: float
    is_lead: bool
    company_count: int


# --- companies -----------------------------------------------------------------------------------


class CompanyFields(InputSchema):
    """Fields a client may send for a company (all optional here; CompanyIn makes some required)."""

    legal_name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    country: Annotated[str, Field(max_length=60, examples=["EE"])] | None = None
    city: Annotated[str, Field(max_length=120)] | None = None
    registry_code: Annotated[str, Field(max_length=40)] | None = None
    vat: Annotated[str, Field(max_length=40)] | None = None
    website: Annotated[str, Field(max_length=200)] | None = None
    size_band: SizeBand | None = None
    founded_year: Annotated[StrictInt, Field(ge=1800, le=2100)] | None = None
    nace_codes: list[str] | None = None
    description: str | None = None
    status: CompanyStatus | None = None
    partners: list[int | str] | None = Field(
        None, description="supporting partner organisations, by id or short name (an advisor sets only their own)"
    )

    @field_validator("partners", mode="before")
    @classmethod
    def _partners_by_id_or_name(cls, value: Any) -> Any:
        # `int | str` would read true as partner 1.
        if isinstance(value, list) and any(isinstance(item, bool) for item in value):
            raise ValueError("a partner is an id or a short name, not true or false")
        return value


class CompanyIn(CompanyFields):
    legal_name: Annotated[str, Field(min_length=1, max_length=200)]
    country: Annotated[str, Field(max_length=60, examples=["EE"])]


class CompanyPatch(CompanyFields):
    pass


class CompanyOut(Schema):
    id: int
    legal_name: str
    country: str
    city: str
    registry_code: str
    vat: str
    website: str
    size_band: str
    founded_year: int | None
    nace_codes: list[str]
    description: str
    status: str
    is_generated: bool
    partners: list[PartnerRef]
    created_at: datetime
    updated_at: datetime


class NoteOut(Schema):
    id: int
    partner: PartnerRef
    author: str | None
    text: str
    created_at: datetime

    @staticmethod
    def resolve_author(note: Any) -> str | None:
        return note.author.get_username() if note.author_id else None


class NoteIn(InputSchema):
    text: Annotated[str, Field(min_length=1, max_length=MAX_LENGTH["note"])]
    partner_id: StrictInt | None = Field(None, description="manager only: the partner the note belongs to")


class CompanyPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[CompanyOut]


# --- solutions -----------------------------------------------------------------------------------


class CapabilityLevel(InputSchema):
    capability_id: str = Field(examples=["transportation.traffic-management"])
    level: Annotated[StrictFloat, Field(ge=0.0, le=1.0)] = 1.0

    @field_validator("capability_id")
    @classmethod
    def _known_capability(cls, value: str) -> str:
        value = value.strip()
        if not load_taxonomy().is_capability(value):
            raise ValueError(f"unknown capability id {value!r} (see GET /api/capabilities)")
        return value


class CapabilityLevelOut(Schema):
    capability_id: str
    level: float


class ReferenceIn(InputSchema):
    city: Annotated[str, Field(min_length=1, max_length=120)]
    country: Annotated[str, Field(max_length=60, examples=["FI"])]
    year: Annotated[StrictInt, Field(ge=1800, le=2100)] | None = None
    description: str = ""


class ReferenceOut(Schema):
    id: int
    city: str
    country: str
    year: int | None
    description: str


class SolutionFields(InputSchema):
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    description: str | None = None
    trl: Annotated[StrictInt, Field(ge=1, le=9)] | None = None
    capabilities: list[CapabilityLevel] | None = Field(None, description="replaces all capabilities when given")
    references: list[ReferenceIn] | None = Field(None, description="replaces all reference deployments when given")

    @field_validator("capabilities")
    @classmethod
    def _distinct_capabilities(cls, value: list[CapabilityLevel] | None) -> list[CapabilityLevel] | None:
        if value is not None:
            seen: set[str] = set()
            for item in value:
                if item.capability_id in seen:
                    raise ValueError(f"capability {item.capability_id!r} is listed twice")
                seen.add(item.capability_id)
        return value


class SolutionIn(SolutionFields):
    name: Annotated[str, Field(min_length=1, max_length=200)]


class SolutionPatch(SolutionFields):
    pass


class SolutionOut(Schema):
    id: int
    company_id: int
    name: str
    description: str
    trl: int
    capabilities: list[CapabilityLevelOut]
    references: list[ReferenceOut]


# --- contacts ------------------------------------------------------------------------------------


class ContactFields(InputSchema):
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    role: Annotated[str, Field(max_length=120)] | None = None
    email: Annotated[str, Field(max_length=254)] | None = None
    consent_to_contact: StrictBool | None = None


class ContactIn(ContactFields):
    name: Annotated[str, Field(min_length=1, max_length=200)]


class ContactPatch(ContactFields):
    pass


class ContactOut(Schema):
    id: int
    company_id: int
    name: str
    role: str
    email: str
    consent_to_contact: bool
