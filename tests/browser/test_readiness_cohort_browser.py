"""The readiness cohort page in a real browser: from Support to a partner's cohort, a band, the
weakest question with its training, and on to a company's readiness page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sme2go.readiness.models import ReadinessAssessment
from sme2go.readiness.questionnaire import QUESTIONS, score
from sme2go.support.models import TrainingModule, TrainingSession

pytestmark = pytest.mark.django_db(transaction=True)


def assess(company, level: int, **weak: int) -> None:
    answers = {q.key: weak.get(q.key, level) for q in QUESTIONS}
    result = score(answers)
    ReadinessAssessment.objects.create(company=company, answers=answers, organisational=result.organisational,
                                       product=result.product, overall=result.overall, band=result.band)


def test_an_advisor_reads_their_cohort_and_opens_a_company(page_as, advisor, partners, ee_company, fi_company):
    assess(ee_company, 2, pricing=0)  # Developing, weakest on pricing
    assess(fi_company, 4)  # Turku's: not in Tehnopol's cohort
    pricing = TrainingModule.objects.create(title="Export pricing", hours=3)
    session = TrainingSession.objects.create(module=pricing, partner=partners["Tehnopol"], place="online",
                                             held_on=timezone.localdate() + datetime.timedelta(days=7))
    page = page_as(advisor)
    page.goto("/support/")
    page.get_by_role("link", name="Export readiness of the cohort").click()
    page.get_by_role("heading", name="Export readiness of the cohort").wait_for()
    page.get_by_label("Supported by").select_option(label="Tehnopol")
    page.get_by_label("Band").select_option(label="Developing")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="Export readiness of the cohort · Tehnopol").wait_for()
    assert "1 company assessed, 0 never assessed" in page.locator("#summary h2").inner_text()
    first = page.locator("#weakest tbody tr").first.inner_text()
    assert "Export pricing" in first and f"next session {session.held_on:%Y-%m-%d} (Tehnopol)" in first
    rows = page.locator("#companies tbody tr")
    assert rows.count() == 1 and "Developing" in rows.first.inner_text()
    rows.first.get_by_role("link", name="Aqua Sense OÜ").click()
    page.get_by_role("heading", name="Export readiness", exact=True).wait_for()
    assert page.url.endswith(f"/companies/{ee_company.pk}/readiness/")
    steps = page.locator("ol.next-steps li").all_inner_texts()
    assert any("Training: Export pricing" in step for step in steps)
