"""As-of discipline: nothing dated after the as-of year can change a score, an interval or a forecast."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sme2go.markets.bundle import Flow, Lending, Observation
from sme2go.markets.demand import demand_forecast
from sme2go.markets.index import compute_index, rank_intervals
from tests.unit.market_fixtures import CODES, ISO3S, synthetic_market

AS_OF = st.integers(2003, 2011)
future_years = st.integers(0, 12)  # added to as_of + 1
values = st.floats(0.0, 1e12, allow_nan=False)


@st.composite
def later_records(draw, as_of: int):
    observations = draw(st.lists(st.builds(
        Observation, st.sampled_from(ISO3S), st.sampled_from(CODES), future_years.map(lambda d: as_of + 1 + d), values, st.just("later"),
    ), max_size=25))  # fmt: skip
    flows = draw(st.lists(st.builds(
        Flow, st.sampled_from(ISO3S), future_years.map(lambda d: as_of + 1 + d),
        st.sampled_from(["water", "energy", "transportation", "health"]), st.floats(1.0, 1e10), st.floats(0, 3),
    ), max_size=15))  # fmt: skip
    lending = draw(st.lists(st.builds(
        Lending, st.sampled_from(ISO3S), future_years.map(lambda d: as_of + 1 + d), st.floats(1.0, 1e10),
    ), max_size=15))  # fmt: skip
    return observations, flows, lending


def _same(a, b) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b))


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000), as_of=AS_OF, data=st.data(), theme=st.sampled_from([None, "water"])
)
def test_it_ignores_data_dated_after_the_as_of_year(seed, as_of, data, theme):
    base = synthetic_market(seed)
    observations, flows, lending = data.draw(later_records(as_of))
    # Alter every later record already there too, not only add new ones.
    altered = tuple(
        dataclasses.replace(o, value=o.value * 3 + 1) if o.year > as_of else o
        for o in base.observations
    )
    changed = dataclasses.replace(
        base,
        observations=altered + tuple(observations),
        flows=base.flows + tuple(flows),
        lending=base.lending + tuple(lending),
        _cache={},
    )
    assert compute_index(changed, as_of=as_of, theme=theme) == compute_index(
        base, as_of=as_of, theme=theme
    )
    assert rank_intervals(changed, as_of=as_of, theme=theme, draws=50) == rank_intervals(
        base, as_of=as_of, theme=theme, draws=50
    )
    before = demand_forecast(base, as_of=as_of, theme=theme).score
    after = demand_forecast(changed, as_of=as_of, theme=theme).score
    np.testing.assert_array_equal(before, after)


def test_it_does_change_when_data_up_to_the_as_of_year_changes():
    """The guard above is not vacuous: the same kind of change dated as_of does move scores."""
    base = synthetic_market(5, gaps=0.0)
    altered = tuple(
        dataclasses.replace(o, value=o.value * 40)
        if (o.iso3, o.year, o.indicator) == ("AAA", 2010, "SP.URB.TOTL")
        else o
        for o in base.observations
    )
    changed = dataclasses.replace(base, observations=altered, _cache={})
    assert compute_index(changed, as_of=2010) != compute_index(base, as_of=2010)
