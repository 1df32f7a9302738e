"""The need form of the proposal page: numbers are checked field by field, errors use the form's labels."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.integration.consortia_registry import LEAK, METER, small_registry

pytestmark = pytest.mark.django_db

NEED = [("go", "1"), ("cap", LEAK), ("weight_" + LEAK, "3"), ("cap", METER), ("weight_" + METER, "2"),
        ("min_size", "2"), ("max_size", "3"), ("cover_all", "on")]


def propose(client, user, changes):
    """The need with some fields set to other values (as typed into the form)."""
    client.force_login(user)
    params = [(name, value) for name, value in NEED if name not in changes] + list(changes.items())
    return client.get("/consortia/new/?" + urlencode(params))


NUMBER_FIELDS = [("top", "Proposals"), ("min_size", "Min size"), ("max_size", "Max size"),
                 ("min_countries", "Min countries"), ("min_readiness", "Min readiness"), ("min_fit", "Min fit"),
                 ("w_tie", "Tie weight"), ("w_readiness", "Readiness weight"), ("w_size", "Size weight"),
                 ("weight_" + LEAK, "weight of Leak detection")]


@pytest.mark.parametrize("name,label", NUMBER_FIELDS)
@pytest.mark.parametrize("typed", ["nan", "inf", "-inf", "NaN", "1e999"])
def test_a_number_that_is_not_finite_is_refused_naming_the_field(client, advisor, name, label, typed):
    small_registry()
    response = propose(client, advisor, {name: typed})
    assert response.status_code == 200
    assert response.context["proposal"] is None
    assert f"{label}: “{typed}” is not a number" in response.content.decode()


@pytest.mark.parametrize("name,label", [("top", "Proposals"), ("min_size", "Min size"),
                                        ("max_size", "Max size"), ("min_countries", "Min countries")])
def test_a_fraction_where_a_whole_number_is_meant_is_refused(client, advisor, name, label):
    small_registry()
    response = propose(client, advisor, {name: "2.7"})
    assert response.context["proposal"] is None
    assert f"{label}: “2.7” is not a whole number" in response.content.decode()


def test_whole_numbers_written_with_a_point_zero_are_accepted(client, advisor):
    small_registry()
    response = propose(client, advisor, {"top": "2.0", "min_size": "2.0"})
    assert response.context["query"].errors == []
    assert len(response.context["proposal"].teams) == 2


@pytest.mark.parametrize("name,typed,message", [
    ("top", "0", "Proposals: must be at least 1, not 0"),
    ("top", "11", "Proposals: must be at most 10, not 11"),
    ("min_fit", "1.5", "Min fit: must be at most 1, not 1.5"),
    ("w_tie", "-1", "Tie weight: must be at least 0, not -1"),
    ("weight_" + METER, "-2", "weight of Smart water metering: must be at least 0, not -2"),
    ("max_size", "abc", "Max size: “abc” is not a number"),
])
def test_a_number_out_of_range_is_refused_naming_the_field(client, advisor, name, typed, message):
    small_registry()
    response = propose(client, advisor, {name: typed})
    assert response.context["proposal"] is None
    assert message in response.content.decode()


def field_value(html, name):
    import re

    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert match is not None, name
    return match.group(1)


def test_a_form_with_an_error_shows_what_the_user_typed(client, advisor):
    small_registry()
    html = propose(client, advisor, {"min_size": "5", "max_size": "3", "w_tie": "0.7",
                                     "weight_" + METER: "2.5"}).content.decode()
    assert "Min size: 5 is greater than Max size (3)" in html
    assert "rules.min_size" not in html
    assert (field_value(html, "min_size"), field_value(html, "max_size")) == ("5", "3")
    assert field_value(html, "w_tie") == "0.7"
    assert field_value(html, "weight_" + METER) == "2.5"
    html = propose(client, advisor, {"top": "nan", "min_fit": "0.45"}).content.decode()
    assert (field_value(html, "top"), field_value(html, "min_fit")) == ("nan", "0.45")


def test_engine_errors_name_the_field_as_the_form_does():
    from sme2go.consortia.engine import InstanceError
    from sme2go.consortia.forms import engine_error_in_words

    names = ["Leak detection", "Smart water metering"]
    error = InstanceError("required[1].weight", "must be at least 0, got -1")
    assert engine_error_in_words(error, names) == "weight of Smart water metering: must be at least 0, got -1"
    error = InstanceError("rules.min_size", "min_size 5 is greater than max_size 3")
    assert engine_error_in_words(error, names).startswith("Min size: ")
    assert engine_error_in_words(InstanceError("weights.tie", "x"), names) == "Tie weight: x"


def test_no_team_possible_is_said_in_full_sentences(client, advisor):
    small_registry()
    # Only three ready companies bring a capability, and a team of four is asked for.
    html = propose(client, advisor, {"min_size": "4", "max_size": "4", "capable_only": "on"}).content.decode()
    assert "No consortium is possible. Min size: only 3 eligible companies" in html
    assert "but Min size is 4. Only companies that bring a required capability were considered" in html


def test_the_capable_only_hint_shows_only_when_switching_it_off_could_help(client, advisor):
    small_registry()
    # Nobody offers smart parking: companies without a required capability would not help, and
    # the page names that deeper cause rather than "only 0 eligible companies".
    response = propose(client, advisor, {"cap": "transportation.parking", "capable_only": "on"})
    html = response.content.decode()
    assert response.context["proposal"].result.status == "INFEASIBLE"
    assert "No consortium is possible. Cover every capability: no eligible company covers Smart parking with fit ≥ 0.3." in html
    assert "every member brings a required capability" not in html.split('aria-label="Proposals"', 1)[1]
    # Four members: the fourth can only be a company without a required capability.
    response = propose(client, advisor, {"min_size": "4", "max_size": "4", "capable_only": "on"})
    assert 'uncheck "every member brings a required capability"' in response.content.decode()


def test_an_old_address_with_the_weights_of_every_capability_still_works(client, advisor):
    from sme2go.taxonomy import load_taxonomy

    small_registry()
    short = propose(client, advisor, {})
    every = [(f"weight_{c.id}", "1.0") for c in load_taxonomy().capabilities if c.id not in (LEAK, METER)]
    client.force_login(advisor)
    old = client.get("/consortia/new/?" + urlencode(NEED + every))
    assert old.context["query"].errors == []
    assert [t.consortium.members for t in old.context["proposal"].teams] == [
        t.consortium.members for t in short.context["proposal"].teams
    ]


def test_a_rule_named_inside_the_reason_is_named_by_its_label(client, advisor):
    small_registry()
    html = propose(client, advisor, {"min_countries": "99", "max_size": "6"}).content.decode()
    assert "No consortium is possible. Min countries: 99 countries cannot fit in Max size 6." in html
    assert "max_size" not in html.split('id="need-form"')[0] and "in max_size" not in html
