"""Removing a mission on its page: the button only for the organiser and the manager, a question
first (without JavaScript), the missions list with an Undo in the message, and Undo putting back
the mission with its companies and meetings; a mission that leads came from stays."""

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
BUTTON = '<button type="submit" class="secondary">Remove mission</button>'


@pytest.fixture
def mission(partners, ee_company, fi_company) -> Mission:
    mission = Mission.objects.create(name="Nairobi smart water", country="KE", city="Nairobi", starts_on=TODAY,
                                     ends_on=TODAY + datetime.timedelta(days=4), partner=partners["Tehnopol"])
    for company in (ee_company, fi_company):
        MissionParticipant.objects.create(mission=mission, company=company)
    Meeting.objects.create(mission=mission, company=ee_company, counterpart="Nairobi Water", held_on=TODAY)
    return mission


def remove_url(mission: Mission) -> str:
    return f"/missions/{mission.pk}/remove/"


def undo_action(html: str) -> str:
    """The address the Undo button of the message posts to."""
    found = re.search(r'<form method="post" action="([^"]+)" class="inline">[^<]*<input[^>]*>'
                      r'<button type="submit" class="link">Undo</button>', html)
    assert found, html
    return found.group(1)


def test_the_button_shows_for_the_organiser_and_the_manager_only(advisor, other_advisor, manager, mission):
    for allowed in (advisor, manager):
        assert BUTTON in client_for(allowed).get(f"/missions/{mission.pk}/").content.decode()
    page = client_for(other_advisor).get(f"/missions/{mission.pk}/")
    assert page.status_code == 200 and BUTTON not in page.content.decode()


def test_removal_asks_first_then_removes_and_undo_puts_everything_back(advisor, mission):
    client = client_for(advisor)
    pk, seats = mission.pk, list(MissionParticipant.objects.order_by("pk").values())
    meetings = list(Meeting.objects.order_by("pk").values())
    question = client.post(remove_url(mission))
    assert question.status_code == 200
    html = question.content.decode()
    assert "Remove “Nairobi smart water (Nairobi, KE, " in html and "with its 2 companies and 1 meeting?" in html
    assert "They no longer count as companies on export missions" in html
    assert 'name="confirmed" value="yes"' in html and "Yes, remove the mission" in html
    assert Mission.objects.filter(pk=pk).exists()  # asking changes nothing

    done = client.post(remove_url(mission), {"confirmed": "yes"}, follow=True)
    assert done.redirect_chain == [("/missions/", 302)]
    html = done.content.decode()
    assert "Removed the mission Nairobi smart water with its 2 companies and 1 meeting(s)." in html
    event = AuditEvent.objects.get(action="missions.delete")
    assert undo_action(html) == f"/missions/removed/{event.pk}/undo/"
    assert not Mission.objects.exists() and not MissionParticipant.objects.exists() and not Meeting.objects.exists()

    undone = client.post(undo_action(html), follow=True)
    assert undone.redirect_chain == [(f"/missions/{pk}/", 302)]
    assert "Undone: the mission Nairobi smart water is back with its companies and meetings." in \
        undone.content.decode()
    assert list(MissionParticipant.objects.order_by("pk").values()) == seats
    assert list(Meeting.objects.order_by("pk").values()) == meetings
    assert AuditEvent.objects.get(action="missions.restore").changes == {"undoes": event.pk}

    again = client.post(undo_action(html), follow=True)
    assert "Not undone: the mission Nairobi smart water was already put back." in again.content.decode()
    assert Mission.objects.count() == 1


def test_a_get_only_asks(advisor, mission):
    response = client_for(advisor).get(remove_url(mission))
    assert response.status_code == 200 and "Yes, remove the mission" in response.content.decode()
    assert Mission.objects.filter(pk=mission.pk).exists()


def test_other_staff_and_companies_get_403_and_nothing_changes(other_advisor, company_user, advisor, mission):
    for someone in (other_advisor, company_user):
        client = client_for(someone)
        assert client.post(remove_url(mission), {"confirmed": "yes"}).status_code == 403
        assert client.get(remove_url(mission)).status_code == 403
    assert Mission.objects.filter(pk=mission.pk).exists() and not AuditEvent.objects.exists()
    client_for(advisor).post(remove_url(mission), {"confirmed": "yes"})
    event = AuditEvent.objects.get(action="missions.delete", actor=advisor)
    for someone in (other_advisor, company_user):
        assert client_for(someone).post(f"/missions/removed/{event.pk}/undo/").status_code == 403
    assert not Mission.objects.exists() and not AuditEvent.objects.filter(action="missions.restore").exists()


def test_undo_is_a_post_of_a_removal_that_exists(advisor, mission, ee_company):
    client = client_for(advisor)
    client.post(remove_url(mission), {"confirmed": "yes"})
    event = AuditEvent.objects.get(action="missions.delete")
    assert client.get(f"/missions/removed/{event.pk}/undo/").status_code == 405
    assert client.post(f"/missions/removed/{event.pk + 100}/undo/").status_code == 404
    other = AuditEvent.objects.create(action="missions.meeting_delete", object_type="missions.Meeting",
                                      object_id="5", changes={})
    assert client.post(f"/missions/removed/{other.pk}/undo/").status_code == 404
    assert not Mission.objects.exists()


def test_a_mission_that_leads_came_from_stays_with_the_reason_on_its_page(advisor, mission, ee_company):
    Lead.objects.create(company=ee_company, mission=mission, partner=mission.partner, buyer="Nairobi Water",
                        country="KE", value_eur=100)
    client = client_for(advisor)
    for data in ({}, {"confirmed": "yes"}):
        response = client.post(remove_url(mission), data, follow=True)
        assert response.redirect_chain == [(f"/missions/{mission.pk}/", 302)]
        assert ("Not removed: 1 lead came from this mission: a lead keeps the mission it came from, and the "
                "programme report counts it, so the mission stays; correct its name, place or dates instead."
                in response.content.decode())
    assert Mission.objects.filter(pk=mission.pk).exists() and MissionParticipant.objects.count() == 2
    assert Meeting.objects.count() == 1 and Lead.objects.get().mission == mission
    assert not AuditEvent.objects.filter(action="missions.delete").exists()


def test_undo_refused_when_a_company_is_gone_says_why(advisor, mission, fi_company):
    client = client_for(advisor)
    client.post(remove_url(mission), {"confirmed": "yes"})
    fi_company.delete()
    event = AuditEvent.objects.get(action="missions.delete")
    response = client.post(f"/missions/removed/{event.pk}/undo/", follow=True)
    assert response.redirect_chain == [("/missions/", 302)]
    assert "Not undone: Volttiväylä Oy was removed from the registry since." in response.content.decode()
    assert not Mission.objects.exists()
