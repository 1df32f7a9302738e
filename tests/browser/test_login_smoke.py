"""Smoke test: a manager logs in through the form and lands on the company list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_it_shows_the_company_list_after_logging_in(ee_company, manager_page):
    expect(manager_page.get_by_role("heading", name="Companies")).to_be_visible()
    expect(manager_page.get_by_text("Aqua Sense OÜ")).to_be_visible()
