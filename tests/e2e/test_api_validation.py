"""Bad input to the API: a JSON error naming the field, and nothing stored or half-written."""

from __future__ import annotations

import pytest

from sme2go.registry.models import Company
from tests.e2e.api_client import call, token_for


@pytest.fixture
def token(manager) -> str:
    return token_for(manager)


@pytest.mark.parametrize(("body", "field"), [
    ({"country": "EE"}, "legal_name"),
    ({"legal_name": "", "country": "EE"}, "legal_name"),
    ({"legal_name": "Aqua OÜ", "country": "XX"}, "country"),
    ({"legal_name": "Aqua OÜ", "country": "EE", "founded_year": "last year"}, "founded_year"),
    ({"legal_name": "Aqua OÜ", "country": "EE", "size_band": "huge"}, "size_band"),
    ({"legal_name": "Aqua OÜ", "country": "EE", "nace_codes": ["6201"]}, "nace_codes"),
    ({"legal_name": "Aqua OÜ", "country": "EE", "website": "not a web address"}, "website"),
    ({"legal_name": "Aqua OÜ", "country": "EE", "partners": ["Nowhere Park"]}, "partners"),
    ({"legal_name": "Aqua OÜ", "country": "EE", "lgeal_name": "typo"}, "lgeal_name"),
])
def test_a_bad_company_field_is_named(token, body, field):
    response = call("post", "/api/companies", token=token, body=body)
    assert response.status_code == 422, response.data
    assert response.data["field"] == field
    assert response.data["detail"]
    assert Company.objects.count() == 0


def test_several_bad_fields_are_all_listed(token):
    response = call("post", "/api/companies", token=token,
                    body={"legal_name": "Aqua OÜ", "country": "XX", "website": "no", "nace_codes": ["1"]})
    assert response.status_code == 422
    assert {error["field"] for error in response.data["errors"]} == {"country", "website", "nace_codes"}
    assert response.data["field"] in {"country", "website", "nace_codes"}


def test_a_bad_patch_leaves_the_company_as_it_was(token, ee_company):
    response = call("patch", f"/api/companies/{ee_company.pk}", token=token, body={"city": "Tartu", "country": "Estonia"})
    assert response.status_code == 422
    assert response.data["field"] == "country"
    ee_company.refresh_from_db()
    assert (ee_company.city, ee_company.country) == ("Tallinn", "EE")


def test_a_nested_error_names_its_path(token, ee_company):
    body = {"name": "LeakSense", "references": [{"city": "Tartu", "country": "EE", "year": 1500}]}
    response = call("post", f"/api/companies/{ee_company.pk}/solutions", token=token, body=body)
    assert response.status_code == 422
    assert response.data["field"] == "references[0].year"
    level = call("post", f"/api/companies/{ee_company.pk}/solutions", token=token,
                 body={"name": "LeakSense", "capabilities": [{"capability_id": "water.leak-detection", "level": 2}]})
    assert level.data["field"] == "capabilities[0].level"


def test_a_body_that_is_not_json_is_refused_with_a_message(token):
    response = call("post", "/api/companies", token=token, body="{legal_name: 'Aqua'")
    assert response.status_code in (400, 422)
    assert response.data["detail"]
    assert Company.objects.count() == 0


@pytest.mark.parametrize("text", [
    "<script>alert('x')</script>",
    "Robert'); DROP TABLE registry_company;--",
    "<b>Aqua</b> & \"Sense\" OÜ",
])
def test_html_and_sql_in_text_fields_are_stored_literally(token, ee_company, text):
    created = call("post", "/api/companies", token=token,
                   body={"legal_name": text, "country": "EE", "description": text, "city": text})
    assert created.status_code == 201, created.data
    stored = Company.objects.get(pk=created.data["id"])
    assert (stored.legal_name, stored.description, stored.city) == (text, text, text)
    fetched = call("get", f"/api/companies/{stored.pk}", token=token)
    assert fetched.data["description"] == text
    assert Company.objects.count() == 2  # the other company is untouched
    found = call("get", "/api/companies", token=token, **{}).data["items"]
    assert text in [item["legal_name"] for item in found]


def test_a_body_of_the_wrong_shape_names_no_field(token):
    response = call("post", "/api/companies", token=token, body=[{"legal_name": "Aqua OÜ", "country": "EE"}])
    assert response.status_code == 422
    assert response.data["field"] is None
    assert response.data["detail"]


def test_a_huge_body_is_refused_with_a_message(token):
    response = call("post", "/api/companies", token=token,
                    body={"legal_name": "Aqua OÜ", "country": "EE", "description": "x" * 6_000_000})
    assert response.status_code == 413
    assert "larger than" in response.data["detail"]
    assert Company.objects.count() == 0
