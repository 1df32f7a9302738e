"""Backtest table of the smart-city demand forecast beside its baselines (persistence, population, GDP).

Run: .venv/bin/python bench/bench_market_backtest.py [--horizon 6] [--markdown]
The forecast's form and constants were chosen on as-of 2002-2008; 2010-2016 are held out.
"""

from __future__ import annotations

import argparse
import math

from sme2go.markets.backtest import BacktestResult, run_backtest
from sme2go.markets.market_data import MarketData
from sme2go.taxonomy.model import THEME_IDS

TUNING_YEARS = (2002, 2004, 2006, 2008)
TEST_YEARS = (2010, 2012, 2014, 2016)


def cell(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.3f}"


def row(label: str, r: BacktestResult, markdown: bool) -> str:
    b = r.baselines
    cells = [
        label, str(r.n_countries), cell(r.spearman), cell(b["persistence"].spearman), cell(b["population"].spearman),
        cell(b["gdp"].spearman), cell(r.top20_precision), cell(b["persistence"].top20_precision),
        cell(b["population"].top20_precision), cell(b["gdp"].top20_precision),
    ]  # fmt: skip
    if markdown:
        return "| " + " | ".join(cells) + " |"
    return f"{cells[0]:<28}" + "".join(f"{c:>9}" for c in cells[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--horizon", type=int, default=6)
    parser.add_argument(
        "--markdown", action="store_true", help="print markdown tables for docs/markets.md"
    )
    args = parser.parse_args()
    data = MarketData.from_bundle()
    header = [
        "as of / theme",
        "n",
        "rho",
        "rho pers",
        "rho pop",
        "rho gdp",
        "top20",
        "t20 pers",
        "t20 pop",
        "t20 gdp",
    ]
    print(
        ("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
        if args.markdown
        else f"{header[0]:<28}" + "".join(f"{h:>9}" for h in header[1:])
    )
    for year in TUNING_YEARS + TEST_YEARS:
        label = f"{year}, all themes" + (" (tuning)" if year in TUNING_YEARS else "")
        print(row(label, run_backtest(data, as_of=year, horizon=args.horizon), args.markdown))
    for year in TEST_YEARS:
        print("| | | | | | | | | | |" if args.markdown else "")
        for theme in THEME_IDS:
            print(
                row(
                    f"{year}, {theme}",
                    run_backtest(data, as_of=year, horizon=args.horizon, theme=theme),
                    args.markdown,
                )
            )


if __name__ == "__main__":
    main()
