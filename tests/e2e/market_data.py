"""Helpers shared by the market and opportunity page tests (not a test module)."""

from __future__ import annotations

from django.test import Client

from sme2go.markets.services import load_bundled_markets
from sme2go.opportunities.services import load_bundled_opportunities

# A spread of real markets: enough for the index to normalise, few enough to load fast.
COUNTRIES = {
    "KEN", "VNM", "EST", "FIN", "IND", "BRA", "NGA", "EGY", "IDN", "PHL", "MEX", "TUR", "COL",
    "PER", "ETH", "TZA", "GHA", "SEN", "BGD", "PAK", "MAR", "UGA", "RWA", "SWE",
}  # fmt: skip


def load_markets() -> None:
    load_bundled_markets(city_min_population=300_000, countries=COUNTRIES)
    load_bundled_opportunities(countries={"KEN", "VNM"})


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
