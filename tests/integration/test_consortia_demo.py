"""The demo's synthetic consortia: the engine's best teams for common needs, saved and moved along the
statuses through the product's own services, keeping every rule, counted by the report, loaded once."""

from __future__ import annotations

import pytest

from sme2go.consortia import demo
from sme2go.consortia.models import Consortium, ConsortiumEvent
from sme2go.consortia.services import review_team
from sme2go.opportunities.services import demo_step as load_opportunities
from sme2go.programme.kpis import programme_report
from sme2go.registry.demo_loading import load_demo_registry

pytestmark = pytest.mark.django_db


def test_demo_consortia_follow_the_rules_and_their_paths_and_load_once():
    load_demo_registry(count=200)
    load_opportunities(None)
    summary = demo.demo_step(None)
    consortia = list(Consortium.objects.order_by("pk"))
    assert summary.startswith(f"Consortia: SYNTHETIC {len(consortia)} consortia formed by the engine")
    assert len(consortia) == len(demo.PATHS)
    for consortium, path in zip(consortia, demo.PATHS, strict=True):
        assert consortium.name.endswith("· synthetic demo") and consortium.opportunity is not None
        assert consortium.status == (path[-1] if path else "proposed")
        moves = [e.to_status for e in consortium.events.filter(kind=ConsortiumEvent.Kind.STATUS).order_by("pk")]
        assert moves == list(path)
        assert review_team(consortium).warnings == [], consortium.name  # the saved team keeps every rule
        assert all(m.company.is_generated for m in consortium.members.select_related("company"))
    kpis = {r.kpi.key: r.actual.total for r in programme_report().results}
    assert kpis["consortia_formed"] == sum(1 for p in demo.PATHS if "agreed" in p)
    assert kpis["consortia_won"] == sum(1 for p in demo.PATHS if "won" in p)
    assert demo.demo_step(None) == "Consortia: synthetic demo consortia already loaded"
    assert Consortium.objects.count() == len(consortia)
