"""LP probing and the forest case's bisection never rule out a set that could beat the threshold.

Checked against brute force: every feasible set of a small random instance is enumerated.
"""

from __future__ import annotations

import time
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.consortia.engine import parse_instance, score
from sme2go.consortia.engine.instance import CompanyOption, Instance
from sme2go.consortia.engine.probing import Relaxation, probe
from sme2go.consortia.engine.score import ScoredConsortium, is_feasible
from sme2go.consortia.engine.tie_split import _ForestCase
from tests.unit.consortia_instances import clustered_instances, instances

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def eligible(instance: Instance) -> list[CompanyOption]:
    rules = instance.rules
    return [c for c in instance.companies if c.readiness >= rules.min_readiness and c.id not in rules.exclude]


def feasible_sets(instance: Instance) -> list[ScoredConsortium]:
    ids = [c.id for c in instance.companies]
    return [
        score(instance, team)
        for size in range(instance.rules.min_size, instance.rules.max_size + 1)
        for team in combinations(ids, size)
        if is_feasible(instance, team)
    ]


def ties_form_a_forest(instance: Instance, members: tuple[str, ...]) -> bool:
    """Do the ties that can add score, inside the set, form a forest (no cycle)?"""
    if instance.weights.tie <= 0:
        return True
    parent = {m: m for m in members}

    def root(m: str) -> str:
        while parent[m] != m:
            m = parent[m]
        return m

    for tie in instance.ties:
        if tie.a in parent and tie.b in parent and tie.strength > 0:
            a, b = root(tie.a), root(tie.b)
            if a == b:
                return False
            parent[a] = b
    return True


@SETTINGS
@given(instances(max_companies=9, with_ties=True), st.data())
def test_probing_keeps_every_member_of_a_forest_set_reaching_the_threshold(data, draw):
    instance = parse_instance(data)
    sets = feasible_sets(instance)
    if not sets:
        return
    # The threshold: the score of some feasible set (sets exactly at it must survive), or a bit off.
    threshold = draw.draw(st.sampled_from(sets)).score + draw.draw(st.sampled_from([0.0, -0.5, 0.5, 1e-7]))
    kept = {c.id for c in probe(instance, eligible(instance), threshold=threshold,
                                       deadline=time.monotonic() + 10).kept}
    for found in sets:
        if found.score >= threshold and ties_form_a_forest(instance, found.members):
            assert set(found.members) <= kept


@SETTINGS
@given(st.one_of(instances(max_companies=9, with_ties=True), clustered_instances()), st.data())
def test_a_later_probe_reusing_earlier_outcomes_keeps_the_same_guarantee_with_fewer_lps(data, draw):
    instance = parse_instance(data)
    sets = feasible_sets(instance)
    if not sets:
        return
    scores = sorted({round(found.score, 9) for found in sets})
    first = draw.draw(st.sampled_from(scores)) - draw.draw(st.sampled_from([0.0, 0.5]))
    # As in bisection: later targets are at least the first (the best known only rises).
    later = first + draw.draw(st.sampled_from([0.0, 1e-7, 0.2, 1.0]))
    earlier = probe(instance, eligible(instance), threshold=first, deadline=time.monotonic() + 10)
    again = probe(instance, eligible(instance), threshold=later, deadline=time.monotonic() + 10,
                  known=earlier.outcomes)
    kept = {c.id for c in again.kept}
    for found in sets:
        if found.score >= later and ties_form_a_forest(instance, found.members):
            assert set(found.members) <= kept
    fresh = probe(instance, eligible(instance), threshold=later, deadline=time.monotonic() + 10)
    assert kept <= {c.id for c in fresh.kept}  # the outcomes keep no more than a new LP would
    assert again.probed == 0 or again.probed < fresh.probed


@SETTINGS
@given(instances(max_companies=9, with_ties=True), st.data())
def test_probing_with_a_cycle_locked_keeps_every_member_of_a_set_holding_it(data, draw):
    instance = parse_instance(data)
    sets = feasible_sets(instance)
    if not sets:
        return
    anchor = draw.draw(st.sampled_from(sets))
    lock = anchor.members[: draw.draw(st.integers(1, min(3, len(anchor.members))))]
    threshold = anchor.score - draw.draw(st.sampled_from([0.0, 0.3]))
    kept = {c.id for c in probe(instance, eligible(instance), threshold=threshold,
                                       deadline=time.monotonic() + 10, forest=False, lock=lock).kept}
    assert set(anchor.members) <= kept
    for found in sets:
        if found.score >= threshold and set(lock) <= set(found.members):
            assert set(found.members) <= kept


@SETTINGS
@given(instances(max_companies=9, with_ties=True), st.data())
def test_the_lp_bound_with_companies_locked_bounds_every_set_holding_them(data, draw):
    instance = parse_instance(data)
    companies = eligible(instance)
    if not companies:
        return
    relaxation = Relaxation(instance, companies, forest=False, lock=())
    if not relaxation.solve_root(time.monotonic() + 10):
        return
    ids = tuple(draw.draw(st.lists(st.sampled_from([c.id for c in companies]), unique=True, min_size=1, max_size=3)))
    bound = relaxation.bound_with(ids, time.monotonic() + 10)
    holding = [s for s in feasible_sets(instance) if set(ids) <= set(s.members)]
    for found in holding:
        assert bound >= found.score - 1e-9
    if bound == float("-inf"):
        assert not holding
    # The LP is left as it was: the same question gives the same answer.
    assert relaxation.bound_with(ids, time.monotonic() + 10) == bound


@SETTINGS
@given(instances(max_companies=9, with_ties=True), st.data())
def test_bisection_never_bounds_the_forest_case_below_its_best_set(data, draw):
    instance = parse_instance(data)
    forest_sets = [s for s in feasible_sets(instance) if ties_form_a_forest(instance, s.members)]
    if not forest_sets:
        return
    best_forest = max(s.score for s in forest_sets)
    # A best score known below the forest case's best, and a (valid) starting bound above it.
    known = best_forest - draw.draw(st.sampled_from([0.0, 0.2, 1.0, 3.0]))
    found: list[ScoredConsortium] = []
    case = _ForestCase(instance, eligible(instance), [], 2, found, lambda: max([known, *(c.score for c in found)]))
    case.high = best_forest + draw.draw(st.sampled_from([0.5, 2.0, 10.0]))
    deadline = time.monotonic() + 10
    for _ in range(6):
        if not case.refine(deadline):
            break
        assert case.high >= best_forest - 1e-9
    assert case.high >= best_forest - 1e-9
    for consortium in found:
        assert is_feasible(instance, consortium.members)


def test_probing_in_two_threads_keeps_what_one_thread_keeps(monkeypatch):
    """On 150 companies the probes are split over two threads, each with its own LP."""
    import random

    from sme2go.consortia.engine import probing

    monkeypatch.setattr(probing, "GIVE_UP_AFTER", 10**6)  # probe every company in both runs
    rng = random.Random(3)
    capabilities = [f"theme.capability-{i}" for i in range(8)]
    companies = [
        {"id": f"c{i}", "country": rng.choice(["EE", "FI", "SE"]), "readiness": rng.uniform(0.5, 1.0),
         "fit": {c: rng.uniform(0.0, 1.0) for c in rng.sample(capabilities, rng.randint(1, 4))}}
        for i in range(150)
    ]
    pairs = {tuple(sorted(rng.sample(range(150), 2))) for _ in range(500)}
    instance = parse_instance({
        "required": [{"capability": c, "weight": rng.uniform(1.0, 3.0)} for c in capabilities[:4]],
        "companies": companies,
        "ties": [{"a": f"c{a}", "b": f"c{b}", "strength": rng.uniform(0.1, 3.0)} for a, b in sorted(pairs)],
        "weights": {"tie": 0.5},
    })
    root = Relaxation(instance, eligible(instance), forest=True, lock=())
    assert root.solve_root(time.monotonic() + 10)
    # A threshold a little under the LP's own bound: some companies go, some stay.
    threshold = -root.highs.getInfo().objective_function_value - 0.5
    one = probe(instance, eligible(instance), threshold=threshold, deadline=time.monotonic() + 60, workers=1)
    two = probe(instance, eligible(instance), threshold=threshold, deadline=time.monotonic() + 60, workers=2)
    assert 0 < one.dropped < len(eligible(instance))
    assert [c.id for c in two.kept] == [c.id for c in one.kept]
    assert two.probed == one.probed == len(eligible(instance))
