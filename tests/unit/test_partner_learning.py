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
