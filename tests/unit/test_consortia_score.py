"""The score and the rules, on a hand-checked example."""

from __future__ import annotations

import pytest

from sme2go.consortia.engine import parse_instance, score, solve, violated_rule

EXAMPLE = {
    "required": [{"capability": "water.leak-detection", "weight": 3.0}, {"capability": "water.metering", "weight": 2.0}],
    "companies": [
        {"id": "c1", "country": "EE", "readiness": 0.8, "fit": {"water.leak-detection": 0.9}},
        {"id": "c2", "country": "FI", "readiness": 0.6, "fit": {"water.metering": 0.25, "water.leak-detection": 0.5}},
        {"id": "c3", "country": "SE", "readiness": 0.4, "fit": {"water.metering": 1.0}},
    ],
    "ties": [{"a": "c1", "b": "c2", "strength": 2.0}],
    "rules": {"min_size": 2, "max_size": 3},
}


def test_it_scores_coverage_ties_readiness_and_size():
    instance = parse_instance(EXAMPLE)
    result = score(instance, ["c2", "c1"])
    # c2's metering fit 0.25 is below min_fit 0.3, so it counts 0 and covers nothing.
    assert result.members == ("c1", "c2")
    assert result.covers == {"water.leak-detection": "c1"}
    assert result.breakdown.coverage == pytest.approx(3.0 * 0.9)
    assert result.breakdown.ties == pytest.approx(1.0 * 2.0)
    assert result.breakdown.readiness == pytest.approx(0.5 * (0.8 + 0.6))
    assert result.breakdown.size == pytest.approx(-2.0)
    assert result.score == pytest.approx(2.7 + 2.0 + 0.7 - 2.0)


def test_it_names_the_rule_a_set_breaks():
    instance = parse_instance(EXAMPLE)
    assert violated_rule(instance, ["c1", "c2"]).startswith("cover_all: no member covers water.metering")
    assert violated_rule(instance, ["c1"]).startswith("min_size")
    assert violated_rule(instance, ["c1", "c3"]).startswith("min_readiness: c3")


def test_it_names_the_capability_nobody_covers():
    data = {**EXAMPLE, "rules": {"min_size": 2, "max_size": 3, "min_readiness": 0.5}}
    result = solve(parse_instance(data), top_k=2)
    assert result.status == "INFEASIBLE"
    assert result.reason == "cover_all: no eligible company covers water.metering with fit ≥ 0.3"
    assert result.bound is None


def test_it_names_rules_that_clash_only_together():
    data = {
        "required": [{"capability": "a"}, {"capability": "b"}],
        "companies": [
            {"id": "x", "country": "EE", "readiness": 1, "fit": {"a": 1}},
            {"id": "y", "country": "EE", "readiness": 1, "fit": {"b": 1}},
            {"id": "z", "country": "FI", "readiness": 1, "fit": {}},
        ],
        "rules": {"min_size": 1, "max_size": 2, "min_countries": 2},
    }
    result = solve(parse_instance(data))
    assert result.status == "INFEASIBLE"
    assert result.reason.startswith("cover_all:")


def test_it_says_when_fewer_than_k_consortia_exist():
    result = solve(parse_instance({**EXAMPLE, "rules": {"min_size": 3, "max_size": 3, "min_readiness": 0}}), top_k=5)
    assert result.status == "OPTIMAL"
    assert [c.members for c in result.consortia] == [("c1", "c2", "c3")]
    assert result.reason == "only 1 feasible consortia exist"
