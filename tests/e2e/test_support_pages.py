"""Training and support in the product: log support, run sessions, count unique companies supported."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sme2go.accounts.models import AuditEvent
from sme2go.support.models import Attendance, SupportAction, TrainingSession
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = (TODAY - datetime.timedelta(days=1)).isoformat()


def log(client, company, **fields):
    data = {"kind": "advice", "given_on": YESTERDAY, "hours": "2.5", "note": "Pitch deck for Riga", **fields}
    return client.post(f"/companies/{company.pk}/support/new/", data)


def test_an_advisor_logs_support_and_the_company_page_and_kpi_show_it(advisor, ee_company):
    client = client_for(advisor)
    response = log(client, ee_company)
    assert response.status_code == 302 and response["Location"] == f"/companies/{ee_company.pk}/"
    action = SupportAction.objects.get()
    assert (action.partner.short_name, action.advisor, str(action.hours)) == ("Tehnopol", advisor, "2.5")
    page = client.get(f"/companies/{ee_company.pk}/").content.decode()
    assert "Advice, 2.5 h · Tehnopol" in page and "Pitch deck for Riga" in page
    overview = client.get("/support/").content.decode()
    assert f"1 unique company supported in {TODAY.year}" in overview
    assert AuditEvent.objects.filter(action="support.log", actor=advisor).exists()


def test_bad_support_input_is_named_and_nothing_is_stored(advisor, ee_company):
    client = client_for(advisor)
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    response = log(client, ee_company, given_on=future)
    assert response.status_code == 400 and "is in the future" in response.content.decode()
    response = log(client, ee_company, hours="-1")
    assert response.status_code == 400 and "Ensure this value is greater than or equal to 0" in response.content.decode()
    response = log(client, ee_company, kind="bribery")
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not SupportAction.objects.exists()


def test_the_company_sees_its_support_without_staff_notes_and_no_support_pages(company_user, advisor, ee_company):
    log(client_for(advisor), ee_company)
    client = client_for(company_user)
    page = client.get(f"/companies/{ee_company.pk}/").content.decode()
    assert "Advice, 2.5 h · Tehnopol" in page and "Pitch deck for Riga" not in page and "Log support" not in page
    assert client.get("/support/").status_code == 403
    assert log(client, ee_company).status_code == 403
    assert SupportAction.objects.count() == 1


def test_an_advisor_of_another_partner_may_not_log_or_remove_support(other_advisor, advisor, ee_company):
    log(client_for(advisor), ee_company)
    client = client_for(other_advisor)
    assert log(client, ee_company).status_code == 403
    action = SupportAction.objects.get()
    assert client.post(f"/support/actions/{action.pk}/remove/", {"confirmed": "yes"}).status_code == 403
    assert SupportAction.objects.count() == 1


def test_removing_support_asks_first_and_the_audit_keeps_it(advisor, ee_company):
    client = client_for(advisor)
    log(client, ee_company)
    action = SupportAction.objects.get()
    question = client.post(f"/support/actions/{action.pk}/remove/")
    assert question.status_code == 200 and "Remove this support action?" in question.content.decode()
    assert SupportAction.objects.exists()
    done = client.post(f"/support/actions/{action.pk}/remove/", {"confirmed": "yes"})
    assert done.status_code == 302 and not SupportAction.objects.exists()
    event = AuditEvent.objects.get(action="support.delete")
    assert event.changes["note"] == "Pitch deck for Riga" and event.changes["hours"] == "2.5"


def test_the_manager_names_the_partner_that_gave_the_support(manager, ee_company, partners):
    client = client_for(manager)
    response = log(client, ee_company)
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    assert log(client, ee_company, partner=partners["Turku"].pk).status_code == 302
    assert SupportAction.objects.get().partner == partners["Turku"]


def test_a_session_with_attendance_counts_each_company_once(advisor, ee_company, fi_company):
    client = client_for(advisor)
    response = client.post("/support/sessions/new/", {"module_title": "Public procurement abroad",
                                                      "held_on": YESTERDAY, "place": "Tallinn", "hours": "6"})
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/support/sessions/{session.pk}/"
    assert session.partner.short_name == "Tehnopol" and str(session.module.hours) == "6.0"
    url = f"/support/sessions/{session.pk}/"
    assert client.post(url, {"add": "1", "company": "aqua sense", "people": "2"}).status_code == 302
    assert client.post(url, {"add": "1", "company": str(fi_company.pk), "people": "1"}).status_code == 302
    again = client.post(url, {"add": "1", "company": "Aqua Sense OÜ", "people": "1"})
    assert again.status_code == 400 and "Aqua Sense OÜ is already on the list" in again.content.decode()
    unknown = client.post(url, {"add": "1", "company": "Nobody Oy", "people": "1"})
    assert unknown.status_code == 400 and "no company you may see is named like" in unknown.content.decode()
    log(client, ee_company)  # supported twice: by a session and an action
    overview = client.get("/support/").content.decode()
    assert f"2 unique companies supported in {TODAY.year}" in overview
    assert "3 people trained" in overview
    assert client.post(url, {"remove": str(fi_company.pk)}).status_code == 302
    assert list(Attendance.objects.values_list("company__legal_name", flat=True)) == ["Aqua Sense OÜ"]


def test_only_the_partner_running_a_session_records_who_came(advisor, other_advisor, ee_company):
    client_for(advisor).post("/support/sessions/new/", {"module_title": "Export pricing", "held_on": YESTERDAY,
                                                        "place": "online"})
    session = TrainingSession.objects.get()
    other = client_for(other_advisor)
    page = other.get(f"/support/sessions/{session.pk}/")
    assert page.status_code == 200 and "Add to the list" not in page.content.decode()
    assert other.post(f"/support/sessions/{session.pk}/", {"add": "1", "company": str(ee_company.pk)}).status_code == 403
    assert not Attendance.objects.exists()


def test_a_session_needs_a_module_and_a_place(advisor):
    response = client_for(advisor).post("/support/sessions/new/", {"module_title": " ", "held_on": YESTERDAY,
                                                                   "place": ""})
    assert response.status_code == 400
    assert response.content.decode().count("This field is required") == 2
    assert not TrainingSession.objects.exists()


def test_removing_an_attendance_that_is_not_there_changes_nothing(advisor, ee_company):
    client = client_for(advisor)
    client.post("/support/sessions/new/", {"module_title": "Export pricing", "held_on": YESTERDAY, "place": "online"})
    url = f"/support/sessions/{TrainingSession.objects.get().pk}/"
    client.post(url, {"add": "1", "company": str(ee_company.pk)})
    for value in ("abc", "", str(ee_company.pk + 1000)):
        assert client.post(url, {"remove": value}).status_code == 302
    assert Attendance.objects.count() == 1


def test_the_running_partner_corrects_a_session_and_removing_it_asks_first(advisor, other_advisor, ee_company):
    client = client_for(advisor)
    client.post("/support/sessions/new/", {"module_title": "Export pricing", "held_on": YESTERDAY, "place": "Tallin"})
    session = TrainingSession.objects.get()
    client.post(f"/support/sessions/{session.pk}/", {"add": "1", "company": str(ee_company.pk), "people": "2"})
    edit = f"/support/sessions/{session.pk}/edit/"
    assert client_for(other_advisor).post(edit, {"module_title": "X", "held_on": YESTERDAY,
                                                 "place": "Turku"}).status_code == 403
    response = client.post(edit, {"module_title": "Export pricing", "held_on": YESTERDAY, "place": "Tallinn"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.place == "Tallinn" and session.attendances.count() == 1
    change = AuditEvent.objects.get(action="support.session_change")
    assert change.changes == {"before": {"place": "Tallin"}, "after": {"place": "Tallinn"}}
    question = client.post(edit, {"delete": "1"})
    assert "Remove “Export pricing" in question.content.decode() and "list of 1 attending company" in question.content.decode()
    assert TrainingSession.objects.exists()
    assert client.post(edit, {"delete": "1", "confirmed": "yes"}).status_code == 302
    assert not TrainingSession.objects.exists() and not Attendance.objects.exists()
    removed = AuditEvent.objects.get(action="support.session_delete")
    assert removed.changes["attendance"] == [[ee_company.pk, 2]]
