"""A theme with (almost) no World Bank flows has no demand dimension: it is left out, said so, and the
other weights are re-normalised (before, every client got the same constant plus urban growth)."""

from __future__ import annotations

import re

from sme2go.markets.index import Weights, compute_index
from sme2go.markets.market_store import market_data
from tests.e2e.api_client import call, token_for
from tests.e2e.market_data import client_for, load_markets


def ranked_iso3s(page: str) -> list[str]:
    return re.findall(r'<tr data-iso3="([A-Z]{3})">', page)


def test_economy_is_ranked_without_demand_and_the_page_says_why(manager):
    load_markets()
    client = client_for(manager)
    page = client.get("/markets/?theme=economy").content.decode()
    assert "Smart-city demand is left out for Economy" in page
    assert "no World Bank smart-city money" in page
    # Same order as giving demand no weight at all: the other weights are re-normalised.
    without_demand = [s.iso3 for s in compute_index(market_data(), as_of=2024, theme="economy", weights=Weights(demand=0))]
    assert ranked_iso3s(page) == without_demand
    # Not a red "missing" badge on every row: it is the theme that has no demand, not the country.
    kenya = page[page.index('data-iso3="KEN"') :]
    assert "Smart-city demand" not in kenya[: kenya.index("</tr>")]
    assert 'class="chart bubbles"' not in page  # no demand axis to draw


def test_a_theme_with_flows_keeps_its_demand_dimension(manager):
    load_markets()
    page = client_for(manager).get("/markets/?theme=water").content.decode()
    assert "is left out" not in page
    water = [s.iso3 for s in compute_index(market_data(), as_of=2024, theme="water")]
    assert any(s.contributions["demand"] > 0 for s in compute_index(market_data(), as_of=2024, theme="water"))
    assert ranked_iso3s(page) == water


def test_the_country_page_says_demand_is_left_out_and_its_score_ignores_it(manager):
    load_markets()
    page = client_for(manager).get("/markets/KEN/?theme=sport-culture").content.decode()
    assert "Smart-city demand is left out for Sport and culture" in page
    kenya = next(s for s in compute_index(market_data(), as_of=2024, theme="sport-culture") if s.iso3 == "KEN")
    assert kenya.contributions["demand"] == 0.0 and "demand" not in kenya.missing
    assert f"Rank <strong>{kenya.rank}</strong>" in page
    assert "(forecast score)" not in page  # no demand value shown as if it were one


def test_the_api_names_the_dimension_left_out_and_why(manager):
    load_markets()
    response = call("get", "/api/markets/ranking?theme=urban-planning&top=3", token=token_for(manager))
    assert response.status_code == 200
    for row in response.data:
        assert "demand" in row["left_out"] and "Urban planning" in row["left_out"]["demand"]
        assert row["contributions"]["demand"] == 0.0 and row["values"]["demand"] is None
    water = call("get", "/api/markets/ranking?theme=water&top=3", token=token_for(manager))
    assert all(row["left_out"] == {} for row in water.data)
