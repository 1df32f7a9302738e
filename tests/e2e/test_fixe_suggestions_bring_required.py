"""A saved consortium's suggestions say which required capabilities each company brings, and by default
list only companies that bring one (in the model's order: filtered, not re-ranked)."""

from __future__ import annotations

import pytest

from sme2go.consortia.models import Consortium
from sme2go.registry.models import Solution, SolutionCapability
from tests.e2e.registry_pages import client_for
from tests.e2e.test_partner_suggestions_page import consortium, names, registry  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

LEAKS, METERING = "water.leak-detection", "water.smart-water-metering"


def leak_team(registry, status: str = "proposed") -> Consortium:  # noqa: F811
    saved = consortium([registry["aqua"], registry["volt"]], status=status)
    saved.required_capabilities = [{"capability": LEAKS, "weight": 2.0}, {"capability": METERING, "weight": 1.0}]
    saved.rules = {"min_fit": 0.5}
    saved.save()
    # Aqua covers metering; Meri brings leak detection (and metering below min_fit); Sola brings metering.
    for company, levels in ((registry["aqua"], {METERING: 0.9}), (registry["meri"], {LEAKS: 0.8, METERING: 0.2}),
                            (registry["sola"], {METERING: 0.7})):
        solution = Solution.objects.create(company=company, name=f"{company.legal_name} kit")
        for capability, level in levels.items():
            SolutionCapability.objects.create(solution=solution, capability_id=capability, level=level)
    return saved


def test_only_companies_that_bring_a_required_capability_are_suggested_by_default(registry, advisor):  # noqa: F811
    saved = leak_team(registry)
    client = client_for(advisor)
    everyone = client.get(f"/consortia/{saved.pk}/suggest/?bring=any")
    assert names(everyone) == ["Gata AB", "Meri AB", "Sola OÜ"]  # the model's order: Gata worked with both
    page = everyone.content.decode()
    assert "brings none of the required capabilities" in page  # Gata

    response = client.get(f"/consortia/{saved.pk}/suggest/")
    assert names(response) == ["Meri AB", "Sola OÜ"]  # Gata left out, the rest in the model's order
    page = response.content.decode()
    assert "only companies that bring a required capability</option>" in page
    assert "Leak detection (fit 0.80) <strong>— no member has it</strong>" in page
    assert "Smart water metering (fit 0.20)" not in page  # below the consortium's min_fit 0.5
    assert "Smart water metering (fit 0.70)</li>" in page  # Sola: the team has it already (Aqua)
    assert "1 of them left out because they bring none of the required capabilities (no fit of at least 0.5)" in (
        " ".join(page.split())
    )


def test_a_team_not_saved_yet_has_no_requirements_and_is_not_filtered(registry, advisor):  # noqa: F811
    leak_team(registry)
    response = client_for(advisor).get(f"/consortia/suggest/?company={registry['aqua'].pk},{registry['volt'].pk}")
    assert names(response) == ["Gata AB", "Meri AB", "Sola OÜ"]
    page = response.content.decode()
    assert 'name="bring"' not in page and "brings none" not in page
