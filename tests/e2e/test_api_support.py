"""The REST API of training and support, as a script of each role uses it: the catalogue, sessions with
who came, a company's support actions, and logging one (the company page's rules, audited)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sme2go.accounts.models import AuditEvent
from sme2go.support.models import Attendance, SupportAction, TrainingModule, TrainingSession
from tests.e2e.api_client import call, token_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = (TODAY - datetime.timedelta(days=1)).isoformat()
ADVICE = {"kind": "coaching", "given_on": YESTERDAY, "hours": 1.5, "note": "pricing for Kenyan utilities"}


def actions_url(company) -> str:
    return f"/api/companies/{company.pk}/support-actions"


@pytest.fixture
def sessions(partners, ee_company, fi_company):
    """A Tehnopol session both companies attended (last year) and a Turku one only the Finnish one did."""
    tenders = TrainingModule.objects.create(title="Public procurement abroad", hours=4)
    pitching = TrainingModule.objects.create(title="Pitching to cities", hours=2)
    last_year = TrainingSession.objects.create(module=tenders, partner=partners["Tehnopol"], place="Tallinn",
                                               held_on=datetime.date(TODAY.year - 1, 5, 4))
    Attendance.objects.create(session=last_year, company=ee_company, people=2)
    Attendance.objects.create(session=last_year, company=fi_company, people=1)
    this_year = TrainingSession.objects.create(module=pitching, partner=partners["Turku"], place="online",
                                               held_on=datetime.date(TODAY.year, 1, 15))
    Attendance.objects.create(session=this_year, company=fi_company, people=3)
    return {"last_year": last_year, "this_year": this_year}


def test_an_advisor_logs_support_and_the_company_reads_it_without_the_staff_note(advisor, company_user, ee_company):
    created = call("post", actions_url(ee_company), token=token_for(advisor), body=ADVICE)
    assert created.status_code == 201, created.data
    assert created.data | {"id": 0} == {
        "id": 0, "company_id": ee_company.pk, "partner": {"id": advisor.membership.partner_id, "short_name": "Tehnopol"},
        "given_on": YESTERDAY, "kind": "coaching", "kind_label": "Coaching", "hours": 1.5,
        "note": "pricing for Kenyan utilities", "advisor": "advisor-ee"}
    action = SupportAction.objects.get()
    event = AuditEvent.objects.get(action="support.log")
    assert (event.actor, event.object_id) == (advisor, str(action.pk))
    assert call("get", actions_url(ee_company), token=token_for(advisor)).data == [created.data]
    seen_by_company = call("get", actions_url(ee_company), token=token_for(company_user)).data
    assert [(a["kind"], a["hours"], a["note"], a["advisor"]) for a in seen_by_company] == [("coaching", 1.5, None, None)]


def test_only_the_companys_advisors_and_the_manager_log_its_support(advisor, other_advisor, company_user, manager,
                                                                     ee_company, fi_company, partners):
    assert call("post", actions_url(ee_company), token=token_for(other_advisor), body=ADVICE).status_code == 403
    assert call("post", actions_url(ee_company), token=token_for(company_user), body=ADVICE).status_code == 403
    assert call("post", actions_url(fi_company), token=token_for(company_user), body=ADVICE).status_code == 404
    assert call("post", actions_url(ee_company), body=ADVICE).status_code == 401
    foreign = call("post", actions_url(ee_company), token=token_for(advisor),
                   body={**ADVICE, "partner_id": partners["Turku"].pk})
    assert foreign.status_code == 403 and foreign.data["detail"] == "advisors act for their own partner only"
    assert not SupportAction.objects.exists() and not AuditEvent.objects.filter(action="support.log").exists()
    by_manager = call("post", actions_url(fi_company), token=token_for(manager),
                      body={**ADVICE, "partner_id": partners["Turku"].pk})
    assert by_manager.status_code == 201 and by_manager.data["partner"]["short_name"] == "Turku"


def test_the_manager_names_the_partner(manager, ee_company):
    response = call("post", actions_url(ee_company), token=token_for(manager), body=ADVICE)
    assert response.status_code == 422
    assert response.data == {"detail": "choose the partner", "field": "partner_id"}
    unknown = call("post", actions_url(ee_company), token=token_for(manager), body={**ADVICE, "partner_id": 999})
    assert unknown.data == {"detail": "unknown partner organisation 999", "field": "partner_id"}
    assert not SupportAction.objects.exists()


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"given_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "given_on", "is in the future"),
    ({"given_on": "2024-02-30"}, "given_on", "not a day of the calendar"),
    ({"given_on": "02.03.2024"}, "given_on", "YYYY-MM-DD"),
    ({"given_on": 1_700_000_000}, "given_on", "YYYY-MM-DD"),
    ({"hours": 250}, "hours", "between 0 and 200"),
    ({"hours": -1}, "hours", "between 0 and 200"),
    ({"hours": 1.55}, "hours", "at most one decimal"),
    ({"hours": "2"}, "hours", "valid number"),
    ({"hours": True}, "hours", "valid number"),
    ({"kind": "consulting"}, "kind", "choose one of advice, coaching"),
    ({"kind": 1}, "kind", "valid string"),
    ({"note": "call\x07back"}, "note", "control character 0x07"),
    ({"note": "n" * 5_001}, "note", "at most 5,000"),
    ({"partner_id": "2"}, "partner_id", "valid integer"),
    ({"hourz": 2}, "hourz", "Extra inputs"),
])
def test_bad_input_is_a_422_naming_the_field_and_nothing_is_stored(advisor, ee_company, change, field, words):
    response = call("post", actions_url(ee_company), token=token_for(advisor), body={**ADVICE, **change})
    assert response.status_code == 422, response.data
    assert response.data["field"] == field and words in response.data["detail"], response.data
    assert not SupportAction.objects.exists() and not AuditEvent.objects.filter(action="support.log").exists()


def test_a_missing_field_is_named(advisor, ee_company):
    response = call("post", actions_url(ee_company), token=token_for(advisor), body={"kind": "advice", "hours": 1})
    assert (response.status_code, response.data["field"]) == (422, "given_on")


def test_staff_read_every_session_with_who_came(advisor, sessions, ee_company, fi_company):
    page = call("get", "/api/support/sessions", token=token_for(advisor)).data
    assert (page["count"], page["pages"]) == (2, 1)
    newest, oldest = page["items"]
    assert (newest["module"], newest["partner"]["short_name"], newest["place"]) == ("Pitching to cities", "Turku", "online")
    assert oldest["attendance"] == [
        {"company_id": ee_company.pk, "company": "Aqua Sense OÜ", "people": 2},
        {"company_id": fi_company.pk, "company": "Volttiväylä Oy", "people": 1}]
    one = call("get", f"/api/support/sessions/{oldest['id']}", token=token_for(advisor))
    assert one.status_code == 200 and one.data == oldest


def test_sessions_are_filtered_by_year_partner_and_company(advisor, sessions, ee_company):
    token = token_for(advisor)

    def modules(query: str) -> list[str]:
        response = call("get", f"/api/support/sessions?{query}", token=token)
        assert response.status_code == 200, response.data
        return [s["module"] for s in response.data["items"]]

    assert modules(f"year={TODAY.year}") == ["Pitching to cities"]
    assert modules("partner=tehnopol") == ["Public procurement abroad"]
    assert modules(f"company={ee_company.pk}") == ["Public procurement abroad"]
    assert modules("page=2&page_size=1") == ["Public procurement abroad"]
    unknown = call("get", "/api/support/sessions?partner=Nowhere", token=token)
    assert unknown.status_code == 422 and unknown.data["field"] == "partner"
    assert call("get", "/api/support/sessions?year=1999", token=token).data["field"] == "year"


def test_a_company_sees_only_the_sessions_it_attended_and_only_its_own_line(company_user, sessions, ee_company):
    token = token_for(company_user)
    page = call("get", "/api/support/sessions", token=token).data
    assert [(s["module"], s["attendance"]) for s in page["items"]] == [
        ("Public procurement abroad", [{"company_id": ee_company.pk, "company": "Aqua Sense OÜ", "people": 2}])]
    assert call("get", f"/api/support/sessions/{sessions['this_year'].pk}", token=token).status_code == 404
    assert call("get", "/api/support/modules", token=token).status_code == 403


def test_staff_read_the_catalogue(advisor, sessions):
    modules = call("get", "/api/support/modules", token=token_for(advisor)).data
    assert [(m["title"], m["hours"]) for m in modules] == [("Pitching to cities", 2.0), ("Public procurement abroad", 4.0)]


def test_a_company_user_never_reads_another_companys_support(company_user, advisor, fi_company):
    call("post", actions_url(fi_company), token=token_for(advisor), body=ADVICE)  # refused: not Tehnopol's company
    assert call("get", actions_url(fi_company), token=token_for(company_user)).status_code == 404
    assert call("get", "/api/companies/999999/support-actions", token=token_for(advisor)).status_code == 404
