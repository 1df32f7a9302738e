"""Support, a lead to a first sale, and the programme report, through the pages in a real browser."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sme2go.missions.models import Lead
from sme2go.support.models import SupportAction

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_advisor_logs_support_and_a_first_sale_and_the_manager_sees_them_in_the_report(
    page_as, advisor, manager, ee_company
):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    page = page_as(advisor)
    page.goto(f"/companies/{ee_company.pk}/")
    page.get_by_role("link", name="Log support").click()
    page.get_by_label("Kind of support").select_option(label="Coaching")
    page.get_by_label("Given on").fill(yesterday)
    page.get_by_label("Hours").fill("2")
    page.get_by_role("button", name="Log support").click()
    page.get_by_text("Logged coaching for Aqua Sense OÜ.").wait_for()
    assert SupportAction.objects.get().kind == "coaching"

    page.get_by_role("link", name="Add a lead").click()
    page.get_by_label("Buyer").fill("Nairobi Water")
    page.get_by_label("Country").fill("KE")
    page.get_by_label("Value (EUR)").fill("40000")
    page.get_by_role("button", name="Add the lead").click()
    page.get_by_role("heading", name="Aqua Sense OÜ → Nairobi Water").wait_for()
    page.get_by_label("Stage").select_option(label="Won (sale)")
    page.get_by_label("Sale made on (when won)").fill(yesterday)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("first export sale").wait_for()
    assert Lead.objects.get().stage == "won"

    report = page_as(manager)
    report.goto("/report/")
    headline = report.locator("#headline")
    row = headline.get_by_role("row", name="Unique companies supported")
    assert "1" in row.inner_text()
    assert "40,000" in headline.get_by_role("row", name="Export sales won (EUR)").inner_text()
    with report.expect_download() as download:
        report.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("sme2go-kpis-")
