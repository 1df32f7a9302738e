"""The solver's top K equals brute force's top K on random small instances, scores included: the
engine's entry point (exact enumeration first with ties) and CP-SAT alone."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.consortia.engine import (
    brute_force_top_k,
    cpsat,
    parse_instance,
    score,
    solve,
    violated_rule,
)
from tests.unit.consortia_instances import instances

RULE_NAMES = {"min_size", "max_size", "min_countries", "min_readiness", "cover_all", "lock"}
SETTINGS = settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_against_brute_force(data: dict, top_k: int, solver=solve) -> None:
    instance = parse_instance(data)
    expected = brute_force_top_k(instance, top_k)
    result = solver(instance, top_k=top_k, time_limit=20)
    if not expected:
        assert result.status == "INFEASIBLE"
        assert result.consortia == ()
        assert result.reason.split(":")[0] in RULE_NAMES or result.reason.startswith("the rules cannot")
        return
    assert result.status == "OPTIMAL"
    got = [c.score for c in result.consortia]
    want = [c.score for c in expected]
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert abs(g - w) <= 1e-6, (got, want)
    assert len({c.members for c in result.consortia}) == len(result.consortia)
    for consortium in result.consortia:
        assert violated_rule(instance, consortium.members) is None
        assert consortium.score == score(instance, consortium.members).score
    assert result.bound == result.consortia[0].score


@SETTINGS
@given(instances(with_ties=False), st.integers(1, 4))
def test_it_finds_the_brute_force_top_k_without_ties(data, top_k):
    check_against_brute_force(data, top_k)


@SETTINGS
@given(instances(with_ties=True), st.integers(1, 4))
def test_it_finds_the_brute_force_top_k_with_ties(data, top_k):
    check_against_brute_force(data, top_k)


@SETTINGS
@given(instances(with_ties=True), st.integers(1, 4))
def test_cpsat_alone_finds_the_brute_force_top_k_with_ties(data, top_k):
    check_against_brute_force(data, top_k, cpsat.solve)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_companies=15, max_size_cap=3), st.integers(1, 3))
def test_it_stays_exact_when_many_companies_are_pruned(data, top_k):
    # With 15 companies and at most 3 members, many companies have ≥ max_size + K − 1
    # dominators and are left out of the model: the score list must not change.
    check_against_brute_force(data, top_k)
