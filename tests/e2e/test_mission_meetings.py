"""Correcting and removing a mission's meetings on its page: the organiser and the manager only,
the same rules as adding one, removal asks first, every change in the audit trail."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from sme2go.accounts.models import AuditEvent
from sme2go.missions.models import Lead, Meeting, Mission, MissionParticipant
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def iso(days: int) -> str:
    return (TODAY + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def mission(partners, ee_company, fi_company) -> Mission:
    """A Tehnopol mission to Nairobi (10 to 6 days ago) with both companies on it."""
    mission = Mission.objects.create(name="Nairobi smart water", country="KE", city="Nairobi", starts_on=TODAY
                                     - datetime.timedelta(days=10), ends_on=TODAY - datetime.timedelta(days=6),
                                     partner=partners["Tehnopol"])
    for company in (ee_company, fi_company):
        MissionParticipant.objects.create(mission=mission, company=company)
    return mission


@pytest.fixture
def meeting(mission, ee_company) -> Meeting:
    return Meeting.objects.create(mission=mission, company=ee_company, counterpart="Nairobi Water",
                                  held_on=mission.starts_on, outcome="wants a pilot")


def edit_url(meeting: Meeting) -> str:
    return f"/missions/{meeting.mission_id}/meetings/{meeting.pk}/edit/"


def field_errors(html: str, field: str) -> str:
    """The text of the error list Django renders beside one field (empty when there is none)."""
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""


def test_the_organiser_corrects_a_meeting_and_the_audit_keeps_before_and_after(advisor, meeting, fi_company):
    client = client_for(advisor)
    page = client.get(f"/missions/{meeting.mission_id}/").content.decode()
    assert f'href="{edit_url(meeting)}"' in page
    form = client.get(edit_url(meeting)).content.decode()
    assert 'value="Nairobi Water"' in form and "wants a pilot" in form
    response = client.post(edit_url(meeting), {"company": str(fi_company.pk), "counterpart": "Kenya Power",
                                               "held_on": iso(-7), "outcome": "wants a pilot"})
    assert response.status_code == 302 and response["Location"] == f"/missions/{meeting.mission_id}/"
    meeting.refresh_from_db()
    assert (meeting.company, meeting.counterpart, meeting.held_on.isoformat()) == (fi_company, "Kenya Power", iso(-7))
    event = AuditEvent.objects.get(action="missions.meeting_change")
    assert event.actor == advisor and (event.object_type, event.object_id) == ("missions.Meeting", str(meeting.pk))
    assert event.changes == {
        "before": {"company": "Aqua Sense OÜ", "counterpart": "Nairobi Water", "held_on": iso(-10)},
        "after": {"company": "Volttiväylä Oy", "counterpart": "Kenya Power", "held_on": iso(-7)},
    }
    shown = client.get(f"/missions/{meeting.mission_id}/").content.decode()
    assert "Kenya Power" in shown and "Saved Volttiväylä Oy&#x27;s meeting with Kenya Power." in shown


def test_saving_a_meeting_unchanged_writes_no_audit_event(advisor, meeting, ee_company):
    response = client_for(advisor).post(edit_url(meeting), {"company": str(ee_company.pk),
                                                            "counterpart": "Nairobi Water", "held_on": iso(-10),
                                                            "outcome": "wants a pilot"})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="missions.meeting_change").exists()


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"held_on": iso(0)}, "held_on", f"{iso(0)} is outside the mission ({iso(-10)} to {iso(-6)})"),
    ({"held_on": iso(-11)}, "held_on", f"{iso(-11)} is outside the mission"),
    ({"held_on": "next week"}, "held_on", "Enter a valid date."),
    ({"held_on": ""}, "held_on", "This field is required."),
    ({"counterpart": "   "}, "counterpart", "This field is required."),
    ({"counterpart": "x" * 201}, "counterpart", "at most 200 characters"),
    ({"company": "999999"}, "company", "Select a valid choice."),
])
def test_bad_input_is_refused_beside_the_field_and_changes_nothing(advisor, meeting, ee_company, change, field,
                                                                    message):
    data = {"company": str(ee_company.pk), "counterpart": "Kenya Power", "held_on": iso(-8), "outcome": "", **change}
    response = client_for(advisor).post(edit_url(meeting), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct the fields marked below." in html
    assert message in field_errors(html, field)
    meeting.refresh_from_db()
    assert (meeting.counterpart, meeting.held_on.isoformat(), meeting.outcome) == ("Nairobi Water", iso(-10),
                                                                                   "wants a pilot")
    assert not AuditEvent.objects.filter(action="missions.meeting_change").exists()


def test_a_company_removed_from_the_mission_cannot_be_chosen(advisor, meeting, mission, ee_company, fi_company):
    """The choice offers the mission's companies only; a company that is not on it is refused."""
    other = Mission.objects.create(name="Kigali", country="RW", starts_on=TODAY, ends_on=TODAY,
                                   partner=mission.partner)
    MissionParticipant.objects.filter(mission=mission, company=fi_company).delete()
    MissionParticipant.objects.create(mission=other, company=fi_company)
    client = client_for(advisor)
    form = client.get(edit_url(meeting)).content.decode()
    assert "Aqua Sense OÜ" in form and "Volttiväylä Oy" not in form
    response = client.post(edit_url(meeting), {"company": str(fi_company.pk), "counterpart": "Kenya Power",
                                               "held_on": iso(-8)})
    assert response.status_code == 400 and "Select a valid choice." in field_errors(response.content.decode(),
                                                                                   "company")
    assert Meeting.objects.get().company == ee_company


def test_removing_a_meeting_asks_first_and_the_audit_keeps_what_it_was(advisor, meeting, ee_company):
    client = client_for(advisor)
    question = client.post(edit_url(meeting), {"delete": "1"})
    html = question.content.decode()
    assert question.status_code == 200 and 'role="alertdialog"' in html
    assert f"Remove Aqua Sense OÜ's meeting with Nairobi Water on {iso(-10)}?" in html
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert client.post(edit_url(meeting), {"delete": "1", "confirmed": "no"}).status_code == 200
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    done = client.post(edit_url(meeting), {"delete": "1", "confirmed": "yes"}, follow=True)
    assert done.redirect_chain[-1][0] == f"/missions/{meeting.mission_id}/"
    page = done.content.decode()
    assert "Removed Aqua Sense OÜ&#x27;s meeting with Nairobi Water" in page and "No meetings recorded." in page
    assert not Meeting.objects.exists()
    event = AuditEvent.objects.get(action="missions.meeting_delete")
    assert event.actor == advisor and event.object_id == str(meeting.pk)
    assert event.changes == {"mission": meeting.mission_id, "company_id": ee_company.pk, "company": "Aqua Sense OÜ",
                             "counterpart": "Nairobi Water", "held_on": iso(-10), "outcome": "wants a pilot"}
    assert client.get(edit_url(meeting)).status_code == 404


def test_leads_from_the_mission_stay_when_a_meeting_goes(advisor, meeting, mission, ee_company, partners):
    """A lead points at the mission, not at a meeting: removing the meeting orphans nothing, and the
    question says the leads stay."""
    lead = Lead.objects.create(company=ee_company, mission=mission, partner=partners["Tehnopol"],
                               buyer="Nairobi Water", country="KE", value_eur=40000)
    client = client_for(advisor)
    question = client.post(edit_url(meeting), {"delete": "1"}).content.decode()
    assert "Aqua Sense OÜ's 1 lead from this mission stays: leads belong to the mission" in question
    assert client.post(edit_url(meeting), {"delete": "1", "confirmed": "yes"}).status_code == 302
    lead.refresh_from_db()
    assert lead.mission == mission and MissionParticipant.objects.filter(mission=mission, company=ee_company).exists()
    assert "Nairobi Water" in client.get(f"/missions/{mission.pk}/").content.decode().split('id="leads"')[1]


def test_the_manager_corrects_and_removes_any_mission_s_meeting(manager, meeting, ee_company):
    client = client_for(manager)
    assert f'href="{edit_url(meeting)}"' in client.get(f"/missions/{meeting.mission_id}/").content.decode()
    assert client.post(edit_url(meeting), {"company": str(ee_company.pk), "counterpart": "Nairobi City",
                                           "held_on": iso(-9)}).status_code == 302
    assert Meeting.objects.get().counterpart == "Nairobi City"
    assert AuditEvent.objects.get(action="missions.meeting_change").actor == manager
    assert client.post(edit_url(meeting), {"delete": "1", "confirmed": "yes"}).status_code == 302
    assert not Meeting.objects.exists()


def test_another_partner_s_advisor_reads_the_meetings_but_changes_none(other_advisor, meeting, ee_company):
    client = client_for(other_advisor)
    page = client.get(f"/missions/{meeting.mission_id}/").content.decode()
    assert "Nairobi Water" in page and edit_url(meeting) not in page
    assert client.get(edit_url(meeting)).status_code == 403
    assert client.post(edit_url(meeting), {"company": str(ee_company.pk), "counterpart": "Hacked",
                                           "held_on": iso(-9)}).status_code == 403
    assert client.post(edit_url(meeting), {"delete": "1", "confirmed": "yes"}).status_code == 403
    assert Meeting.objects.get().counterpart == "Nairobi Water"
    assert not AuditEvent.objects.filter(action__startswith="missions.meeting_").exists()


def test_a_company_user_gets_no_meeting_page(company_user, meeting, ee_company):
    client = client_for(company_user)
    assert client.get(edit_url(meeting)).status_code == 403
    assert client.post(edit_url(meeting), {"company": str(ee_company.pk), "counterpart": "Hacked",
                                           "held_on": iso(-9)}).status_code == 403
    assert client.post(edit_url(meeting), {"delete": "1", "confirmed": "yes"}).status_code == 403
    assert Meeting.objects.get().counterpart == "Nairobi Water"


def test_a_meeting_is_reached_only_through_its_own_mission(advisor, meeting, partners):
    other = Mission.objects.create(name="Kigali", country="RW", starts_on=TODAY, ends_on=TODAY,
                                   partner=partners["Tehnopol"])
    client = client_for(advisor)
    assert client.get(f"/missions/{other.pk}/meetings/{meeting.pk}/edit/").status_code == 404
    assert client.post(f"/missions/{other.pk}/meetings/{meeting.pk}/edit/",
                       {"delete": "1", "confirmed": "yes"}).status_code == 404
    assert Meeting.objects.exists()


def test_once_its_last_meeting_is_removed_a_company_may_leave_the_mission(advisor, meeting, mission, ee_company):
    client = client_for(advisor)
    blocked = client.post(f"/missions/{mission.pk}/", {"leave": str(ee_company.pk)}, follow=True)
    assert "has meetings on this mission: remove them first" in blocked.content.decode()
    client.post(edit_url(meeting), {"delete": "1", "confirmed": "yes"})
    assert client.post(f"/missions/{mission.pk}/", {"leave": str(ee_company.pk)}).status_code == 302
    assert not MissionParticipant.objects.filter(mission=mission, company=ee_company).exists()


def test_the_pages_refuse_invisible_characters_beside_the_field_as_the_api_does(advisor, mission, meeting):
    """The text rules live in the services, so the mission and meeting forms name them too."""
    client = client_for(advisor)
    edit = client.post(f"/missions/{mission.pk}/edit/", {
        "name": "Nairobi\u202esmart", "country": "KE", "city": "Nairobi", "starts_on": iso(-10), "ends_on": iso(-6)})
    assert edit.status_code == 400 and "bidirectional control character U+202E" in edit.content.decode()
    corrected = client.post(edit_url(meeting), {"company": meeting.company_id, "counterpart": "Nairobi\x07Water",
                                                "held_on": iso(-10), "outcome": ""})
    assert corrected.status_code == 400 and "control character 0x07" in corrected.content.decode()
    assert Mission.objects.get().name == "Nairobi smart water"
    assert Meeting.objects.get().counterpart == "Nairobi Water"
    assert not AuditEvent.objects.filter(action__in=["missions.change", "missions.meeting_change"]).exists()
