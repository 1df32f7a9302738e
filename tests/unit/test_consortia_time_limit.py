"""A time limit that runs out returns the best found as FEASIBLE with a proven bound, never OPTIMAL."""

from __future__ import annotations

import sys
from pathlib import Path

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
