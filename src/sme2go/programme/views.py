"""The programme dashboard, its PDF and CSV, and the manager's targets."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sme2go.accounts import scoping
from sme2go.programme import services
from sme2go.programme.exports import csv_text
from sme2go.programme.kpis import KPIS, programme_report
from sme2go.programme.models import KpiTarget
from sme2go.programme.report_pdf import render_pdf
from sme2go.registry.models import Partner


def _report_reader(user: Any) -> None:
    if not scoping.can_see_report(user):
        raise PermissionDenied("the programme's report is for the programme's staff")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _report_reader(request.user)
    report = programme_report(timezone.localdate())
    rows = []
    for r in report.results:
        rows.append({
            "result": r,
            "partners": [(p, r.actual.by_partner.get(p, 0), r.partner_targets.get(p)) for p in report.partners],
            "years": [r.actual.by_year.get(y, 0) for y in report.years],
            "percent": None if r.share_of_target is None else round(100 * r.share_of_target),
        })
    return render(request, "programme/dashboard.html", {
        "report": report, "rows": rows, "can_set_targets": scoping.can_set_targets(request.user),
    })


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    _report_reader(request.user)
    report = programme_report(timezone.localdate())
    response = HttpResponse(render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sme2go-report-{report.generated_on:%Y-%m-%d}.pdf"'
    return response


@login_required
def report_csv(request: HttpRequest) -> HttpResponse:
    _report_reader(request.user)
    report = programme_report(timezone.localdate())
    response = HttpResponse(csv_text(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sme2go-kpis-{report.generated_on:%Y-%m-%d}.csv"'
    return response


@login_required
def targets_page(request: HttpRequest) -> HttpResponse:
    if not scoping.can_set_targets(request.user):
        raise PermissionDenied("only the programme manager sets the programme's targets")
    partners = list(Partner.objects.all())
    current = {(t.kpi, t.partner_id): t.target for t in KpiTarget.objects.all()}
    values: dict[str, str] = {}
    for kpi in KPIS:
        for partner in [None, *partners]:
            value = current.get((kpi.key, partner.pk if partner else None))
            values[services.field_name(kpi.key, partner)] = "" if value is None else f"{value:g}"
    problems: list[str] = []
    if request.method == "POST":
        sent = {name: request.POST.get(name, "") for name in values}
        try:
            changed = services.set_targets(actor=request.user, values=sent)
        except services.TargetErrors as errors:
            problems = errors.problems
            values = sent
        else:
            messages.success(request, f"Saved the targets ({changed} changed).")
            return redirect("programme:dashboard")
    table = [
        (kpi, [(p, services.field_name(kpi.key, p), values[services.field_name(kpi.key, p)]) for p in [None, *partners]])
        for kpi in KPIS
    ]
    return render(request, "programme/targets.html", {"table": table, "partners": partners, "problems": problems},
                  status=400 if problems else 200)
