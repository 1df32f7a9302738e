"""What a user of the consortium pages notices in a real browser: Enter, Back, narrow screens."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from tests.integration.consortia_registry import LEAK, METER, small_registry

pytestmark = pytest.mark.browser

NEED = [("go", "1"), ("cap", LEAK), ("weight_" + LEAK, "3"), ("cap", METER), ("weight_" + METER, "2"),
        ("min_size", "2"), ("max_size", "3"), ("cover_all", "on"), ("top", "2")]


def open_need(page, extra=()):
    page.goto("/consortia/new/?" + urlencode(NEED + list(extra)))
    expect(page.get_by_role("article", name="Proposal 1")).to_be_visible()


def test_enter_in_a_text_field_proposes_and_keeps_the_locked_company(advisor_page):
    companies = small_registry()
    page = advisor_page
    open_need(page, [("lock", str(companies["both"].pk))])
    expect(page.get_by_text("Locked: Both AB")).to_be_visible()
    page.get_by_label("Target city").fill("Tallinn")
    page.get_by_label("Target city").press("Enter")
    page.wait_for_url("**target_city=Tallinn**")
    query = parse_qs(urlsplit(page.url).query)
    assert "unlock" not in query
    expect(page.get_by_text("Locked: Both AB")).to_be_visible()
    expect(page.get_by_role("article", name="Proposal 1")).to_contain_text("Both AB")
    # The same from a number field of a capability.
    page.get_by_label("weight of Leak detection").fill("4")
    page.get_by_label("weight of Leak detection").press("Enter")
    page.wait_for_url(f"**weight_{LEAK}=4**")
    assert "unlock" not in parse_qs(urlsplit(page.url).query)
    expect(page.get_by_text("Locked: Both AB")).to_be_visible()
