"""Export readiness in the product: assess a company, see its band and next steps, keep its history."""

from __future__ import annotations

import pytest

from sme2go.accounts.models import AuditEvent
from sme2go.readiness.models import ReadinessAssessment
from sme2go.readiness.questionnaire import QUESTION_BY_KEY, QUESTIONS
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db

STRONG = {q.key: "4" for q in QUESTIONS}


def weak_on(*keys: str, rest: str = "3") -> dict[str, str]:
    return {q.key: ("1" if q.key in keys else rest) for q in QUESTIONS}


def test_an_advisor_assesses_a_company_and_sees_band_scores_and_next_steps(advisor, ee_company):
    client = client_for(advisor)
    before = client.get(f"/companies/{ee_company.pk}/")
    assert "Not assessed yet" in before.content.decode()
    response = client.post(f"/companies/{ee_company.pk}/readiness/new/", weak_on("plan", "reference"))
    assert response.status_code == 302 and response["Location"] == f"/companies/{ee_company.pk}/readiness/"
    page = client.get(response["Location"]).content.decode()
    assessment = ReadinessAssessment.objects.get(company=ee_company)
    # organisational: 3 everywhere but plan (1.5 x 1): (8 x 3 - 1.5 x 2) / 32 = 65.6; product: (8 x 3 - 2 x 2) / 32 = 62.5
    assert (assessment.organisational, assessment.product, assessment.overall) == (65.6, 62.5, 64.0)
    assert assessment.band == "Nearly ready" and assessment.assessed_by == advisor
    assert "64/100 · Nearly ready" in page
    assert QUESTION_BY_KEY["reference"].next_step in page and QUESTION_BY_KEY["plan"].next_step in page
    assert page.index(QUESTION_BY_KEY["reference"].next_step) < page.index(QUESTION_BY_KEY["plan"].next_step)
    assert "(the weaker side)" in page
    detail = client.get(f"/companies/{ee_company.pk}/").content.decode()
    assert "64/100 · Nearly ready" in detail
    event = AuditEvent.objects.get(action="readiness.assess")
    assert event.actor == advisor and "Aqua Sense OÜ: 64 (Nearly ready)" in event.summary


def test_a_missing_answer_is_named_nothing_is_stored_and_the_other_answers_stay(advisor, ee_company):
    answers = dict(STRONG)
    del answers["compliance"]
    answers["pricing"] = "2"
    response = client_for(advisor).post(f"/companies/{ee_company.pk}/readiness/new/", answers)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Certification and compliance: choose one answer" in html
    assert 'id="q-compliance" class="invalid" aria-invalid="true"' in html
    assert 'name="pricing" value="2" checked' in html
    assert not ReadinessAssessment.objects.exists()


def test_an_answer_out_of_range_is_refused(advisor, ee_company):
    response = client_for(advisor).post(f"/companies/{ee_company.pk}/readiness/new/", {**STRONG, "advantage": "9"})
    assert response.status_code == 400
    assert "Clear advantage: the answer must be between 0 and 4, got 9" in response.content.decode()
    assert not ReadinessAssessment.objects.exists()


def test_assessing_again_keeps_the_history_and_starts_from_the_last_answers(advisor, ee_company):
    client = client_for(advisor)
    client.post(f"/companies/{ee_company.pk}/readiness/new/", weak_on("plan"))
    form = client.get(f"/companies/{ee_company.pk}/readiness/new/").content.decode()
    assert 'name="plan" value="1" checked' in form and 'name="commitment" value="3" checked' in form
    client.post(f"/companies/{ee_company.pk}/readiness/new/", STRONG)
    assert ReadinessAssessment.objects.filter(company=ee_company).count() == 2
    page = client.get(f"/companies/{ee_company.pk}/readiness/").content.decode()
    assert "100/100 · Export-ready" in page and "History" in page
    assert page.count("<tr><td>") == 2


def test_an_advisor_of_another_partner_reads_but_may_not_assess(other_advisor, ee_company):
    client = client_for(other_advisor)
    page = client.get(f"/companies/{ee_company.pk}/readiness/")
    assert page.status_code == 200 and "Assess now" not in page.content.decode()
    assert client.get(f"/companies/{ee_company.pk}/readiness/new/").status_code == 403
    assert client.post(f"/companies/{ee_company.pk}/readiness/new/", STRONG).status_code == 403
    assert not ReadinessAssessment.objects.exists()


def test_a_company_assesses_itself_but_never_sees_another(company_user, ee_company, fi_company):
    client = client_for(company_user)
    assert client.post(f"/companies/{ee_company.pk}/readiness/new/", STRONG).status_code == 302
    assert ReadinessAssessment.objects.get().company == ee_company
    assert client.get(f"/companies/{fi_company.pk}/readiness/").status_code == 404
    assert client.post(f"/companies/{fi_company.pk}/readiness/new/", STRONG).status_code == 404
    assert ReadinessAssessment.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, ee_company):
    response = client.get(f"/companies/{ee_company.pk}/readiness/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
