"""Reading the lead pipeline: the leads a user may see, filtered as the pipeline page, the API and
`sme2go export leads` ask, and the follow-ups due."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from sme2go.accounts import scoping
from sme2go.missions.models import Lead, Stage


def follow_ups_due(leads: QuerySet[Lead], today: datetime.date) -> QuerySet[Lead]:
    """Leads to check on: a follow-up date today or earlier, lost leads left out; the most overdue first."""
    return leads.filter(follow_up_on__lte=today).exclude(stage=Stage.LOST).order_by("follow_up_on", "pk")


def find_leads(*, actor: Any, today: datetime.date, stage: str = "", company_id: int | None = None,
               mission_id: int | None = None, partner_id: int | None = None, due: bool = False,
               added_in: int | None = None) -> QuerySet[Lead]:
    """The leads `actor` may see (`actor` None: the operator, every lead), newest change first.

    Filters: a stage ("" for all; an unknown one is a ValidationError on `stage`), a company, the
    mission a lead came from, the partner following it, only the follow-ups due (`follow_ups_due`,
    then most overdue first) and the year a lead was added.
    """
    if stage and stage not in Stage.values:
        raise ValidationError({"stage": f"unknown stage {stage!r}; choose one of {', '.join(Stage.values)}"})
    leads = Lead.objects.all() if actor is None else scoping.visible_leads(actor)
    if stage:
        leads = leads.filter(stage=stage)
    if company_id is not None:
        leads = leads.filter(company_id=company_id)
    if mission_id is not None:
        leads = leads.filter(mission_id=mission_id)
    if partner_id is not None:
        leads = leads.filter(partner_id=partner_id)
    if added_in is not None:
        leads = leads.filter(created_at__year=added_in)
    leads = leads.select_related("company", "partner", "mission")
    return follow_ups_due(leads, today) if due else leads
