"""The opportunity list (search, filters, sorting, pages) and one opportunity's page."""

from __future__ import annotations

import re

import pytest

from sme2go.opportunities.models import Opportunity
from sme2go.opportunities.services import load_bundled_opportunities
from tests.e2e.market_data import client_for


@pytest.fixture
def kenya_and_vietnam(db):
    load_bundled_opportunities(countries={"KEN", "VNM"})


def external_ids(response) -> list[str]:
    return re.findall(r"</a> <span class=\"muted\">(P\d+)</span>", response.content.decode())


def test_it_finds_projects_by_every_word_of_title_objective_or_agency(advisor, kenya_and_vietnam):
    client = client_for(advisor)
    found = external_ids(client.get("/opportunities/?q=water+sanitation+hygiene"))
    assert "P179012" in found
    for pid in found:
        text = Opportunity.objects.get(external_id=pid).search_text
        assert all(word in text for word in ("water", "sanitation", "hygiene"))
    by_agency = external_ids(client.get("/opportunities/?q=Ministry+of+Water,+Sanitation+and+Irrigation"))
    assert "P179012" in by_agency


def test_it_filters_by_theme_country_status_and_approval_years(advisor, kenya_and_vietnam):
    response = client_for(advisor).get(
        "/opportunities/", {"theme": "water", "country": "KEN", "status": "Active", "approved_from": "2015", "approved_to": "2024"}
    )
    found = external_ids(response)
    assert found
    for o in Opportunity.objects.filter(external_id__in=found):
        assert o.iso3 == "KEN" and o.status == "Active" and 2015 <= o.approval_date.year <= 2024
        assert o.themes.filter(theme_id="water").exists()
    expected = Opportunity.objects.filter(
        iso3="KEN", status="Active", themes__theme_id="water",
        approval_date__year__gte=2015, approval_date__year__lte=2024,
    ).count()  # fmt: skip
    assert f"{expected} opportunit" in response.content.decode()


def test_it_sorts_by_amount_and_by_date(advisor, kenya_and_vietnam):
    client = client_for(advisor)
    largest = external_ids(client.get("/opportunities/?country=VNM&sort=-amount"))
    amounts = [Opportunity.objects.get(external_id=pid).amount_usd for pid in largest]
    assert amounts == sorted(amounts, reverse=True)
    oldest = external_ids(client.get("/opportunities/?sort=approval_date"))
    dates = [Opportunity.objects.get(external_id=pid).approval_date for pid in oldest]
    assert dates == sorted(dates)


def test_it_pages_through_the_results_keeping_the_filters(advisor, kenya_and_vietnam):
    client = client_for(advisor)
    first = client.get("/opportunities/?country=KEN")
    second = client.get("/opportunities/?country=KEN&page=2")
    assert len(external_ids(first)) == 25
    assert not set(external_ids(first)) & set(external_ids(second))
    assert "country=KEN&amp;page=2" in first.content.decode()


def test_it_explains_filters_it_cannot_use(advisor, kenya_and_vietnam):
    page = client_for(advisor).get("/opportunities/?approved_from=2020&approved_to=2010").content.decode()
    assert "must not be before the start year" in page


def test_it_shows_themes_sectors_locations_and_the_consortium_link(company_user, advisor, kenya_and_vietnam):
    project = Opportunity.objects.get(external_id="P179012")
    staff_page = client_for(advisor).get(f"/opportunities/{project.pk}/").content.decode()
    assert f'href="/consortia/new/?opportunity={project.pk}"' in staff_page and "Propose consortium" in staff_page
    page = client_for(company_user).get(f"/opportunities/{project.pk}/").content.decode()
    assert "Propose consortium" not in page  # a company representative forms no consortia
    assert "Water" in page and "sector cross-walk" in page
    for sector in project.sectors.all():
        assert sector.sector in page
    assert "US$ 250,000,000" in page and "2023-12-20" in page
    if project.locations.exists():
        assert 'class="chart places"' in page


def test_a_regional_project_names_its_region_once_and_unpublished_shares_as_a_dash(advisor, db):
    project = Opportunity.objects.create(
        external_id="P900001", title="Regional interconnector", country_name="Eastern and Southern Africa",
        region="Eastern and Southern Africa", status=Opportunity.Status.PIPELINE,
    )
    project.sectors.create(sector="FY17 - Energy Transmission and Distribution", percent=0)
    page = client_for(advisor).get(f"/opportunities/{project.pk}/").content.decode()
    assert "Eastern and Southern Africa · Eastern and Southern Africa" not in page
    assert "Eastern and Southern Africa" in page
    assert re.search(r"Energy Transmission and Distribution</td><td class=\"num\">–</td>", page)
    assert "has not published the shares yet" in page


def test_published_sector_shares_are_shown_in_percent(advisor, db):
    project = Opportunity.objects.create(
        external_id="P900002", title="Water and roads", country_name="Kenya", region="Eastern and Southern Africa",
        status=Opportunity.Status.ACTIVE,
    )
    project.sectors.create(sector="FY17 - Water Supply", percent=70)
    project.sectors.create(sector="FY17 - Rural and Inter-Urban Roads", percent=30)
    page = client_for(advisor).get(f"/opportunities/{project.pk}/").content.decode()
    assert re.search(r"Water Supply</td><td class=\"num\">70</td>", page)
    assert re.search(r"Inter-Urban Roads</td><td class=\"num\">30</td>", page)
    assert "Kenya · Eastern and Southern Africa" in page and "not published the shares" not in page


def test_the_region_filter_offers_each_region_once_and_finds_every_project_of_it(advisor, db):
    load_bundled_opportunities(countries={""})  # the regional projects; one was published as "East Asia And Pacific"
    client = client_for(advisor)
    page = client.get("/opportunities/").content.decode()
    assert page.count('<option value="East Asia and Pacific">') == 1
    assert "East Asia And Pacific" not in page
    found = client.get("/opportunities/", {"region": "East Asia and Pacific"})
    assert found.context["page"].paginator.count == 52  # 51 + the one spelt "And"
    assert Opportunity.objects.get(external_id="P504625").region == "East Asia and Pacific"


def test_regions_stored_in_another_spelling_are_merged_by_the_migration(db):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    Opportunity.objects.create(external_id="P1", title="a", region="East Asia And Pacific")
    Opportunity.objects.create(external_id="P2", title="b", region="East Asia and Pacific")
    migration = importlib.import_module("sme2go.opportunities.migrations.0002_opportunity_region_names")
    migration.normalise_regions(apps, SimpleNamespace(connection=connection))
    assert set(Opportunity.objects.values_list("region", flat=True)) == {"East Asia and Pacific"}
