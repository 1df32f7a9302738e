"""The greedy baseline returns a feasible consortium that never beats the optimum."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from sme2go.consortia.engine import brute_force_top_k, greedy, parse_instance, score, violated_rule
from tests.unit.consortia_instances import instances


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_it_returns_a_feasible_set_no_better_than_the_optimum(data):
    instance = parse_instance(data)
    found = greedy(instance)
    best = brute_force_top_k(instance, 1)
    if found is None:
        return  # greedy may get stuck; it must never claim an infeasible set
    assert violated_rule(instance, found.members) is None
    assert found.score == score(instance, found.members).score
    assert best and found.score <= best[0].score + 1e-9
