"""Every logged-in role reads the market and opportunity pages (market data is not company-scoped)."""

from __future__ import annotations

import pytest
from django.test import Client

from sme2go.opportunities.models import Opportunity
from tests.e2e.market_data import client_for, load_markets


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["manager", "advisor", "company_user"])
def test_it_shows_ranking_country_and_opportunities_to_every_role(role, request):
    load_markets()
    client = client_for(request.getfixturevalue(role))
    ranking = client.get("/markets/?theme=water")
    assert ranking.status_code == 200
    assert b"Kenya" in ranking.content and b"Viet Nam" in ranking.content
    country = client.get("/markets/KEN/?theme=water")
    assert country.status_code == 200
    assert b"Nairobi" in country.content and b"Urban population" in country.content
    listing = client.get("/opportunities/?country=KEN")
    assert listing.status_code == 200 and b"Kenya" in listing.content
    project = Opportunity.objects.get(external_id="P179012")
    detail = client.get(f"/opportunities/{project.pk}/")
    assert detail.status_code == 200 and b"Kenya Water, Sanitation, and Hygiene Program" in detail.content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/markets/", "/markets/KEN/", "/opportunities/", "/opportunities/1/"])
def test_it_sends_anonymous_visitors_to_the_login_page(path):
    response = Client().get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_answers_404_for_an_unknown_country_or_opportunity(manager):
    load_markets()
    client = client_for(manager)
    assert client.get("/markets/XXX/").status_code == 404
    assert client.get("/opportunities/999999/").status_code == 404
