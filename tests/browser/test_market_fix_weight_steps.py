"""A weight like 0.12 or 0.333 can be typed and sent in a real browser (the boxes had step 0.05)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.market_data import load_markets

pytestmark = pytest.mark.browser


def test_a_weight_between_the_steps_is_accepted_and_ranked(advisor_page):
    load_markets()
    page = advisor_page
    page.goto("/markets/?theme=water")
    page.locator("details.weights summary").click()
    page.locator("input[name=w_demand]").fill("0.333")
    page.locator("input[name=w_size]").fill("0.12")
    assert page.locator("input[name=w_demand]").evaluate("box => box.validity.valid")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**w_demand=0.333**")
    assert "w_size=0.12" in page.url
    expect(page.locator("table.ranking tbody tr").first).to_be_visible()
    expect(page.get_by_text("weights were refused")).to_have_count(0)
