"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test in this folder is marked `browser`. When /usr/bin/chromium is missing the
tests are skipped with a reason, unless SME2GO_REQUIRE_BROWSER=1 (set by CI), in
which case they fail: CI must never pass without having driven a real browser.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD, make_user

# Playwright's sync API runs an asyncio loop in the test thread; Django would otherwise
# refuse ORM calls made from that thread (fixtures creating users, assertions on the DB).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("SME2GO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test collected from this folder as a browser test."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def _browser_missing_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    reason = _browser_missing_reason()
    if reason is not None:
        if os.environ.get("SME2GO_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required (SME2GO_REQUIRE_BROWSER=1) but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[[], Any]]:
    """A factory of fresh pages (each in its own context, so cookies don't leak)."""
    contexts: list[Any] = []

    def make() -> Any:
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def log_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login form."""
    page.goto("/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("domcontentloaded")


@pytest.fixture
def page_as(new_page: Callable[[], Any], transactional_db: None) -> Callable[[Any], Any]:
    """`page_as(user)`: a page logged in as that user through the login form."""

    def make(user: Any) -> Any:
        page = new_page()
        log_in(page, user.get_username())
        return page

    return make


@pytest.fixture
def manager_page(page_as: Callable[[Any], Any], manager: Any) -> Any:
    return page_as(manager)


@pytest.fixture
def advisor_page(page_as: Callable[[Any], Any], advisor: Any) -> Any:
    return page_as(advisor)


@pytest.fixture
def company_page(page_as: Callable[[Any], Any], company_user: Any) -> Any:
    return page_as(company_user)


__all__ = ["PASSWORD", "log_in", "make_user"]
