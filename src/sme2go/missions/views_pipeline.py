"""The lead pipeline page: the summary by stage, the follow-ups due and the leads, for the whole
programme or one partner, one page of leads at a time."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sme2go.accounts import scoping
from sme2go.missions import services
from sme2go.missions.exports import ExportLeads
from sme2go.missions.forms import PipelineFilterForm
from sme2go.missions.models import OPEN_STAGES, Stage
from sme2go.missions.queries import find_leads, follow_ups_due
from sme2go.missions.views import staff_only
from sme2go.table_downloads import bad_filter, table_download

PAGE_SIZE = 50

DUE_SHOWN = 10


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    staff_only(request.user)
    today = timezone.localdate()
    form = PipelineFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    partner = chosen.get("partner")
    partner_id = partner.pk if partner else None
    # The summary and the follow-ups follow the partner chosen; the list also the stage and "due only".
    followed = find_leads(actor=request.user, today=today, partner_id=partner_id)
    shown = find_leads(actor=request.user, today=today, partner_id=partner_id, stage=chosen.get("stage", ""),
                       due=bool(chosen.get("due")))
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    by_stage = {row["stage"]: row for row in followed.order_by().values("stage").annotate(n=Count("pk"),
                                                                                          value=Sum("value_eur"))}
    stages = [(value, label, by_stage.get(value, {}).get("n", 0), by_stage.get(value, {}).get("value") or Decimal(0))
              for value, label in Stage.choices]
    due = follow_ups_due(followed, today)
    first_sale_ids = {lead.pk for lead in services.first_sales().values()}
    sales = followed.filter(stage=Stage.WON)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "missions/pipeline.html", {
        "form": form, "partner": partner, "stage": chosen.get("stage", ""), "due_only": bool(chosen.get("due")),
        "stages": stages, "open_count": sum(n for s, _, n, _ in stages if s in OPEN_STAGES),
        "open_value": sum((v for s, _, _, v in stages if s in OPEN_STAGES), start=Decimal(0)),
        "sales": sales.aggregate(n=Count("pk"), value=Sum("value_eur"), companies=Count("company", distinct=True)),
        "first_sale_count": sales.filter(pk__in=first_sale_ids).count(), "first_sale_ids": first_sale_ids,
        "due": due[:DUE_SHOWN], "due_count": due.count(), "page": page, "filter_params": params.urlencode(),
        "own_partner": scoping.advisor_partner(request.user), "today": today,
    }, status=400 if form.errors else 200)


@login_required
def leads_download(request: HttpRequest) -> HttpResponse:
    """The leads of the partner chosen (all when none), as `sme2go export leads` writes them:
    `?partner=Tehnopol&format=csv|xlsx`."""
    staff_only(request.user)
    form = PipelineFilterForm(request.GET)
    if not form.is_valid():
        return bad_filter(form)
    partner = form.cleaned_data.get("partner")
    return table_download(ExportLeads(), actor=request.user, partner_id=partner.pk if partner else None, year=None,
                          file_format=request.GET.get("format", "csv"),
                          name=f"leads-{partner.short_name}" if partner else "leads")
