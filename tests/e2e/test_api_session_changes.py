"""The REST API writes of training, as a script of each role uses them: a new session (a module of the
catalogue or a new title), its correction, and who came; by the session pages' rules (support.services),
audited as the pages are, and nothing stored when a write is refused."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from sme2go.accounts.models import AuditEvent
from sme2go.support.kpis import support_kpis
from sme2go.support.models import Attendance, TrainingModule, TrainingSession
from tests.conftest import PASSWORD
from tests.e2e.api_client import call, token_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SESSION = {"module_title": "public procurement ABROAD", "held_on": "2026-03-04", "place": "Tallinn"}


@pytest.fixture
def catalogue():
    return TrainingModule.objects.create(title="Public procurement abroad", hours=4)


@pytest.fixture
def session(catalogue, partners, ee_company):
    """A Tehnopol session the Estonian company attended with two people."""
    session = TrainingSession.objects.create(module=catalogue, partner=partners["Tehnopol"], place="Tallinn",
                                             held_on=datetime.date(2026, 3, 4))
    Attendance.objects.create(session=session, company=ee_company, people=2)
    return session


def url(session, *rest) -> str:
    return "/".join([f"/api/support/sessions/{session.pk}", *map(str, rest)])


def audited(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- a new session -------------------------------------------------------------------------------


def test_an_advisor_adds_a_session_of_a_catalogue_module_for_their_partner(advisor, catalogue):
    created = call("post", "/api/support/sessions", token=token_for(advisor), body=SESSION)
    assert created.status_code == 201, created.data
    assert created.data | {"id": 0} == {
        "id": 0, "module_id": catalogue.pk, "module": "Public procurement abroad",
        "partner": {"id": advisor.membership.partner_id, "short_name": "Tehnopol"}, "held_on": "2026-03-04",
        "place": "Tallinn", "attendance": []}
    assert TrainingModule.objects.count() == 1  # the title was found in the catalogue, whatever its case
    event = AuditEvent.objects.get(action="support.session")
    assert (event.actor, event.object_id) == (advisor, str(created.data["id"]))
    assert call("get", url(TrainingSession.objects.get()), token=token_for(advisor)).data == created.data


def test_a_new_title_adds_a_module_with_its_hours(manager, partners):
    created = call("post", "/api/support/sessions", token=token_for(manager),
                   body={"module_title": "Pitching to cities", "held_on": "2026-04-01", "place": "online", "hours": 2.5,
                         "partner_id": partners["Turku"].pk})
    assert created.status_code == 201, created.data
    assert (created.data["module"], created.data["partner"]["short_name"]) == ("Pitching to cities", "Turku")
    assert TrainingModule.objects.get().hours == 2.5


def test_the_manager_names_the_partner_and_an_advisor_runs_their_own(manager, advisor, company_user, partners):
    unnamed = call("post", "/api/support/sessions", token=token_for(manager), body=SESSION)
    assert (unnamed.status_code, unnamed.data) == (422, {"detail": "choose the partner", "field": "partner_id"})
    unknown = call("post", "/api/support/sessions", token=token_for(manager), body={**SESSION, "partner_id": 999})
    assert unknown.data == {"detail": "unknown partner organisation 999", "field": "partner_id"}
    foreign = call("post", "/api/support/sessions", token=token_for(advisor),
                   body={**SESSION, "partner_id": partners["Turku"].pk})
    assert (foreign.status_code, foreign.data["detail"]) == (403, "advisors act for their own partner only")
    assert call("post", "/api/support/sessions", token=token_for(company_user), body=SESSION).status_code == 403
    assert call("post", "/api/support/sessions", body=SESSION).status_code == 401
    # The new module a refused session would have added is not left in the catalogue either.
    assert not TrainingSession.objects.exists() and not TrainingModule.objects.exists()
    assert not audited("support.session")


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"module_title": " "}, "module_title", "give the module's title"),
    ({"module_title": "M" * 201}, "module_title", "at most 200"),
    ({"module_title": "Tenders\x00"}, "module_title", "control character 0x00"),
    ({"place": ""}, "place", 'give a city, or "online"'),
    ({"place": "Tallinn\nTartu"}, "place", "line break"),
    ({"held_on": "04.03.2026"}, "held_on", "YYYY-MM-DD"),
    ({"held_on": "2026-02-29"}, "held_on", "not a day of the calendar"),
    ({"hours": 1.55}, "hours", "at most one decimal"),
    ({"hours": 201}, "hours", "between 0 and 200"),
    ({"hours": "2"}, "hours", "valid number"),
    ({"partner_id": True}, "partner_id", "valid integer"),
    ({"title": "x"}, "title", "Extra inputs"),
])
def test_a_bad_new_session_is_a_422_naming_the_field_and_nothing_is_stored(advisor, change, field, words):
    body = {**SESSION, "module_title": "A new module", **change}
    response = call("post", "/api/support/sessions", token=token_for(advisor), body=body)
    assert response.status_code == 422, response.data
    assert response.data["field"] == field and words in response.data["detail"], response.data
    assert not TrainingSession.objects.exists() and not TrainingModule.objects.exists()
    assert not audited("support.session")


# --- correcting a session ------------------------------------------------------------------------


def test_the_runner_corrects_the_fields_sent_and_the_attendance_stays(advisor, session, ee_company):
    response = call("patch", url(session), token=token_for(advisor), body={"place": "Tartu", "held_on": "2026-03-05"})
    assert response.status_code == 200, response.data
    assert (response.data["module"], response.data["place"], response.data["held_on"]) == (
        "Public procurement abroad", "Tartu", "2026-03-05")
    assert response.data["attendance"] == [{"company_id": ee_company.pk, "company": "Aqua Sense OÜ", "people": 2}]
    event = AuditEvent.objects.get(action="support.session_change")
    assert event.changes["before"]["place"] == "Tallinn" and event.changes["after"]["place"] == "Tartu"


def test_only_the_runner_and_the_manager_correct_a_session(other_advisor, company_user, manager, session):
    refused = call("patch", url(session), token=token_for(other_advisor), body={"place": "Turku"})
    assert refused.status_code == 403 and "runs the session" in refused.data["detail"]
    # The company attended, so it sees the session (403); a session it did not attend is a 404.
    assert call("patch", url(session), token=token_for(company_user), body={"place": "x"}).status_code == 403
    other = TrainingSession.objects.create(module=session.module, partner=session.partner, place="Tallinn",
                                           held_on=TODAY)
    assert call("patch", url(other), token=token_for(company_user), body={"place": "x"}).status_code == 404
    assert call("patch", f"/api/support/sessions/{other.pk + 1}", token=token_for(manager),
                body={"place": "x"}).status_code == 404
    assert not audited("support.session_change")
    assert call("patch", url(session), token=token_for(manager), body={"place": "Narva"}).status_code == 200


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"place": " "}, "place", 'give a city, or "online"'),
    ({"module_title": None}, "module_title", "may not be null"),
    ({"held_on": 20260305}, "held_on", "YYYY-MM-DD"),
    ({"partner_id": 2}, "partner_id", "Extra inputs"),
])
def test_a_bad_correction_is_a_422_and_changes_nothing(advisor, session, body, field, words):
    response = call("patch", url(session), token=token_for(advisor), body=body)
    assert response.status_code == 422, response.data
    assert response.data["field"] == field and words in response.data["detail"], response.data
    session.refresh_from_db()
    assert (session.place, session.held_on, session.module.title) == (
        "Tallinn", datetime.date(2026, 3, 4), "Public procurement abroad")


# --- attendance ----------------------------------------------------------------------------------


def test_attendance_is_recorded_once_and_removed(advisor, session, fi_company):
    token = token_for(advisor)
    came = call("post", url(session, "attendance"), token=token, body={"company_id": fi_company.pk, "people": 3})
    assert (came.status_code, came.data) == (201, {"company_id": fi_company.pk, "company": "Volttiväylä Oy", "people": 3})
    assert AuditEvent.objects.get(action="support.attend").changes == {"company": fi_company.pk, "people": 3}
    again = call("post", url(session, "attendance"), token=token, body={"company_id": fi_company.pk})
    assert again.data == {"detail": "Volttiväylä Oy is already on the list", "field": "company_id"}
    listed = call("get", url(session), token=token).data["attendance"]
    assert [line["company"] for line in listed] == ["Aqua Sense OÜ", "Volttiväylä Oy"]

    assert call("delete", url(session, "attendance", fi_company.pk), token=token).status_code == 204
    assert list(Attendance.objects.values_list("company__legal_name", flat=True)) == ["Aqua Sense OÜ"]
    assert AuditEvent.objects.get(action="support.unattend").changes == {"company": fi_company.pk, "people": 3}
    assert call("delete", url(session, "attendance", fi_company.pk), token=token).status_code == 404


def test_one_person_by_default(advisor, session, fi_company):
    came = call("post", url(session, "attendance"), token=token_for(advisor), body={"company_id": fi_company.pk})
    assert came.data["people"] == 1


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"people": 0}, "people", "between 1 and 50"),
    ({"people": 51}, "people", "between 1 and 50"),
    ({"people": "3"}, "people", "valid integer"),
    ({"people": 2.5}, "people", "valid integer"),
    ({"company_id": 999_999}, "company_id", "unknown company 999999"),
    ({"company": "Volttiväylä Oy"}, "company", "Extra inputs"),
])
def test_bad_attendance_is_a_422_naming_the_field_and_nothing_is_stored(advisor, session, fi_company, body, field,
                                                                         words):
    response = call("post", url(session, "attendance"), token=token_for(advisor),
                    body={"company_id": fi_company.pk, **body})
    assert response.status_code == 422, response.data
    assert response.data["field"] == field and words in response.data["detail"], response.data
    assert Attendance.objects.count() == 1 and not audited("support.attend")


def test_only_the_runner_and_the_manager_record_who_came(other_advisor, company_user, manager, session, ee_company,
                                                          fi_company):
    body = {"company_id": fi_company.pk}
    for user in (other_advisor, company_user):
        assert call("post", url(session, "attendance"), token=token_for(user), body=body).status_code == 403
        assert call("delete", url(session, "attendance", ee_company.pk), token=token_for(user)).status_code == 403
    assert Attendance.objects.count() == 1 and not audited("support.attend") and not audited("support.unattend")
    assert call("post", url(session, "attendance"), token=token_for(manager), body=body).status_code == 201


def test_what_the_api_writes_the_session_page_shows(advisor, fi_company):
    token = token_for(advisor)
    session_id = call("post", "/api/support/sessions", token=token,
                      body={**SESSION, "module_title": "Pitching to cities", "place": "Pärnu"}).data["id"]
    call("post", f"/api/support/sessions/{session_id}/attendance", token=token,
         body={"company_id": fi_company.pk, "people": 4})
    browser = Client()
    assert browser.login(username="advisor-ee", password=PASSWORD)
    page = browser.get(f"/support/sessions/{session_id}/").content.decode()
    for shown in ("Pitching to cities", "Pärnu", "Volttiväylä Oy"):
        assert shown in page


# --- removing a session --------------------------------------------------------------------------


def test_the_runner_removes_a_session_with_its_attendance_as_the_page_does(advisor, session, ee_company):
    """The page removes a session with attendance after asking; the API, which cannot ask, does the
    same (the caller asked by sending DELETE): the audit event keeps who came, and the companies no
    longer count as supported through it."""
    assert support_kpis().companies == 1
    pk = session.pk
    response = call("delete", url(session), token=token_for(advisor))
    assert (response.status_code, response.content) == (204, b"")
    assert not TrainingSession.objects.exists() and not Attendance.objects.exists()
    assert TrainingModule.objects.count() == 1  # the catalogue keeps the module
    event = AuditEvent.objects.get(action="support.session_delete")
    assert (event.actor, event.object_id) == (advisor, str(pk))
    assert event.changes | {"partner": 0} == {"module": "Public procurement abroad", "held_on": "2026-03-04",
                                              "place": "Tallinn", "partner": 0, "attendance": [[ee_company.pk, 2]]}
    assert support_kpis().companies == 0
    again = call("delete", f"/api/support/sessions/{pk}", token=token_for(advisor))
    assert (again.status_code, again.data) == (404, {"detail": f"session {pk} not found", "field": None})


def test_only_the_runner_and_the_manager_remove_a_session(other_advisor, company_user, manager, session):
    refused = call("delete", url(session), token=token_for(other_advisor))
    assert (refused.status_code, refused.data) == (403, {
        "detail": "only the partner that runs the session, or the programme manager, changes it", "field": None})
    # The company attended, so it sees the session (403); a session it did not attend is a 404.
    assert call("delete", url(session), token=token_for(company_user)).status_code == 403
    other = TrainingSession.objects.create(module=session.module, partner=session.partner, place="Tallinn",
                                           held_on=TODAY)
    assert call("delete", url(other), token=token_for(company_user)).status_code == 404
    assert call("delete", url(session)).status_code == 401
    bad = call("delete", "/api/support/sessions/x", token=token_for(manager))
    assert (bad.status_code, bad.data["field"]) == (422, "session_id")
    assert TrainingSession.objects.count() == 2 and Attendance.objects.count() == 1
    assert not audited("support.session_delete")
    assert call("delete", url(session), token=token_for(manager)).status_code == 204
