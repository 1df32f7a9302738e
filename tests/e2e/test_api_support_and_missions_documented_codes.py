"""The OpenAPI document lists, for the training-and-support and the missions-and-leads endpoints, every
status code they answer, each error with the ErrorOut schema ({"detail", "field"}): a code the test
provokes that the document does not list fails."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sme2go.missions.models import Meeting, Mission, MissionParticipant
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
    own_session = TrainingSession.objects.create(module=module, partner=partners["Turku"], held_on="2025-04-01",
                                                 place="Turku")
    mission = Mission.objects.create(name="Nairobi", country="KE", starts_on=TODAY, ends_on=TODAY,
                                     partner=partners["Tehnopol"])
    MissionParticipant.objects.create(mission=mission, company=ee_company)
    meeting = Meeting.objects.create(mission=mission, company=ee_company, counterpart="Nairobi Water", held_on=TODAY)
    lead = call("post", f"/api/companies/{ee_company.pk}/leads", token=token_for(advisor),
                body={"buyer": "Nairobi Water", "country": "KE", "value_eur": 100}).data["id"]
    call("post", f"/api/companies/{ee_company.pk}/leads", token=token_for(advisor),
         body={"buyer": "Kenya Power", "country": "KE", "value_eur": 100, "mission_id": mission.pk})
    empty = Mission.objects.create(name="Kigali", country="RW", starts_on=TODAY, ends_on=TODAY,
                                   partner=partners["Tehnopol"])
    return {"advisor": token_for(advisor), "other": token_for(other_advisor), "rep": token_for(company_user),
            "ee": ee_company.pk, "fi": fi_company.pk, "session": session.pk, "mission": mission.pk, "lead": lead,
            "meeting": meeting.pk, "turku_session": own_session.pk, "empty_mission": empty.pk}


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
        ("get", one_mission, f"/api/missions/{s['mission'] + 100}", "advisor", None, 404),
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


def session_writes(s):
    """Training sessions added, corrected and removed, attendance recorded and removed: the Turku session is the
    other (Turku) advisor's to change; the company representative's company attended neither session,
    so it may not see them (404)."""
    sessions, one = "/api/support/sessions", "/api/support/sessions/{session_id}"
    came, gone = "/api/support/sessions/{session_id}/attendance", "/api/support/sessions/{session_id}/attendance/{company_id}"
    mine, theirs, ee, fi = s["turku_session"], s["session"], s["ee"], s["fi"]
    new = {"module_title": "Pitching to cities", "held_on": "2025-05-01", "place": "online"}
    return [
        ("post", sessions, sessions, "other", new, 201),
        ("post", sessions, sessions, None, new, 401),
        ("post", sessions, sessions, "rep", new, 403),
        ("post", sessions, sessions, "other", {**new, "place": ""}, 422),
        ("post", sessions, sessions, "other", "{not json", 400),
        ("patch", one, f"{sessions}/{mine}", "other", {"place": "Turku"}, 200),
        ("patch", one, f"{sessions}/{mine}", None, {"place": "Turku"}, 401),
        ("patch", one, f"{sessions}/{mine}", "advisor", {"place": "Tallinn"}, 403),
        ("patch", one, f"{sessions}/{mine}", "rep", {"place": "Tallinn"}, 404),
        ("patch", one, f"{sessions}/{mine}", "other", {"held_on": "May"}, 422),
        ("patch", one, f"{sessions}/{mine}", "other", "{not json", 400),
        ("post", came, f"{sessions}/{mine}/attendance", "other", {"company_id": ee}, 201),
        ("post", came, f"{sessions}/{mine}/attendance", None, {"company_id": ee}, 401),
        ("post", came, f"{sessions}/{mine}/attendance", "advisor", {"company_id": fi}, 403),
        ("post", came, f"{sessions}/{mine + 100}/attendance", "other", {"company_id": fi}, 404),
        ("post", came, f"{sessions}/{mine}/attendance", "other", {"company_id": fi, "people": 0}, 422),
        ("post", came, f"{sessions}/{mine}/attendance", "other", "{not json", 400),
        ("delete", gone, f"{sessions}/{mine}/attendance/{ee}", "advisor", None, 403),
        ("delete", gone, f"{sessions}/{mine}/attendance/{ee}", "other", None, 204),
        ("delete", gone, f"{sessions}/{mine}/attendance/{ee}", None, None, 401),
        ("delete", gone, f"{sessions}/{mine}/attendance/{ee}", "other", None, 404),
        ("delete", gone, f"{sessions}/{theirs}/attendance/x", "advisor", None, 422),
        ("delete", one, f"{sessions}/{mine}", "advisor", None, 403),
        ("delete", one, f"{sessions}/{mine}", None, None, 401),
        ("delete", one, f"{sessions}/{mine}", "rep", None, 404),
        ("delete", one, f"{sessions}/x", "other", None, 422),
        ("delete", one, f"{sessions}/{mine}", "other", None, 204),
        ("delete", one, f"{sessions}/{mine}", "other", None, 404),
    ]


def mission_writes(s):
    """A mission added, corrected and removed (one with a lead from it stays), a company joining and
    leaving, a meeting added, corrected, removed."""
    ee, fi, mission, meeting = s["ee"], s["fi"], s["mission"], s["meeting"]
    missions, one = "/api/missions", "/api/missions/{mission_id}"
    seats, seat = "/api/missions/{mission_id}/participants", "/api/missions/{mission_id}/participants/{company_id}"
    meetings, meet = "/api/missions/{mission_id}/meetings", "/api/missions/{mission_id}/meetings/{meeting_id}"
    new = {"name": "Kigali", "country": "RW", "starts_on": TODAY, "ends_on": TODAY}
    talk = {"company_id": ee, "counterpart": "Kenya Power", "held_on": TODAY}
    m = f"{missions}/{mission}"
    return [
        ("post", missions, missions, "advisor", new, 201),
        ("post", missions, missions, None, new, 401),
        ("post", missions, missions, "rep", new, 403),
        ("post", missions, missions, "advisor", {**new, "country": "Rwanda"}, 422),
        ("post", missions, missions, "advisor", "{not json", 400),
        ("patch", one, m, "advisor", {"name": "Nairobi 2026"}, 200),
        ("patch", one, m, None, {"name": "x"}, 401),
        ("patch", one, m, "other", {"name": "x"}, 403),
        ("patch", one, f"{missions}/{mission + 100}", "advisor", {"name": "x"}, 404),
        ("patch", one, m, "advisor", {"starts_on": "2099-01-01", "ends_on": "2099-01-02"}, 422),
        ("patch", one, m, "advisor", "{not json", 400),
        ("post", seats, f"{m}/participants", "advisor", {"company_id": fi}, 201),
        ("post", seats, f"{m}/participants", None, {"company_id": fi}, 401),
        ("post", seats, f"{m}/participants", "other", {"company_id": fi}, 403),
        ("post", seats, f"{missions}/{mission + 100}/participants", "advisor", {"company_id": fi}, 404),
        ("post", seats, f"{m}/participants", "advisor", {"company_id": fi}, 422),
        ("post", seats, f"{m}/participants", "advisor", "{not json", 400),
        ("delete", seat, f"{m}/participants/{fi}", "other", None, 403),
        ("delete", seat, f"{m}/participants/{fi}", "advisor", None, 204),
        ("delete", seat, f"{m}/participants/{fi}", None, None, 401),
        ("delete", seat, f"{m}/participants/{fi}", "advisor", None, 404),
        ("delete", seat, f"{m}/participants/{ee}", "advisor", None, 422),
        ("post", meetings, f"{m}/meetings", "advisor", talk, 201),
        ("post", meetings, f"{m}/meetings", None, talk, 401),
        ("post", meetings, f"{m}/meetings", "rep", talk, 403),
        ("post", meetings, f"{missions}/{mission + 100}/meetings", "advisor", talk, 404),
        ("post", meetings, f"{m}/meetings", "advisor", {**talk, "held_on": "2099-01-01"}, 422),
        ("post", meetings, f"{m}/meetings", "advisor", "{not json", 400),
        ("patch", meet, f"{m}/meetings/{meeting}", "advisor", {"outcome": "a pilot"}, 200),
        ("patch", meet, f"{m}/meetings/{meeting}", None, {"outcome": "x"}, 401),
        ("patch", meet, f"{m}/meetings/{meeting}", "other", {"outcome": "x"}, 403),
        ("patch", meet, f"{m}/meetings/{meeting + 100}", "advisor", {"outcome": "x"}, 404),
        ("patch", meet, f"{m}/meetings/{meeting}", "advisor", {"counterpart": ""}, 422),
        ("patch", meet, f"{m}/meetings/{meeting}", "advisor", "{not json", 400),
        ("delete", meet, f"{m}/meetings/{meeting}", "other", None, 403),
        ("delete", meet, f"{m}/meetings/{meeting}", "advisor", None, 204),
        ("delete", meet, f"{m}/meetings/{meeting}", None, None, 401),
        ("delete", meet, f"{m}/meetings/{meeting}", "advisor", None, 404),
        ("delete", meet, f"{m}/meetings/x", "advisor", None, 422),
        ("delete", one, m, "other", None, 403),
        ("delete", one, m, None, None, 401),
        ("delete", one, m, "rep", None, 403),
        ("delete", one, f"{missions}/{mission + 100}", "advisor", None, 404),
        ("delete", one, f"{missions}/x", "advisor", None, 422),
        ("delete", one, m, "advisor", None, 422),  # the lead added from it keeps it
        ("delete", one, f"{missions}/{s['empty_mission']}", "advisor", None, 204),
    ]


def test_every_code_these_endpoints_answer_is_documented_with_the_error_schema(setting):
    assert_codes_documented(provocations(setting), setting)


def test_every_code_the_writes_of_sessions_and_missions_answer_is_documented(setting):
    assert_codes_documented(session_writes(setting) + mission_writes(setting), setting)
