"""The smart-city demand forecast: where World Bank smart-city money is likely to go next.

The forecast of a country as of year Y for a theme (or all themes) is a log-scale score

    log(S + LENDING_BLEND * g * T + USD_FLOOR)
      + PROJECTS_WEIGHT * log(K + PROJECTS_FLOOR)
      + URBAN_GROWTH_WEIGHT * urban population growth (% a year)

- S: mean yearly smart-city flow of the theme over the DEMAND_WINDOW years up to Y;
- T: mean yearly total World Bank commitment (any sector) over the LENDING_WINDOW years up
  to Y, times g = the theme's share of all lending over the same client countries, which
  shrinks a lumpy theme history toward what the country's lending envelope implies;
- K: mean yearly number of smart-city projects in the theme over PROJECTS_WINDOW years
  (each project weighted by its theme share), rewarding steady activity over one big loan;
- urban growth: latest WDI SP.URB.GROW up to Y (0 where missing: a small adjustment only).

The form and its constants were chosen once on the backtest as of 2002-2008 (horizon 6,
all themes) and then frozen; the as-of years reported (2010-2016) were not used to choose
them. Only data dated <= Y enters. Non-client countries (no World Bank commitment up to
Y) get NaN: World Bank flows say nothing about their demand.

A theme whose flows reached fewer than MIN_RECIPIENTS countries in the demand window has no
forecast to speak of (economy, environment, sport-culture and urban-planning have no mapped
World Bank sector at all): S, g and K are zero for (almost) every client, so the score is one
constant plus URBAN_GROWTH_WEIGHT x urban growth, i.e. urban growth counted a second time. The
index leaves such a theme's demand dimension out (`index.demand_left_out`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sme2go.markets.market_data import Array, MarketData

DEMAND_WINDOW = 8
LENDING_WINDOW = 3
LENDING_BLEND = 2.0
USD_FLOOR = 1e6
PROJECTS_WINDOW = 4
PROJECTS_WEIGHT = 0.25
PROJECTS_FLOOR = 0.05
URBAN_GROWTH_WEIGHT = 0.05
# Fewer countries than this with theme flows in the demand window: no demand dimension. Half the
# top 20 the backtest scores: below it, the forecast's top 20 would be filled by urban growth.
MIN_RECIPIENTS = 10


@dataclass(frozen=True)
class DemandForecast:
    """Per country (MarketData.iso3s order): forecast score, and the recent flows behind it."""

    score: Array  # log scale; NaN for non-clients
    recent_usd: Array  # S: mean yearly theme flow over the demand window
    is_client: np.ndarray


def demand_forecast(data: MarketData, *, as_of: int, theme: str | None = None) -> DemandForecast:
    """Forecast smart-city demand per country as of a year, from data dated <= as_of only."""
    cache_key = ("demand", as_of, theme)
    if cache_key in data._cache:
        return data._cache[cache_key]  # type: ignore[return-value]
    flows = data.theme_slice(data.flow_amounts, theme)
    projects = data.theme_slice(data.flow_projects, theme)
    recent = data.window(flows, first=as_of - DEMAND_WINDOW + 1, last=as_of) / DEMAND_WINDOW
    lending = (
        data.window(data.lending_amounts, first=as_of - LENDING_WINDOW + 1, last=as_of)
        / LENDING_WINDOW
    )
    activity = (
        data.window(projects, first=as_of - PROJECTS_WINDOW + 1, last=as_of) / PROJECTS_WINDOW
    )
    clients = data.clients(as_of=as_of)
    share = recent[clients].sum() / lending[clients].sum() if lending[clients].sum() > 0 else 0.0
    urban_growth, _ = data.latest("SP.URB.GROW", as_of=as_of)
    score = (
        np.log(recent + LENDING_BLEND * share * lending + USD_FLOOR)
        + PROJECTS_WEIGHT * np.log(activity + PROJECTS_FLOOR)
        + URBAN_GROWTH_WEIGHT * np.nan_to_num(urban_growth, nan=0.0)
    )
    score[~clients] = np.nan
    forecast = DemandForecast(score=score, recent_usd=recent, is_client=clients)
    data._cache[cache_key] = forecast
    return forecast


def theme_recipients(data: MarketData, *, as_of: int, theme: str | None) -> int:
    """How many countries received smart-city flows of the theme in the demand window up to as_of.

    Counted over every flow record (not only the countries of `data`): it measures how much
    World Bank evidence the theme has, whichever countries are being ranked.
    """
    cache_key = ("recipients", as_of, theme)
    if cache_key not in data._cache:
        first = as_of - DEMAND_WINDOW + 1
        data._cache[cache_key] = len({
            flow.iso3 for flow in data.flows
            if first <= flow.year <= as_of and flow.amount_usd > 0 and theme in (None, flow.theme)
        })  # fmt: skip
    return data._cache[cache_key]  # type: ignore[return-value]
