"""An advisor filters the market ranking by theme and opens a country from it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.market_data import load_markets

pytestmark = pytest.mark.browser


def test_it_filters_the_ranking_by_theme_and_opens_a_country(advisor_page):
    load_markets()
    page = advisor_page
    page.goto("/markets/")
    expect(page.get_by_role("heading", name="market attractiveness, all themes")).to_be_visible()
    page.locator("#market-filters select[name=theme]").select_option("water")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="market attractiveness, Water")).to_be_visible()
    assert "theme=water" in page.url
    rows = page.locator("table.ranking tbody tr")
    assert rows.count() >= 20
    expect(page.locator("svg.chart.bubbles")).to_be_visible()
    page.locator('table.ranking tr[data-iso3="KEN"]').get_by_role("link", name="Kenya").click()
    expect(page.get_by_role("heading", name="Kenya KEN")).to_be_visible()
    expect(page.get_by_role("heading", name="Market attractiveness, Water")).to_be_visible()
    expect(page.get_by_role("cell", name="Nairobi")).to_be_visible()
    assert page.locator("svg.chart.line").count() >= 8
