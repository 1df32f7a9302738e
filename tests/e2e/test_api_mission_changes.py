"""The REST API writes of export missions, as a script of each role uses them: a new mission, its
correction, companies joining and leaving, meetings added, corrected and removed; by the pages' rules
(missions.services), audited as the pages are, and nothing stored when a write is refused."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from sme2go.accounts.models import AuditEvent
from sme2go.missions.models import Lead, Meeting, Mission, MissionParticipant
from sme2go.registry.models import Company
from tests.conftest import PASSWORD
from tests.e2e.api_client import call, token_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def iso(days: int) -> str:
    return (TODAY + datetime.timedelta(days=days)).isoformat()


NEW = {"name": "Nairobi smart water", "country": "ke", "city": "Nairobi", "starts_on": iso(10), "ends_on": iso(14),
       "description": "utilities and the county"}


@pytest.fixture
def mission(partners, ee_company, fi_company):
    """A Tehnopol mission to Nairobi, both companies on it, one meeting of the Estonian one."""
    mission = Mission.objects.create(name="Nairobi smart water", country="KE", city="Nairobi", starts_on=TODAY,
                                     ends_on=TODAY + datetime.timedelta(days=4), partner=partners["Tehnopol"])
    MissionParticipant.objects.create(mission=mission, company=ee_company)
    MissionParticipant.objects.create(mission=mission, company=fi_company)
    Meeting.objects.create(mission=mission, company=ee_company, counterpart="Nairobi Water", held_on=TODAY,
                           outcome="wants a pilot")
    return mission


def url(mission, *rest) -> str:
    return "/".join([f"/api/missions/{mission.pk}", *map(str, rest)])


def audited(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- a new mission -------------------------------------------------------------------------------


def test_an_advisor_adds_a_mission_of_their_partner_and_reads_it_as_the_list_shows_it(advisor):
    created = call("post", "/api/missions", token=token_for(advisor), body=NEW)
    assert created.status_code == 201, created.data
    assert created.data | {"id": 0} == {
        "id": 0, "name": "Nairobi smart water", "country": "KE", "city": "Nairobi", "starts_on": iso(10),
        "ends_on": iso(14), "partner": {"id": advisor.membership.partner_id, "short_name": "Tehnopol"},
        "description": "utilities and the county", "company_count": 0, "meeting_count": 0, "lead_count": 0,
        "participants": [], "meetings": []}
    mission = Mission.objects.get()
    assert mission.created_by == advisor
    event = AuditEvent.objects.get(action="missions.create")
    assert (event.actor, event.object_id) == (advisor, str(mission.pk))
    assert call("get", f"/api/missions/{mission.pk}", token=token_for(advisor)).data == created.data


def test_the_manager_names_the_organiser(manager, partners):
    unnamed = call("post", "/api/missions", token=token_for(manager), body=NEW)
    assert (unnamed.status_code, unnamed.data) == (422, {"detail": "choose the partner", "field": "partner_id"})
    unknown = call("post", "/api/missions", token=token_for(manager), body={**NEW, "partner_id": 999})
    assert unknown.data == {"detail": "unknown partner organisation 999", "field": "partner_id"}
    assert not Mission.objects.exists() and not audited("missions.create")
    named = call("post", "/api/missions", token=token_for(manager), body={**NEW, "partner_id": partners["Turku"].pk})
    assert named.status_code == 201 and named.data["partner"]["short_name"] == "Turku"


def test_an_advisor_organises_for_their_own_partner_only_and_a_company_not_at_all(advisor, company_user, partners):
    foreign = call("post", "/api/missions", token=token_for(advisor), body={**NEW, "partner_id": partners["Turku"].pk})
    assert (foreign.status_code, foreign.data["detail"]) == (403, "advisors act for their own partner only")
    assert call("post", "/api/missions", token=token_for(company_user), body=NEW).status_code == 403
    assert call("post", "/api/missions", body=NEW).status_code == 401
    assert not Mission.objects.exists() and not audited("missions.create")


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"name": "  "}, "name", "give the mission a name"),
    ({"name": "N" * 201}, "name", "at most 200"),
    ({"name": "Nairobi\nwater"}, "name", "line break"),
    ({"city": "C" * 121}, "city", "at most 120"),
    ({"description": "pilot\u202eplan"}, "description", "bidirectional control character U+202E"),
    ({"country": "Kenya"}, "country", "is not an ISO 3166-1 alpha-2 country code"),
    ({"ends_on": iso(9)}, "ends_on", "before it starts"),
    ({"starts_on": "10.03.2026"}, "starts_on", "YYYY-MM-DD"),
    ({"starts_on": "2026-02-30"}, "starts_on", "not a day of the calendar"),
    ({"ends_on": 20260301}, "ends_on", "YYYY-MM-DD"),
    ({"name": 7}, "name", "valid string"),
    ({"partner_id": "1"}, "partner_id", "valid integer"),
    ({"nmae": "x"}, "nmae", "Extra inputs"),
])
def test_a_bad_new_mission_is_a_422_naming_the_field_and_nothing_is_stored(advisor, change, field, words):
    response = call("post", "/api/missions", token=token_for(advisor), body={**NEW, **change})
    assert response.status_code == 422, response.data
    assert response.data["field"] == field and words in response.data["detail"], response.data
    assert not Mission.objects.exists() and not audited("missions.create")


def test_a_missing_field_is_named(advisor):
    body = {key: value for key, value in NEW.items() if key != "ends_on"}
    response = call("post", "/api/missions", token=token_for(advisor), body=body)
    assert (response.status_code, response.data["field"]) == (422, "ends_on")


# --- correcting a mission ------------------------------------------------------------------------


def test_the_organising_advisor_corrects_the_fields_sent_and_the_others_stay(advisor, mission):
    response = call("patch", url(mission), token=token_for(advisor),
                    body={"name": "Nairobi and Mombasa", "city": "Mombasa", "ends_on": iso(6)})
    assert response.status_code == 200, response.data
    assert (response.data["name"], response.data["city"], response.data["country"], response.data["starts_on"],
            response.data["ends_on"], response.data["meeting_count"]) == (
        "Nairobi and Mombasa", "Mombasa", "KE", iso(0), iso(6), 1)
    mission.refresh_from_db()
    assert (mission.name, mission.city, mission.ends_on.isoformat()) == ("Nairobi and Mombasa", "Mombasa", iso(6))
    event = AuditEvent.objects.get(action="missions.change")
    assert event.actor == advisor and event.changes["before"]["name"] == "Nairobi smart water"


def test_the_manager_corrects_any_mission_other_staff_may_not(manager, other_advisor, company_user, mission):
    refused = call("patch", url(mission), token=token_for(other_advisor), body={"name": "Turku's now"})
    assert refused.status_code == 403 and "organises the mission" in refused.data["detail"]
    assert call("patch", url(mission), token=token_for(company_user), body={"name": "mine"}).status_code == 403
    assert call("patch", f"/api/missions/{mission.pk + 1}", token=token_for(other_advisor),
                body={"name": "x"}).status_code == 404
    assert Mission.objects.get().name == "Nairobi smart water" and not audited("missions.change")
    assert call("patch", url(mission), token=token_for(manager), body={"name": "Nairobi 2026"}).status_code == 200


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"starts_on": iso(1)}, "starts_on", "1 meeting(s) would fall outside the new dates"),
    ({"starts_on": iso(-9), "ends_on": iso(-5)}, "starts_on", f"the first on {iso(0)}"),
    ({"ends_on": iso(-1)}, "ends_on", "before it starts"),
    ({"name": ""}, "name", "give the mission a name"),
    ({"name": None}, "name", "may not be null"),
    ({"country": "XX"}, "country", "ISO 3166-1"),
    ({"partner_id": 2}, "partner_id", "Extra inputs"),
])
def test_a_correction_against_the_rules_is_a_422_and_changes_nothing(advisor, mission, body, field, words):
    response = call("patch", url(mission), token=token_for(advisor), body=body)
    assert response.status_code == 422, response.data
    assert response.data["field"] == field and words in response.data["detail"], response.data
    mission.refresh_from_db()
    assert (mission.name, mission.country, mission.starts_on, mission.ends_on) == (
        "Nairobi smart water", "KE", TODAY, TODAY + datetime.timedelta(days=4))
    assert not audited("missions.change")


# --- removing a mission --------------------------------------------------------------------------


def test_the_organiser_removes_a_mission_with_its_seats_and_meetings_and_the_page_can_undo_it(advisor, mission):
    pk = mission.pk
    response = call("delete", url(mission), token=token_for(advisor))
    assert (response.status_code, response.content) == (204, b"")
    assert not Mission.objects.exists() and not MissionParticipant.objects.exists() and not Meeting.objects.exists()
    event = AuditEvent.objects.get(action="missions.delete")
    assert (event.actor, event.object_id, len(event.changes["participants"]), len(event.changes["meetings"])) == (
        advisor, str(pk), 2, 1)
    gone = call("get", f"/api/missions/{pk}", token=token_for(advisor))
    assert (gone.status_code, gone.data) == (404, {"detail": f"mission {pk} not found", "field": None})
    browser = Client()
    assert browser.login(username="advisor-ee", password=PASSWORD)
    assert browser.post(f"/missions/removed/{event.pk}/undo/").status_code == 302
    back = call("get", f"/api/missions/{pk}", token=token_for(advisor))
    assert back.status_code == 200 and back.data["company_count"] == 2 and back.data["meeting_count"] == 1


@pytest.mark.parametrize(("stage", "words"), [
    ("identified", "1 lead came from this mission: a lead keeps the mission it came from"),
    ("won", "1 lead came from this mission (1 of them a sale): a lead keeps the mission it came from"),
])
def test_a_mission_that_leads_came_from_is_a_422_on_mission_id_and_stays(advisor, mission, ee_company, stage, words):
    Lead.objects.create(company=ee_company, mission=mission, partner=mission.partner, buyer="Nairobi Water",
                        country="KE", value_eur=100, stage=stage, won_on=TODAY if stage == "won" else None)
    response = call("delete", url(mission), token=token_for(advisor))
    assert (response.status_code, response.data["field"]) == (422, "mission_id"), response.data
    assert response.data["detail"].startswith(words)
    assert response.data["detail"].endswith("so the mission stays; correct its name, place or dates instead")
    assert Mission.objects.count() == 1 and MissionParticipant.objects.count() == 2 and Meeting.objects.count() == 1
    assert Lead.objects.get().mission == mission and not audited("missions.delete")


def test_only_the_organiser_and_the_manager_remove_a_mission(other_advisor, company_user, manager, mission):
    refused = call("delete", url(mission), token=token_for(other_advisor))
    assert (refused.status_code, refused.data) == (403, {
        "detail": "only the partner that organises the mission, or the programme manager, changes it",
        "field": None})
    assert call("delete", url(mission), token=token_for(company_user)).status_code == 403
    assert call("delete", url(mission)).status_code == 401
    missing = call("delete", f"/api/missions/{mission.pk + 100}", token=token_for(manager))
    assert (missing.status_code, missing.data["detail"]) == (404, f"mission {mission.pk + 100} not found")
    bad = call("delete", "/api/missions/x", token=token_for(manager))
    assert (bad.status_code, bad.data["field"]) == (422, "mission_id")
    assert Mission.objects.count() == 1 and not audited("missions.delete")
    assert call("delete", url(mission), token=token_for(manager)).status_code == 204


# --- participants --------------------------------------------------------------------------------


def test_a_company_joins_once_and_leaves_when_it_has_no_meetings_or_leads(advisor, partners, ee_company):
    mission = Mission.objects.create(name="Kigali", country="RW", starts_on=TODAY, ends_on=TODAY,
                                     partner=partners["Tehnopol"])
    token = token_for(advisor)
    joined = call("post", url(mission, "participants"), token=token, body={"company_id": ee_company.pk})
    assert (joined.status_code, joined.data) == (
        201, {"company_id": ee_company.pk, "company": "Aqua Sense OÜ", "country": "EE"})
    again = call("post", url(mission, "participants"), token=token, body={"company_id": ee_company.pk})
    assert again.status_code == 422 and again.data == {
        "detail": "Aqua Sense OÜ is already on the mission", "field": "company_id"}
    assert call("get", url(mission), token=token).data["participants"] == [joined.data]
    assert audited("missions.join") == 1

    left = call("delete", url(mission, "participants", ee_company.pk), token=token)
    assert left.status_code == 204 and not MissionParticipant.objects.exists()
    assert AuditEvent.objects.get(action="missions.leave").changes == {"company": ee_company.pk}
    assert call("delete", url(mission, "participants", ee_company.pk), token=token).status_code == 404


def test_an_unknown_company_is_named(advisor, mission):
    response = call("post", url(mission, "participants"), token=token_for(advisor), body={"company_id": 999_999})
    assert response.data == {"detail": "unknown company 999999", "field": "company_id"}
    typed = call("post", url(mission, "participants"), token=token_for(advisor), body={"company_id": "7"})
    assert (typed.status_code, typed.data["field"]) == (422, "company_id")
    assert MissionParticipant.objects.count() == 2 and not audited("missions.join")


def test_a_company_with_meetings_or_leads_from_the_mission_cannot_leave(advisor, mission, ee_company, fi_company):
    token = token_for(advisor)
    with_meeting = call("delete", url(mission, "participants", ee_company.pk), token=token)
    assert with_meeting.status_code == 422 and with_meeting.data == {
        "detail": "Aqua Sense OÜ has meetings on this mission: remove them first", "field": "company_id"}
    Lead.objects.create(company=fi_company, mission=mission, partner=mission.partner, buyer="Kenya Power",
                        country="KE", value_eur=10)
    with_lead = call("delete", url(mission, "participants", fi_company.pk), token=token)
    assert with_lead.status_code == 422 and "has 1 lead from this mission" in with_lead.data["detail"]
    assert MissionParticipant.objects.count() == 2 and not audited("missions.leave")


def test_only_the_organiser_and_the_manager_change_who_goes(other_advisor, company_user, manager, mission,
                                                            ee_company, fi_company):
    body = {"company_id": ee_company.pk}
    assert call("post", url(mission, "participants"), token=token_for(other_advisor), body=body).status_code == 403
    assert call("delete", url(mission, "participants", fi_company.pk), token=token_for(other_advisor)).status_code == 403
    assert call("delete", url(mission, "participants", fi_company.pk), token=token_for(company_user)).status_code == 403
    assert MissionParticipant.objects.count() == 2
    assert call("delete", url(mission, "participants", fi_company.pk), token=token_for(manager)).status_code == 204


# --- meetings ------------------------------------------------------------------------------------


def test_meetings_are_added_corrected_and_removed_as_on_the_page(advisor, mission, ee_company, fi_company):
    token = token_for(advisor)
    added = call("post", url(mission, "meetings"), token=token,
                 body={"company_id": fi_company.pk, "counterpart": "Kenya Power", "held_on": iso(2)})
    assert added.status_code == 201, added.data
    assert added.data | {"id": 0} == {"id": 0, "company_id": fi_company.pk, "company": "Volttiväylä Oy",
                                      "counterpart": "Kenya Power", "held_on": iso(2), "outcome": ""}
    assert audited("missions.meeting") == 1
    meeting_url = url(mission, "meetings", added.data["id"])
    changed = call("patch", meeting_url, token=token, body={"outcome": "a second call in May", "held_on": iso(3)})
    assert changed.status_code == 200, changed.data
    assert (changed.data["counterpart"], changed.data["held_on"], changed.data["outcome"]) == (
        "Kenya Power", iso(3), "a second call in May")
    event = AuditEvent.objects.get(action="missions.meeting_change")
    assert (event.changes["before"]["held_on"], event.changes["after"]["held_on"]) == (iso(2), iso(3))
    assert call("get", url(mission), token=token).data["meetings"][1] == changed.data

    assert call("delete", meeting_url, token=token).status_code == 204
    assert list(Meeting.objects.values_list("counterpart", flat=True)) == ["Nairobi Water"]
    assert AuditEvent.objects.get(action="missions.meeting_delete").changes["counterpart"] == "Kenya Power"
    assert call("delete", meeting_url, token=token).status_code == 404


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"held_on": iso(5)}, "held_on", "is outside the mission"),
    ({"held_on": iso(-1)}, "held_on", "is outside the mission"),
    ({"counterpart": " "}, "counterpart", "name the organisation met"),
    ({"counterpart": "C" * 201}, "counterpart", "at most 200"),
    ({"outcome": "call\x07back"}, "outcome", "control character 0x07"),
    ({"held_on": "tomorrow"}, "held_on", "YYYY-MM-DD"),
    ({"company_id": True}, "company_id", "valid integer"),
    ({"place": "Nairobi"}, "place", "Extra inputs"),
])
def test_a_bad_meeting_is_a_422_naming_the_field_and_nothing_is_stored(advisor, mission, fi_company, body, field,
                                                                        words):
    new = {"company_id": fi_company.pk, "counterpart": "Kenya Power", "held_on": iso(1), **body}
    added = call("post", url(mission, "meetings"), token=token_for(advisor), body=new)
    assert added.status_code == 422, added.data
    assert added.data["field"] == field and words in added.data["detail"], added.data
    meeting = Meeting.objects.get()
    changed = call("patch", url(mission, "meetings", meeting.pk), token=token_for(advisor), body=body)
    assert changed.status_code == 422 and changed.data["field"] == field, changed.data
    meeting.refresh_from_db()
    assert (meeting.counterpart, meeting.held_on, meeting.outcome) == ("Nairobi Water", TODAY, "wants a pilot")
    assert not audited("missions.meeting") and not audited("missions.meeting_change")


def test_a_meeting_is_of_a_company_on_the_mission(advisor, partners, mission):
    elsewhere = Mission.objects.create(name="Kigali", country="RW", starts_on=TODAY, ends_on=TODAY,
                                       partner=partners["Tehnopol"])
    outsider = Company.objects.create(legal_name="Smart Bins AB", country="SE", city="Västerås")
    response = call("post", url(mission, "meetings"), token=token_for(advisor),
                    body={"company_id": outsider.pk, "counterpart": "Nairobi Water", "held_on": iso(0)})
    assert response.data == {"detail": "Smart Bins AB is not on this mission", "field": "company_id"}
    meeting = Meeting.objects.get()
    wrong_mission = call("patch", f"/api/missions/{elsewhere.pk}/meetings/{meeting.pk}", token=token_for(advisor),
                         body={"outcome": "x"})
    assert wrong_mission.status_code == 404
    assert Meeting.objects.count() == 1


def test_only_the_organiser_and_the_manager_change_meetings(other_advisor, company_user, manager, mission, fi_company):
    meeting = Meeting.objects.get()
    one = url(mission, "meetings", meeting.pk)
    body = {"company_id": fi_company.pk, "counterpart": "Kenya Power", "held_on": iso(1)}
    for user in (other_advisor, company_user):
        assert call("post", url(mission, "meetings"), token=token_for(user), body=body).status_code == 403
        assert call("patch", one, token=token_for(user), body={"outcome": "x"}).status_code == 403
        assert call("delete", one, token=token_for(user)).status_code == 403
    assert Meeting.objects.get().outcome == "wants a pilot" and Meeting.objects.count() == 1
    assert call("patch", one, token=token_for(manager), body={"outcome": "pilot agreed"}).status_code == 200


def test_what_the_api_writes_the_mission_page_shows(advisor, ee_company):
    token = token_for(advisor)
    mission_id = call("post", "/api/missions", token=token, body=NEW).data["id"]
    call("post", f"/api/missions/{mission_id}/participants", token=token, body={"company_id": ee_company.pk})
    call("post", f"/api/missions/{mission_id}/meetings", token=token,
         body={"company_id": ee_company.pk, "counterpart": "Athi Water Works", "held_on": iso(11)})
    browser = Client()
    assert browser.login(username="advisor-ee", password=PASSWORD)
    page = browser.get(f"/missions/{mission_id}/").content.decode()
    for shown in ("Nairobi smart water", "Aqua Sense OÜ", "Athi Water Works", iso(11)):
        assert shown in page
