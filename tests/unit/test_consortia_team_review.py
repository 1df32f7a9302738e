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
        "3 members: above Max size 2",
        "Both: readiness 0.20 (TRL proxy) below Min readiness 0.5",
    ]
    assert team_warnings(INSTANCE, ["a"], NAMES, COMPANIES) == [
        "1 member: below Min size 2",
        "1 country (EE): below Min countries 2",
        "Smart water metering is not covered: no member has a fit of at least 0.3",
    ]


def test_a_capability_lost_by_a_change_is_named():
    assert no_longer_covered(INSTANCE, ["a", "c"], ["a"], NAMES) == ["Smart water metering is no longer covered."]
    assert no_longer_covered(INSTANCE, ["a", "c"], ["a", "b"], NAMES) == []


def test_a_member_without_a_required_capability_is_named_when_every_member_was_to_bring_one():
    instance = parse_instance({
        **INSTANCE.to_dict(),
        "companies": [*INSTANCE.to_dict()["companies"], {"id": "d", "country": "FI", "readiness": 1.0,
                                                          "fit": {"leak": 0.1}}],
        "rules": {**INSTANCE.rules.to_dict(), "max_size": 3},
    })
    names = {**COMPANIES, "d": "Dock"}
    warning = ("Dock brings no required capability (no fit of at least 0.3), but the team was proposed with "
               "“every member brings a required capability”")
    assert team_warnings(instance, ["a", "c", "d"], NAMES, names, capable_only=True) == [warning]
    assert team_warnings(instance, ["a", "c", "d"], NAMES, names) == [], "proposed with fillers allowed"
    assert team_warnings(instance, ["a", "c", "d"], NAMES, names, capable_only=True, locked=["d"]) == [], (
        "a company locked into the proposal was in it despite the setting"
    )
