"""Backtest of the smart-city demand forecast against where World Bank money actually went.

As of year Y with horizon N: the countries are the World Bank clients as of Y (at least one
non-dropped project with a commitment approved up to Y). Each is ranked by the demand
forecast as of Y (`demand.demand_forecast`, data <= Y only) and compared with the
smart-city-relevant commitments actually approved in Y+1..Y+N (commitment x sector percent
x theme share over sectors mapped to capability themes; Dropped projects excluded).

Baselines: persistence (the previous N years' flows, Y-N+1..Y), population
(latest SP.POP.TOTL <= Y) and GDP (latest NY.GDP.MKTP.CD <= Y); countries without the
value rank last.

The years must fit the data (`check_years`): a forecast as of a year before the first World
Bank commitment has no clients to rank, and a horizon past the last smart-city flow would
count years with no data as "no money went there"; both are refused, naming the years covered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sme2go.markets.demand import demand_forecast
from sme2go.markets.market_data import Array, MarketData

TOP_K = 20


@dataclass(frozen=True)
class Skill:
    spearman: float
    top20_precision: float


@dataclass(frozen=True)
class BacktestResult:
    as_of: int
    horizon: int
    theme: str | None
    n_countries: int
    spearman: float
    top20_precision: float
    baselines: dict[str, Skill] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """The CLI's JSON object (NaN, e.g. for a theme with no money at all, becomes null)."""
        return {
            "spearman": _finite(self.spearman),
            "top20_precision": _finite(self.top20_precision),
            "n_countries": self.n_countries,
            "baselines": {
                name: {
                    "spearman": _finite(s.spearman),
                    "top20_precision": _finite(s.top20_precision),
                }
                for name, s in self.baselines.items()
            },
        }


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def average_ranks(values: Array) -> Array:
    """Ranks 1..n with ties given their average rank (like scipy.stats.rankdata)."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="mergesort")
    ordinal = np.empty(len(values))
    ordinal[order] = np.arange(1, len(values) + 1)
    _, groups, counts = np.unique(values, return_inverse=True, return_counts=True)
    return (np.bincount(groups, weights=ordinal) / counts)[groups]


def spearman(a: Array, b: Array) -> float:
    """Spearman rank correlation with average ranks for ties; NaN if either side is constant."""
    ra, rb = average_ranks(a), average_ranks(b)
    if len(ra) < 2 or ra.std() == 0 or rb.std() == 0:
        return float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])


def top_k_precision(predicted: Array, actual: Array, k: int = TOP_K) -> float:
    """Share of the actual top k found in the predicted top k (ties broken by position).

    The actual top k holds only countries that received money (fewer than k if fewer did);
    NaN when nobody did.
    """
    actual = np.asarray(actual, dtype=float)
    k = min(k, len(actual))
    top_actual = [i for i in np.argsort(-actual, kind="stable")[:k].tolist() if actual[i] > 0]
    if not top_actual:
        return float("nan")
    top_predicted = set(np.argsort(-np.asarray(predicted, dtype=float), kind="stable")[:k].tolist())
    return len(top_predicted.intersection(top_actual)) / len(top_actual)


def _skill(predicted: Array, actual: Array) -> Skill:
    predicted = np.where(np.isnan(predicted), -np.inf, predicted)
    return Skill(spearman(predicted, actual), top_k_precision(predicted, actual))


def check_years(data: MarketData, *, as_of: int, horizon: int) -> None:
    """Refuse (ValueError) an as-of year and horizon the data cannot answer, naming the years they cover."""
    if horizon < 1:
        raise ValueError(f"horizon must be at least 1 year, got {horizon}")
    lending, flows = data.lending_years, data.flow_years
    if lending is None or flows is None:
        raise ValueError("the data hold no World Bank commitments or smart-city flows: nothing to backtest")
    covered = (f"World Bank commitments in the data are approved {lending[0]}–{lending[1]} and "
               f"smart-city flows {flows[0]}–{flows[1]}")  # fmt: skip
    if as_of < lending[0]:
        raise ValueError(
            f"as of {as_of} there is no World Bank client to rank: {covered}; backtest as of {lending[0]} or later"
        )
    if as_of + horizon > flows[1]:
        fits = flows[1] - as_of
        instead = f"backtest as of {flows[1] - horizon} or earlier" + (
            f", or with a horizon of {fits} year{'s' if fits > 1 else ''} or less" if fits >= 1 else ""
        )
        raise ValueError(
            f"as of {as_of} with a {horizon}-year horizon the backtest compares with commitments approved in "
            f"{as_of + 1}–{as_of + horizon}, but the smart-city flows in the data end in {flows[1]} ({covered}): "
            f"{instead}"
        )


def run_backtest(
    data: MarketData, *, as_of: int, horizon: int, theme: str | None = None
) -> BacktestResult:
    """Score the demand forecast as of `as_of` against flows approved in the next `horizon` years."""
    check_years(data, as_of=as_of, horizon=horizon)
    clients = data.clients(as_of=as_of)
    flows = data.theme_slice(data.flow_amounts, theme)
    actual = data.window(flows, first=as_of + 1, last=as_of + horizon)[clients]
    forecast = demand_forecast(data, as_of=as_of, theme=theme).score[clients]
    baselines = {
        "persistence": data.window(flows, first=as_of - horizon + 1, last=as_of)[clients],
        "population": data.latest("SP.POP.TOTL", as_of=as_of)[0][clients],
        "gdp": data.latest("NY.GDP.MKTP.CD", as_of=as_of)[0][clients],
    }
    skill = _skill(forecast, actual)
    return BacktestResult(
        as_of=as_of,
        horizon=horizon,
        theme=theme,
        n_countries=int(clients.sum()),
        spearman=skill.spearman,
        top20_precision=skill.top20_precision,
        baselines={name: _skill(values, actual) for name, values in baselines.items()},
    )
