"""The branch and bound (engine.solve tries it first with ties) equals brute force: the K best, and the
best team holding a given company (the near misses' losses)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.consortia.engine import brute_force_top_k, parse_instance
from sme2go.consortia.engine.branch_bound import solve_exact
from sme2go.consortia.engine.cpsat import SolveResult
from sme2go.consortia.engine.instance import Instance
from tests.unit.consortia_instances import instances
from tests.unit.test_consortia_solver_matches_brute_force import check_against_brute_force

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def exact(instance: Instance, *, top_k: int, time_limit: float) -> SolveResult:
    result = solve_exact(instance, top_k=top_k, time_limit=time_limit)
    assert result is not None  # small instances always finish
    return result


def check_top_k(data: dict, top_k: int) -> None:
    check_against_brute_force(data, top_k, exact)


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
