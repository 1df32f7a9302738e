"""The markets API: the ranking with rank intervals and one country's profile."""

from __future__ import annotations

from sme2go.markets.index import Weights, compute_index
from sme2go.markets.market_store import market_data
from tests.e2e.api_client import call, token_for
from tests.e2e.market_data import load_markets


def test_it_ranks_countries_for_a_theme_with_intervals_and_contributions(company_user):
    load_markets()
    response = call("get", "/api/markets/ranking?theme=water&as_of=2020&top=5", token=token_for(company_user))
    assert response.status_code == 200
    expected = compute_index(market_data(), as_of=2020, theme="water")[:5]
    assert [row["iso3"] for row in response.data] == [s.iso3 for s in expected]
    for row in response.data:
        assert abs(sum(row["contributions"].values()) - row["score"]) < 1e-6
        interval = row["rank_interval"]
        assert interval["p05"] <= interval["median"] <= interval["p95"]


def test_it_applies_changed_weights_and_refuses_bad_ones(advisor):
    load_markets()
    token = token_for(advisor)
    response = call("get", "/api/markets/ranking?weights=demand=0,size=5&top=3", token=token)
    expected = compute_index(market_data(), as_of=2024, weights=Weights(demand=0, size=5))[:3]
    assert [row["iso3"] for row in response.data] == [s.iso3 for s in expected]
    for bad in ("size=-1", "demand=0,size=0,urban_growth=0,growth=0,intensity=0,capacity=0,infrastructure=0,receptivity=0,business=0,risk=0", "colour=1"):
        refused = call("get", f"/api/markets/ranking?weights={bad}", token=token)
        assert refused.status_code == 422 and "weight" in refused.data["detail"]
    # A weight too large to compute with (1e308: every score came out 0.0, Antigua first) is refused.
    refused = call("get", "/api/markets/ranking?weights=size=1e308", token=token)
    assert refused.status_code == 422
    assert refused.data["detail"] == "weights: weight 'size' can be at most 1000 (weights are relative: " \
                                     "2 counts twice as much as 1), not 1e+308"


def test_it_returns_a_country_with_its_score_and_sourced_indicators(manager):
    load_markets()
    response = call("get", "/api/markets/countries/ken?theme=transportation", token=token_for(manager))
    assert response.status_code == 200
    data = response.data
    assert data["name"] == "Kenya" and data["score"]["iso3"] == "KEN"
    gdp = [o for o in data["indicators"] if o["indicator"] == "NY.GDP.MKTP.CD"]
    assert gdp and all(o["source"] == "World Bank WDI" for o in gdp)
    assert call("get", "/api/markets/countries/XXX", token=token_for(manager)).status_code == 404
    assert call("get", "/api/markets/ranking").status_code == 401
