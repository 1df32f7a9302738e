"""Text pasted with invisible control characters (Word's soft line break, a BEL) never breaks the
XLSX export, and the web forms hold as much text as an import (one set of limits)."""

from __future__ import annotations

import io

import openpyxl

from sme2go.registry.models import Company, ReferenceDeployment, Solution
from tests.e2e.registry_pages import PROFILE_POST, client_for


def exported_rows(client) -> list[dict]:
    response = client.get("/export/?format=xlsx")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0].values)
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_a_soft_line_break_and_a_bell_saved_in_the_edit_form_still_export_as_xlsx(manager, ee_company):
    client = client_for(manager)
    post = dict(PROFILE_POST, status="active", legal_name="Aqua\x07 Sense OÜ", description="First line\x0bsecond line")
    response = client.post(f"/companies/{ee_company.pk}/edit/", post)
    assert response.status_code == 302
    ee_company.refresh_from_db()
    assert ee_company.legal_name == "Aqua Sense OÜ"
    assert ee_company.description == "First line\nsecond line"
    [row] = exported_rows(client)
    assert (row["legal_name"], row["description"]) == ("Aqua Sense OÜ", "First line\nsecond line")


def test_text_stored_before_the_rule_still_exports_as_xlsx(advisor, ee_company):
    Company.objects.filter(pk=ee_company.pk).update(legal_name="Bell\x07 Oy", description="a\x0bb\x1bc")
    [row] = exported_rows(client_for(advisor))
    assert (row["legal_name"], row["description"]) == ("Bell Oy", "a\nbc")


def test_the_edit_form_takes_a_description_as_long_as_an_import_and_says_when_it_is_longer(manager, ee_company):
    client = client_for(manager)
    assert client.post(f"/companies/{ee_company.pk}/edit/", dict(PROFILE_POST, status="active", description="x" * 10_000)).status_code == 302
    response = client.post(f"/companies/{ee_company.pk}/edit/", dict(PROFILE_POST, status="active", description="y" * 10_001))
    assert response.status_code == 200
    assert "at most 10000 characters (it has 10001)" in response.content.decode()
    ee_company.refresh_from_db()
    assert ee_company.description == "x" * 10_000


def test_a_reference_city_longer_than_an_import_allows_is_named_on_the_solution_form(manager, ee_company):
    response = client_for(manager).post(f"/companies/{ee_company.pk}/solutions/new/", {
        "name": "Leak radar", "trl": "7", "references": f"{'K' * 121}, FI, 2020",
        "cap-TOTAL_FORMS": "3", "cap-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "reference 1: too long: 121 characters, at most 120" in response.content.decode()
    assert not Solution.objects.exists() and not ReferenceDeployment.objects.exists()


def test_a_reference_year_out_of_range_is_called_the_year_of_the_reference(manager, ee_company):
    response = client_for(manager).post(f"/companies/{ee_company.pk}/solutions/new/", {
        "name": "Leak radar", "trl": "7", "references": "Kemi, FI, 1700",
        "cap-TOTAL_FORMS": "3", "cap-INITIAL_FORMS": "0",
    })
    page = response.content.decode()
    assert "reference 1: the year must be between 1800" in page and "founding" not in page
