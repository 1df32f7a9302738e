"""The OpenAPI document lists, for the training-and-support and the missions-and-leads endpoints, every
status code they answer, each error with the ErrorOut schema ({"detail", "field"}): a code the test
provokes that the document does not list fails."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sme2go.missions.models import Mission
from sme2go.support.models import Attendance, TrainingModule, TrainingSession
from tests.e2e.api_client import assert_codes_documented, call, token_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().isoformat()


@pytest.fixture
def setting(advisor, other_advisor, company_user, ee_company, fi_company, partners):
    module = TrainingModule.objects.create(title="Public procurement abroad")
    session = TrainingSession.objects.create(module=module, partner=partners["Tehnopol"], held_on="2025-03-04",
                                             place="Tallinn")
    Attendance.objects.create(session=session, company=fi_company)
    mission = Mission.objects.create(name="Nairobi", country="KE", starts_on=TODAY, ends_on=TODAY,
                                     partner=partners["Tehnopol"])
    lead = call("post", f"/api/companies/{ee_company.pk}/leads", token=token_for(advisor),
                body={"buyer": "Nairobi Water", "country": "KE", "value_eur": 100}).data["id"]
    return {"advisor": token_for(advisor), "other": token_for(other_advisor), "rep": token_for(company_user),
            "ee": ee_company.pk, "fi": fi_company.pk, "session": session.pk, "mission": mission.pk, "lead": lead}


def provocations(s):
    """(method, documented path, called path, caller, body, the code expected)."""
    ee, fi, lead = s["ee"], s["fi"], s["lead"]
    actions, leads = "/api/companies/{company_id}/support-actions", "/api/companies/{company_id}/leads"
    one_session, one_mission = "/api/support/sessions/{session_id}", "/api/missions/{mission_id}"
    one_lead, moves, first = "/api/leads/{lead_id}", "/api/leads/{lead_id}/move", "/api/companies/{company_id}/first-sale"
    action = {"kind": "advice", "given_on": TODAY, "hours": 1}
    new_lead = {"buyer": "Kisumu", "country": "KE", "value_eur": 5}
    return [
        ("get", "/api/support/modules", "/api/support/modules", "advisor", None, 200),
        ("get", "/api/support/modules", "/api/support/modules", None, None, 401),
        ("get", "/api/support/modules", "/api/support/modules", "rep", None, 403),
        ("get", "/api/support/sessions", "/api/support/sessions", "rep", None, 200),
        ("get", "/api/support/sessions", "/api/support/sessions", None, None, 401),
        ("get", "/api/support/sessions", "/api/support/sessions?year=x", "advisor", None, 422),
        ("get", one_session, f"/api/support/sessions/{s['session']}", "advisor", None, 200),
        ("get", one_session, f"/api/support/sessions/{s['session']}", None, None, 401),
        ("get", one_session, f"/api/support/sessions/{s['session']}", "rep", None, 404),
        ("get", one_session, "/api/support/sessions/x", "advisor", None, 422),
        ("get", actions, f"/api/companies/{ee}/support-actions", "rep", None, 200),
        ("get", actions, f"/api/companies/{ee}/support-actions", None, None, 401),
        ("get", actions, f"/api/companies/{fi}/support-actions", "rep", None, 404),
        ("get", actions, "/api/companies/x/support-actions", "rep", None, 422),
        ("post", actions, f"/api/companies/{ee}/support-actions", "advisor", action, 201),
        ("post", actions, f"/api/companies/{ee}/support-actions", None, action, 401),
        ("post", actions, f"/api/companies/{ee}/support-actions", "other", action, 403),
        ("post", actions, f"/api/companies/{fi}/support-actions", "rep", action, 404),
        ("post", actions, f"/api/companies/{ee}/support-actions", "advisor", {**action, "hours": 999}, 422),
        ("post", actions, f"/api/companies/{ee}/support-actions", "advisor", "{not json", 400),
        ("get", "/api/missions", "/api/missions", "advisor", None, 200),
        ("get", "/api/missions", "/api/missions", None, None, 401),
        ("get", "/api/missions", "/api/missions", "rep", None, 403),
        ("get", one_mission, f"/api/missions/{s['mission']}", "advisor", None, 200),
        ("get", one_mission, f"/api/missions/{s['mission']}", None, None, 401),
        ("get", one_mission, f"/api/missions/{s['mission']}", "rep", None, 403),
        ("get", one_mission, f"/api/missions/{s['mission'] + 1}", "advisor", None, 404),
        ("get", one_mission, "/api/missions/x", "advisor", None, 422),
        ("get", "/api/leads", "/api/leads", "rep", None, 200),
        ("get", "/api/leads", "/api/leads", None, None, 401),
        ("get", "/api/leads", "/api/leads?stage=signed", "advisor", None, 422),
        ("get", one_lead, f"/api/leads/{lead}", "rep", None, 200),
        ("get", one_lead, f"/api/leads/{lead}", None, None, 401),
        ("get", one_lead, f"/api/leads/{lead + 100}", "advisor", None, 404),
        ("get", one_lead, "/api/leads/x", "advisor", None, 422),
        ("post", leads, f"/api/companies/{ee}/leads", "advisor", new_lead, 201),
        ("post", leads, f"/api/companies/{ee}/leads", None, new_lead, 401),
        ("post", leads, f"/api/companies/{ee}/leads", "other", new_lead, 403),
        ("post", leads, f"/api/companies/{fi}/leads", "rep", new_lead, 404),
        ("post", leads, f"/api/companies/{ee}/leads", "advisor", {**new_lead, "country": "Kenya"}, 422),
        ("post", leads, f"/api/companies/{ee}/leads", "advisor", "{not json", 400),
        ("post", moves, f"/api/leads/{lead}/move", "advisor", {"stage": "contacted"}, 200),
        ("post", moves, f"/api/leads/{lead}/move", None, {"stage": "contacted"}, 401),
        ("post", moves, f"/api/leads/{lead}/move", "other", {"stage": "contacted"}, 403),
        ("post", moves, f"/api/leads/{lead + 100}/move", "advisor", {"stage": "contacted"}, 404),
        ("post", moves, f"/api/leads/{lead}/move", "advisor", {"stage": "lost"}, 422),
        ("post", moves, f"/api/leads/{lead}/move", "advisor", "{not json", 400),
        ("get", first, f"/api/companies/{ee}/first-sale", "rep", None, 200),
        ("get", first, f"/api/companies/{ee}/first-sale", None, None, 401),
        ("get", first, f"/api/companies/{fi}/first-sale", "rep", None, 404),
        ("get", first, "/api/companies/x/first-sale", "rep", None, 422),
    ]


def test_every_code_these_endpoints_answer_is_documented_with_the_error_schema(setting):
    assert_codes_documented(provocations(setting), setting)
