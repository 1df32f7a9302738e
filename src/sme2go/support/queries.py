"""Reading training and support: the sessions and support actions a user may see, filtered as the
API and `sme2go export support-actions` ask."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from sme2go.accounts import scoping
from sme2go.support.models import SupportAction, TrainingSession


def find_sessions(*, actor: Any, year: int | None = None, partner_id: int | None = None,
                  company_id: int | None = None) -> QuerySet[TrainingSession]:
    """Sessions `actor` may see, newest first, each with the attendance lines `actor` may see
    (`scoping.visible_sessions`, `scoping.visible_attendances`): held in `year`, run by a partner,
    attended by a company."""
    sessions = scoping.visible_sessions(actor)
    if year is not None:
        sessions = sessions.filter(held_on__year=year)
    if partner_id is not None:
        sessions = sessions.filter(partner_id=partner_id)
    if company_id is not None:
        sessions = sessions.filter(attendances__company_id=company_id)
    attendance = scoping.visible_attendances(actor).select_related("company").order_by("company__legal_name", "pk")
    return sessions.select_related("module", "partner").prefetch_related(Prefetch("attendances", queryset=attendance))


def find_support_actions(*, actor: Any, company_id: int | None = None, partner_id: int | None = None,
                         year: int | None = None) -> QuerySet[SupportAction]:
    """Support actions of the companies `actor` may see (`actor` None: the operator, all), newest first:
    of a company, given by a partner, given in `year`. Their notes are for staff (`scoping.can_see_support`)."""
    actions = SupportAction.objects.all()
    if actor is not None:
        actions = actions.filter(company__in=scoping.visible_companies(actor))
    if company_id is not None:
        actions = actions.filter(company_id=company_id)
    if partner_id is not None:
        actions = actions.filter(partner_id=partner_id)
    if year is not None:
        actions = actions.filter(given_on__year=year)
    return actions.select_related("company", "partner", "advisor")
