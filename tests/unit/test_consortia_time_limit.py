"""A time limit that runs out returns the best found as FEASIBLE with a proven bound, never OPTIMAL."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from sme2go.consortia.engine import greedy, score, solve, violated_rule

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_consortia import generate  # noqa: E402


def test_it_reports_feasible_with_a_bound_when_time_runs_out():
    instance = generate(3, companies=1500, required=10, ties=6000, tie_weight=0.5)
    result = solve(instance, top_k=3, time_limit=0.5)
    assert result.status == "FEASIBLE"
    assert result.consortia, "the greedy start is returned at least"
    best = result.consortia[0]
    assert violated_rule(instance, best.members) is None
    assert best.score == score(instance, best.members).score
    assert result.bound is not None and result.bound >= best.score
    # The bound is proven: no feasible team, e.g. greedy's with all its swaps, beats it.
    baseline = greedy(instance)
    assert baseline is not None and baseline.score <= result.bound
    assert "time limit" in result.reason


def test_the_reason_names_the_time_limit_that_was_asked_for():
    # The exact enumeration takes half the limit and CP-SAT the rest: the reason used to name
    # CP-SAT's share, or its 0.05 s floor ("time limit of 0.05 s" when 0.01 s was asked for).
    instance = generate(1, companies=500, required=8, ties=2000, tie_weight=0.5)
    for limit in (0.01, 0.4):
        result = solve(instance, top_k=1, time_limit=limit)
        assert result.status == "FEASIBLE"
        assert result.reason == f"time limit of {limit:g} s ran out; best found is not proven optimal"


@pytest.mark.parametrize("limit", [math.nan, math.inf, 0.0, -1.0])
def test_a_time_limit_that_is_not_a_positive_number_is_refused(limit):
    instance = generate(1, companies=20, required=3, ties=10, tie_weight=0.5)
    with pytest.raises(ValueError, match="time_limit must be a positive number of seconds"):
        solve(instance, time_limit=limit)
