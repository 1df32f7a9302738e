"""Changing the members of a saved consortium: history lines, the lead stays, closed teams stay."""

from __future__ import annotations

import pytest

from sme2go.consortia.models import Consortium
from tests.e2e.test_consortia_save_and_status import save
from tests.integration.consortia_registry import small_registry

pytestmark = pytest.mark.django_db


def test_it_adds_and_removes_members_with_history(client, advisor):
    companies = small_registry()
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    url = f"/consortia/{consortium.pk}/members/"
    client.post(url, {"add": companies["both"].pk})
    client.post(url, {"remove": companies["aqua"].pk})
    assert {m.company.legal_name for m in consortium.members.all()} == {"Meter Oy", "Both AB"}
    history = [(e.kind, e.detail) for e in consortium.events.all()][1:]
    assert history == [("member_added", "Both AB"), ("member_removed", "Aqua Leak OÜ")]
    assert "Member removed — Aqua Leak OÜ" in client.get(f"/consortia/{consortium.pk}/").content.decode()


def test_it_keeps_the_lead_and_closed_teams(client, advisor):
    companies = small_registry()
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    url = f"/consortia/{consortium.pk}/members/"
    client.post(url, {"remove": companies["meter"].pk})  # the lead
    assert consortium.members.count() == 2
    assert "the lead company cannot be removed" in client.get(f"/consortia/{consortium.pk}/").content.decode()
    client.post(f"/consortia/{consortium.pk}/status/", {"status": "lost", "confirmed": "yes"})
    client.post(url, {"remove": companies["aqua"].pk})
    assert consortium.members.count() == 2
    assert "the consortium is closed" in client.get(f"/consortia/{consortium.pk}/").content.decode()


def test_another_partners_advisor_may_not_change_members(client, advisor, other_advisor):
    companies = small_registry()
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    client.force_login(other_advisor)
    assert client.post(f"/consortia/{consortium.pk}/members/", {"add": companies["both"].pk}).status_code == 403
    assert consortium.members.count() == 2


def test_a_company_is_added_by_its_name(client, advisor):
    companies = small_registry()
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    url = f"/consortia/{consortium.pk}/members/"
    response = client.post(url, {"add": "both ab"}, follow=True)  # exact name, any case
    assert "Added Both AB." in response.content.decode()
    assert companies["both"] in [m.company for m in consortium.members.all()]
    response = client.post(url, {"add": "Parking"}, follow=True)  # the only name containing it
    assert "Added Parking Oy." in response.content.decode()


def test_an_ambiguous_or_unknown_name_changes_nothing_and_says_why(client, advisor):
    companies = small_registry()
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    url = f"/consortia/{consortium.pk}/members/"
    html = client.post(url, {"add": "O"}, follow=True).content.decode()  # many names contain an "o"
    assert "matches" in html and "give the registry id or the full name" in html
    html = client.post(url, {"add": "Nobody GmbH"}, follow=True).content.decode()
    assert "no company you may see is named like" in html
    assert consortium.members.count() == 2
