"""Editing a company: a validation error is shown beside the field, then fixed."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from sme2go.registry.models import Company, Solution
from tests.browser.conftest import log_in

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


def test_two_advisors_edit_at_once_and_the_second_sees_the_current_version(ee_company, advisor, page_as, manager):
    first, second = page_as(manager), page_as(advisor)
    for page in (first, second):
        page.goto(f"/companies/{ee_company.pk}/edit/")
    first.get_by_label("City").fill("Kemi")
    first.get_by_role("button", name="Save changes").click()
    expect(first.get_by_role("status")).to_contain_text("Saved Aqua Sense OÜ")

    second.get_by_label("Description").fill("Leak radar for water utilities")
    second.get_by_role("button", name="Save changes").click()
    alert = second.locator("#changed-meanwhile")
    expect(alert).to_contain_text("Someone changed this company since you opened it")
    expect(alert.locator("tr", has_text="City")).to_contain_text("Kemi")
    expect(second.get_by_label("Description")).to_have_value("Leak radar for water utilities")
    ee_company.refresh_from_db()
    assert (ee_company.city, ee_company.description) == ("Kemi", "")

    second.get_by_label("City").fill("Kemi")
    second.get_by_role("button", name="Save changes").click()
    expect(second.get_by_role("status")).to_contain_text("Saved Aqua Sense OÜ")
    ee_company.refresh_from_db()
    assert (ee_company.city, ee_company.description) == ("Kemi", "Leak radar for water utilities")


def test_removing_a_solution_asks_first_without_javascript(ee_company, advisor, browser, live_server, transactional_db):
    solution = Solution.objects.create(company=ee_company, name="Leak radar")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, advisor.username)
        page.goto(f"/companies/{ee_company.pk}/solutions/{solution.pk}/edit/")
        page.get_by_role("button", name="Remove this solution").click()
        expect(page.get_by_role("alertdialog")).to_contain_text("Remove the solution “Leak radar” from Aqua Sense OÜ?")
        page.get_by_role("link", name="Cancel").click()
        expect(page.get_by_role("button", name="Save solution")).to_be_visible()
        assert Solution.objects.filter(pk=solution.pk).exists()
        page.get_by_role("button", name="Remove this solution").click()
        page.get_by_role("button", name="Yes, remove this solution").click()
        expect(page.get_by_role("status")).to_contain_text("Removed Leak radar")
        assert not Solution.objects.filter(pk=solution.pk).exists()
    finally:
        context.close()


def test_back_after_register_and_register_again_warns_instead_of_registering_twice(advisor_page):
    page = advisor_page
    page.goto("/companies/new/")
    page.get_by_label("Legal name").fill("Tark Linn OÜ")
    page.get_by_label("Country").fill("EE")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Tark Linn OÜ")).to_be_visible()
    page.go_back()
    if page.get_by_label("Legal name").input_value() == "":  # a browser that does not refill the form
        page.get_by_label("Legal name").fill("Tark Linn OÜ")
        page.get_by_label("Country").fill("EE")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text("Already registered under this name in EE: Tark Linn OÜ")
    assert Company.objects.filter(legal_name="Tark Linn OÜ").count() == 1
    page.get_by_role("button", name="Register anyway: it is a different company").click()
    expect(page.get_by_text("Registered Tark Linn OÜ.")).to_be_visible()
    assert Company.objects.filter(legal_name="Tark Linn OÜ").count() == 2
