"""Logging in through the real form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_it_shows_an_error_for_a_wrong_password_then_lets_the_right_one_in(new_page, manager, transactional_db):
    page = new_page()
    page.goto("/")  # not logged in: sent to the login form
    expect(page.get_by_role("heading", name="Log in to sme2go")).to_be_visible()
    log_in(page, "manager", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("did not match")
    log_in(page, "manager")
    expect(page.get_by_role("heading", name="Companies")).to_be_visible()
    expect(page.get_by_text("manager · Programme manager")).to_be_visible()


def test_a_wrong_password_keeps_the_user_name_and_asks_for_the_password_again(new_page, manager, transactional_db):
    page = new_page()
    log_in(page, "manager", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("did not match")
    expect(page.get_by_label("User name")).to_have_value("manager")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_label("Password")).to_be_focused()
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Companies")).to_be_visible()
