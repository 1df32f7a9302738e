"""REST API of opportunities: list (searched, filtered, paginated) and get one, for any logged-in caller."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from sme2go.accounts.scoping import can_read_market_data
from sme2go.opportunities.models import Opportunity
from sme2go.opportunities.services import OpportunityFilter, opportunity_page, search_opportunities
from sme2go.registry.api_schemas import MAX_PAGE, ErrorOut
from sme2go.taxonomy.model import THEME_IDS

router = Router(tags=["opportunities"])
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ThemeShareOut(Schema):
    theme_id: str
    share: float = Field(description="share of the opportunity's money in this theme; shares sum to 1")
    method: str = Field(description="'sector' (World Bank sector cross-walk) or 'keyword' (title/objective)")


class SectorOut(Schema):
    sector: str
    percent: float | None


class LocationOut(Schema):
    place: str
    lat: float | None
    lon: float | None
    admin1: str


class OpportunityOut(Schema):
    id: int
    source: str
    external_id: str
    title: str
    iso3: str
    country_name: str
    region: str
    status: str
    implementing_agency: str
    amount_usd: int | None = Field(description="total commitment in US dollars")
    project_cost_usd: int | None
    approval_date: dt.date | None
    closing_date: dt.date | None
    themes: list[ThemeShareOut]


class OpportunityDetailOut(OpportunityOut):
    objective: str
    sectors: list[SectorOut]
    locations: list[LocationOut]


class OpportunityPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[OpportunityOut]


class OpportunityFilters(Schema):
    q: str = Field("", description="words that must all occur in title, objective, agency or country")
    theme: str = Field("", description="a capability theme id, e.g. water")
    country: str = Field("", description="ISO 3166-1 alpha-3 code, e.g. KEN")
    region: str = Field("", description="World Bank region name, e.g. Eastern and Southern Africa")
    status: Literal["", "Pipeline", "Active", "Closed", "Dropped"] = ""
    approved_from: int | None = Field(None, ge=1940, le=2100)
    approved_to: int | None = Field(None, ge=1940, le=2100)
    sort: Literal["-approval_date", "approval_date", "-amount", "amount"] = "-approval_date"
    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"1 to {MAX_PAGE:,}; a page past the last is empty")
    page_size: int = Field(25, ge=1, le=100)


def _require_reader(request: HttpRequest) -> None:
    if not can_read_market_data(request.auth):
        raise HttpError(403, "you may not read opportunities")


@router.get("", response={200: OpportunityPage, **READ_ERRORS})
def list_opportunities(request: HttpRequest, filters: Query[OpportunityFilters]) -> Any:
    """Opportunities (World Bank projects), newest approval first unless `sort` says otherwise."""
    _require_reader(request)
    if filters.theme and filters.theme not in THEME_IDS:
        raise ValidationError({"theme": [f"unknown theme {filters.theme!r}; expected one of {', '.join(THEME_IDS)}"]})
    start, end = filters.approved_from, filters.approved_to
    if start is not None and end is not None and start > end:
        # The list page refuses it too; silently answering 0 opportunities would look like a result.
        raise ValidationError({"approved_to": [f"{end} is before approved_from ({start})"]})
    found = search_opportunities(OpportunityFilter(
        query=filters.q, theme=filters.theme, country=filters.country, region=filters.region,
        status=filters.status, approved_from=filters.approved_from, approved_to=filters.approved_to,
        sort=filters.sort,
    ))  # fmt: skip
    count = found.count()
    start = (filters.page - 1) * filters.page_size
    return {
        "count": count,
        "page": filters.page,
        "pages": max(1, math.ceil(count / filters.page_size)),
        "page_size": filters.page_size,
        # A page past the last is empty: no need to walk the whole index to find that out.
        "items": opportunity_page(found, start=start, size=filters.page_size) if start < count else [],
    }


@router.get("/{opportunity_id}", response={200: OpportunityDetailOut, **READ_ERRORS})
def get_opportunity(request: HttpRequest, opportunity_id: int) -> Any:
    """One opportunity with its objective, themes, sectors and locations."""
    _require_reader(request)
    opportunity = (
        Opportunity.objects.prefetch_related("themes", "sectors", "locations").filter(pk=opportunity_id).first()
    )
    if opportunity is None:
        raise HttpError(404, f"opportunity {opportunity_id} not found")
    return opportunity
