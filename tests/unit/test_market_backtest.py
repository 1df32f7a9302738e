"""The backtest: Spearman and top-20 precision, and the forecast's skill on the real bundle."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sme2go.markets.backtest import average_ranks, run_backtest, spearman, top_k_precision
from sme2go.markets.market_data import MarketData


def brute_force_spearman(a: list[float], b: list[float]) -> float:
    """Pearson correlation of average ranks, ranks by counting (the textbook definition)."""

    def ranks(xs: list[float]) -> list[float]:
        return [sum(1 for y in xs if y < x) + (sum(1 for y in xs if y == x) + 1) / 2 for x in xs]

    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    var_a = sum((x - ma) ** 2 for x in ra)
    var_b = sum((y - mb) ** 2 for y in rb)
    return cov / math.sqrt(var_a * var_b) if var_a and var_b else math.nan


small_values = st.lists(st.integers(0, 6).map(float), min_size=2, max_size=30)  # many ties


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(st.integers(0, 6).map(float), st.floats(-1e6, 1e6)), min_size=2, max_size=30
    )
)
def test_it_computes_spearman_like_the_textbook_with_ties(pairs):
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    expected = brute_force_spearman(a, b)
    got = spearman(np.array(a), np.array(b))
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(expected, abs=1e-9)


@given(values=small_values)
def test_it_gives_tied_values_their_average_rank(values):
    ranks = average_ranks(np.array(values))
    assert ranks.sum() == pytest.approx(len(values) * (len(values) + 1) / 2)
    for i, x in enumerate(values):
        assert ranks[i] == pytest.approx(
            sum(1 for y in values if y < x) + (values.count(x) + 1) / 2
        )


def test_it_measures_top_k_precision_over_countries_that_received_money():
    actual = np.array([10.0, 9, 8, 0, 0])
    assert top_k_precision(np.array([5.0, 4, 3, 2, 1]), actual, k=3) == 1.0
    assert top_k_precision(np.array([1.0, 2, 3, 4, 5]), actual, k=3) == pytest.approx(1 / 3)
    assert top_k_precision(np.array([1.0, 2, 3, 4, 5]), np.array([0.0, 7, 0, 0, 0]), k=3) == 0.0
    assert math.isnan(
        top_k_precision(np.array([1.0, 2, 3, 4, 5]), np.zeros(5), k=3)
    )  # nobody got money


@pytest.fixture(scope="module")
def bundle() -> MarketData:
    return MarketData.from_bundle()


def test_it_beats_persistence_on_real_data_as_of_2014_with_horizon_6(bundle):
    result = run_backtest(bundle, as_of=2014, horizon=6)
    assert result.n_countries > 100
    assert result.spearman >= 0.80
    assert result.spearman > result.baselines["persistence"].spearman
    assert set(result.baselines) == {"persistence", "population", "gdp"}


def test_it_reports_json_with_the_documented_keys(bundle):
    report = run_backtest(bundle, as_of=2012, horizon=6, theme="water").as_json()
    assert set(report) == {"spearman", "top20_precision", "n_countries", "baselines"}
    for skill in report["baselines"].values():
        assert set(skill) == {"spearman", "top20_precision"}


def test_it_refuses_a_horizon_below_one_year(bundle):
    with pytest.raises(ValueError, match="horizon"):
        run_backtest(bundle, as_of=2014, horizon=0)
