"""Bidirectional override and isolate characters (U+202A-U+202E, U+2066-U+2069) are invisible and make
a name read differently than it is stored ("Evil\u202eName" shows as "EvilemaN"): they are refused like
other control characters, naming the field (API) or the row and column (import); a web form drops
them, as it drops other pasted control characters."""

from __future__ import annotations

import pytest

from sme2go.registry.importing import import_companies
from sme2go.registry.models import Company
from tests.company_files import company_rows, csv_bytes
from tests.e2e.api_client import call, token_for
from tests.e2e.registry_pages import PROFILE_POST, client_for


@pytest.mark.parametrize("character", ["\u202a", "\u202e", "\u2066", "\u2069"])
def test_the_api_refuses_a_bidi_control_in_a_name_naming_the_field(manager, character):
    response = call("post", "/api/companies", token=token_for(manager),
                    body={"legal_name": f"Evil{character}Name", "country": "EE"})
    assert response.status_code == 422, response.data
    assert response.data["field"] == "legal_name"
    assert f"U+{ord(character):04X}" in response.data["detail"]
    assert "position 5" in response.data["detail"]
    assert Company.objects.count() == 0


def test_the_api_refuses_one_in_a_description_and_a_reference(manager, ee_company):
    token = token_for(manager)
    response = call("patch", f"/api/companies/{ee_company.pk}", token=token, body={"description": "a\u202eb"})
    assert response.status_code == 422 and response.data["field"] == "description"
    solution = call("post", f"/api/companies/{ee_company.pk}/solutions", token=token,
                    body={"name": "LeakSense", "references": [{"city": "Tar\u2067tu", "country": "EE"}]})
    assert solution.status_code == 422
    assert "U+2067" in solution.data["detail"]


def test_an_import_names_the_row_and_column_and_imports_the_other_rows(manager):
    rows = company_rows(3)
    rows[1]["legal_name"] = "Evil\u202eName Oy"
    report = import_companies(actor=manager, data=csv_bytes(rows), filename="f.csv", all_or_nothing=False)
    assert [(p.row, p.column) for p in report.problems] == [(3, "legal_name")]  # line 3: the header is line 1
    assert "U+202E" in report.problems[0].reason
    assert Company.objects.count() == 2


def test_the_edit_form_drops_them_as_other_pasted_control_characters(manager, ee_company):
    response = client_for(manager).post(f"/companies/{ee_company.pk}/edit/",
                                        dict(PROFILE_POST, status="active", legal_name="Aqua\u202e Sense OÜ"))
    assert response.status_code == 302
    ee_company.refresh_from_db()
    assert ee_company.legal_name == "Aqua Sense OÜ"


def test_left_to_right_and_right_to_left_marks_stay_allowed(manager):
    # U+200F (RIGHT-TO-LEFT MARK) is how Hebrew and Arabic text orders punctuation; it overrides nothing.
    response = call("post", "/api/companies", token=token_for(manager),
                    body={"legal_name": "שלום\u200f Ltd", "country": "IL"})
    assert response.status_code == 201, response.data
