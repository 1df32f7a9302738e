"""Loading the bundled World Bank projects as opportunities with sectors, themes and locations."""

from __future__ import annotations

import math
from collections import defaultdict

import pytest

from sme2go.markets import bundle
from sme2go.markets.services import load_bundled_markets
from sme2go.opportunities.models import (
    Opportunity,
    OpportunityLocation,
    OpportunitySector,
    OpportunityTheme,
)
from sme2go.opportunities.services import load_bundled_opportunities

pytestmark = pytest.mark.django_db
COUNTRIES = {"KEN", "EST"}


def test_it_loads_the_projects_of_the_bundle_once_with_everything_attached():
    load_bundled_markets(city_min_population=5_000_000, countries=COUNTRIES)
    expected = [p for p in bundle.load_projects() if p.iso3 in COUNTRIES]
    ids = {p.id for p in expected}
    assert load_bundled_opportunities(countries=COUNTRIES) == len(expected) == Opportunity.objects.count()
    assert OpportunitySector.objects.count() == sum(1 for s in bundle.load_project_sectors() if s.project_id in ids)
    assert OpportunityLocation.objects.count() == sum(1 for loc in bundle.load_project_locations() if loc.project_id in ids)
    assert Opportunity.objects.filter(country__iso3="KEN").count() == sum(1 for p in expected if p.iso3 == "KEN")

    assert load_bundled_opportunities(countries=COUNTRIES) == 0  # idempotent
    assert Opportunity.objects.count() == len(expected)


def test_it_keeps_theme_shares_that_sum_to_one_per_opportunity():
    load_bundled_opportunities(countries={"KEN"})
    totals: dict[int, float] = defaultdict(float)
    for opportunity_id, share in OpportunityTheme.objects.values_list("opportunity_id", "share"):
        totals[opportunity_id] += share
    assert totals and all(math.isclose(total, 1.0, abs_tol=1e-4) for total in totals.values())


def test_it_maps_a_real_water_project_through_its_sectors():
    load_bundled_opportunities(countries={"KEN"})
    project = Opportunity.objects.get(external_id="P179012")  # Kenya Water, Sanitation, and Hygiene Program
    themes = dict(project.themes.values_list("theme_id", "share"))
    assert max(themes, key=themes.__getitem__) == "water"
    assert set(project.themes.values_list("method", flat=True)) == {"sector"}
    assert project.amount_usd == 250_000_000 and project.status == "Active"
    assert "water" in project.search_text


def test_it_keeps_regional_projects_without_a_country():
    load_bundled_opportunities(countries={""})
    assert Opportunity.objects.exists()
    assert not Opportunity.objects.filter(country__isnull=False).exists()
