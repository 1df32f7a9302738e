"""Market-attractiveness index per capability theme, with rank intervals under weight uncertainty.

Dimensions follow the globalEDGE Market Potential Index (size, intensity, growth,
consumption capacity, infrastructure, receptivity, ease of doing business, risk), adapted to
smart-city demand, plus a per-theme `demand` dimension from World Bank smart-city flows.
What each is made of is in `DIMENSIONS` and docs/markets.md.

Normalisation: each dimension's raw value (log where skewed) is winsorised at the 5th and
95th percentile of the ranked countries, then scaled to 0..1 (higher = more attractive;
rank-like and risk-like dimensions are negated first). Missing data: a dimension a country
has no value for is listed in `CountryScore.missing` and the weights are re-normalised over
the dimensions it has; it is never counted as zero. The one exception, also listed and
explained in `handling`: a country with no World Bank commitment up to the as-of year gets
the lowest demand (0), since having no World Bank lending is itself an observation. Countries are ranked only when they
have urban population data and at least half of the dimensions used.

A theme whose World Bank flows reached fewer than `demand.MIN_RECIPIENTS` countries in the
demand window has no demand dimension at all (`demand_left_out` says why): it is left out for
every country, listed in `CountryScore.left_out`, and the weights are re-normalised over the
other dimensions. It is not a country's missing data, so it is not in `missing`.

Score = 100 x sum(w_d x n_d) / sum(w_d over available d); `contributions[d]` is each term,
so the contributions add up to the score.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, fields

import numpy as np
from numpy.typing import NDArray

from sme2go.markets.demand import DEMAND_WINDOW, MIN_RECIPIENTS, demand_forecast, theme_recipients
from sme2go.markets.market_data import Array, MarketData
from sme2go.taxonomy import load_taxonomy

MAX_AGE = 8  # years an indicator value stays usable
URBAN_SHARE_MAX_AGE = 15  # years an urban share may be carried forward onto newer population
WINSOR = (5.0, 95.0)
MIN_SHARE_OF_DIMENSIONS = 0.5

DIMENSIONS: dict[str, str] = {
    "demand": "forecast of World Bank smart-city flows in the theme (recent flows, lending envelope, project activity, urban growth); World Bank clients only; left out for a theme with World Bank money in fewer than 10 countries",
    "size": "urban population: latest population (SP.POP.TOTL) x latest urban share (SP.URB.TOTL / SP.POP.TOTL), log",
    "urban_growth": "urban population growth, % a year (WDI SP.URB.GROW)",
    "growth": "GDP growth, 5-year compound rate of GDP in current USD (WDI NY.GDP.MKTP.CD)",
    "intensity": "GDP per capita in current USD (NY.GDP.MKTP.CD / SP.POP.TOTL), log",
    "capacity": "human capital index of the UN e-government survey (UN.EGDI.HCI): skills to buy and run smart-city systems",
    "infrastructure": "mean of the UN telecom infrastructure (UN.EGDI.TII) and online service (UN.EGDI.OSI) indices: digital readiness",
    "receptivity": "UN e-participation index (UN.EPI): openness of government to digital engagement",
    "business": "World Bank ease-of-doing-business rank (WB.DB.RANK), lower is better",
    "risk": "volatility of annual GDP growth over 10 years (std of log changes), lower is better",
}


DEMAND = list(DIMENSIONS).index("demand")
REWEIGHTED = "no data up to the as-of year: weights re-normalised over the other dimensions"
NO_LENDING = "no World Bank commitment up to the as-of year: scored as the lowest demand (0)"


# Weights are relative (2 counts twice as much as 1); far larger ones only overflow the arithmetic.
MAX_WEIGHT = 1000.0


@dataclass(frozen=True)
class Weights:
    """Weights of the dimensions; relative (they need not sum to 1). Defaults documented in docs/markets.md."""

    demand: float = 0.30
    size: float = 0.15
    urban_growth: float = 0.10
    growth: float = 0.10
    intensity: float = 0.05
    capacity: float = 0.05
    infrastructure: float = 0.10
    receptivity: float = 0.05
    business: float = 0.05
    risk: float = 0.05

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not np.isfinite(value) or value < 0:
                raise ValueError(f"weight {item.name!r} must be a non-negative number, got {value}")
            if value > MAX_WEIGHT:
                raise ValueError(f"weight {item.name!r} can be at most {MAX_WEIGHT:g} (weights are relative: "
                                 f"2 counts twice as much as 1), not {value:g}")
        if sum(self.vector()) == 0:
            raise ValueError("weights are all zero: give at least one dimension a positive weight")

    def vector(self) -> Array:
        return np.array([getattr(self, name) for name in DIMENSIONS], dtype=float)

    @classmethod
    def parse(cls, text: str) -> Weights:
        """`"size=1,demand=2"` -> Weights with those two changed from the defaults."""
        changes: dict[str, float] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, _, value = part.partition("=")
            name = name.strip()
            if name not in DIMENSIONS:
                raise ValueError(
                    f"unknown weight {name!r}; expected one of {', '.join(DIMENSIONS)}"
                )
            try:
                changes[name] = float(value)
            except ValueError:
                raise ValueError(f"weight {name!r}: {value!r} is not a number") from None
        return cls(**changes)


@dataclass(frozen=True)
class CountryScore:
    iso3: str
    name: str
    score: float  # 0..100
    rank: int  # 1 = most attractive
    contributions: dict[str, float]  # per dimension; they add up to score (0 for missing ones)
    values: dict[str, float | None]  # raw values behind the dimensions (None = missing)
    missing: list[str]  # dimensions without data
    handling: dict[str, str] = field(default_factory=dict)  # how each missing dimension was handled
    left_out: dict[str, str] = field(default_factory=dict)  # dimensions the theme has none of, and why


@dataclass(frozen=True)
class RankInterval:
    p05: float
    median: float
    p95: float


@dataclass(frozen=True)
class DimensionMatrix:
    """Normalised dimensions (rows: ranked countries, columns: DIMENSIONS; NaN = missing)."""

    iso3s: tuple[str, ...]
    normalised: Array
    raw: dict[str, Array]
    no_lending: NDArray[np.bool_]  # not a World Bank client: demand scored 0, not re-weighted
    left_out: dict[str, str] = field(default_factory=dict)  # dimension -> why no country has it


def demand_left_out(data: MarketData, *, as_of: int, theme: str | None) -> str | None:
    """Why the theme has no demand dimension as of a year, or None when it has one."""
    if theme is None:
        return None
    recipients = theme_recipients(data, as_of=as_of, theme=theme)
    if recipients >= MIN_RECIPIENTS:
        return None
    money = (
        "no World Bank smart-city money" if recipients == 0
        else f"World Bank smart-city money for only {recipients} countr{'y' if recipients == 1 else 'ies'}"
    )  # fmt: skip
    return (
        f"Smart-city demand is left out for {load_taxonomy().theme(theme).name}: the data have {money} "
        f"in this theme in {as_of - DEMAND_WINDOW + 1}–{as_of} (the forecast needs at least "
        f"{MIN_RECIPIENTS} countries), so it would only repeat urban growth. The other weights are "
        "re-normalised."
    )


def _winsorised_unit(values: Array) -> Array:
    available = ~np.isnan(values)
    out = np.full(values.shape, np.nan)
    if not available.any():
        return out
    lo, hi = np.percentile(values[available], WINSOR)
    if hi <= lo:
        out[available] = 0.5
        return out
    out[available] = (np.clip(values[available], lo, hi) - lo) / (hi - lo)
    return out


def _log(values: Array) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(values > 0, np.log(np.where(values > 0, values, 1.0)), np.nan)


def _raw_dimensions(
    data: MarketData, as_of: int, theme: str | None
) -> tuple[dict[str, Array], dict[str, Array]]:
    """(scored values, displayed values) per dimension for every country, data <= as_of only."""

    def latest(code: str) -> Array:
        return data.latest(code, as_of=as_of, max_age=MAX_AGE)[0]

    # Urban population brought forward: the WDI urban series in the bundle stops in 2017, the
    # population series in 2024, and the urban share moves slowly.
    urban_then, urban_year = data.latest("SP.URB.TOTL", as_of=as_of, max_age=URBAN_SHARE_MAX_AGE)
    population = latest("SP.POP.TOTL")
    with np.errstate(divide="ignore", invalid="ignore"):
        brought_forward = population * urban_then / data.exact("SP.POP.TOTL", urban_year)
    urban_now = latest("SP.URB.TOTL")
    urban = np.where(np.isnan(brought_forward), urban_now, brought_forward)
    gdp, gdp_year = data.latest("NY.GDP.MKTP.CD", as_of=as_of, max_age=MAX_AGE)
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nanmean of a country with neither index
        growth = (gdp / data.exact("NY.GDP.MKTP.CD", gdp_year - 5)) ** 0.2 - 1.0
        per_capita = gdp / population
        series = data.series("NY.GDP.MKTP.CD")
        column = data.year_column(as_of)
        recent = series[:, max(column - 10, 0) : column + 1]
        changes = np.diff(np.log(np.where(recent > 0, recent, np.nan)), axis=1)
        enough = (~np.isnan(changes)).sum(axis=1) >= 5
        volatility = np.where(
            enough, np.nanstd(np.where(enough[:, None], changes, 0.0), axis=1), np.nan
        )
        infrastructure = np.nanmean(
            np.vstack([latest("UN.EGDI.TII"), latest("UN.EGDI.OSI")]), axis=0
        )
    forecast = demand_forecast(data, as_of=as_of, theme=theme)
    rank = latest("WB.DB.RANK")
    shown = {
        "demand": forecast.score, "size": urban, "urban_growth": latest("SP.URB.GROW"),
        "growth": growth, "intensity": per_capita, "capacity": latest("UN.EGDI.HCI"),
        "infrastructure": infrastructure, "receptivity": latest("UN.EPI"), "business": rank,
        "risk": volatility,
    }  # fmt: skip
    scored = {
        **shown,
        "size": _log(urban),
        "intensity": _log(per_capita),
        "business": -rank,
        "risk": -volatility,
    }
    shown["demand_recent_usd"] = np.where(forecast.is_client, forecast.recent_usd, np.nan)
    return scored, shown


def dimension_matrix(data: MarketData, *, as_of: int, theme: str | None = None) -> DimensionMatrix:
    """The normalised dimension matrix as of a year for a theme (cached on `data`)."""
    key = ("dimensions", as_of, theme)
    if key in data._cache:
        return data._cache[key]  # type: ignore[return-value]
    scored, shown = _raw_dimensions(data, as_of, theme)
    reason = demand_left_out(data, as_of=as_of, theme=theme)
    if reason:
        for values in (scored, shown):
            values["demand"] = np.full(len(data.iso3s), np.nan)
        shown["demand_recent_usd"] = np.full(len(data.iso3s), np.nan)
    table = np.column_stack([scored[name] for name in DIMENSIONS])
    table[~np.isfinite(table)] = np.nan
    used = np.array([not (reason and j == DEMAND) for j in range(len(DIMENSIONS))])
    available = ~np.isnan(table[:, used])
    ranked = ~np.isnan(scored["size"]) & (available.mean(axis=1) >= MIN_SHARE_OF_DIMENSIONS)
    normalised = np.column_stack(
        [_winsorised_unit(table[ranked, j]) for j in range(table.shape[1])]
    )
    normalised = normalised.reshape(int(ranked.sum()), len(DIMENSIONS))
    # No World Bank lending is an observation (no WB-financed demand), not an unknown: lowest demand.
    no_lending = np.isnan(normalised[:, DEMAND]) & (not reason)
    normalised[no_lending, DEMAND] = 0.0
    iso3s = tuple(iso3 for iso3, keep in zip(data.iso3s, ranked, strict=True) if keep)
    matrix = DimensionMatrix(
        iso3s, normalised, {k: v[ranked] for k, v in shown.items()}, no_lending,
        {"demand": reason} if reason else {},
    )  # fmt: skip
    data._cache[key] = matrix
    return matrix


def score_matrix(normalised: Array, weights: Array) -> Array:
    """Scores (draws x countries) for weight rows (draws x dimensions), re-weighting over available data."""
    available = (~np.isnan(normalised)).astype(float)
    filled = np.where(available > 0, normalised, 0.0)
    # einsum's plain C loop: for these thin matrices it beats a threaded BLAS call, whose
    # thread start-up dominates (and collapses on a busy machine).
    with np.errstate(invalid="ignore", divide="ignore"):
        return (
            100.0
            * np.einsum("dk,nk->dn", weights, filled)
            / np.einsum("dk,nk->dn", weights, available)
        )


def _ranks(scores: Array) -> NDArray[np.int64]:
    """Rank 1..n per row, best first; NaN scores last.

    Scores closer than 1e-9 points count as tied and are broken by ISO-3 order; the nudge
    lets the fast (non-stable) sort give the same order in every draw and in `compute_index`.
    """
    nudge = np.arange(scores.shape[1]) * 1e-11
    order = np.argsort(nudge - np.nan_to_num(scores, nan=-1e9), axis=1)
    ranks = np.empty_like(order)
    ranks[np.arange(scores.shape[0])[:, None], order] = np.arange(1, scores.shape[1] + 1)[None, :]
    return ranks


def compute_index(
    data: MarketData, *, as_of: int, theme: str | None = None, weights: Weights | None = None
) -> list[CountryScore]:
    """Rank countries by market attractiveness as of a year, for one theme (or all themes).

    Uses only data dated <= as_of. Returns the ranked countries, best first.
    """
    weights = weights or Weights()
    matrix = dimension_matrix(data, as_of=as_of, theme=theme)
    w = weights.vector()
    scores = score_matrix(matrix.normalised, w[None, :])
    ranks = _ranks(scores)[0]
    available = ~np.isnan(matrix.normalised)
    denominator = available @ w
    results = []
    for i, iso3 in enumerate(matrix.iso3s):
        if np.isnan(scores[0, i]):
            continue  # no data on any dimension with a positive weight: cannot be scored (ranked last)
        terms = np.where(available[i], matrix.normalised[i] * w, 0.0)
        share = 100.0 / denominator[i] if denominator[i] > 0 else np.nan
        results.append(
            CountryScore(
                iso3=iso3,
                name=data.names.get(iso3, iso3),
                score=float(scores[0, i]),
                rank=int(ranks[i]),
                contributions={name: float(terms[j] * share) for j, name in enumerate(DIMENSIONS)},
                values={
                    name: None if np.isnan(v[i]) else float(v[i]) for name, v in matrix.raw.items()
                },
                missing=[
                    name
                    for j, name in enumerate(DIMENSIONS)
                    if name not in matrix.left_out
                    and (not available[i, j] or (j == DEMAND and matrix.no_lending[i]))
                ],
                handling={
                    **{
                        name: REWEIGHTED
                        for j, name in enumerate(DIMENSIONS)
                        if not available[i, j] and name not in matrix.left_out
                    },
                    **({"demand": NO_LENDING} if matrix.no_lending[i] else {}),
                },
                left_out=dict(matrix.left_out),
            )
        )
    return sorted(results, key=lambda s: s.rank)


def weight_draws(weights: Weights, *, draws: int, spread: float, seed: int) -> Array:
    """Log-normal perturbations of the weights: w x exp(spread x z - spread^2 / 2), z ~ N(0, 1)."""
    if draws < 1 or spread < 0:
        raise ValueError(f"need draws >= 1 and spread >= 0, got draws={draws}, spread={spread}")
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((draws, len(DIMENSIONS)))
    return weights.vector()[None, :] * np.exp(spread * noise - spread**2 / 2)


def rank_intervals(
    data: MarketData,
    *,
    as_of: int,
    theme: str | None = None,
    weights: Weights | None = None,
    draws: int = 1000,
    spread: float = 0.25,
    seed: int = 0,
) -> dict[str, RankInterval]:
    """5th percentile, median and 95th percentile of each country's rank under random weights."""
    matrix = dimension_matrix(data, as_of=as_of, theme=theme)
    samples = weight_draws(weights or Weights(), draws=draws, spread=spread, seed=seed)
    ranks = _ranks(score_matrix(matrix.normalised, samples))
    # Percentiles by the "nearest" rule, read off the sorted ranks (faster than np.percentile).
    ordered = np.sort(ranks, axis=0)
    p05, median, p95 = (ordered[round(q * (draws - 1))] for q in (0.05, 0.5, 0.95))
    return {
        iso3: RankInterval(float(p05[i]), float(median[i]), float(p95[i]))
        for i, iso3 in enumerate(matrix.iso3s)
    }
