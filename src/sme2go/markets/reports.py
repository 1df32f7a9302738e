"""Text and JSON reports of the index and the backtest, shared by the CLI (and usable anywhere).

Pure: no Django. `rank_report` and `backtest_report` return what `sme2go markets rank` and
`sme2go markets backtest` print.
"""

from __future__ import annotations

import json
import math

from sme2go.markets.backtest import BacktestResult, run_backtest
from sme2go.markets.index import CountryScore, RankInterval, Weights, compute_index, rank_intervals
from sme2go.markets.market_data import MarketData

DEFAULT_AS_OF = 2024


def _number(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.3f}"


def backtest_report(
    data: MarketData, *, as_of: int, horizon: int, theme: str | None = None, as_json: bool = False
) -> str:
    """The backtest as a table (forecast beside the baselines) or as one JSON object."""
    result: BacktestResult = run_backtest(data, as_of=as_of, horizon=horizon, theme=theme)
    if as_json:
        return json.dumps(result.as_json())
    lines = [
        f"Backtest as of {as_of}, horizon {horizon} years ({as_of + 1}-{as_of + horizon}), "
        f"theme: {theme or 'all themes'}; {result.n_countries} World Bank client countries",
        f"{'ranking by':<22} {'Spearman':>9} {'top-20 precision':>17}",
        f"{'demand forecast':<22} {_number(result.spearman):>9} {_number(result.top20_precision):>17}",
    ]
    for name, skill in result.baselines.items():
        lines.append(
            f"{'baseline: ' + name:<22} {_number(skill.spearman):>9} {_number(skill.top20_precision):>17}"
        )
    return "\n".join(lines)


def _top_contributions(score: CountryScore, count: int = 3) -> str:
    best = sorted(score.contributions.items(), key=lambda item: -item[1])[:count]
    return ", ".join(f"{name} {value:.1f}" for name, value in best)


def rank_report(
    data: MarketData,
    *,
    theme: str | None,
    top: int,
    as_of: int = DEFAULT_AS_OF,
    weights: Weights | None = None,
    as_json: bool = False,
    draws: int = 1000,
) -> str:
    """The top countries with their score, 90% rank interval and largest contributions."""
    scores = compute_index(data, as_of=as_of, theme=theme, weights=weights)[:top]
    if not scores:
        raise ValueError(f"no country has enough data to be ranked as of {as_of} (each needs at least half "
                         "of the dimensions in use); give a later --as-of, e.g. 2008 or after")
    intervals: dict[str, RankInterval] = rank_intervals(
        data, as_of=as_of, theme=theme, weights=weights, draws=draws
    )
    if as_json:
        return json.dumps(
            [
                {
                    "rank": s.rank,
                    "iso3": s.iso3,
                    "name": s.name,
                    "score": round(s.score, 2),
                    "rank_interval": [intervals[s.iso3].p05, intervals[s.iso3].p95],
                    "contributions": {k: round(v, 2) for k, v in s.contributions.items()},
                    "missing": s.missing,
                    "left_out": s.left_out,
                }
                for s in scores
            ]
        )
    lines = [
        f"Market attractiveness as of {as_of}, theme: {theme or 'all themes'} "
        f"(rank interval: 5th-95th percentile over {draws} weight draws)",
        *(scores[0].left_out.values() if scores else ()),
        f"{'rank':>4}  {'interval':>9}  {'country':<28} {'score':>6}  top contributions",
    ]
    for s in scores:
        interval = intervals[s.iso3]
        span = f"{interval.p05:.0f}-{interval.p95:.0f}"
        missing = f"  (missing: {', '.join(s.missing)})" if s.missing else ""
        lines.append(
            f"{s.rank:>4}  {span:>9}  {s.name[:28]:<28} {s.score:>6.1f}  {_top_contributions(s)}{missing}"
        )
    return "\n".join(lines)
