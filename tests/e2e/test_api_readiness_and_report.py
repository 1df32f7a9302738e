"""The REST API of export readiness and of the programme's KPIs."""

from __future__ import annotations

import pytest

from sme2go.readiness.models import ReadinessAssessment
from sme2go.readiness.questionnaire import QUESTIONS
from tests.e2e.api_client import call, token_for

pytestmark = pytest.mark.django_db

ALL_THREE = {q.key: 3 for q in QUESTIONS}


def test_a_script_reads_the_questionnaire_and_assesses_a_company(advisor, ee_company):
    token = token_for(advisor)
    questions = call("get", "/api/readiness/questionnaire", token=token)
    assert [q["key"] for q in questions.data] == [q.key for q in QUESTIONS]
    created = call("post", f"/api/companies/{ee_company.pk}/readiness", token=token,
                   body={"answers": {**ALL_THREE, "reference": 1}})
    assert created.status_code == 201
    assert (created.data["overall"], created.data["band"]) == (68.8, "Nearly ready")
    assert created.data["next_steps"][0].startswith("Document one home deployment")
    listed = call("get", f"/api/companies/{ee_company.pk}/readiness", token=token)
    assert [a["id"] for a in listed.data] == [created.data["id"]]


def test_a_bad_answer_is_a_422_naming_the_question_and_nothing_is_stored(advisor, ee_company):
    token = token_for(advisor)
    missing = dict(ALL_THREE)
    del missing["pricing"]
    response = call("post", f"/api/companies/{ee_company.pk}/readiness", token=token, body={"answers": missing})
    assert response.status_code == 422
    assert response.data == {"detail": "Export pricing: choose one answer", "field": "answers.pricing"}
    wrong_type = call("post", f"/api/companies/{ee_company.pk}/readiness", token=token,
                      body={"answers": {**ALL_THREE, "plan": "3"}})
    assert wrong_type.status_code == 422 and "answers.plan" in str(wrong_type.data)
    too_big = call("post", f"/api/companies/{ee_company.pk}/readiness", token=token,
                   body={"answers": {**ALL_THREE, "plan": 7}})
    assert too_big.status_code == 422 and too_big.data["field"] == "answers.plan"
    assert not ReadinessAssessment.objects.exists()


def test_readiness_follows_the_company_scopes(other_advisor, company_user, ee_company, fi_company):
    assert call("post", f"/api/companies/{ee_company.pk}/readiness", token=token_for(other_advisor),
                body={"answers": ALL_THREE}).status_code == 403
    own = token_for(company_user)
    assert call("post", f"/api/companies/{ee_company.pk}/readiness", token=own,
                body={"answers": ALL_THREE}).status_code == 201
    assert call("get", f"/api/companies/{fi_company.pk}/readiness", token=own).status_code == 404
    assert call("get", f"/api/companies/{ee_company.pk}/readiness").status_code == 401


def test_the_report_api_gives_every_kpi_to_staff_only(manager, company_user, ee_company):
    ReadinessAssessment.objects.create(company=ee_company, answers=ALL_THREE, organisational=75, product=75,
                                       overall=75, band="Export-ready")
    report = call("get", "/api/report/kpis", token=token_for(manager))
    assert report.status_code == 200
    kpis = {k["key"]: k for k in report.data["kpis"]}
    assert kpis["companies_assessed"]["total"] == 1 and kpis["companies_assessed"]["by_partner"] == {"Tehnopol": 1}
    assert report.data["erdf_eur"] > 0
    assert call("get", "/api/report/kpis", token=token_for(company_user)).status_code == 403
