"""The branch and bound (used by the proposal page) equals brute force: the K best, and the
best team holding a given company (the near misses' losses)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.consortia.engine import brute_force_top_k, parse_instance, score, violated_rule
from sme2go.consortia.engine.branch_bound import solve_exact
from tests.unit.consortia_instances import instances

RULE_NAMES = {"min_size", "max_size", "min_countries", "min_readiness", "cover_all", "lock"}
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_top_k(data: dict, top_k: int) -> None:
    instance = parse_instance(data)
    expected = brute_force_top_k(instance, top_k)
    result = solve_exact(instance, top_k=top_k, time_limit=20)
    assert result is not None
    if not expected:
        assert result.status == "INFEASIBLE"
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
@given(instances(with_ties=True), st.integers(1, 4))
def test_it_finds_the_brute_force_top_k_with_ties(data, top_k):
    check_top_k(data, top_k)


@SETTINGS
@given(instances(with_ties=False), st.integers(1, 4))
def test_it_finds_the_brute_force_top_k_without_ties(data, top_k):
    check_top_k(data, top_k)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_companies=15, max_size_cap=3), st.integers(1, 3))
def test_it_stays_exact_when_many_companies_are_pruned(data, top_k):
    check_top_k(data, top_k)


@SETTINGS
@given(instances(max_companies=12), st.data())
def test_the_best_team_holding_a_company_is_the_brute_force_one(data, draw):
    # The near misses' question: with this company locked in, how good can a team be?
    instance = parse_instance(data)
    company = draw.draw(st.sampled_from([c.id for c in instance.companies if c.id not in instance.rules.exclude] or ["-"]))
    if company == "-":
        return
    lock = tuple(dict.fromkeys((*instance.rules.lock, company)))
    locked = replace(instance, rules=replace(instance.rules, lock=lock))
    expected = brute_force_top_k(locked, 1)
    result = solve_exact(locked, top_k=1, time_limit=20)
    assert result is not None
    if not expected:
        assert result.status == "INFEASIBLE" and result.reason
        return
    assert result.status == "OPTIMAL"
    assert company in result.consortia[0].members
    assert abs(result.consortia[0].score - expected[0].score) <= 1e-6
