"""The country page says the recent smart-city commitments are a yearly average, and over which years."""

from __future__ import annotations

from tests.e2e.market_data import client_for, load_markets


def test_recent_commitments_are_a_yearly_average_over_named_years(manager):
    load_markets()
    client = client_for(manager)
    page = client.get("/markets/KEN/?theme=water").content.decode()
    # 522.8M committed in 2017-2024, 8 years: 65.3M a year.
    assert "smart-city commitments US$ 65.3M a year on average, 2017–2024" in page
    assert "recent smart-city commitments US$ 65.3M;" not in page
    earlier = client.get("/markets/KEN/?theme=water&as_of=2015").content.decode()
    assert "a year on average, 2008–2015" in earlier
