"""The paired bootstrap used by the partner-suggestion benches."""

from __future__ import annotations

from sme2go.collaboration.learning import paired_difference


def test_it_is_zero_for_identical_rankings():
    d = paired_difference([1, 3, 12, 2], [1, 3, 12, 2], samples=200, seed=1)
    assert d.mrr == 0 and d.hits10 == 0
    assert d.mrr_interval == (0.0, 0.0) and d.hits10_interval == (0.0, 0.0)


def test_it_measures_a_by_hand_difference_and_brackets_it():
    # A ranks the hidden company 1st, 1st, 11th; B 2nd, 1st, 5th.
    d = paired_difference([1, 1, 11], [2, 1, 5], samples=2000, seed=0)
    assert abs(d.mrr - ((1 - 0.5) + 0 + (1 / 11 - 1 / 5)) / 3) < 1e-12
    assert abs(d.hits10 - (0 + 0 - 1) / 3) < 1e-12
    assert d.mrr_interval[0] <= d.mrr <= d.mrr_interval[1]
    assert d.hits10_interval[0] <= d.hits10 <= d.hits10_interval[1]
