"""The readiness questionnaire in a real browser: from the company page to a band and next steps."""

from __future__ import annotations

import pytest

from sme2go.readiness.models import ReadinessAssessment
from sme2go.readiness.questionnaire import QUESTIONS

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_advisor_fills_in_the_questionnaire_and_reads_the_result(advisor_page, ee_company):
    page = advisor_page
    page.goto(f"/companies/{ee_company.pk}/")
    page.get_by_role("link", name="Assess now").click()
    page.get_by_role("heading", name="Assess export readiness").wait_for()
    # The browser itself refuses a form with unanswered questions (every radio group is required).
    page.get_by_role("button", name="Save the assessment").click()
    assert page.url.endswith(f"/companies/{ee_company.pk}/readiness/new/")
    assert not ReadinessAssessment.objects.exists()
    for question in QUESTIONS:
        group = page.locator(f"#q-{question.key}")
        group.get_by_label("1 A little" if question.key == "reference" else "3 Mostly").check()
    page.get_by_role("button", name="Save the assessment").click()
    page.get_by_role("heading", name="Export readiness", exact=True).wait_for()
    assert "Nearly ready" in page.locator("#latest h2").inner_text()
    steps = page.locator("ol.next-steps li").all_inner_texts()
    assert steps and steps[0].startswith("Document one home deployment")
    assert ReadinessAssessment.objects.get().company == ee_company
