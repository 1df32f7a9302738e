"""Template context: the follow-ups due for the user's pipeline, shown beside "Missions" in the menu,
so an advisor sees on any page that a lead waits for a call."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.utils import timezone

from sme2go.accounts import scoping
from sme2go.missions.models import Lead
from sme2go.missions.queries import follow_ups_due


def follow_ups(request: Any) -> dict[str, Any]:
    """For staff: how many follow-ups are due today or earlier (an advisor: their partner's leads;
    the manager: all) and the pipeline address that lists them. Nothing for anyone else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not scoping.can_run_missions(user):
        return {}
    leads = Lead.objects.all()
    query = {"due": "on"}
    partner = scoping.advisor_partner(user)
    if partner is not None:
        leads = leads.filter(partner=partner)
        query = {"partner": partner.short_name, **query}
    return {"follow_ups_due": follow_ups_due(leads, timezone.localdate()).count(),
            "follow_ups_url": f"/leads/?{urlencode(query)}"}
