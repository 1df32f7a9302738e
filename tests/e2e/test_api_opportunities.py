"""The opportunities API: list with filters and pages, one opportunity, for token holders of any role."""

from __future__ import annotations

import pytest

from sme2go.opportunities.models import Opportunity
from sme2go.opportunities.services import load_bundled_opportunities
from tests.e2e.api_client import call, token_for


@pytest.fixture
def kenya(db):
    load_bundled_opportunities(countries={"KEN"})


def test_it_lists_filtered_opportunities_page_by_page(company_user, kenya):
    token = token_for(company_user)
    response = call("get", "/api/opportunities?theme=water&status=Active&sort=-amount&page_size=5", token=token)
    assert response.status_code == 200
    data = response.data
    expected = Opportunity.objects.filter(themes__theme_id="water", status="Active").count()
    assert data["count"] == expected and len(data["items"]) == min(5, expected)
    amounts = [item["amount_usd"] for item in data["items"]]
    assert amounts == sorted(amounts, reverse=True)
    assert all(any(t["theme_id"] == "water" for t in item["themes"]) for item in data["items"])


def test_it_returns_one_opportunity_with_sectors_and_locations(advisor, kenya):
    project = Opportunity.objects.get(external_id="P179012")
    response = call("get", f"/api/opportunities/{project.pk}", token=token_for(advisor))
    assert response.status_code == 200
    assert response.data["external_id"] == "P179012" and response.data["amount_usd"] == 250_000_000
    assert {s["sector"] for s in response.data["sectors"]} == set(project.sectors.values_list("sector", flat=True))
    assert abs(sum(t["share"] for t in response.data["themes"]) - 1) < 1e-4


def test_it_refuses_callers_without_credentials_and_names_bad_filters(manager, kenya):
    assert call("get", "/api/opportunities").status_code == 401
    response = call("get", "/api/opportunities?theme=plumbing", token=token_for(manager))
    assert response.status_code == 422 and response.data["field"] == "theme"
    assert call("get", "/api/opportunities/999999", token=token_for(manager)).status_code == 404
