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
