"""Field types and helpers the API's routers share (pydantic, at the API edge only).

Types are strict, as in registry/api_schemas.py: a date is text written YYYY-MM-DD (not a number
of seconds), an id a whole JSON number (not "7", not true), so a script's mistake is named
instead of quietly converted.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from ninja import Schema
from pydantic import BeforeValidator, Field, StrictInt

from sme2go.registry.api_schemas import MAX_PAGE
from sme2go.registry.services import resolve_partners

# A database id: a positive whole number that fits the database's integer (a larger one is refused here
# rather than overflowing a query).
RecordId = Annotated[StrictInt, Field(ge=1, le=2**63 - 1)]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError(f"must be a date written YYYY-MM-DD (e.g. 2026-03-31), not {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a day of the calendar") from None


# A calendar day as JSON text, "2026-03-31".
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]


class PageQuery(Schema):
    """`page` and `page_size` of a list, as for the companies and the opportunities."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"1 to {MAX_PAGE:,}; a page past the last is empty")
    page_size: int = Field(25, ge=1, le=100)


def page_of(items: QuerySet[Any], query: PageQuery) -> dict[str, Any]:
    """One page of `items`: `{"count", "page", "pages", "page_size", "items"}`."""
    count = items.count()
    start = (query.page - 1) * query.page_size
    return {
        "count": count,
        "page": query.page,
        "pages": max(1, math.ceil(count / query.page_size)),
        "page_size": query.page_size,
        "items": list(items[start:start + query.page_size]),
    }


def partner_filter(value: str, field: str = "partner") -> int | None:
    """The partner a list is filtered by, given by id or short name ("" for none); an unknown one
    is a 422 naming `field`."""
    if not value.strip():
        return None
    try:
        return resolve_partners([value.strip()])[0].pk
    except ValueError as error:
        raise ValidationError({field: [str(error)]}) from None


def changes_sent(payload: Schema) -> dict[str, Any]:
    """The fields a PATCH body sends (those left out stay as they are); a field sent as null is a 422
    naming it, since none of these fields may be emptied that way.

        changes_sent(MissionChange(name="Nairobi")) -> {"name": "Nairobi"}
    """
    sent = payload.model_dump(exclude_unset=True)
    for field, value in sent.items():
        if value is None:
            raise ValidationError({field: [f"{field} may not be null: send a value, or leave the field out to keep it"]})
    return sent
