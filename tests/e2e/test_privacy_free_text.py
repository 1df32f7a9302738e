"""Personal-data requests reach the free text people type: finding a person lists where notes,
outcomes and descriptions mention their e-mail or full name, the download holds those excerpts,
and erasure replaces exactly those mentions (and their copies in the audit trail) by "[erased]"."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from sme2go.accounts.models import AuditEvent
from sme2go.missions import services as missions
from sme2go.missions.models import Lead, LeadEvent, Meeting, Mission, MissionParticipant
from sme2go.privacy import services as privacy
from sme2go.privacy.free_text import FREE_TEXT
from sme2go.privacy.mentions import Mentioned
from sme2go.registry import services as registry
from sme2go.registry.models import Company, CompanyNote, Contact
from sme2go.support import services as support
from sme2go.support.models import SupportAction
from tests.e2e.registry_pages import client_for
from tests.unit.mention_oracle import brute_force_erase

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# Text that names other people, or Maria by half: none of it may be touched.
NOT_HER = "Maria Tammsaare and Anna-Maria Tammik called; maria said hi; anna.maria@aqua.ee; Tamm, Maria"


@pytest.fixture
def maria(advisor, ee_company):
    return registry.add_contact(actor=advisor, company=ee_company,
                                data={"name": "Maria Tamm", "role": "CEO", "email": "maria@aqua.ee"})


@pytest.fixture
def free_text(advisor, partners, ee_company, maria):
    """Maria (and Jane Doe, who is no contact) mentioned across the product's free text, through the
    same use cases the pages call, so that the audit trail holds its usual copies."""
    registry.update_company(actor=advisor, company=ee_company, data={"description": "Founded by MARÍA TAMM in 2015."})
    registry.add_note(actor=advisor, company=ee_company, text=f"Call Maria\nTamm next week. {NOT_HER}")
    support.log_support(actor=advisor, company=ee_company, kind="coaching", given_on=TODAY, hours=2,
                        note="Coached maria@aqua.ee on pricing")
    support.log_support(actor=advisor, company=ee_company, kind="advice", given_on=TODAY, hours=1, note=NOT_HER)
    mission = missions.create_mission(actor=advisor, name="Nairobi smart water", country="KE", city="Nairobi",
                                      starts_on=TODAY - datetime.timedelta(days=10), ends_on=TODAY)
    missions.add_participant(actor=advisor, mission=mission, company=ee_company)
    meeting = missions.add_meeting(actor=advisor, mission=mission, company=ee_company, counterpart="Nairobi Water",
                                   held_on=TODAY, outcome="Maria Tamm pitched")
    missions.change_meeting(actor=advisor, meeting=meeting, company=ee_company, counterpart="Jane Doe (Nairobi Water)",
                            held_on=TODAY, outcome="Maria Tamm pitched; Jane Doe wants a pilot")
    lead = missions.create_lead(actor=advisor, company=ee_company, buyer="Nairobi Water", country="KE",
                                value_eur=40000, description="Introduced by jane.doe@nairobiwater.ke", mission=mission)
    missions.move_lead(actor=advisor, lead=lead, stage="contacted", note="Maria Tamm sent the deck")
    return {"mission": mission, "meeting": meeting, "lead": lead}


def every_free_text() -> dict[tuple[str, int, str], str]:
    return {(place.label, pk, place.name): text for place in FREE_TEXT
            for pk, text in place.model.objects.values_list("pk", place.name)}


def audit_text() -> str:
    return json.dumps([[e.summary, e.changes] for e in AuditEvent.objects.all()], ensure_ascii=False)


def test_finding_a_person_lists_every_free_text_that_mentions_them(manager, free_text, ee_company):
    page = client_for(manager).get("/privacy/?q=maria@aqua.ee").content.decode()
    section = page.split('id="free-text"')[1].split("</section>")[0]
    assert "Maria Tamm (maria@aqua.ee), contact of Aqua Sense OÜ" in section
    meeting, lead = free_text["meeting"], free_text["lead"]
    for link, field, excerpt in [
        (f"/companies/{ee_company.pk}/", "description", "Founded by MARÍA TAMM in 2015."),
        (f"/companies/{ee_company.pk}/#notes", "text", "Call Maria Tamm next week."),
        (f"/companies/{ee_company.pk}/#support", "note", "Coached maria@aqua.ee on pricing"),
        (f"/missions/{meeting.mission_id}/meetings/{meeting.pk}/edit/", "outcome", "Maria Tamm pitched;"),
        (f"/leads/{lead.pk}/", "note", "Maria Tamm sent the deck"),
    ]:
        assert f'href="{link}"' in section and f"<td>{field}</td>" in section and excerpt in section, (link, excerpt)
    assert section.count("<tr>") == 1 + 5  # the header, then exactly those five fields
    assert "audit events hold copies of such text" in section  # the meeting's change kept its old outcome


def test_the_download_holds_the_excerpts_and_where_they_are(manager, free_text, maria):
    data = json.loads(client_for(manager).get(f"/privacy/contacts/{maria.pk}/data.json").content)
    found = {(m["object"], m["field"]): m for m in data["free_text"]}
    assert set(found) == {("registry.Company", "description"), ("registry.CompanyNote", "text"),
                          ("support.SupportAction", "note"), ("missions.Meeting", "outcome"),
                          ("missions.LeadEvent", "note")}
    assert found[("missions.Meeting", "outcome")] == {
        "where": "Mission meeting", "object": "missions.Meeting", "id": free_text["meeting"].pk, "field": "outcome",
        "link": f"/missions/{free_text['mission'].pk}/meetings/{free_text['meeting'].pk}/edit/",
        "excerpts": ["Maria Tamm pitched; Jane Doe wants a pilot"]}
    copies = {c["action"] for c in data["free_text_in_audit_trail"]}
    assert {"company.update", "missions.meeting_change"} <= copies
    assert "missions.Meeting.outcome" in data["searched_free_text"] and "one-word name" in data["not_searched"]


def test_erasure_replaces_exactly_the_mentions_brute_force_finds(manager, free_text, maria):
    before = every_free_text()
    maria_in_text = Mentioned("Maria Tamm", "maria@aqua.ee")
    question = client_for(manager).get(f"/privacy/contacts/{maria.pk}/erase/").content.decode()
    assert "and in 5 free-text fields and 2 audit copies of free text that mention them" in question
    done = client_for(manager).post(f"/privacy/contacts/{maria.pk}/erase/", {"confirmed": "yes"}, follow=True)
    assert "5 free-text field(s) and 2 audit cop(ies) of free text that mentioned them" in done.content.decode()
    after = every_free_text()
    assert after == {key: brute_force_erase(maria_in_text, text) for key, text in before.items()}
    changed = {key for key in before if before[key] != after[key]}
    assert len(changed) == 5 and all("[erased]" in after[key] for key in changed)
    assert NOT_HER in CompanyNote.objects.get().text and SupportAction.objects.filter(note=NOT_HER).exists()
    assert "Jane Doe" in Meeting.objects.get().outcome
    assert Company.objects.get().search_text == "aqua sense ou tallinn ee123 founded by [erased] in 2015."
    trail = audit_text().lower()
    assert "maria tamm" not in trail and "maria@aqua.ee" not in trail and "maría tamm" not in trail
    erasure = AuditEvent.objects.get(action="privacy.erase")
    assert "maria" not in json.dumps([erasure.summary, erasure.changes]).lower()
    assert ["missions.Meeting", free_text["meeting"].pk, "outcome"] in erasure.changes["free_text"]
    assert erasure.changes["free_text_audit_events"] == 2


def test_a_contact_removed_earlier_is_erased_from_free_text_too(manager, advisor, free_text, maria):
    contact_id = maria.pk
    registry.delete_contact(actor=advisor, contact=maria)
    client = client_for(manager)
    page = client.get("/privacy/?q=maria").content.decode()
    assert "Maria Tamm (maria@aqua.ee), a removed contact" in page and "Coached maria@aqua.ee on pricing" in page
    question = client.get(f"/privacy/removed/{contact_id}/erase/").content.decode()
    assert "in 5 free-text fields and 2 audit copies of free text" in question
    assert client.post(f"/privacy/removed/{contact_id}/erase/", {"confirmed": "yes"}).status_code == 302
    assert not any(Mentioned("Maria Tamm", "maria@aqua.ee").spans(text) for text in every_free_text().values())


def test_someone_who_is_no_contact_is_found_by_full_name_and_erased(manager, free_text):
    client = client_for(manager)
    page = client.get("/privacy/?q=jane+DOE").content.decode()
    assert "No contact in the registry has that e-mail" in page and "“jane DOE” as typed" in page
    assert "Jane Doe (Nairobi Water)" in page and 'href="/privacy/mentions/erase/?q=jane%20DOE"' in page
    data = json.loads(client.get("/privacy/mentions.json?q=jane+DOE").content)
    assert data["looked_for"] == {"name": "jane DOE", "email": ""}
    assert {(m["object"], m["field"]) for m in data["free_text"]} == {("missions.Meeting", "counterpart"),
                                                                      ("missions.Meeting", "outcome")}
    question = client.get("/privacy/mentions/erase/?q=jane+DOE").content.decode()
    assert 'Replace “jane DOE” with "[erased]" in 2 free-text fields and 1 audit copy of free text?' in question
    assert Meeting.objects.get().counterpart == "Jane Doe (Nairobi Water)"  # asking changed nothing
    assert client.post("/privacy/mentions/erase/", {"q": "jane DOE"}).status_code == 200  # not confirmed
    assert client.post("/privacy/mentions/erase/", {"q": "jane DOE", "confirmed": "yes"}).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.counterpart, meeting.outcome) == ("[erased] (Nairobi Water)",
                                                      "Maria Tamm pitched; [erased] wants a pilot")
    assert Lead.objects.get().description == "Introduced by jane.doe@nairobiwater.ke"  # an e-mail is not a name
    assert "jane doe" not in audit_text().lower()
    event = AuditEvent.objects.get(action="privacy.erase_mentions")
    assert event.actor == manager and "jane" not in json.dumps([event.summary, event.changes]).lower()


def test_a_one_word_name_is_not_looked_for_in_free_text(manager, free_text, ee_company):
    Contact.objects.create(company=ee_company, name="Maria")
    client = client_for(manager)
    page = client.get("/privacy/?q=maria").content.decode()
    assert "Not looked for: no e-mail, and a name of fewer than two full words" in page and "as typed" not in page
    assert client.get("/privacy/mentions/erase/?q=maria").status_code == 404
    assert client.post("/privacy/mentions/erase/", {"q": "Maria", "confirmed": "yes"}).status_code == 404
    assert client.get("/privacy/mentions.json?q=maria").status_code == 404
    assert "Maria Tamm" in Meeting.objects.get().outcome


def test_an_e_mail_typed_finds_only_that_address(manager, free_text):
    data = json.loads(client_for(manager).get("/privacy/mentions.json?q=JANE.DOE@nairobiwater.ke").content)
    assert [(m["object"], m["field"], m["excerpts"]) for m in data["free_text"]] == [
        ("missions.Lead", "description", ["Introduced by jane.doe@nairobiwater.ke"])]


def test_only_the_manager_reaches_free_text_mentions(advisor, other_advisor, company_user, free_text):
    for user in (advisor, other_advisor, company_user):
        client = client_for(user)
        for url in ("/privacy/?q=jane+doe", "/privacy/mentions.json?q=jane+doe", "/privacy/mentions/erase/?q=jane+doe"):
            assert client.get(url).status_code == 403, (user, url)
        assert client.post("/privacy/mentions/erase/", {"q": "Jane Doe", "confirmed": "yes"}).status_code == 403
    assert Meeting.objects.get().counterpart == "Jane Doe (Nairobi Water)"
    assert not AuditEvent.objects.filter(action__startswith="privacy.").exists()


REFUSE_LEAD_NOTE = {  # a trigger that makes the database refuse any change of a lead history note
    "sqlite": ["CREATE TRIGGER refuse_lead_note BEFORE UPDATE OF note ON missions_leadevent "
               "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"],
    "postgresql": ["CREATE FUNCTION refuse_for_the_test() RETURNS trigger AS $$ BEGIN "
                   "RAISE EXCEPTION 'refused for the test' USING ERRCODE = 'check_violation'; END $$ LANGUAGE plpgsql",
                   "CREATE TRIGGER refuse_lead_note BEFORE UPDATE OF note ON missions_leadevent "
                   "FOR EACH ROW EXECUTE FUNCTION refuse_for_the_test()"],
}
ALLOW_LEAD_NOTE = {
    "sqlite": ["DROP TRIGGER refuse_lead_note"],
    "postgresql": ["DROP TRIGGER refuse_lead_note ON missions_leadevent", "DROP FUNCTION refuse_for_the_test()"],
}


def test_an_erasure_that_fails_half_way_leaves_everything_as_it_was(manager, free_text, maria):
    """The database refuses the last write (lead history comes late in FREE_TEXT): the contact, the
    earlier fields and the audit trail must all be as before."""
    before, trail, contact_id = every_free_text(), audit_text(), maria.pk
    with connection.cursor() as cursor:
        for statement in REFUSE_LEAD_NOTE[connection.vendor]:
            cursor.execute(statement)
    try:
        with pytest.raises(IntegrityError):
            privacy.erase_contact(manager, maria)
    finally:
        with connection.cursor() as cursor:
            for statement in ALLOW_LEAD_NOTE[connection.vendor]:
                cursor.execute(statement)
    assert Contact.objects.filter(pk=contact_id).exists()
    assert every_free_text() == before and audit_text() == trail
    assert not AuditEvent.objects.filter(action="privacy.erase").exists()
    assert LeadEvent.objects.filter(note="Maria Tamm sent the deck").exists()
    assert Mission.objects.exists() and MissionParticipant.objects.exists()
