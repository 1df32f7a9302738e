"""Small synthetic market data for the index and backtest tests (real data is in the bundle tests)."""

from __future__ import annotations

import random

from sme2go.markets.bundle import Country, Flow, Lending, Observation
from sme2go.markets.market_data import MarketData

ISO3S = ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG")
YEARS = range(2000, 2013)
CODES = (
    "SP.URB.TOTL", "SP.URB.GROW", "SP.POP.TOTL", "NY.GDP.MKTP.CD", "UN.EGDI.HCI", "UN.EGDI.TII",
    "UN.EGDI.OSI", "UN.EPI", "WB.DB.RANK",
)  # fmt: skip
SCALE = {
    "SP.URB.TOTL": 1e7,
    "SP.POP.TOTL": 3e7,
    "NY.GDP.MKTP.CD": 1e11,
    "WB.DB.RANK": 190,
    "SP.URB.GROW": 5,
}


def countries(iso3s: tuple[str, ...] = ISO3S) -> list[Country]:
    return [Country(i[:2], i, f"Country {i}", "Region", "Sub", "Low", True, True) for i in iso3s]


def synthetic_market(seed: int, *, gaps: float = 0.15) -> MarketData:
    """Random but plausible data: every indicator most years, some gaps, some smart-city money."""
    rng = random.Random(seed)
    observations = [
        Observation(iso3, code, year, rng.uniform(0.05, 1.0) * SCALE.get(code, 1.0), "test")
        for iso3 in ISO3S
        for code in CODES
        for year in YEARS
        if rng.random() > gaps
    ]
    themes = ("water", "transportation", "energy")
    flows = [
        Flow(iso3, year, rng.choice(themes), rng.uniform(1e6, 5e8), rng.uniform(0.2, 2))
        for iso3 in ISO3S[:-1]
        for year in YEARS
        if rng.random() < 0.4
    ]
    lending = [Lending(f.iso3, f.year, f.amount_usd * rng.uniform(1, 4)) for f in flows]
    return MarketData.build(
        countries=countries(), observations=observations, flows=flows, lending=lending
    )
