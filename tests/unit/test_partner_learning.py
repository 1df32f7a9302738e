"""Held-out cases, metrics and the fitted log-linear model."""

from __future__ import annotations

import math

import numpy as np

from sme2go.collaboration.learning import (
    TrainingSet,
    bootstrap_intervals,
    fit_weights,
    held_out_cases,
    metrics,
    ranks,
)
from sme2go.collaboration.suggest import PartnerSuggester
from tests.unit.partner_graphs import history


def test_it_hides_each_known_allowed_company_of_projects_with_three_participants():
    h = history()
    known = set(h.until(2016).pics)
    cases = held_out_cases(h, year=2017, known_pics=known)
    # p4 (2017): 200 (FI PRC, known) and 700 (SE PRC, not seen before 2017) -> only 200; p5 has one member.
    assert [(c.project, c.target) for c in cases] == [("p4", "200")]
    assert cases[0].query.members == ("700", "400", "500")
    assert cases[0].query.programme_parts == ("LEIT",)


def test_it_computes_hits_and_reciprocal_rank():
    m = metrics([1, 2, 10, 60])
    assert m["hits@1"] == 0.25 and m["hits@5"] == 0.5 and m["hits@10"] == 0.75 and m["hits@50"] == 0.75
    assert math.isclose(m["mrr"], (1 + 1 / 2 + 1 / 10 + 1 / 60) / 4)


def test_it_bootstraps_intervals_that_repeat_with_the_seed_and_hold_the_estimate():
    rank_list = [1, 3, 7, 12, 40, 2, 1, 90, 5, 11]
    first = bootstrap_intervals(rank_list, seed=4)
    assert first == bootstrap_intervals(rank_list, seed=4)
    for name, value in metrics(rank_list).items():
        low, high = first[name]
        assert low <= value <= high


def test_it_learns_that_the_informative_feature_matters():
    rng = np.random.default_rng(1)
    rows, segments, targets = [], [], []
    for q in range(200):
        x = rng.normal(size=(30, 3))
        target = int(np.argmax(x[:, 0] + rng.normal(scale=0.5, size=30)))
        segments.append(q * 30)
        targets.append(q * 30 + target)
        rows.append(x)
    weights = fit_weights(TrainingSet(rows=np.vstack(rows), segments=np.array(segments), targets=np.array(targets)))
    assert weights.weights[0] > 1.0
    assert abs(weights.weights[1]) < 0.3 and abs(weights.weights[2]) < 0.3


def test_it_ranks_the_hidden_company_of_a_case():
    h = history()
    past = h.until(2016)
    cases = held_out_cases(h, year=2017, known_pics=set(past.pics))
    # Before 2017, 300 worked with members 400 and 500; 100, 200 and 600 with one member each
    # (one project each, so the tie goes by pic): 300, 100, 200, 600.
    assert ranks(PartnerSuggester(past), cases, "common_neighbours") == [3]


def test_tie_weights_kept_nonnegative_satisfy_the_optimality_conditions():
    """Projected Newton against the KKT conditions of the bounded problem: a bounded weight is either
    > 0 with a zero gradient, or 0 with a gradient that pushes it down; free weights have a zero gradient."""
    rng = np.random.default_rng(7)
    rows, segments, targets = [], [], []
    for q in range(150):
        x = rng.normal(size=(20, 3))
        # Column 1 really predicts against the target, so its bounded weight must stop at 0.
        target = int(np.argmax(x[:, 0] - x[:, 1] + rng.normal(scale=0.5, size=20)))
        segments.append(q * 20)
        targets.append(q * 20 + target)
        rows.append(x)
    data = TrainingSet(rows=np.vstack(rows), segments=np.array(segments), targets=np.array(targets))
    names = ("a", "b", "c")
    free = fit_weights(data, features=names)
    bounded = fit_weights(data, features=names, nonnegative=frozenset({"a", "b"}))
    assert free.weights[1] < -0.5  # unconstrained, b gets the negative weight the data ask for
    assert bounded.weights[1] == 0.0 and bounded.weights[0] > 1.0
    assert bounded.features == names
    # The gradient of the penalised loss at the bounded solution, on standardised features.
    x = (data.rows - np.array(bounded.mean)) / np.array(bounded.scale)
    w = np.array(bounded.weights)
    s = x @ w
    grad = l2_gradient(x, s, data, w)
    assert grad[1] > 0  # pushing b below 0, where it may not go
    assert abs(grad[0]) < 1e-3 and abs(grad[2]) < 1e-3
    # Without bounds, the bounded fit is the plain one.
    assert fit_weights(data, features=names, nonnegative=frozenset()) == free


def l2_gradient(x, s, data, w, l2=1.0):
    ends = np.append(data.segments, len(x))
    grad = l2 * w
    for start, end, target in zip(ends[:-1], ends[1:], data.targets, strict=True):
        p = np.exp(s[start:end] - s[start:end].max())
        p /= p.sum()
        grad = grad + p @ x[start:end] - x[target]
    return grad

