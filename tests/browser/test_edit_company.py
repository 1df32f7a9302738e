"""Editing a company: a validation error is shown beside the field, then fixed."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_it_shows_a_validation_error_then_saves_the_fix(ee_company, advisor_page):
    page = advisor_page
    page.get_by_role("link", name="Aqua Sense OÜ").click()
    page.get_by_role("link", name="Edit company").click()
    page.get_by_label("Country").fill("Estonia")
    page.get_by_label("Founded year").fill("2999")
    page.get_by_label("City").fill("Tartu")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("alert")).to_contain_text("Please correct the fields marked below")
    expect(page.locator(".errorlist").filter(has_text="not an ISO 3166-1 alpha-2 country code")).to_be_visible()
    expect(page.locator(".errorlist").filter(has_text="founding year must be between")).to_be_visible()
    expect(page.get_by_label("City")).to_have_value("Tartu")  # what the user typed is kept
    if os.environ.get("SME2GO_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SME2GO_SCREENSHOTS"], "edit-error.png"), full_page=True)

    page.get_by_label("Country").fill("ee")
    page.get_by_label("Founded year").fill("2015")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Saved Aqua Sense OÜ")
    expect(page.locator("dl.facts")).to_contain_text("Tartu")
    expect(page.locator("dl.facts")).to_contain_text("2015")
    ee_company.refresh_from_db()
    assert (ee_company.country, ee_company.city, ee_company.founded_year) == ("EE", "Tartu", 2015)
