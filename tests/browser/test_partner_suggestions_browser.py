"""An advisor types a team by name and reads who could complete it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_partner_suggestions_page import registry  # noqa: F401  (the fixture: a small CORDIS history)

pytestmark = pytest.mark.browser


def test_an_advisor_types_the_team_by_name(advisor_page, registry):  # noqa: F811
    page = advisor_page
    page.goto("/consortia/suggest/")
    page.get_by_label("Team: one company per line, name or registry id").fill("aqua sense oü\nVolttiväylä")
    page.get_by_role("button", name="Suggest").click()
    rows = page.locator("table.suggestions tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Gata AB")
    expect(rows.first).to_contain_text("worked with 2 of the members")
    # The field keeps the team, now written "name (id)", so the next search starts from it.
    team = page.get_by_label("Team: one company per line, name or registry id")
    expect(team).to_have_value(f"Aqua Sense OÜ ({registry['aqua'].pk})\nVolttiväylä Oy ({registry['volt'].pk})")

    team.fill("AB")
    page.get_by_role("button", name="Suggest").click()
    expect(page.get_by_role("alert")).to_contain_text("'AB' matches Gata AB")
    expect(page.locator("table.suggestions")).to_have_count(0)


def test_an_advisor_grows_a_team_suggestion_by_suggestion(advisor_page, registry):  # noqa: F811
    page = advisor_page
    page.goto("/consortia/suggest/")
    team = page.get_by_label("Team: one company per line, name or registry id")
    team.fill("aqua sense ou")
    page.get_by_label("Countries (two-letter codes)").fill("SE, FI")
    page.get_by_role("button", name="Suggest").click()
    page.get_by_role("link", name="Add Gata AB to the team").click()
    expect(team).to_have_value(f"Aqua Sense OÜ ({registry['aqua'].pk})\nGata AB ({registry['gata'].pk})")
    expect(page.get_by_label("Countries (two-letter codes)")).to_have_value("SE, FI")
    expect(page.get_by_role("link", name="Add Gata AB to the team")).to_have_count(0)  # in the team now
    page.get_by_role("link", name="Add Volttiväylä Oy to the team").click()
    expect(team).to_contain_text("Volttiväylä Oy")
    expect(page.get_by_role("link", name="Add Meri AB to the team")).to_be_visible()


def fits_the_screen(page, width=390):
    """The page does not scroll sideways: the suggestions table scrolls inside its own box."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def within_screen(element, width=390):
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_on_a_phone_the_suggestions_scroll_in_their_box_and_the_reasons_stay_readable(manager_page, registry):  # noqa: F811
    from tests.e2e.test_partner_suggestions_page import consortium

    saved = consortium([registry["aqua"], registry["volt"]])
    page = manager_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/consortia/{saved.pk}/suggest/")
    expect(page.locator("table.suggestions tbody tr")).to_have_count(3)
    fits_the_screen(page)
    # "Why" keeps a readable width: a reason is not broken into one word per line.
    why = page.locator("table.suggestions tbody tr").first.locator("td ul")
    assert why.bounding_box()["width"] >= 200
    within_screen(page.get_by_role("button", name=f"Add Gata AB to {saved.name}"))
    fits_the_screen(page)

    page.goto(f"/consortia/suggest/?company={registry['aqua'].pk},{registry['volt'].pk}")
    fits_the_screen(page)
    within_screen(page.get_by_role("link", name="Add Meri AB to the team"))
    within_screen(page.get_by_label("Team: one company per line, name or registry id"))


def test_a_grown_team_is_proposed_as_consortia_with_its_companies_locked(advisor_page, registry):  # noqa: F811
    page = advisor_page
    page.goto(f"/consortia/suggest/?company={registry['aqua'].pk}")
    page.get_by_role("link", name="Add Gata AB to the team").click()
    page.get_by_role("link", name="Propose consortia with this team").click()
    expect(page.get_by_text("Locked: Aqua Sense OÜ")).to_be_visible()
    expect(page.get_by_text("Locked: Gata AB")).to_be_visible()
