"""Benchmark: the market index for every country x 19 themes with 1,000 Monte Carlo weight draws.

Run: .venv/bin/python bench/bench_market_index.py [--as-of 2024] [--draws 1000]
Target (issue 3): under 2 s for all themes. Baseline: the same rank intervals computed with
a plain Python loop over draws (one weighted score and sort per draw), on a few themes.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from sme2go.markets.index import Weights, dimension_matrix, rank_intervals, weight_draws
from sme2go.markets.market_data import MarketData
from sme2go.taxonomy.model import THEME_IDS

TARGET_SECONDS = 2.0


def naive_rank_intervals(
    data: MarketData, *, as_of: int, theme: str, draws: int
) -> dict[str, float]:
    """One draw at a time: weighted mean over available dimensions, sort, record ranks."""
    matrix = dimension_matrix(data, as_of=as_of, theme=theme)
    samples = weight_draws(Weights(), draws=draws, spread=0.25, seed=0)
    ranks: dict[str, list[int]] = {iso3: [] for iso3 in matrix.iso3s}
    for w in samples:
        scores = []
        for i, iso3 in enumerate(matrix.iso3s):
            total = weight = 0.0
            for j, value in enumerate(matrix.normalised[i]):
                if not np.isnan(value):
                    total += w[j] * value
                    weight += w[j]
            scores.append((-(total / weight), iso3))
        for rank, (_, iso3) in enumerate(sorted(scores), start=1):
            ranks[iso3].append(rank)
    return {iso3: float(np.median(r)) for iso3, r in ranks.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--as-of", type=int, default=2024)
    parser.add_argument("--draws", type=int, default=1000)
    args = parser.parse_args()

    started = time.perf_counter()
    data = MarketData.from_bundle()
    _ = (
        data.flow_amounts,
        data.flow_projects,
        data.lending_amounts,
        data.latest("SP.POP.TOTL", as_of=args.as_of),
    )
    load = time.perf_counter() - started

    started = time.perf_counter()
    for theme in THEME_IDS:
        rank_intervals(data, as_of=args.as_of, theme=theme, draws=args.draws)
    cold = time.perf_counter() - started
    countries = len(dimension_matrix(data, as_of=args.as_of, theme=THEME_IDS[0]).iso3s)

    started = time.perf_counter()
    for theme in THEME_IDS:
        rank_intervals(data, as_of=args.as_of, theme=theme, draws=args.draws)
    warm = time.perf_counter() - started

    naive_themes = THEME_IDS[:2]
    started = time.perf_counter()
    for theme in naive_themes:
        naive_rank_intervals(data, as_of=args.as_of, theme=theme, draws=args.draws)
    naive = (time.perf_counter() - started) / len(naive_themes) * len(THEME_IDS)

    print(
        f"market index: {countries} ranked countries x {len(THEME_IDS)} themes x {args.draws} weight draws, as of {args.as_of}"
    )
    print(f"{'step':<58} {'seconds':>8} {'target':>8}")
    print(f"{'load bundle and build arrays (once per process)':<58} {load:>8.3f} {'-':>8}")
    print(
        f"{'all themes, dimension matrices built (cold)':<58} {cold:>8.3f} {TARGET_SECONDS:>8.1f}"
    )
    print(
        f"{'all themes, dimension matrices cached (warm)':<58} {warm:>8.3f} {TARGET_SECONDS:>8.1f}"
    )
    print(f"{'naive per-draw Python loop (extrapolated from 2 themes)':<58} {naive:>8.3f} {'-':>8}")
    print(
        f"speed-up of the vectorised engine over the loop: {naive / cold:.0f}x; target met: {cold < TARGET_SECONDS}"
    )


if __name__ == "__main__":
    main()
