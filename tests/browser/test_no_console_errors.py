"""The first pages a visitor opens load without a console error or a failed request, and name an icon that loads."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ("/", "/partners/", "/consortia/", "/consortia/new/", "/markets/", "/opportunities/", "/taxonomy/")


def test_the_first_pages_load_cleanly(advisor_page):
    page = advisor_page
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("response", lambda response: problems.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    for address in PAGES:
        page.goto(address)
        page.wait_for_load_state("load")
    assert problems == []
    # Headless Chromium fetches no icon by itself: ask for the one the page names.
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon and page.request.get(icon).status == 200
