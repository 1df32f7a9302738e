"""GET /api/capabilities?theme=... answers an unknown theme with 422 naming `theme` (as the opportunities
and markets endpoints do), not an empty list that looks like a theme without capabilities."""

from __future__ import annotations

from tests.e2e.api_client import call, token_for


def test_an_unknown_theme_is_refused_naming_theme(company_user):
    response = call("get", "/api/capabilities?theme=bogus", token=token_for(company_user))
    assert response.status_code == 422, response.data
    assert response.data["field"] == "theme"
    assert "bogus" in response.data["detail"] and "water" in response.data["detail"]


def test_a_known_theme_lists_its_capabilities(company_user):
    token = token_for(company_user)
    water = call("get", "/api/capabilities?theme=water", token=token)
    assert water.status_code == 200
    assert water.data and {c["theme"] for c in water.data} == {"water"}
    everything = call("get", "/api/capabilities", token=token)
    assert len(everything.data) > len(water.data)


def test_the_openapi_document_lists_the_422(db):
    operation = call("get", "/api/openapi.json").data["paths"]["/api/capabilities"]["get"]
    assert "422" in operation["responses"]
