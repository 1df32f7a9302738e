"""Next steps linked to training: the company's readiness page names, beside each next step, the
catalogue's modules that address it and their next session; and staff find the cohort page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sme2go.readiness.questionnaire import QUESTION_BY_KEY, QUESTIONS
from sme2go.support.models import TrainingModule, TrainingSession
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def next_step_of(html: str, key: str) -> str:
    """The list item of that question's next step."""
    return html.split(QUESTION_BY_KEY[key].next_step)[1].split("</li>")[0]


@pytest.fixture
def weak_on_pricing_compliance_and_commitment(advisor, ee_company):
    answers = {q.key: "3" for q in QUESTIONS} | {"pricing": "1", "compliance": "1", "commitment": "2"}
    assert client_for(advisor).post(f"/companies/{ee_company.pk}/readiness/new/", answers).status_code == 302


@pytest.fixture
def catalogue(partners):
    """Export pricing with a session last month and the next in December; Pitching to city buyers, never run.
    No "Data protection for smart-city solutions" module in this catalogue."""
    pricing = TrainingModule.objects.create(title="Export pricing", hours=3)
    TrainingModule.objects.create(title="Pitching to city buyers", hours=4)
    TrainingSession.objects.create(module=pricing, partner=partners["Tehnopol"], place="Tallinn",
                                   held_on=TODAY - datetime.timedelta(days=30))
    return TrainingSession.objects.create(module=pricing, partner=partners["Tehnopol"], place="online",
                                          held_on=TODAY + datetime.timedelta(days=5))


def test_a_next_step_names_the_module_and_its_next_session(advisor, ee_company, catalogue,
                                                           weak_on_pricing_compliance_and_commitment):
    html = client_for(advisor).get(f"/companies/{ee_company.pk}/readiness/").content.decode()
    pricing = next_step_of(html, "pricing")
    assert (f'Training: Export pricing — next session <a href="/support/sessions/{catalogue.pk}/">'
            f'{catalogue.held_on:%Y-%m-%d}</a> (Tehnopol)') in pricing
    # Compliance's module is not in the catalogue and commitment has none: their steps stand alone.
    assert "Training:" not in next_step_of(html, "compliance") and "Training:" not in next_step_of(html, "commitment")
    assert html.count("Training:") == 1


def test_a_module_without_an_upcoming_session_is_named_alone(advisor, ee_company, catalogue):
    catalogue.delete()  # only last month's session is left
    answers = {q.key: "3" for q in QUESTIONS} | {"pricing": "0", "advantage": "1"}
    client = client_for(advisor)
    client.post(f"/companies/{ee_company.pk}/readiness/new/", answers)
    html = client.get(f"/companies/{ee_company.pk}/readiness/").content.decode()
    assert "Training: Export pricing</span>" in next_step_of(html, "pricing")
    assert "Training: Pitching to city buyers</span>" in next_step_of(html, "advantage")


def test_the_company_reads_its_training_without_a_link_to_the_session(company_user, ee_company, catalogue,
                                                                      weak_on_pricing_compliance_and_commitment):
    html = client_for(company_user).get(f"/companies/{ee_company.pk}/readiness/").content.decode()
    assert f"Training: Export pricing — next session {catalogue.held_on:%Y-%m-%d} (Tehnopol)" in next_step_of(html, "pricing")
    assert "/support/sessions/" not in html and "Compare with the cohort" not in html


def test_staff_find_the_cohort_page_from_support_the_company_and_its_readiness(advisor, ee_company,
                                                                               weak_on_pricing_compliance_and_commitment):
    client = client_for(advisor)
    cohort_link = 'href="/readiness/?partner=Tehnopol">Compare with the cohort</a>'
    assert cohort_link in client.get(f"/companies/{ee_company.pk}/").content.decode()
    assert cohort_link in client.get(f"/companies/{ee_company.pk}/readiness/").content.decode()
    assert 'href="/readiness/">Export readiness of the cohort</a>' in client.get("/support/").content.decode()
    assert ('href="/readiness/?partner=Turku">Export readiness of the cohort</a>'
            in client.get("/support/?partner=Turku").content.decode())


def test_the_company_page_offers_no_cohort_to_a_company_user(company_user, ee_company,
                                                             weak_on_pricing_compliance_and_commitment):
    html = client_for(company_user).get(f"/companies/{ee_company.pk}/").content.decode()
    assert "Next steps and history" in html and "Compare with the cohort" not in html
