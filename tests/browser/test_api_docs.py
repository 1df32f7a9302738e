"""The interactive API docs render in a real browser with no network beyond sme2go, and "Try it out" works."""

from __future__ import annotations

from urllib.parse import urlparse


def test_the_api_docs_work_offline_with_the_login_session(advisor_page, live_server, ee_company):
    page = advisor_page
    local = urlparse(live_server.url).netloc
    outside: list[str] = []

    def only_local(route):  # type: ignore[no-untyped-def]
        if urlparse(route.request.url).netloc == local:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto("/api/docs")
    companies = page.locator(".opblock-summary-path", has_text="/api/companies").first
    companies.wait_for()

    partners = page.locator(".opblock-get", has=page.locator(".opblock-summary-path[data-path='/api/partners']"))
    partners.locator(".opblock-summary").click()
    partners.get_by_role("button", name="Try it out").click()
    partners.get_by_role("button", name="Execute").click()
    status = partners.locator(".live-responses-table tbody td.response-col_status").first
    status.wait_for()
    assert status.inner_text().strip().startswith("200")
    assert "Tehnopol" in partners.locator(".live-responses-table").inner_text()
    assert outside == []
