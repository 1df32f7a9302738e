"""Pages on a 390 px phone never scroll sideways as a whole; long words wrap (Chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sme2go.registry.models import Company, Contact
from tests.e2e.market_data import load_markets

pytestmark = pytest.mark.browser

LONG_WORD = "Leakdetection" * 12  # one unbroken word, as pasted text often is


@pytest.fixture
def registry(ee_company, partners):
    ee_company.description = f"Sensors. {LONG_WORD} and more."
    ee_company.website = "https://www.aqua-sense-leak-detection-for-utilities.example.com/en/products"
    ee_company.save()
    Contact.objects.create(company=ee_company, name="Kristjan Tamm-Kaasik", role="Chief technology officer",
                           email="kristjan.tamm-kaasik@aqua-sense-leak-detection.example.com", consent_to_contact=True)
    twin = Company.objects.create(legal_name="AQUA SENSE", country="EE", website="aqua-sense-leak-detection-for-utilities.example.com")
    twin.partners.add(partners["Turku"])
    load_markets()
    return ee_company


def page_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def test_no_page_scrolls_sideways_at_390_px(manager_page, registry):
    page = manager_page
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (f"/companies/{registry.pk}/", "/", "/duplicates/", "/opportunities/", "/markets/EST/", "/markets/",
                 "/partners/", "/merges/"):
        page.goto(path)
        assert page_width(page) <= 390, path

    page.goto(f"/companies/{registry.pk}/")
    for target in (page.get_by_role("link", name="kristjan.tamm-kaasik@aqua-sense-leak-detection.example.com"),
                   page.locator("#contacts").get_by_role("link", name="Edit"), page.get_by_role("link", name="Edit company")):
        target.scroll_into_view_if_needed()
        expect(target).to_be_in_viewport()
    page.goto("/duplicates/")
    merge = page.get_by_role("button", name="Merge →").first
    merge.scroll_into_view_if_needed()  # inside the table's own scrolling box
    expect(merge).to_be_in_viewport()
    assert page_width(page) <= 390


def test_a_long_word_in_a_description_stays_in_its_card_at_1280_px(manager_page, registry):
    page = manager_page
    page.goto(f"/companies/{registry.pk}/")
    profile = page.locator("section.card", has=page.get_by_role("heading", name="Profile")).bounding_box()
    contacts = page.locator("#contacts").bounding_box()
    description = page.locator("p.description").bounding_box()
    assert profile["x"] + profile["width"] <= contacts["x"]  # side by side, not overlapping
    assert description["x"] + description["width"] <= profile["x"] + profile["width"]
    assert page.evaluate("document.querySelector('p.description').scrollWidth <= document.querySelector('p.description').clientWidth")
    assert page_width(page) <= 1280
