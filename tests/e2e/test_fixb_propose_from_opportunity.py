"""'Propose consortium' from an opportunity: offered for projects that take bids, with a target that helps."""

from __future__ import annotations

import datetime as dt

import pytest

from sme2go.markets.models import Country
from sme2go.opportunities.models import Opportunity, OpportunityLocation, OpportunityTheme
from tests.e2e.market_data import client_for


@pytest.fixture
def brazil(db) -> Country:
    return Country.objects.create(iso3="BRA", iso2="BR", name="Brazil", region="Latin America & Caribbean")


def project(status="Active", country=None, country_name="Brazil", places=(), pk_id="P1") -> Opportunity:
    opportunity = Opportunity.objects.create(
        external_id=pk_id, title="Bahia water", status=status, country=country, iso3=country.iso3 if country else "",
        country_name=country_name, approval_date=dt.date(2020, 1, 1),
    )  # fmt: skip
    OpportunityTheme.objects.create(opportunity=opportunity, theme_id="water", share=1.0)
    for name in places:
        OpportunityLocation.objects.create(opportunity=opportunity, place=name, lat=-12.0, lon=-40.0)
    return opportunity


def target(user, opportunity) -> tuple[str, str]:
    need = client_for(user).get(f"/consortia/new/?opportunity={opportunity.pk}").context["query"].need
    return need.target_city, need.target_country


def test_a_project_in_many_places_leaves_the_city_empty(advisor, brazil):
    many = project(country=brazil, places=["Abaré", "Salvador", "Feira de Santana"])
    assert target(advisor, many) == ("", "Brazil")
    page = client_for(advisor).get(f"/consortia/new/?opportunity={many.pk}").content.decode()
    assert 'name="target_city" value=""' in page and "Abaré" not in page


def test_a_project_in_one_place_takes_it_as_the_city(advisor, brazil):
    assert target(advisor, project(country=brazil, places=["Salvador"])) == ("Salvador", "Brazil")


def test_a_multi_country_project_leaves_the_country_empty(advisor):
    regional = project(country=None, country_name="Eastern and Southern Africa")
    assert target(advisor, regional) == ("", "")


@pytest.mark.parametrize("status", ["Closed", "Dropped"])
def test_a_closed_or_dropped_project_offers_no_consortium_but_says_why(advisor, brazil, status):
    page = client_for(advisor).get(f"/opportunities/{project(status=status, country=brazil).pk}/").content.decode()
    assert "Propose consortium" not in page and "/consortia/new/" not in page
    assert f"This project is {status.lower()} and takes no more bids" in page
    assert "?status=Active&amp;country=BRA&amp;theme=water" in page and "Active projects on Water in Brazil" in page


@pytest.mark.parametrize("status", ["Active", "Pipeline"])
def test_an_active_or_pipeline_project_offers_it(advisor, brazil, status):
    opportunity = project(status=status, country=brazil)
    page = client_for(advisor).get(f"/opportunities/{opportunity.pk}/").content.decode()
    assert f'href="/consortia/new/?opportunity={opportunity.pk}"' in page and "takes no more bids" not in page
