"""REST API of the programme's KPIs: what the report shows, as JSON."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from sme2go.accounts import scoping
from sme2go.programme.exports import as_json
from sme2go.programme.kpis import programme_report
from sme2go.registry.api_schemas import ErrorOut

router = Router(tags=["programme report"])


class KpiOut(Schema):
    key: str
    label: str
    unit: str
    meaning: str
    total: float
    target: float | None
    by_partner: dict[str, float]
    partner_targets: dict[str, float]
    by_year: dict[str, float]


class ReportOut(Schema):
    generated_on: str
    kpis: list[KpiOut]
    budget_eur: float
    erdf_eur: float
    erdf_per_company_supported: float | None


@router.get("/kpis", response={200: ReportOut, 401: ErrorOut, 403: ErrorOut})
def kpis(request: HttpRequest) -> Any:
    """Every KPI: total, target, per partner (with targets) and per year; the budgets (staff only)."""
    if not scoping.can_see_report(request.auth):
        raise PermissionDenied("the programme's report is for the programme's staff")
    return as_json(programme_report(timezone.localdate()))
