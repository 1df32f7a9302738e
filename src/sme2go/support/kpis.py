"""The programme's support KPIs: unique companies supported, per partner and in total.

A company counts as supported in a period when it received a support action or attended a
training session held in it. It is counted **once** in the total however many partners
supported it (so the per-partner counts may add up to more than the total), and a company
merged into another counts as the one it was merged into.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from sme2go.registry.models import Partner
from sme2go.support.models import Attendance, SupportAction


@dataclass(frozen=True)
class SupportKpis:
    companies: int  # unique companies supported
    by_partner: dict[str, int] = field(default_factory=dict)  # partner short name -> unique companies
    actions: int = 0
    hours: Decimal = Decimal(0)
    attendances: int = 0
    people_trained: int = 0


def _period(field_name: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    q = Q()
    if start is not None:
        q &= Q(**{f"{field_name}__gte": start})
    if end is not None:
        q &= Q(**{f"{field_name}__lte": end})
    return q


def _owners(rows: QuerySet[Any], partner_field: str) -> set[tuple[int, int]]:
    """(company, partner) pairs, the company taken after merges."""
    return set(
        rows.annotate(owner=Coalesce("company__merged_into_id", "company_id")).values_list("owner", partner_field)
    )


def support_kpis(start: datetime.date | None = None, end: datetime.date | None = None) -> SupportKpis:
    """The KPIs of the period [start, end] (either end open when None)."""
    actions = SupportAction.objects.filter(_period("given_on", start, end))
    attendances = Attendance.objects.filter(_period("session__held_on", start, end))
    pairs = _owners(actions, "partner_id") | _owners(attendances, "session__partner_id")
    names = dict(Partner.objects.values_list("pk", "short_name"))
    by_partner: dict[str, set[int]] = {}
    for company, partner in pairs:
        by_partner.setdefault(names[partner], set()).add(company)
    return SupportKpis(
        companies=len({company for company, _ in pairs}),
        by_partner={name: len(companies) for name, companies in sorted(by_partner.items())},
        actions=actions.count(),
        hours=actions.aggregate(total=Sum("hours"))["total"] or Decimal(0),
        attendances=attendances.count(),
        people_trained=attendances.aggregate(total=Sum("people"))["total"] or 0,
    )
