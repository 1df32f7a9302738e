"""The split bound with ties (forest case + cycle cases) is never below the true best score."""

from __future__ import annotations

import random
import time
from itertools import combinations
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.consortia.engine import (
    brute_force_top_k,
    cpsat,
    parse_instance,
    score,
    tie_bound,
    violated_rule,
)
from sme2go.consortia.engine.precheck import infeasibility_reason
from sme2go.consortia.engine.prune import model_universe
from sme2go.consortia.engine.tie_bound import chordless_cycles, cycle_bounds
from sme2go.consortia.engine.tie_split import split_bound
from tests.unit.consortia_instances import clustered_instances, instances

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _is_chordless_cycle(graph: dict[int, dict[int, float]], vertices: tuple[int, ...]) -> bool:
    inside = set(vertices)
    degrees = [sum(1 for b in graph[a] if b in inside) for a in vertices]
    if any(d != 2 for d in degrees):
        return False
    seen, stack = {vertices[0]}, [vertices[0]]
    while stack:
        for b in graph[stack.pop()]:
            if b in inside and b not in seen:
                seen.add(b)
                stack.append(b)
    return seen == inside


@SETTINGS
@given(st.integers(3, 9), st.data(), st.integers(3, 6))
def test_it_enumerates_every_chordless_cycle_once(n, data, max_length):
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    edges = data.draw(st.lists(st.sampled_from(pairs), unique=True))
    graph: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for a, b in edges:
        graph[a][b] = graph[b][a] = 1.0
    found = chordless_cycles(graph, max_length)
    assert found is not None
    assert len(found) == len({frozenset(c) for c in found})
    expected = {
        frozenset(c)
        for size in range(3, max_length + 1)
        for c in combinations(range(n), size)
        if _is_chordless_cycle(graph, c)
    }
    assert {frozenset(c) for c in found} == expected


@SETTINGS
@given(clustered_instances())
def test_it_bounds_every_consortium_holding_a_cycle(data):
    instance = parse_instance(data)
    if infeasibility_reason(instance) is not None:
        return
    companies = model_universe(instance, 1)
    bounds = cycle_bounds(instance, companies)
    assert bounds is not None
    for cheap, cycle in bounds:
        for size in range(len(cycle), instance.rules.max_size + 1):
            others = [c.id for c in instance.companies if c.id not in cycle]
            for extra in combinations(others, size - len(cycle)):
                team = (*cycle, *extra)
                if violated_rule(instance, team) is None:
                    assert score(instance, team).score <= cheap + 1e-9


@SETTINGS
@given(clustered_instances())
def test_looking_one_company_further_keeps_every_better_set_and_bounds_them_all(data):
    instance = parse_instance(data)
    if infeasibility_reason(instance) is not None:
        return
    universe = model_universe(instance, 1)  # the companies the solver's models have
    cases = tie_bound.cycle_cases(instance, universe)
    assert cases is not None and cases.bounds  # the ring is a cycle (or holds a chordless one)
    for _, cycle in cases.bounds:
        others = [c.id for c in universe if c.id not in cycle]
        for size in range(len(cycle), instance.rules.max_size + 1):
            for extra in combinations(others, size - len(cycle)):
                team = (*cycle, *extra)
                if violated_rule(instance, team) is None:
                    value = score(instance, team).score
                    # Just below the team's score: the case's model on `kept` must still hold it.
                    bound, kept = cases.one_more(cycle, value - 1e-6)
                    assert value <= bound + 1e-9
                    assert set(team) <= {c.id for c in kept}


@SETTINGS
@given(instances(max_companies=9, with_ties=True))
def test_it_never_bounds_below_the_brute_force_best(data):
    instance = parse_instance(data)
    if infeasibility_reason(instance) is not None:
        return  # solve() answers these before any model is built
    expected = brute_force_top_k(instance, 1)
    split = split_bound(instance, model_universe(instance, 1), incumbent=float("-inf"),
                        deadline=time.monotonic() + 5.0)
    for consortium in split.found:
        assert violated_rule(instance, consortium.members) is None
    if expected and split.bound is not None:
        assert split.bound >= expected[0].score - 1e-9


@SETTINGS
@given(instances(max_companies=9, with_ties=True))
def test_it_says_optimal_through_the_split_bound_only_when_it_is(data):
    instance = parse_instance(data)
    expected = brute_force_top_k(instance, 1)
    # No time for the plain model: the answer and its bound come from the split bound alone.
    with patch.object(cpsat, "MAIN_SHARE_WITH_TIES", 0.0):
        result = cpsat.solve(instance, top_k=1, time_limit=5.0)
    if not expected:
        assert not result.consortia
        return
    assert result.consortia
    assert result.bound is not None and result.bound >= expected[0].score - 1e-9
    if result.status == "OPTIMAL":
        assert abs(result.consortia[0].score - expected[0].score) <= 1e-6


def _clustered(seed: int) -> dict:
    """14 companies with 30 ties (many short cycles), the benchmark's kind of data in small."""
    rng = random.Random(seed)
    capabilities = ["water.leak-detection", "water.metering", "energy.grid", "waste.sorting"]
    companies = [
        {"id": f"c{i}", "country": rng.choice(["EE", "FI", "SE"]), "readiness": rng.uniform(0.2, 1.0),
         "fit": {c: rng.uniform(0.0, 1.0) for c in rng.sample(capabilities, rng.randint(1, 3))}}
        for i in range(14)
    ]
    pairs = rng.sample([(a, b) for a in range(14) for b in range(a + 1, 14)], 30)
    return {
        "required": [{"capability": c, "weight": rng.uniform(1.0, 3.0)} for c in capabilities],
        "companies": companies,
        "ties": [{"a": f"c{a}", "b": f"c{b}", "strength": rng.uniform(0.1, 3.0)} for a, b in pairs],
        "rules": {"max_size": 5},
        "weights": {"tie": 0.5},
    }


def test_it_proves_clustered_instances_through_the_split_bound():
    for seed in range(6):
        instance = parse_instance(_clustered(seed))
        expected = brute_force_top_k(instance, 1)
        assert cycle_bounds(instance, model_universe(instance, 1))
        with patch.object(cpsat, "MAIN_SHARE_WITH_TIES", 0.0):
            result = cpsat.solve(instance, top_k=1, time_limit=5.0)
        assert result.bound is not None and result.bound >= expected[0].score - 1e-9
        assert result.consortia[0].score <= expected[0].score + 1e-9
        # The split bound (with its band solves) proves these small instances.
        assert result.status == "OPTIMAL"
        assert abs(result.consortia[0].score - expected[0].score) <= 1e-6
        assert result.bound == result.consortia[0].score


def test_it_falls_back_to_the_plain_model_when_cycles_are_too_many():
    for seed in range(3):
        instance = parse_instance(_clustered(seed))
        expected = brute_force_top_k(instance, 1)
        with patch.object(cpsat, "MAIN_SHARE_WITH_TIES", 0.0), patch.object(tie_bound, "MAX_CYCLES", 0):
            result = cpsat.solve(instance, top_k=1, time_limit=2.0)
        assert result.status == "FEASIBLE"  # no proof without the split bound nor the main loop
        assert result.bound is not None and result.bound >= expected[0].score - 1e-9
        assert result.consortia[0].score <= expected[0].score + 1e-9
        assert result.bound - expected[0].score <= 1e-3  # the plain model, given the time, closes it
