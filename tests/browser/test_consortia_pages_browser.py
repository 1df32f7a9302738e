"""What a user of the consortium pages notices in a real browser: Enter, Back, narrow screens."""

from __future__ import annotations

import re
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


def test_saving_again_after_back_opens_the_saved_consortium_instead_of_a_duplicate(advisor_page):
    from sme2go.consortia.models import Consortium

    small_registry()
    page = advisor_page
    open_need(page)
    first = page.get_by_role("article", name="Proposal 1")
    first.get_by_label("Name").fill("Leak team")
    first.get_by_role("button", name="Save as consortium").click()
    expect(page.get_by_role("heading", name="Leak team")).to_be_visible()
    saved_at = page.url

    page.go_back()
    first = page.get_by_role("article", name="Proposal 1")
    first.get_by_role("button", name="Save as consortium").click()
    expect(page.get_by_role("heading", name="Leak team")).to_be_visible()
    assert page.url == saved_at
    expect(page.get_by_text("This proposal was already saved as “Leak team”.")).to_be_visible()
    assert Consortium.objects.count() == 1

    # Another proposal of the same page is another consortium.
    page.go_back()
    page.get_by_role("article", name="Proposal 2").get_by_role("button", name="Save as consortium").click()
    expect(page.get_by_text("Saved consortium")).to_be_visible()
    assert Consortium.objects.count() == 2


def fits_the_screen(page, width=390):
    """The page does not scroll sideways: wide tables scroll inside their own box."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def within_screen(page, button, width=390):
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_on_a_phone_the_tables_scroll_and_every_button_can_be_reached(advisor_page):
    companies = small_registry()
    page = advisor_page
    page.set_viewport_size({"width": 390, "height": 844})
    open_need(page)
    fits_the_screen(page)
    first = page.get_by_role("article", name="Proposal 1")
    for name in ("Aqua Leak OÜ", "Meter Oy"):
        within_screen(page, first.get_by_role("button", name=f"Lock {name}"))
        within_screen(page, first.get_by_role("button", name=f"Exclude {name}"))
    within_screen(page, first.get_by_role("button", name="Save as consortium"))
    first.get_by_role("button", name="Exclude Meter Oy").click()
    expect(page.get_by_text("Excluded: Meter Oy")).to_be_visible()

    page.goto("/consortia/new/?" + urlencode(NEED))
    page.get_by_role("article", name="Proposal 1").get_by_role("button", name="Save as consortium").click()
    expect(page.get_by_role("heading", name="Members")).to_be_visible()
    page.get_by_label("Add company").fill(companies["both"].legal_name)
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_text("Added Both AB.")).to_be_visible()
    fits_the_screen(page)
    within_screen(page, page.get_by_role("button", name="Remove Both AB"))


def test_mark_lost_asks_before_closing_the_consortium(advisor_page):
    small_registry()
    page = advisor_page
    open_need(page)
    page.get_by_role("article", name="Proposal 1").get_by_role("button", name="Save as consortium").click()
    page.get_by_role("button", name="Mark lost").click()
    expect(page.get_by_text("Mark this consortium lost?")).to_be_visible()
    expect(page.locator("#status")).to_have_text("Proposed")
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("#status")).to_have_text("Proposed")
    page.get_by_role("button", name="Mark lost").click()
    page.get_by_role("button", name="Yes, mark lost").click()
    expect(page.locator("#status")).to_have_text("Lost")
    expect(page.get_by_role("cell", name="Status changed: Proposed → Lost")).to_be_visible()


def test_changing_an_agreed_team_asks_first_and_cancel_changes_nothing(advisor_page):
    companies = small_registry()
    page = advisor_page
    open_need(page)
    page.get_by_role("article", name="Proposal 1").get_by_role("button", name="Save as consortium").click()
    page.get_by_role("button", name="Mark agreed").click()
    expect(page.locator("#status")).to_have_text("Agreed")

    page.get_by_label("Add company").fill("both ab")
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_text("Add Both AB to")).to_be_visible()
    expect(page.get_by_text("The consortium is Agreed: its members have agreed on the team as it is")).to_be_visible()
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("button", name="Remove Both AB")).to_have_count(0)

    remove = page.locator("table.members").get_by_role("button", name=re.compile("^Remove ")).first
    name = (remove.get_attribute("aria-label") or "").removeprefix("Remove ")
    assert name in {c.legal_name for c in companies.values()}
    remove.click()
    expect(page.locator("table.members").get_by_role("button", name=f"Remove {name}")).to_be_visible()  # not yet
    page.get_by_role("button", name=f"Yes, remove {name}").click()
    expect(page.get_by_text(f"Removed {name}.")).to_be_visible()
    expect(page.get_by_role("cell", name=f"Member removed — {name}")).to_be_visible()


def test_the_address_of_a_proposal_carries_weights_of_checked_capabilities_only(advisor_page):
    companies = small_registry()
    page = advisor_page
    page.goto("/consortia/new/")
    page.locator("summary").get_by_text("Water", exact=True).click()
    page.get_by_role("checkbox", name="Leak detection").check()
    page.get_by_label("weight of Leak detection").fill("3")
    page.get_by_role("checkbox", name="Smart water metering").check()
    page.get_by_label("Min size").fill("2")
    page.get_by_role("button", name="Propose consortia").click()
    expect(page.get_by_role("article", name="Proposal 1")).to_be_visible()
    query = parse_qs(urlsplit(page.url).query)
    assert sorted(k for k in query if k.startswith("weight_")) == [f"weight_{LEAK}", f"weight_{METER}"]
    assert query[f"weight_{LEAK}"] == ["3"]
    assert len(page.url) < 400, page.url
    # Lock / Exclude buttons submit the same form: their addresses are short too.
    page.get_by_role("article", name="Proposal 1").get_by_role("button", name="Exclude Meter Oy").click()
    expect(page.get_by_text("Excluded: Meter Oy")).to_be_visible()
    query = parse_qs(urlsplit(page.url).query)
    assert query["do_exclude"] == [str(companies["meter"].pk)]
    assert sorted(k for k in query if k.startswith("weight_")) == [f"weight_{LEAK}", f"weight_{METER}"]
