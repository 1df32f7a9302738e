"""The local search (the solver's starting point with ties) returns a feasible team with its exact
score, never below the team it starts from, never above the brute-force best, and on clustered
instances it finds the best team that greedy misses."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.consortia.engine import (
    brute_force_top_k,
    greedy,
    local_search,
    parse_instance,
    score,
    violated_rule,
)
from sme2go.consortia.engine.local_search import search
from sme2go.consortia.engine.precheck import infeasibility_reason
from sme2go.consortia.engine.prune import model_universe
from tests.unit.consortia_instances import clustered_instances, instances
from tests.unit.test_consortia_tie_bound import _clustered

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(instances(max_companies=9, with_ties=True), clustered_instances()))
def test_it_returns_a_feasible_team_between_its_start_and_the_best(data):
    instance = parse_instance(data)
    if infeasibility_reason(instance) is not None:
        return
    companies = model_universe(instance, 1)
    start = greedy(instance, candidates=[c.id for c in companies], improve=False)
    found = search(instance, companies, deadline=time.monotonic() + 5.0, start=start.members if start else ())
    best = brute_force_top_k(instance, 1)
    if found is None:
        assert start is None  # a feasible start is never lost
        return
    assert violated_rule(instance, found.members) is None
    assert abs(found.score - score(instance, list(found.members)).score) <= 1e-12  # exact, not the search's sum
    assert set(instance.rules.lock) <= set(found.members)
    assert best and found.score <= best[0].score + 1e-9
    if start is not None:
        assert found.score >= start.score - 1e-9


def test_on_clustered_instances_it_finds_the_best_team_greedy_misses():
    beaten = 0
    for seed in range(6):
        instance = parse_instance(_clustered(seed))
        companies = model_universe(instance, 1)
        found = search(instance, companies, deadline=time.monotonic() + 5.0)
        best = brute_force_top_k(instance, 1)[0]
        assert found is not None and abs(found.score - best.score) <= 1e-9
        plain = greedy(instance, improve=False)
        beaten += plain is None or plain.score < best.score - 1e-9
    assert beaten >= 1  # the instances are ones where growing one company at a time falls short


def test_it_stops_at_its_deadline():
    instance = parse_instance(_clustered(0))
    companies = model_universe(instance, 1)
    started = time.monotonic()
    assert search(instance, companies, deadline=started) is None  # no time: nothing tried
    assert time.monotonic() - started < 0.5


def test_it_is_not_run_on_more_companies_than_its_tie_matrix_allows(monkeypatch):
    instance = parse_instance(_clustered(0))
    companies = model_universe(instance, 1)
    assert search(instance, companies, deadline=time.monotonic() + 5.0) is not None
    monkeypatch.setattr(local_search, "MAX_COMPANIES", len(companies) - 1)
    assert search(instance, companies, deadline=time.monotonic() + 5.0) is None
