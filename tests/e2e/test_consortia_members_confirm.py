"""Changing the team of a consortium its members have agreed on (or made their offer with) from the
consortium page asks first, naming the company and the status; a proposed team changes in one click."""

from __future__ import annotations

import pytest

from sme2go.consortia.models import Consortium
from tests.e2e.test_consortia_save_and_status import save
from tests.integration.consortia_registry import small_registry

pytestmark = pytest.mark.django_db


def team(consortium: Consortium) -> set[str]:
    return set(consortium.members.values_list("company__legal_name", flat=True))


def words(response) -> str:
    return " ".join(response.content.decode().split())


def saved_with_status(client, advisor, *statuses: str) -> tuple[Consortium, dict]:
    companies = small_registry()
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    for status in statuses:
        client.post(f"/consortia/{consortium.pk}/status/", {"status": status})
    consortium.refresh_from_db()
    assert consortium.status == statuses[-1]
    return consortium, companies


def test_adding_to_an_agreed_team_asks_naming_company_and_status_then_adds(client, advisor):
    consortium, companies = saved_with_status(client, advisor, "agreed")
    url = f"/consortia/{consortium.pk}/members/"
    asked = client.post(url, {"add": "both ab"})
    assert asked.status_code == 302
    assert asked["Location"] == f"/consortia/{consortium.pk}/?confirm_add={companies['both'].pk}"
    assert team(consortium) == {"Aqua Leak OÜ", "Meter Oy"}  # asking changes nothing

    page = words(client.get(asked["Location"]))
    assert "<strong>Add Both AB to Leak team?</strong> The consortium is Agreed: its members have agreed" in page
    assert '<input type="hidden" name="confirmed" value="yes">' in page
    assert f'name="add" value="{companies["both"].pk}">Yes, add Both AB</button>' in page
    assert f'<a href="/consortia/{consortium.pk}/">Cancel</a>' in page

    done = client.post(url, {"add": companies["both"].pk, "confirmed": "yes"}, follow=True)
    assert "Added Both AB." in done.content.decode()
    assert team(consortium) == {"Aqua Leak OÜ", "Meter Oy", "Both AB"}


def test_removing_from_an_offered_team_asks_first(client, advisor):
    consortium, companies = saved_with_status(client, advisor, "agreed", "offer_submitted")
    url = f"/consortia/{consortium.pk}/members/"
    asked = client.post(url, {"remove": companies["aqua"].pk}, follow=True)
    page = words(asked)
    assert "<strong>Remove Aqua Leak OÜ from Leak team?</strong> The consortium is Offer submitted: its members made" in page
    assert team(consortium) == {"Aqua Leak OÜ", "Meter Oy"}
    client.post(url, {"remove": companies["aqua"].pk, "confirmed": "yes"})
    assert team(consortium) == {"Meter Oy"}
    assert [e.detail for e in consortium.events.filter(kind="member_removed")] == ["Aqua Leak OÜ"]


def test_a_proposed_team_changes_in_one_click(client, advisor):
    companies = small_registry()
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    response = client.post(f"/consortia/{consortium.pk}/members/", {"add": companies["both"].pk})
    assert response["Location"] == f"/consortia/{consortium.pk}/"
    assert "Both AB" in team(consortium)
    page = client.get(f"/consortia/{consortium.pk}/?confirm_add={companies['other'].pk}").content.decode()
    assert "Yes, add" not in page


def test_the_lead_and_unknown_names_are_not_asked_about(client, advisor):
    consortium, companies = saved_with_status(client, advisor, "agreed")
    page = client.get(f"/consortia/{consortium.pk}/?confirm_remove={companies['meter'].pk}").content.decode()
    assert "Yes, remove" not in page  # the lead cannot be removed, so there is nothing to ask
    response = client.post(f"/consortia/{consortium.pk}/members/", {"add": "no such company"}, follow=True)
    assert "members: " in response.content.decode() and "Yes, add" not in response.content.decode()


def test_someone_who_may_not_change_it_is_refused_not_asked(client, advisor, other_advisor):
    consortium, companies = saved_with_status(client, advisor, "agreed")
    client.force_login(other_advisor)
    response = client.post(f"/consortia/{consortium.pk}/members/", {"add": companies["both"].pk})
    assert response.status_code in (403, 404)
    assert team(consortium) == {"Aqua Leak OÜ", "Meter Oy"}
