"""Opportunity pages: the searchable list and one opportunity (thin: rules live in services and scoping)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from sme2go.accounts import scoping
from sme2go.markets.access import market_reader
from sme2go.markets.charts import Place, place_map
from sme2go.opportunities.classify import whole_percents
from sme2go.opportunities.forms import OpportunityFilterForm
from sme2go.opportunities.models import Opportunity
from sme2go.opportunities.services import PagedResult, filter_choices, search_opportunities
from sme2go.taxonomy import load_taxonomy

PAGE_SIZE = 25
# A consortium bids for an active or pipeline project; a closed or dropped one takes no more bids.
OPEN_FOR_BIDS = (Opportunity.Status.ACTIVE, Opportunity.Status.PIPELINE)


@market_reader
def opportunity_list(request: HttpRequest) -> HttpResponse:
    countries, regions = filter_choices()
    form = OpportunityFilterForm(request.GET or None, countries=countries, regions=regions)
    if form.is_bound:
        form.is_valid()
        if notes := form.notes():
            messages.warning(request, "Not understood: " + "; ".join(notes) + ".")
    criteria = form.to_filter()
    page = Paginator(PagedResult(search_opportunities(criteria)), PAGE_SIZE).get_page(request.GET.get("page"))
    rows: list[Opportunity] = list(page.object_list)
    names = {t.id: t.name for t in load_taxonomy().themes}
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "opportunities/opportunity_list.html",
        {
            "form": form,
            "page": page,
            "rows": [{"opportunity": o, "themes": [(names.get(t.theme_id, t.theme_id), t.share) for t in o.themes.all()]} for o in rows],
            "filter_params": params.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
        },
    )


@market_reader
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(Opportunity.objects.select_related("country"), pk=pk)
    names = {t.id: t.name for t in load_taxonomy().themes}
    locations = list(opportunity.locations.all())
    places = [Place(loc.lat, loc.lon, loc.place) for loc in locations if loc.lat is not None and loc.lon is not None]
    sectors = list(opportunity.sectors.all())
    themes = list(opportunity.themes.all())
    # The World Bank publishes a pipeline project's sectors before their shares: all 0 % means "not yet".
    shares_published = any(s.percent for s in sectors)
    return render(
        request,
        "opportunities/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "themes": [
                {"id": t.theme_id, "name": names.get(t.theme_id, t.theme_id), "share": t.share, "percent": percent, "method": t.method}
                for t, percent in zip(themes, whole_percents(t.share for t in themes), strict=True)
            ],
            "sectors": sectors,
            "shares_published": shares_published,
            # Proposals from one company's own registry entry are no team: the button is for programme staff,
            # and for a project that still takes bids.
            "can_form_consortia": scoping.can_form_consortia(request.user),
            "open_for_bids": opportunity.status in OPEN_FOR_BIDS,
            "locations": locations,
            "map": mark_safe(place_map(places)),  # noqa: S308 - charts.py escapes every text
        },
    )
