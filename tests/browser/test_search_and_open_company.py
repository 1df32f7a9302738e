"""Searching, filtering and opening a company in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sme2go.registry.models import Solution, SolutionCapability

pytestmark = pytest.mark.browser


@pytest.fixture
def registry(ee_company, fi_company):
    solution = Solution.objects.create(company=fi_company, name="Volttiväylä Charge", trl=8)
    SolutionCapability.objects.create(solution=solution, capability_id="transportation.e-mobility-charging", level=0.9)
    return ee_company, fi_company


def test_it_searches_filters_and_opens_a_company(registry, advisor_page):
    page = advisor_page
    companies = page.locator("table.companies tbody tr")
    expect(companies).to_have_count(2)

    page.get_by_label("Search").fill("aqua")
    page.get_by_role("button", name="Search").click()
    expect(companies).to_have_count(1)
    expect(companies.first).to_contain_text("Aqua Sense OÜ")
    expect(page.get_by_label("Search")).to_have_value("aqua")

    page.get_by_role("link", name="Clear").click()
    page.get_by_label("Capability").select_option("transportation")
    page.get_by_role("button", name="Search").click()
    expect(companies).to_have_count(1)
    expect(companies.first).to_contain_text("Volttiväylä Oy")
    expect(companies.first).to_contain_text("Transportation")
    expect(page.get_by_label("Capability")).to_have_value("transportation")

    page.get_by_role("link", name="Volttiväylä Oy").click()
    expect(page.get_by_role("heading", name="Volttiväylä Oy")).to_be_visible()
    expect(page.get_by_text("E-mobility charging", exact=False)).to_be_visible()
    # Another partner's company: readable, not editable by this advisor.
    expect(page.get_by_role("link", name="Edit company")).to_have_count(0)
