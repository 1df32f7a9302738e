"""A refused reference deployment is named by its path (references[1].country), as docs/api.md promises,
while the solution form still shows the message beside its "Reference deployments" field."""

from __future__ import annotations

import pytest

from sme2go.registry.models import Solution
from tests.e2e.api_client import call, token_for
from tests.e2e.registry_pages import client_for

GOOD = {"city": "Tartu", "country": "EE", "year": 2023}


@pytest.mark.parametrize(("bad", "field", "words"), [
    ({"city": "Kemi", "country": "Finland"}, "references[1].country", "'Finland' is not an ISO 3166-1"),
    ({"city": "  ", "country": "FI"}, "references[1].city", "the city is required"),
    ({"city": "Kemi\x07", "country": "FI"}, "references[1].city", "control character"),
    ({"city": "Kemi", "country": "FI", "year": 2099}, "references[1].year", "the year must be between 1800"),
    ({"city": "Kemi", "country": "FI", "description": "d" * 2_001}, "references[1].description", "at most 2,000"),
])
def test_a_bad_reference_is_named_by_its_path(manager, ee_company, bad, field, words):
    token = token_for(manager)
    response = call("post", f"/api/companies/{ee_company.pk}/solutions", token=token,
                    body={"name": "LeakSense", "references": [GOOD, bad]})
    assert response.status_code == 422, response.data
    assert response.data["field"] == field
    assert words in response.data["detail"]
    assert Solution.objects.count() == 0


def test_a_patch_names_the_reference_path_too(manager, ee_company):
    token = token_for(manager)
    created = call("post", f"/api/companies/{ee_company.pk}/solutions", token=token,
                   body={"name": "LeakSense", "references": [GOOD]})
    response = call("patch", f"/api/solutions/{created.data['id']}", token=token,
                    body={"references": [{"city": "Kemi", "country": "XX"}]})
    assert response.status_code == 422
    assert response.data["field"] == "references[0].country"


def test_the_solution_form_shows_the_reference_error_beside_the_references_field(manager, ee_company):
    response = client_for(manager).post(f"/companies/{ee_company.pk}/solutions/new/", {
        "name": "Leak radar", "trl": "7", "references": "Tartu, EE, 2023\nKemi, XX, 2020",
        "cap-TOTAL_FORMS": "3", "cap-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["references"] == [
        "reference 2: 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. EE, FI, SE)"]
    assert not form.non_field_errors()
    assert not Solution.objects.exists()
