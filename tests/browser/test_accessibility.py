"""axe-core finds no serious or critical accessibility problem on the pages each role reaches on the demo's
data, at 1280 px and on a 390 px phone, with forms showing their errors; and each kind of fix made for it
holds: labels on the solution form's capability rows, links in the market charts that screen readers reach,
tables that scroll sideways taking keyboard focus, no table header without a name.

axe runs the WCAG 2.0/2.1 A and AA rules and its best practices (headings, landmarks, empty headers).
"Moderate" and "minor" findings are not gated; see docs/web.md for the one known to remain.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import sme2go
from tests.e2e.market_data import load_markets
from tests.integration.test_every_page_answers import ID_OR_CODE, ROLES, crawl

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
GATED = {"serious", "critical"}
NOT_A_PAGE = ("format=", ".csv", ".json", ".pdf", ".xlsx")  # downloads, not pages
NARROW = {"/", "/companies/N/", "/markets/", "/markets/N/", "/consortia/N/", "/missions/N/", "/readiness/",
          "/report/", "/support/", "/leads/", "/duplicates/", "/partners/"}  # tables and charts, on a phone
AXE = Axe()


def shape(path: str) -> str:
    return ID_OR_CODE.sub("N", urlsplit(path).path)


def problems(page: Any, where: str) -> list[str]:
    """One line per element that breaks a gated rule: page, rule, impact and the element."""
    found = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    return [
        f"{where}: {rule['id']} ({rule['impact']}) {node['target']} {node['html'][:160]}"
        for rule in found.response["violations"] if rule["impact"] in GATED
        for node in rule["nodes"]
    ]


def page_of(browser: Any, live_server: Any, client: Client, *, width: int = 1280) -> Any:
    """A page signed in with `client`'s session (the login form itself is checked once, anonymously)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def show_errors(page: Any, form: Any) -> None:
    """Empty every text field of `form` and send it past the browser's own checks, for the server's messages."""
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    for field in form.locator("input[type=text]:visible, input[type=email]:visible, textarea:visible").all():
        field.fill("")
    form.locator("button[type=submit]").first.click()
    page.wait_for_load_state("domcontentloaded")


# Boxes in the page that scroll sideways but that the keyboard cannot reach (no tabindex, nothing focusable inside).
SCROLLS_UNFOCUSABLE = """() => [...document.querySelectorAll('main *')].filter(e => {
  const style = getComputedStyle(e);
  return ['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1
    && e.tabIndex < 0 && !e.querySelector('a[href], button, input, select, textarea, [tabindex]');
}).map(e => e.outerHTML.slice(0, 80))"""


def test_axe_finds_no_serious_problem_on_any_kind_of_page_for_any_role(browser, live_server, demo):
    found: list[str] = []
    anonymous = browser.new_context(base_url=live_server.url).new_page()
    anonymous.goto("/accounts/login/")
    anonymous.get_by_label("User name").fill("nobody")
    anonymous.get_by_label("Password").fill("wrong")
    anonymous.get_by_role("button", name="Log in").click()
    found += problems(anonymous, "login with an error")
    anonymous.context.close()  # an open connection left to the end of the session upsets the live server

    checked: set[str] = set()
    for role in ROLES:
        client = Client()
        client.force_login(get_user_model().objects.get(username=role))
        _, visited = crawl(client)
        wide, narrow = page_of(browser, live_server, client), page_of(browser, live_server, client, width=390)
        # One page per URL shape over all roles, and each role's home page (its menu differs).
        for path in visited:
            if any(mark in path for mark in NOT_A_PAGE) or (shape(path) in checked and path != "/"):
                continue
            checked.add(shape(path))
            wide.goto(path)
            found += problems(wide, f"{role} {path}")
            if shape(path) in NARROW:
                narrow.goto(path)
                found += problems(narrow, f"{role} {path} at 390 px")
                found += [f"{role} {path} at 390 px: scrolls sideways, takes no keyboard focus: {box}"
                          for box in narrow.evaluate(SCROLLS_UNFOCUSABLE)]
                if narrow.evaluate("document.documentElement.scrollWidth") > 390:  # e.g. hidden text out of its box
                    found.append(f"{role} {path} at 390 px: the page itself scrolls sideways")
        if role != "company":
            for path in ("/companies/new/", "/missions/new/", "/support/sessions/new/"):
                wide.goto(path)
                show_errors(wide, wide.locator("main form[method=post]").first)
                assert wide.get_by_role("alert").count() > 0, f"{path}: no errors shown"
                found += problems(wide, f"{role} {path} with errors")
        if role == "manager":
            narrow.goto("/report/")  # a wide table on a phone scrolls with the keyboard alone
            box = narrow.locator(".table-scroll").first
            box.focus()
            box.press("ArrowRight")
            try:  # the browser may scroll smoothly: give it a moment before saying it did not
                narrow.wait_for_function("e => e.scrollLeft > 0", arg=box.element_handle(), timeout=3000)
            except PlaywrightTimeout:
                found.append("manager /report/ at 390 px: ArrowRight in a focused table box does not scroll it")
        wide.context.close()
        narrow.context.close()
    assert len(checked) > 40, sorted(checked)  # the crawl really went through the product
    assert not found, "\n".join(found)


@pytest.fixture
def solution_form(page_as, company_user, ee_company) -> Any:
    page = page_as(company_user)
    page.goto(f"/companies/{ee_company.pk}/solutions/new/")
    return page


def test_every_capability_row_of_the_solution_form_has_labels(solution_form):
    page = solution_form
    for row in (1, 2, 3):
        assert page.get_by_label(f"Capability {row}", exact=True).evaluate("e => e.tagName") == "SELECT"
        assert page.get_by_label(f"Level of capability {row}").get_attribute("type") == "number"
    page.get_by_label("Capability 1", exact=True).select_option(index=1)
    page.get_by_label("Level of capability 1").fill("7")
    page.get_by_role("button", name="Save solution").click()  # with errors shown, the labels are still there
    assert page.get_by_label("Level of capability 1").input_value() == "7"


def test_the_countries_in_the_market_charts_are_links_a_screen_reader_reaches(manager_page):
    load_markets()
    page = manager_page
    page.goto("/markets/")
    for chart in ("map of", "index score against"):  # the world map and the bubble chart
        links = page.get_by_role("group", name=chart).get_by_role("link")  # not hidden inside an image
        assert links.count() > 5, chart
        assert links.first.get_attribute("aria-label"), chart  # each named by its country


EMPTY_HEADER = re.compile(r"<th(\s[^>]*)?>\s*</th>")


def test_no_template_has_a_table_header_without_a_name():
    """A column of buttons is headed "Actions" for screen readers (visually hidden); an empty footer cell is a td."""
    templates = list(Path(sme2go.__file__).parent.glob("**/templates/**/*.html"))
    assert len(templates) > 50
    empty = [f"{t.name}: {m.group(0)}" for t in templates for m in EMPTY_HEADER.finditer(t.read_text())]
    assert empty == []
