"""The REST API of missions, leads and sales, as a script of each role uses it: missions with participants
and meetings, the pipeline and its filters, adding and moving a lead by the pages' rules (audited, with
its history), and a company's first export sale."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sme2go.accounts.models import AuditEvent
from sme2go.missions.models import Lead, LeadEvent, Meeting, Mission, MissionParticipant
from tests.e2e.api_client import call, token_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def iso(days: int) -> str:
    return (TODAY + datetime.timedelta(days=days)).isoformat()


LEAD = {"buyer": "Nairobi Water", "country": "ke", "value_eur": 40_000, "follow_up_on": iso(7),
        "description": "smart meters for 2 districts"}


def leads_url(company) -> str:
    return f"/api/companies/{company.pk}/leads"


@pytest.fixture
def mission(partners, ee_company, fi_company):
    """A Tehnopol mission to Nairobi last week, both companies on it, one meeting."""
    mission = Mission.objects.create(name="Nairobi smart water", country="KE", city="Nairobi", starts_on=TODAY - datetime.timedelta(days=10),
                                     ends_on=TODAY - datetime.timedelta(days=6), partner=partners["Tehnopol"])
    MissionParticipant.objects.create(mission=mission, company=ee_company)
    MissionParticipant.objects.create(mission=mission, company=fi_company)
    Meeting.objects.create(mission=mission, company=ee_company, counterpart="Nairobi Water", held_on=mission.starts_on,
                           outcome="wants a pilot")
    return mission


def add_lead(user, company, **change):
    return call("post", leads_url(company), token=token_for(user), body={**LEAD, **change})


def move(user, lead_id, **body):
    return call("post", f"/api/leads/{lead_id}/move", token=token_for(user), body=body)


# --- missions ------------------------------------------------------------------------------------


def test_staff_read_missions_with_participants_and_meetings(other_advisor, mission, ee_company):
    token = token_for(other_advisor)  # another partner's advisor reads it too, as on the pages
    listed = call("get", "/api/missions", token=token).data
    assert [(m["name"], m["country"], m["company_count"], m["meeting_count"], m["lead_count"]) for m in listed] == [
        ("Nairobi smart water", "KE", 2, 1, 0)]
    one = call("get", f"/api/missions/{mission.pk}", token=token).data
    assert [p["company"] for p in one["participants"]] == ["Aqua Sense OÜ", "Volttiväylä Oy"]
    assert one["meetings"] == [{"id": Meeting.objects.get().pk, "company_id": ee_company.pk, "company": "Aqua Sense OÜ",
                                "counterpart": "Nairobi Water", "held_on": mission.starts_on.isoformat(),
                                "outcome": "wants a pilot"}]
    assert one["partner"]["short_name"] == "Tehnopol"
    assert call("get", f"/api/missions/{mission.pk + 1}", token=token).status_code == 404


def test_missions_are_for_staff(company_user, mission):
    token = token_for(company_user)
    assert call("get", "/api/missions", token=token).status_code == 403
    assert call("get", f"/api/missions/{mission.pk}", token=token).status_code == 403
    assert call("get", f"/api/missions/{mission.pk + 1}", token=token).status_code == 403  # learns nothing
    assert call("get", "/api/missions").status_code == 401


# --- adding and moving leads ---------------------------------------------------------------------


def test_an_advisor_adds_a_lead_and_moves_it_to_a_first_sale(advisor, ee_company, mission):
    created = add_lead(advisor, ee_company, mission_id=mission.pk)
    assert created.status_code == 201, created.data
    lead = created.data
    assert (lead["country"], lead["stage"], lead["value_eur"], lead["mission"], lead["partner"]["short_name"]) == (
        "KE", "identified", 40_000.0, "Nairobi smart water", "Tehnopol")
    assert [(e["from_stage"], e["to_stage"], e["note"]) for e in lead["history"]] == [("", "identified", "lead added")]
    assert AuditEvent.objects.filter(action="leads.create", actor=advisor, object_id=str(lead["id"])).exists()

    proposal = move(advisor, lead["id"], stage="proposal", note="sent the offer", follow_up_on=iso(14))
    assert proposal.status_code == 200 and proposal.data["follow_up_on"] == iso(14)
    won = move(advisor, lead["id"], stage="won", won_on=iso(-1), value_eur=42_000.5)
    assert won.status_code == 200, won.data
    assert (won.data["stage"], won.data["won_on"], won.data["value_eur"], won.data["is_first_sale"]) == (
        "won", iso(-1), 42_000.5, True)
    assert [(e["from_stage"], e["to_stage"]) for e in won.data["history"]] == [
        ("", "identified"), ("identified", "proposal"), ("proposal", "won")]
    assert AuditEvent.objects.filter(action="leads.move", actor=advisor).count() == 2
    first = call("get", f"/api/companies/{ee_company.pk}/first-sale", token=token_for(advisor)).data
    assert first["first_sale"]["id"] == lead["id"] and first["first_sale"]["won_on"] == iso(-1)


def test_moving_a_sale_back_clears_its_date_and_the_first_sale(advisor, ee_company):
    lead_id = add_lead(advisor, ee_company).data["id"]
    move(advisor, lead_id, stage="won", won_on=iso(0))
    back = move(advisor, lead_id, stage="negotiation", note="the buyer withdrew the order")
    assert (back.data["stage"], back.data["won_on"], back.data["is_first_sale"]) == ("negotiation", None, False)
    assert call("get", f"/api/companies/{ee_company.pk}/first-sale", token=token_for(advisor)).data == {
        "company_id": ee_company.pk, "first_sale": None}


def test_a_follow_up_at_the_same_stage_is_a_history_line(advisor, ee_company):
    lead_id = add_lead(advisor, ee_company).data["id"]
    noted = move(advisor, lead_id, stage="identified", note="called, call again in May", follow_up_on=iso(30))
    assert noted.data["history"][-1] | {"at": None} == {
        "from_stage": "", "to_stage": "", "note": "called, call again in May", "user": "advisor-ee", "at": None}
    assert noted.data["follow_up_on"] == iso(30)


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"stage": "won", "value_eur": 42_000}, "won_on", "give the date of the sale"),
    ({"stage": "won", "won_on": iso(1)}, "won_on", "is in the future"),
    ({"stage": "won", "won_on": iso(0), "value_eur": 0}, "value_eur", "a sale has a value above 0 EUR"),
    ({"stage": "lost"}, "note", "say why the lead was lost"),
    ({"stage": "lost", "note": "   "}, "note", "say why the lead was lost"),
    ({"stage": "signed"}, "stage", "choose one of identified, contacted, proposal, negotiation, won, lost"),
    ({"stage": "won", "won_on": "yesterday"}, "won_on", "YYYY-MM-DD"),
    ({"stage": "contacted", "value_eur": "42000"}, "value_eur", "valid number"),
    ({"stage": "contacted", "value_eur": 1.234}, "value_eur", "at most two decimals"),
    ({"stage": "contacted", "value_eur": 2e11}, "value_eur", "must be between 0 and"),
    ({"stage": "contacted", "follow_up_on": "2026-13-01"}, "follow_up_on", "not a day of the calendar"),
    ({"stage": "contacted", "stge": "won"}, "stge", "Extra inputs"),
    ({"note": "no stage"}, "stage", "Field required"),
])
def test_a_move_against_the_rules_is_a_422_naming_the_field_and_changes_nothing(advisor, ee_company, body, field, words):
    lead_id = add_lead(advisor, ee_company).data["id"]
    response = move(advisor, lead_id, **body)
    assert response.status_code == 422, response.data
    assert response.data["field"] == field and words in response.data["detail"], response.data
    lead = Lead.objects.get()
    assert (lead.stage, lead.value_eur, lead.won_on, lead.follow_up_on.isoformat()) == ("identified", 40_000, None, iso(7))
    assert LeadEvent.objects.count() == 1 and not AuditEvent.objects.filter(action="leads.move").exists()


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"country": "Kenya"}, "country", "is not an ISO 3166-1 alpha-2 country code"),
    ({"buyer": "  "}, "buyer", "name the buying organisation"),
    ({"buyer": "B" * 201}, "buyer", "at most 200"),
    ({"buyer": "Nairobi\u202eWater"}, "buyer", "bidirectional control character U+202E"),
    ({"buyer": "Nairobi\nWater"}, "buyer", "line break"),
    ({"value_eur": -5}, "value_eur", "must be between 0 and"),
    ({"value_eur": "40000"}, "value_eur", "valid number"),
    ({"follow_up_on": 20260101}, "follow_up_on", "YYYY-MM-DD"),
    ({"mission_id": "1"}, "mission_id", "valid integer"),
    ({"mission_id": 999}, "mission_id", "unknown mission 999"),
    ({"partner_id": 999}, "partner_id", "unknown partner organisation 999"),
    ({"buyr": "x"}, "buyr", "Extra inputs"),
])
def test_a_bad_new_lead_is_a_422_naming_the_field_and_nothing_is_stored(advisor, ee_company, change, field, words):
    response = add_lead(advisor, ee_company, **change)
    assert response.status_code == 422, response.data
    assert response.data["field"] == field and words in response.data["detail"], response.data
    assert not Lead.objects.exists() and not LeadEvent.objects.exists()
    assert not AuditEvent.objects.filter(action="leads.create").exists()


def test_a_lead_from_a_mission_needs_the_company_on_it(advisor, manager, ee_company, partners):
    elsewhere = Mission.objects.create(name="Kigali", country="RW", starts_on=TODAY, ends_on=TODAY,
                                       partner=partners["Tehnopol"])
    response = add_lead(advisor, ee_company, mission_id=elsewhere.pk)
    assert response.data == {"detail": "Aqua Sense OÜ was not on Kigali", "field": "mission_id"}
    unnamed = add_lead(manager, ee_company)
    assert unnamed.data == {"detail": "choose the partner", "field": "partner_id"}
    assert not Lead.objects.exists()


# --- who sees and changes which lead -------------------------------------------------------------


@pytest.fixture
def two_leads(advisor, other_advisor, ee_company, fi_company):
    mine = add_lead(advisor, ee_company).data["id"]
    theirs = add_lead(other_advisor, fi_company, buyer="Kampala Capital City", country="UG").data["id"]
    move(advisor, mine, stage="contacted", note="Tehnopol's note: the CFO is sceptical")
    return {"mine": mine, "theirs": theirs}


def test_other_partners_read_leads_but_neither_add_nor_move_them(other_advisor, ee_company, two_leads):
    token = token_for(other_advisor)
    assert call("get", f"/api/leads/{two_leads['mine']}", token=token).status_code == 200
    refused = move(other_advisor, two_leads["mine"], stage="proposal")
    assert refused.status_code == 403 and "move its leads" in refused.data["detail"]
    assert add_lead(other_advisor, ee_company).status_code == 403
    assert Lead.objects.get(pk=two_leads["mine"]).stage == "contacted"
    assert call("get", "/api/leads", token=token).data["count"] == 2


def test_a_company_reads_only_its_own_leads_without_the_staffs_notes(company_user, ee_company, two_leads):
    token = token_for(company_user)
    page = call("get", "/api/leads", token=token).data
    assert [lead["id"] for lead in page["items"]] == [two_leads["mine"]]
    own = call("get", f"/api/leads/{two_leads['mine']}", token=token).data
    assert [(e["to_stage"], e["note"]) for e in own["history"]] == [("identified", None), ("contacted", None)]
    assert call("get", f"/api/leads/{two_leads['theirs']}", token=token).status_code == 404
    assert move(company_user, two_leads["mine"], stage="won", won_on=iso(0)).status_code == 403
    assert move(company_user, two_leads["theirs"], stage="won", won_on=iso(0)).status_code == 404
    assert add_lead(company_user, ee_company).status_code == 403
    assert call("get", f"/api/companies/{ee_company.pk}/first-sale", token=token).status_code == 200
    assert Lead.objects.get(pk=two_leads["mine"]).stage == "contacted"


def test_the_first_sale_of_a_company_one_may_not_see_is_a_404(company_user, fi_company):
    assert call("get", f"/api/companies/{fi_company.pk}/first-sale", token=token_for(company_user)).status_code == 404
    assert call("get", "/api/leads/1").status_code == 401


# --- the pipeline's filters ----------------------------------------------------------------------


def test_leads_are_filtered_by_stage_company_mission_partner_and_follow_ups_due(
    advisor, other_advisor, ee_company, fi_company, mission
):
    add_lead(advisor, ee_company, buyer="Late Ltd", follow_up_on=iso(-3), mission_id=mission.pk)
    add_lead(advisor, ee_company, buyer="Due Ltd", follow_up_on=iso(0))
    add_lead(advisor, ee_company, buyer="Later Ltd", follow_up_on=iso(30))
    gone = add_lead(other_advisor, fi_company, buyer="Gone Ltd", follow_up_on=iso(-5)).data["id"]
    move(other_advisor, gone, stage="lost", note="went with a local firm")
    token = token_for(advisor)

    def buyers(query: str) -> list[str]:
        response = call("get", f"/api/leads?{query}", token=token)
        assert response.status_code == 200, response.data
        return [lead["buyer"] for lead in response.data["items"]]

    assert buyers("due=true") == ["Late Ltd", "Due Ltd"]
    assert buyers("stage=lost") == ["Gone Ltd"]
    assert buyers(f"company={fi_company.pk}") == ["Gone Ltd"]
    assert buyers(f"mission={mission.pk}") == ["Late Ltd"]
    assert sorted(buyers("partner=Tehnopol")) == ["Due Ltd", "Late Ltd", "Later Ltd"]
    assert buyers("due=true&page=2&page_size=1") == ["Due Ltd"]
    assert call("get", "/api/leads?stage=signed", token=token).data["field"] == "stage"
    assert call("get", "/api/leads?partner=Nowhere", token=token).data["field"] == "partner"
    assert call("get", "/api/leads?page=0", token=token).data["field"] == "page"
