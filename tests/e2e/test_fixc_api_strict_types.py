"""A value of the wrong JSON type is refused with 422 naming the field, not quietly converted:
"2000" or 2000.0 is not a year, 0 or "yes" not a yes/no, true not a level."""

from __future__ import annotations

import pytest

from sme2go.registry.models import Company, Contact, Solution
from tests.e2e.api_client import call, token_for

COMPANY = {"legal_name": "Linnavalgus OÜ", "country": "EE"}


@pytest.fixture
def token(manager) -> str:
    return token_for(manager)


@pytest.mark.parametrize("year", ["2000", 2000.0, True])
def test_a_founded_year_that_is_not_a_whole_number_is_refused(token, year):
    response = call("post", "/api/companies", token=token, body={**COMPANY, "founded_year": year})
    assert response.status_code == 422, response.data
    assert response.data["field"] == "founded_year"
    assert "integer" in response.data["detail"]  # not "must be ≥ 1800" for true read as 1
    assert Company.objects.count() == 0


def test_a_year_as_a_number_is_stored(token):
    response = call("post", "/api/companies", token=token, body={**COMPANY, "founded_year": 2000})
    assert response.status_code == 201, response.data
    assert response.data["founded_year"] == 2000


@pytest.mark.parametrize("consent", [0, 1, "yes", "true"])
def test_consent_that_is_not_true_or_false_is_refused(token, ee_company, consent):
    response = call("post", f"/api/companies/{ee_company.pk}/contacts", token=token,
                    body={"name": "Mari Maasikas", "consent_to_contact": consent})
    assert response.status_code == 422, response.data
    assert response.data["field"] == "consent_to_contact"
    assert Contact.objects.count() == 0


@pytest.mark.parametrize(("path", "field"), [
    ({"capabilities": [{"capability_id": "water.leak-detection", "level": True}]}, "capabilities[0].level"),
    ({"capabilities": [{"capability_id": "water.leak-detection", "level": "0.5"}]}, "capabilities[0].level"),
    ({"trl": "7"}, "trl"),
    ({"trl": 7.0}, "trl"),
    ({"references": [{"city": "Tartu", "country": "EE", "year": "2023"}]}, "references[0].year"),
])
def test_a_solution_value_of_the_wrong_type_is_refused(token, ee_company, path, field):
    response = call("post", f"/api/companies/{ee_company.pk}/solutions", token=token, body={"name": "LeakSense", **path})
    assert response.status_code == 422, response.data
    assert response.data["field"] == field
    assert Solution.objects.count() == 0


@pytest.mark.parametrize("level", [1, 0, 0.5])
def test_a_level_may_be_a_whole_number(token, ee_company, level):
    response = call("post", f"/api/companies/{ee_company.pk}/solutions", token=token,
                    body={"name": "LeakSense", "capabilities": [{"capability_id": "water.leak-detection", "level": level}]})
    assert response.status_code == 201, response.data
    assert response.data["capabilities"][0]["level"] == level


def test_a_note_for_a_partner_by_a_text_id_is_refused(token, ee_company, partners):
    partner = next(iter(partners.values()))
    response = call("post", f"/api/companies/{ee_company.pk}/notes", token=token,
                    body={"text": "Met at the fair", "partner_id": str(partner.pk)})
    assert response.status_code == 422, response.data
    assert response.data["field"] == "partner_id"


def test_a_partner_given_as_true_is_refused(token):
    response = call("post", "/api/companies", token=token, body={**COMPANY, "partners": [True]})
    assert response.status_code == 422, response.data
    assert response.data["field"] == "partners"
    assert Company.objects.count() == 0
