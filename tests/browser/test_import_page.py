"""Importing a file in the browser: a bad row is named, the fixed file imports."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sme2go.registry.models import Company
from tests.company_files import company_rows, csv_bytes

pytestmark = pytest.mark.browser


def test_it_names_the_bad_row_then_imports_the_fixed_file(advisor_page, tmp_path):
    page = advisor_page
    rows = company_rows(5, prefix="Browserfirm")
    rows[3]["country"] = "Atlantis"
    path = tmp_path / "companies.csv"
    path.write_bytes(csv_bytes(rows, delimiter=";"))

    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import companies")).to_be_visible()
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("checkbox", name="Dry run").check()
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("status")).to_contain_text("Dry run of 5 rows: 1 problem in 1 row")
    problem = page.locator("table.problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("5")
    expect(problem).to_contain_text("country")
    expect(problem).to_contain_text("'Atlantis' is not an ISO 3166 country code")
    assert Company.objects.count() == 0

    rows[3]["country"] = "FI"
    path.write_bytes(csv_bytes(rows, delimiter=";"))
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("checkbox", name="Dry run").uncheck()
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("status")).to_contain_text("5 created, 0 updated")
    assert Company.objects.filter(partners__short_name="Tehnopol").count() == 5
