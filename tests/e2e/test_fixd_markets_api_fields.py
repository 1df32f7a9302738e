"""The markets API names the field a bad value came in ({"detail", "field"}), as the other endpoints
do: theme, weights.<name>, weights (all zero), as_of. It said "field": null, with the name only inside
detail. And a caller who may not read market data learns nothing about which countries exist."""

from __future__ import annotations

import pytest

from tests.e2e.api_client import call, token_for
from tests.e2e.market_data import load_markets

pytestmark = pytest.mark.django_db

ZERO = ",".join(f"{n}=0" for n in ("demand", "size", "urban_growth", "growth", "intensity", "capacity",
                                   "infrastructure", "receptivity", "business", "risk"))


@pytest.mark.parametrize("path", ["/api/markets/ranking", "/api/markets/countries/EST"])
@pytest.mark.parametrize(("query", "field", "words"), [
    ("theme=bogus", "theme", "theme: unknown theme 'bogus'"),
    ("weights=colour=1", "weights.colour", "weights: unknown weight 'colour'"),
    ("weights=demand=2,size=-1", "weights.size", "weights: weight 'size' must be a non-negative number"),
    ("weights=size=1e308", "weights.size", "weights: weight 'size' can be at most 1000"),
    ("weights=risk=lots", "weights.risk", "weights: weight 'risk': 'lots' is not a number"),
    (f"weights={ZERO}", "weights", "weights: weights are all zero"),
    ("as_of=1999", "as_of", "greater than or equal to 2000"),
])
def test_a_bad_filter_is_a_422_naming_its_field(company_user, path, query, field, words):
    load_markets()
    response = call("get", f"{path}?{query}", token=token_for(company_user))
    assert response.status_code == 422, response.content
    assert response.data["field"] == field
    assert words in response.data["detail"]


def test_permission_is_checked_before_the_country_is_looked_up(company_user, monkeypatch):
    load_markets()
    from sme2go.markets import api

    monkeypatch.setattr(api, "can_read_market_data", lambda user: False)
    for iso3 in ("EST", "XXX"):  # one that exists, one that does not: the same answer
        response = call("get", f"/api/markets/countries/{iso3}", token=token_for(company_user))
        assert response.status_code == 403, (iso3, response.content)
        assert response.data["detail"] == "you may not read market data"
