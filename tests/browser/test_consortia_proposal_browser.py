"""An advisor proposes consortia for a hand-written need, excludes a member, saves a team and agrees it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.integration.consortia_registry import small_registry

pytestmark = pytest.mark.browser


def test_it_proposes_excludes_saves_and_agrees(advisor_page):
    small_registry()
    page = advisor_page
    page.goto("/consortia/new/")
    page.locator("summary").get_by_text("Water", exact=True).click()
    page.get_by_role("checkbox", name="Leak detection").check()
    page.get_by_role("checkbox", name="Smart water metering").check()
    page.get_by_label("Min size").fill("2")
    page.get_by_label("Max size").fill("3")
    page.get_by_role("button", name="Propose consortia").click()
    first = page.get_by_role("article", name="Proposal 1")
    expect(first).to_contain_text("Aqua Leak OÜ")
    expect(first).to_contain_text("Meter Oy")
    expect(page.get_by_role("heading", name="Near misses: strong companies outside proposal 1, and why")).to_be_visible()

    first.get_by_role("button", name="Exclude Meter Oy").click()
    expect(page.get_by_text("Excluded: Meter Oy")).to_be_visible()
    first = page.get_by_role("article", name="Proposal 1")
    expect(first).not_to_contain_text("Meter Oy")

    first.get_by_label("Name").fill("Leak team without Meter")
    first.get_by_role("button", name="Save as consortium").click()
    expect(page.get_by_role("heading", name="Leak team without Meter")).to_be_visible()
    page.get_by_role("button", name="Mark agreed").click()
    expect(page.locator("#status")).to_have_text("Agreed")
    expect(page.get_by_role("cell", name="Status changed: Proposed → Agreed")).to_be_visible()


def test_the_browser_accepts_every_real_value_the_server_accepts(advisor_page):
    """Number inputs used steps of 0.5, 0.05 and 0.1: Chromium refused 0.3, 0.33 and 0.25 with
    "Please enter a valid value" and never sent the form."""
    small_registry()
    page = advisor_page
    page.goto("/consortia/new/")
    page.locator("summary").get_by_text("Water", exact=True).click()
    page.get_by_role("checkbox", name="Leak detection").check()
    page.get_by_role("checkbox", name="Smart water metering").check()
    real = {"weight of Leak detection": "0.3", "weight of Smart water metering": "1.7", "Min readiness": "0.42",
            "Min fit": "0.33", "Tie weight": "0.25", "Readiness weight": "0.33", "Size weight": "0.25"}
    for label, value in real.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Min size").fill("2")
    page.get_by_label("Max size").fill("3")
    for label in real:
        assert page.get_by_label(label, exact=True).evaluate("e => e.validity.valid"), label
    # Counts stay whole numbers.
    page.get_by_label("Min size").fill("2.5")
    assert page.get_by_label("Min size").evaluate("e => e.validity.stepMismatch")
    page.get_by_label("Min size").fill("2")
    page.get_by_role("button", name="Propose consortia").click()
    expect(page.get_by_role("article", name="Proposal 1")).to_contain_text("Aqua Leak OÜ")
    assert "min_fit=0.33" in page.url and "w_size=0.25" in page.url
    expect(page.get_by_label("Min fit")).to_have_value("0.33")
