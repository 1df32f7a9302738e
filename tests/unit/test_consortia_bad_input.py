"""Bad instances are refused with an error naming the field."""

from __future__ import annotations

import copy

import pytest

from sme2go.consortia.engine import InstanceError, load_instance_json, parse_instance

GOOD = {
    "required": [{"capability": "water.leak-detection", "weight": 3.0}],
    "companies": [
        {"id": "c1", "country": "EE", "readiness": 0.8, "fit": {"water.leak-detection": 0.9}},
        {"id": "c2", "country": "FI", "readiness": 0.7, "fit": {}},
    ],
    "ties": [{"a": "c1", "b": "c2", "strength": 2.0}],
    "rules": {"min_size": 2},
}


def broken(change) -> dict:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d["ties"][0].update(b="c9"), "ties[0].b", "unknown company id 'c9'"),
        (lambda d: d["ties"][0].update(b="c1"), "ties[0].b", "tied to itself"),
        (lambda d: d["ties"].append({"a": "c2", "b": "c1", "strength": 1}), "ties[1]", "duplicate tie"),
        (lambda d: d["ties"][0].update(strength=-1), "ties[0].strength", "at least 0"),
        (lambda d: d["companies"][0]["fit"].update({"water.leak-detection": 1.5}),
         "companies[0].fit.water.leak-detection", "at most 1"),
        (lambda d: d["companies"][1]["fit"].update({"x": -0.1}), "companies[1].fit.x", "at least 0"),
        (lambda d: d["companies"][0].update(readiness="high"), "companies[0].readiness", "must be a number"),
        (lambda d: d["companies"][0].update(readiness=True), "companies[0].readiness", "must be a number"),
        (lambda d: d["companies"][1].update(id="c1"), "companies[1].id", "duplicate company id"),
        (lambda d: d["companies"][0].pop("country"), "companies[0].country", "non-empty string"),
        (lambda d: d.update(companies={"c1": {}}), "companies", "must be a JSON list"),
        (lambda d: d.pop("required"), "required", "is missing"),
        (lambda d: d["required"][0].update(weight=-2), "required[0].weight", "at least 0"),
        (lambda d: d["rules"].update(min_size=5, max_size=3), "rules.min_size", "greater than max_size 3"),
        (lambda d: d["rules"].update(min_size=2.5), "rules.min_size", "whole number"),
        (lambda d: d["rules"].update(lock=["c1"], exclude=["c1"]), "rules.lock", "both locked and excluded"),
        (lambda d: d["rules"].update(lock=["c7"]), "rules.lock[0]", "unknown company id 'c7'"),
        (lambda d: d["rules"].update(exclude=["c8"]), "rules.exclude[0]", "unknown company id 'c8'"),
        (lambda d: d["rules"].update(cover_all="yes"), "rules.cover_all", "true or false"),
        (lambda d: d["rules"].update(min_sise=2), "rules.min_sise", "unknown rule"),
        (lambda d: d["rules"].update(min_fit=2), "rules.min_fit", "at most 1"),
        (lambda d: d.update(weights={"tie": -1}), "weights.tie", "at least 0"),
        (lambda d: d.update(weights={"readiness": -0.5}), "weights.readiness", "at least 0"),
        (lambda d: d.update(weights={"size": "big"}), "weights.size", "must be a number"),
        (lambda d: d.update(weights=[1, 2]), "weights", "must be a JSON object"),
    ],
)
def test_it_names_the_bad_field(change, field, words):
    with pytest.raises(InstanceError) as error:
        parse_instance(broken(change))
    assert error.value.field == field
    assert words in error.value.message


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        # Each typo used to be ignored: default rules, no ties, every fit 0, weight 1.
        (lambda d: d.update(rule=d.pop("rules")), "rule",
         'unknown key (did you mean "rules"?); expected one of required, companies, ties, rules, weights'),
        (lambda d: d.update(tie=d.pop("ties")), "tie", 'did you mean "ties"?'),
        (lambda d: d["companies"][1].update(fits=d["companies"][1].pop("fit")), "companies[1].fits",
         'unknown key (did you mean "fit"?); expected one of id, country, readiness, fit, name'),
        (lambda d: d["required"][0].update(wieght=d["required"][0].pop("weight")), "required[0].wieght",
         'unknown key (did you mean "weight"?); expected one of capability, weight'),
        (lambda d: d["ties"][0].update(strenght=2), "ties[0].strenght", "expected one of a, b, strength"),
        (lambda d: d["weights"].update(ties=1) if "weights" in d else d.update(weights={"ties": 1}),
         "weights.ties", 'unknown weight (did you mean "tie"?)'),
    ],
)
def test_it_refuses_unknown_keys_at_every_level(change, field, words):
    with pytest.raises(InstanceError) as error:
        parse_instance(broken(change))
    assert error.value.field == field
    assert words in error.value.message


def test_every_documented_key_is_accepted():
    data = broken(lambda d: d["companies"][0].update(name="Aqua Leak OÜ"))
    data["weights"] = {"tie": 1, "readiness": 0.5, "size": 1}
    data["rules"] |= {"max_size": 3, "min_countries": 1, "min_readiness": 0.5, "min_fit": 0.3, "cover_all": True,
                      "lock": ["c1"], "exclude": []}
    instance = parse_instance(data)
    assert instance.company("c1").name == "Aqua Leak OÜ"
    assert parse_instance(instance.to_dict()) == instance


def test_it_names_the_line_of_malformed_json():
    with pytest.raises(InstanceError) as error:
        load_instance_json('{"required": [\n  {"capability": "a",}\n]}')
    assert error.value.field == "json"
    assert "line 2" in error.value.message


def test_it_fills_missing_rules_and_weights_with_defaults():
    instance = parse_instance({"required": [], "companies": []})
    assert (instance.rules.min_size, instance.rules.max_size, instance.rules.min_countries) == (3, 6, 2)
    assert (instance.rules.min_readiness, instance.rules.min_fit, instance.rules.cover_all) == (0.5, 0.3, True)
    assert (instance.weights.tie, instance.weights.readiness, instance.weights.size) == (1.0, 0.5, 1.0)
    assert parse_instance(instance.to_dict()) == instance
