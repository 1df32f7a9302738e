"""A query parameter that takes one value, given twice, is a 422 naming it and its values, on every
endpoint (the parser is the API's): `?theme=bogus&theme=water` answered the water capabilities as if
only the last value had been sent, and `?theme=water&theme=bogus` refused "bogus" alone."""

from __future__ import annotations

import pytest

from tests.e2e.api_client import assert_codes_documented, call, token_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["theme=bogus&theme=water", "theme=water&theme=water"])
def test_a_parameter_given_twice_is_refused_naming_it(manager, query):
    response = call("get", f"/api/capabilities?{query}", token=token_for(manager))
    assert response.status_code == 422
    assert response.data["field"] == "theme"
    values = query.replace("theme=", "").split("&")
    assert response.data["detail"] == f"give theme once: it was given 2 times ({values[0]!r}, {values[1]!r})"


def test_it_holds_for_numbers_and_choices_and_the_code_is_documented(manager, advisor):
    tokens = {"manager": token_for(manager)}
    assert_codes_documented([
        ("get", "/api/companies", "/api/companies?page=1&page=2", "manager", None, 422),
        ("get", "/api/companies", "/api/companies?status=prospect&status=client", "manager", None, 422),
        ("get", "/api/leads", "/api/leads?stage=won&stage=lost", "manager", None, 422),
        ("get", "/api/support/sessions", "/api/support/sessions?year=2025&year=2026", "manager", None, 422),
    ], tokens)
    assert call("get", "/api/companies?page=1&page=2", token=tokens["manager"]).data["field"] == "page"


def test_a_parameter_the_endpoint_does_not_take_is_still_ignored_given_twice(manager):
    response = call("get", "/api/capabilities?theme=water&x=1&x=2", token=token_for(manager))
    assert response.status_code == 200
    assert {c["theme"] for c in response.data} == {"water"}
