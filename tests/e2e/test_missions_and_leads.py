"""Export missions, the lead pipeline and first sales, as advisors and companies use them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sme2go.accounts.models import AuditEvent
from sme2go.missions.models import Lead, LeadEvent, Meeting, Mission, MissionParticipant
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def iso(days: int) -> str:
    return (TODAY + datetime.timedelta(days=days)).isoformat()


def new_mission(client, **fields):
    data = {"name": "Nairobi smart water", "country": "ke", "city": "Nairobi", "starts_on": iso(-10),
            "ends_on": iso(-6), **fields}
    return client.post("/missions/new/", data)


def test_an_advisor_runs_a_mission_from_participants_to_meetings(advisor, ee_company):
    client = client_for(advisor)
    response = new_mission(client)
    mission = Mission.objects.get()
    assert response.status_code == 302 and (mission.country, mission.partner.short_name) == ("KE", "Tehnopol")
    url = f"/missions/{mission.pk}/"
    assert client.post(url, {"join": "1", "company": "aqua"}).status_code == 302
    again = client.post(url, {"join": "1", "company": str(ee_company.pk)})
    assert again.status_code == 400 and "Aqua Sense OÜ is already on the mission" in again.content.decode()
    outside = client.post(url, {"meet": "1", "company": str(ee_company.pk), "counterpart": "Nairobi Water",
                                "held_on": iso(0)})
    assert outside.status_code == 400 and "is outside the mission" in outside.content.decode()
    assert client.post(url, {"meet": "1", "company": str(ee_company.pk), "counterpart": "Nairobi Water",
                             "held_on": iso(-8), "outcome": "wants a pilot"}).status_code == 302
    assert Meeting.objects.get().counterpart == "Nairobi Water"
    blocked = client.post(url, {"leave": str(ee_company.pk)}, follow=True)
    assert "has meetings on this mission: remove them first" in blocked.content.decode()
    assert MissionParticipant.objects.count() == 1
    assert AuditEvent.objects.filter(action="missions.meeting", actor=advisor).exists()


def test_bad_mission_input_is_named(advisor):
    client = client_for(advisor)
    response = new_mission(client, country="Kenya", ends_on=iso(-20))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this value has at most 2 characters" in html
    response = new_mission(client, ends_on=iso(-20))
    assert response.status_code == 400 and "before it starts" in response.content.decode()
    response = new_mission(client, country="XX")
    assert response.status_code == 400 and "is not an ISO 3166-1 alpha-2 country code" in response.content.decode()
    assert not Mission.objects.exists()


def test_a_lead_moves_to_a_first_sale_with_its_history(advisor, ee_company):
    client = client_for(advisor)
    response = client.post(f"/companies/{ee_company.pk}/leads/new/",
                           {"buyer": "Nairobi Water", "country": "KE", "value_eur": "40000", "follow_up_on": iso(0)})
    lead = Lead.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/leads/{lead.pk}/"
    url = f"/leads/{lead.pk}/"
    no_date = client.post(url, {"stage": "won", "value_eur": "40000"})
    assert no_date.status_code == 400 and "give the date of the sale" in no_date.content.decode()
    future = client.post(url, {"stage": "won", "value_eur": "40000", "won_on": iso(5)})
    assert future.status_code == 400 and "is in the future" in future.content.decode()
    assert client.post(url, {"stage": "proposal", "note": "sent the offer"}).status_code == 302
    assert client.post(url, {"stage": "won", "value_eur": "42000", "won_on": iso(-1)}).status_code == 302
    lead.refresh_from_db()
    assert (lead.stage, str(lead.value_eur), lead.won_on.isoformat()) == ("won", "42000.00", iso(-1))
    assert [(e.from_stage, e.to_stage) for e in LeadEvent.objects.filter(lead=lead)] == [
        ("", "identified"), ("identified", "proposal"), ("proposal", "won")]
    page = client.get(f"/companies/{ee_company.pk}/").content.decode()
    assert "First export sale:" in page and "42,000 EUR" in page
    pipeline = client.get("/leads/").content.decode()
    assert "1 sale</strong> worth 42,000 EUR by 1 company" in pipeline and "(1 first export sale)" in pipeline


def test_the_page_refuses_invisible_characters_and_amounts_below_a_cent_as_the_api_does(advisor, ee_company):
    client = client_for(advisor)
    hidden = client.post(f"/companies/{ee_company.pk}/leads/new/",
                         {"buyer": "Nairobi\u202eWater", "country": "KE", "value_eur": "40000"})
    assert hidden.status_code == 400
    assert "bidirectional control character U+202E" in hidden.content.decode()
    assert not Lead.objects.exists()
    client.post(f"/companies/{ee_company.pk}/leads/new/", {"buyer": "Nairobi Water", "country": "KE", "value_eur": "1"})
    lead = Lead.objects.get()
    too_long = client.post(f"/leads/{lead.pk}/", {"stage": "lost", "note": "n" * 5_001})
    assert too_long.status_code == 400 and "too long: 5,001 characters, at most 5,000" in too_long.content.decode()
    assert Lead.objects.get().stage == "identified"


def test_losing_a_lead_needs_a_reason(advisor, ee_company):
    client = client_for(advisor)
    client.post(f"/companies/{ee_company.pk}/leads/new/", {"buyer": "Kisumu City", "country": "KE", "value_eur": "9000"})
    lead = Lead.objects.get()
    response = client.post(f"/leads/{lead.pk}/", {"stage": "lost"})
    assert response.status_code == 400 and "say why the lead was lost" in response.content.decode()
    assert client.post(f"/leads/{lead.pk}/", {"stage": "lost", "note": "went with a local firm"}).status_code == 302
    assert Lead.objects.get().stage == "lost"


def test_follow_ups_due_are_listed_and_lost_leads_are_not(advisor, ee_company, partners):
    for buyer, follow_up, stage in (("Due Ltd", iso(-1), "contacted"), ("Later Ltd", iso(30), "contacted"),
                                    ("Gone Ltd", iso(-3), "lost")):
        Lead.objects.create(company=ee_company, partner=partners["Tehnopol"], buyer=buyer, country="KE", value_eur=1,
                            stage=stage, follow_up_on=follow_up)
    due = client_for(advisor).get("/leads/").content.decode().split('id="due"')[1].split("</section>")[0]
    assert "Due Ltd" in due and "Later Ltd" not in due and "Gone Ltd" not in due


def test_a_lead_from_a_mission_needs_the_company_on_it(advisor, ee_company, fi_company, partners):
    mission = Mission.objects.create(name="Kigali", country="RW", starts_on=TODAY, ends_on=TODAY,
                                     partner=partners["Tehnopol"])
    MissionParticipant.objects.create(mission=mission, company=ee_company)
    client = client_for(advisor)
    response = client.post(f"/companies/{ee_company.pk}/leads/new/",
                           {"buyer": "Kigali City", "country": "RW", "value_eur": "5000", "mission": str(mission.pk)})
    assert response.status_code == 302 and Lead.objects.get().mission == mission
    form = client_for(advisor).get(f"/companies/{ee_company.pk}/leads/new/?mission={mission.pk}").content.decode()
    assert f'<option value="{mission.pk}" selected>' in form


def test_other_partners_read_leads_but_do_not_move_them_and_companies_see_only_their_own(
    advisor, other_advisor, company_user, ee_company, fi_company, partners
):
    mine = Lead.objects.create(company=ee_company, partner=partners["Tehnopol"], buyer="Nairobi Water", country="KE",
                               value_eur=100)
    theirs = Lead.objects.create(company=fi_company, partner=partners["Turku"], buyer="Kampala", country="UG",
                                 value_eur=100)
    other = client_for(other_advisor)
    assert other.get(f"/leads/{mine.pk}/").status_code == 200
    assert other.post(f"/leads/{mine.pk}/", {"stage": "contacted"}).status_code == 403
    assert other.post(f"/companies/{ee_company.pk}/leads/new/", {"buyer": "X", "country": "KE",
                                                                  "value_eur": "1"}).status_code == 403
    company = client_for(company_user)
    own = company.get(f"/leads/{mine.pk}/")
    assert own.status_code == 200 and "Move or follow up" not in own.content.decode()
    assert company.get(f"/leads/{theirs.pk}/").status_code == 404
    assert company.get("/leads/").status_code == 403 and company.get("/missions/").status_code == 403
    assert Lead.objects.get(pk=mine.pk).stage == "identified"


def test_the_organiser_corrects_a_mission_but_never_strands_its_meetings(advisor, other_advisor, ee_company):
    client = client_for(advisor)
    new_mission(client)
    mission = Mission.objects.get()
    MissionParticipant.objects.create(mission=mission, company=ee_company)
    Meeting.objects.create(mission=mission, company=ee_company, counterpart="Nairobi Water", held_on=mission.starts_on)
    edit = f"/missions/{mission.pk}/edit/"
    fields = {"name": "Nairobi water week", "country": "KE", "city": "Nairobi", "starts_on": iso(-10),
              "ends_on": iso(-6)}
    assert client_for(other_advisor).post(edit, fields).status_code == 403
    stranded = client.post(edit, {**fields, "starts_on": iso(-9)})
    assert stranded.status_code == 400
    assert "1 meeting(s) would fall outside the new dates" in stranded.content.decode()
    assert Mission.objects.get().name == "Nairobi smart water"
    assert client.post(edit, fields).status_code == 302
    assert Mission.objects.get().name == "Nairobi water week"
    assert AuditEvent.objects.get(action="missions.change").changes["after"] == {"name": "Nairobi water week"}


def test_the_mission_list_counts_companies_meetings_and_leads(advisor, ee_company):
    client = client_for(advisor)
    assert client.get("/missions/").status_code == 200  # the empty list
    new_mission(client)
    mission = Mission.objects.get()
    url = f"/missions/{mission.pk}/"
    client.post(url, {"join": "1", "company": str(ee_company.pk)})
    for counterpart in ("Nairobi Water", "Kisumu Water"):
        client.post(url, {"meet": "1", "company": str(ee_company.pk), "counterpart": counterpart, "held_on": iso(-8)})
    response = client.get("/missions/")
    assert response.status_code == 200
    table = response.content.decode().split("<tbody>")[1]
    row = next(r for r in table.split("<tr>") if "Nairobi smart water" in r)
    cells = [c.split("</td>")[0] for c in row.split('<td class="num">')[1:]]
    assert cells == ["1", "2", "0"]  # companies, meetings, leads


def test_a_mission_offers_add_a_lead_only_for_the_companies_the_viewer_follows(advisor, other_advisor, ee_company,
                                                                              fi_company):
    client = client_for(advisor)
    new_mission(client)
    mission = Mission.objects.get()
    url = f"/missions/{mission.pk}/"
    for company in (ee_company, fi_company):
        client.post(url, {"join": "1", "company": str(company.pk)})
    for viewer, followed, other in ((advisor, ee_company, fi_company), (other_advisor, fi_company, ee_company)):
        viewer_client = client_for(viewer)
        html = viewer_client.get(url).content.decode()
        assert f"/companies/{followed.pk}/leads/new/" in html
        assert f"/companies/{other.pk}/leads/new/" not in html
        assert viewer_client.get(f"/companies/{other.pk}/leads/new/?mission={mission.pk}").status_code == 403


def test_a_company_with_leads_from_a_mission_stays_on_it(advisor, ee_company):
    client = client_for(advisor)
    new_mission(client)
    mission = Mission.objects.get()
    url = f"/missions/{mission.pk}/"
    client.post(url, {"join": "1", "company": str(ee_company.pk)})
    assert client.post(f"/companies/{ee_company.pk}/leads/new/", {
        "buyer": "Nairobi Water", "country": "KE", "value_eur": "1000", "mission": str(mission.pk)}).status_code == 302
    assert Lead.objects.get().mission == mission
    refused = client.post(url, {"leave": str(ee_company.pk)}, follow=True)
    assert "has 1 lead from this mission" in refused.content.decode()
    assert MissionParticipant.objects.filter(mission=mission, company=ee_company).exists()


def test_the_missions_are_listed_the_latest_first(advisor, partners):
    for name, start in (("Accra", -300), ("Hanoi", -20), ("Kigali", -150)):
        day = TODAY + datetime.timedelta(days=start)
        Mission.objects.create(name=name, country="GH", starts_on=day, ends_on=day, partner=partners["Tehnopol"])
    table = client_for(advisor).get("/missions/").content.decode().split("<tbody>")[1]
    assert [n for n in ("Hanoi", "Kigali", "Accra") if n in table] == ["Hanoi", "Kigali", "Accra"]
    assert table.index("Hanoi") < table.index("Kigali") < table.index("Accra")
