"""The market-attractiveness index: contributions, monotonicity, missing data, weights, intervals."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sme2go.markets.bundle import Observation
from sme2go.markets.index import DIMENSIONS, Weights, compute_index, rank_intervals
from sme2go.markets.market_data import MarketData
from tests.unit.market_fixtures import ISO3S, countries, synthetic_market

weights_strategy = (
    st.fixed_dictionaries({name: st.floats(0.0, 5.0) for name in DIMENSIONS})
    .filter(lambda w: sum(w.values()) > 0.01)
    .map(lambda w: Weights(**w))
)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    weights=weights_strategy,
    theme=st.sampled_from([None, "water", "energy"]),
)
def test_it_explains_every_score_by_contributions_that_add_up(seed, weights, theme):
    scores = compute_index(synthetic_market(seed), as_of=2010, theme=theme, weights=weights)
    for score in scores:
        assert sum(score.contributions.values()) == pytest.approx(score.score, abs=1e-9)
        assert 0 <= score.score <= 100
    assert [s.rank for s in scores] == list(range(1, len(scores) + 1))
    assert all(a.score >= b.score for a, b in zip(scores, scores[1:], strict=False))


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    country=st.sampled_from(ISO3S),
    code=st.sampled_from(["UN.EGDI.HCI", "UN.EPI", "SP.URB.TOTL", "SP.URB.GROW"]),
    factor=st.floats(1.0, 50.0),
)
def test_it_never_lowers_a_score_when_a_good_value_rises(seed, country, code, factor):
    data = synthetic_market(seed, gaps=0.0)
    before = {s.iso3: s.score for s in compute_index(data, as_of=2010)}
    raised = [
        dataclasses.replace(o, value=o.value * factor)
        if (o.iso3, o.indicator, o.year) == (country, code, 2010)
        else o
        for o in data.observations
    ]
    after = {
        s.iso3: s.score
        for s in compute_index(
            dataclasses.replace(data, observations=tuple(raised), _cache={}), as_of=2010
        )
    }
    assert after[country] >= before[country] - 1e-9


def test_it_shows_missing_dimensions_and_reweights_instead_of_counting_zero():
    data = synthetic_market(3, gaps=0.0)
    without_egov = tuple(
        o for o in data.observations if not (o.iso3 == "CCC" and o.indicator.startswith("UN."))
    )
    scores = {
        s.iso3: s
        for s in compute_index(
            dataclasses.replace(data, observations=without_egov, _cache={}), as_of=2010
        )
    }
    ccc = scores["CCC"]
    assert set(ccc.missing) == {"capacity", "infrastructure", "receptivity"}
    assert ccc.values["capacity"] is None
    assert all("re-normalised" in ccc.handling[name] for name in ccc.missing)
    # The score is the weighted mean over the dimensions it has: dividing out the missing weight.
    weights = Weights()
    available = sum(getattr(weights, name) for name in DIMENSIONS if name not in ccc.missing)
    assert sum(ccc.contributions.values()) == pytest.approx(ccc.score)
    assert ccc.contributions["size"] <= 100 * weights.size / available + 1e-9


def test_it_scores_a_country_without_world_bank_lending_as_lowest_demand_and_says_so():
    data = synthetic_market(4, gaps=0.0)
    scores = {s.iso3: s for s in compute_index(data, as_of=2010)}
    assert "GGG" in scores  # no flows or lending in the fixture
    assert "demand" in scores["GGG"].missing
    assert "World Bank" in scores["GGG"].handling["demand"]
    assert scores["GGG"].contributions["demand"] == 0


@pytest.mark.parametrize("name", ["size", "demand", "risk"])
def test_it_refuses_a_negative_weight_naming_it(name):
    with pytest.raises(ValueError, match=f"'{name}'"):
        Weights(**{name: -0.1})


def test_it_refuses_all_zero_weights():
    with pytest.raises(ValueError, match="all zero"):
        Weights(**{name: 0.0 for name in DIMENSIONS})


def test_it_parses_weights_from_the_command_line_form():
    weights = Weights.parse("size=1, demand=2")
    assert (weights.size, weights.demand, weights.risk) == (1.0, 2.0, Weights().risk)
    with pytest.raises(ValueError, match="unknown weight 'sizes'"):
        Weights.parse("sizes=1")
    with pytest.raises(ValueError, match="'size'.*not a number"):
        Weights.parse("size=big")


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), theme=st.sampled_from([None, "water"]))
def test_it_gives_the_point_rank_as_interval_when_weights_do_not_vary(seed, theme):
    data = synthetic_market(seed)
    intervals = rank_intervals(data, as_of=2010, theme=theme, draws=20, spread=0.0)
    for score in compute_index(data, as_of=2010, theme=theme):
        interval = intervals[score.iso3]
        assert interval.p05 == interval.median == interval.p95 == score.rank


def test_it_widens_rank_intervals_when_weights_vary_and_keeps_them_ordered():
    data = synthetic_market(11)
    intervals = rank_intervals(data, as_of=2010, draws=300, spread=1.0)
    assert any(i.p95 > i.p05 for i in intervals.values())
    assert all(i.p05 <= i.median <= i.p95 for i in intervals.values())


def test_it_ranks_only_countries_with_enough_data():
    data = MarketData.build(
        countries=countries(("AAA", "BBB", "CCC")),
        observations=[
            Observation(iso3, code, 2010, value, "test")
            for iso3, value in (("AAA", 1.0), ("BBB", 2.0))
            for code in (
                "SP.URB.TOTL",
                "SP.URB.GROW",
                "UN.EGDI.HCI",
                "UN.EPI",
                "UN.EGDI.TII",
                "NY.GDP.MKTP.CD",
                "SP.POP.TOTL",
            )
        ]
        + [Observation("CCC", "UN.EPI", 2010, 0.5, "test")],
    )
    assert [s.iso3 for s in compute_index(data, as_of=2010)] == ["BBB", "AAA"]
