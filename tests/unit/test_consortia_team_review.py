"""The pure team review: who covers what, and each rule a saved team breaks, in the page's words."""

from __future__ import annotations

from sme2go.consortia.engine import parse_instance
from sme2go.consortia.team_review import covered_by, no_longer_covered, team_warnings

INSTANCE = parse_instance({
    "required": [{"capability": "leak", "weight": 3}, {"capability": "meter", "weight": 2}],
    "companies": [
        {"id": "a", "country": "EE", "readiness": 1.0, "fit": {"leak": 0.9}},
        {"id": "b", "country": "EE", "readiness": 0.2, "fit": {"leak": 0.37, "meter": 0.6}},
        {"id": "c", "country": "FI", "readiness": 0.9, "fit": {"meter": 0.8}},
    ],
    "rules": {"min_size": 2, "max_size": 2, "min_countries": 2, "min_readiness": 0.5, "min_fit": 0.3},
})
NAMES = {"leak": "Leak detection", "meter": "Smart water metering"}
COMPANIES = {"a": "Aqua", "b": "Both", "c": "Meter"}


def test_each_member_covers_what_it_is_best_at_in_this_team():
    assert covered_by(INSTANCE, ["a", "b", "c"]) == {"a": ["leak"], "b": [], "c": ["meter"]}
    assert covered_by(INSTANCE, ["a", "b"]) == {"a": ["leak"], "b": ["meter"]}


def test_a_team_meeting_its_rules_has_no_warning():
    assert team_warnings(INSTANCE, ["a", "c"], NAMES, COMPANIES) == []


def test_every_broken_rule_is_named():
    assert team_warnings(INSTANCE, ["a", "b", "c"], NAMES, COMPANIES) == [
        "3 members: above max size 2",
        "Both: readiness 0.20 (TRL proxy) below min readiness 0.5",
    ]
    assert team_warnings(INSTANCE, ["a"], NAMES, COMPANIES) == [
        "1 member: below min size 2",
        "1 country (EE): below min countries 2",
        "Smart water metering is not covered: no member has a fit of at least 0.3",
    ]


def test_a_capability_lost_by_a_change_is_named():
    assert no_longer_covered(INSTANCE, ["a", "c"], ["a"], NAMES) == ["Smart water metering is no longer covered."]
    assert no_longer_covered(INSTANCE, ["a", "c"], ["a", "b"], NAMES) == []
