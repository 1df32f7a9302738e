"""The cohort page: export readiness compared across a partner's companies (or the programme's), the
questions they are weakest on with the training that addresses them, and the companies, a page at a time."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from sme2go.accounts import scoping
from sme2go.readiness import cohort, services, training
from sme2go.readiness.cohort_chart import band_chart
from sme2go.readiness.exports import DEFAULT_ORDER, ExportReadinessCohort
from sme2go.readiness.forms import CohortFilterForm
from sme2go.table_downloads import bad_filter, table_download

PAGE_SIZE = 50


@login_required
def cohort_page(request: HttpRequest) -> HttpResponse:
    if not scoping.can_see_readiness_cohort(request.user):
        raise PermissionDenied("the readiness of a cohort is for the programme's staff")
    form = CohortFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    partner, band, order = chosen.get("partner"), chosen.get("band", ""), chosen.get("order") or DEFAULT_ORDER
    # The summary and the weakest questions follow the partner chosen; the list also the band.
    tracks, never_assessed = services.cohort_tracks(actor=request.user, partner_id=partner.pk if partner else None)
    summary = cohort.summarise(tracks, never_assessed=never_assessed)
    per_partner = cohort.bands_per_group(tracks, services.cohort_groups(partner_id=partner.pk if partner else None))
    page = Paginator(cohort.sort_tracks(cohort.in_band(tracks, band), order), PAGE_SIZE).get_page(request.GET.get("page"))
    offers = training.training_for([m.question.key for m in summary.weakest], today=timezone.localdate())
    params = request.GET.copy()
    params.pop("page", None)
    unordered = params.copy()
    unordered.pop("order", None)
    return render(request, "readiness/cohort.html", {
        "form": form, "partner": partner, "band": band, "order": order, "orders": cohort.SORTS,
        "summary": summary, "per_partner": per_partner, "no_partner": services.NO_PARTNER,
        "band_chart": mark_safe(band_chart(per_partner)),  # noqa: S308 - the charts escape every text they write
        "weakest": [(m, offers.get(m.question.key, [])) for m in summary.weakest],
        "page": page, "filter_params": params.urlencode(), "unordered_params": unordered.urlencode(),
        "own_partner": scoping.advisor_partner(request.user), "link_sessions": scoping.can_see_support(request.user),
    }, status=400 if form.errors else 200)


@login_required
def cohort_download(request: HttpRequest) -> HttpResponse:
    """The companies of the cohort page (partner, band and order as chosen there), one row each with its
    latest scores and its change since the first assessment: `?partner=Tehnopol&band=...&format=csv|xlsx`;
    the same table as `sme2go export readiness-cohort`."""
    if not scoping.can_see_readiness_cohort(request.user):
        raise PermissionDenied("the readiness of a cohort is for the programme's staff")
    form = CohortFilterForm(request.GET)
    if not form.is_valid():
        return bad_filter(form)
    partner = form.cleaned_data.get("partner")
    export = ExportReadinessCohort(band=form.cleaned_data.get("band", ""),
                                   order=form.cleaned_data.get("order") or DEFAULT_ORDER)
    return table_download(export, actor=request.user, partner_id=partner.pk if partner else None, year=None,
                          file_format=request.GET.get("format", "csv"),
                          name="readiness" + (f"-{partner.short_name}" if partner else ""))
