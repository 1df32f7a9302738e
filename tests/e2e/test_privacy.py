"""Personal-data requests: a contact's data as a download, erasure that leaves no trace of the person."""

from __future__ import annotations

import json

import pytest

from sme2go.accounts.models import AuditEvent
from sme2go.registry import services
from sme2go.registry.models import Contact
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(advisor, ee_company):
    contact = services.add_contact(actor=advisor, company=ee_company,
                                   data={"name": "Maria Tamm", "role": "CEO", "email": "maria@aqua.ee"})
    services.update_contact(actor=advisor, contact=contact, data={"role": "Chief executive"})
    return contact


def audit_text() -> str:
    return json.dumps([[e.summary, e.changes] for e in AuditEvent.objects.all()], ensure_ascii=False).lower()


def test_the_manager_finds_a_person_and_downloads_what_sme2go_holds(manager, maria):
    client = client_for(manager)
    page = client.get("/privacy/?q=MARIA@aqua.ee").content.decode()
    assert "Maria Tamm" in page and "Aqua Sense OÜ" in page
    response = client.get(f"/privacy/contacts/{maria.pk}/data.json")
    assert response["Content-Type"] == "application/json"
    assert f'filename="sme2go-contact-{maria.pk}.json"' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["contact"] == {"name": "Maria Tamm", "role": "Chief executive", "email": "maria@aqua.ee",
                               "consent_to_contact": False}
    assert [e["action"] for e in data["audit_trail"]] == ["contact.create", "contact.update"]


def test_erasure_asks_first_then_leaves_no_name_or_email_in_the_audit_trail(manager, maria, ee_company):
    client = client_for(manager)
    assert "maria@aqua.ee" in audit_text() and "maria tamm" in audit_text()
    question = client.get(f"/privacy/contacts/{maria.pk}/erase/")
    assert "Erase the contact Maria Tamm (maria@aqua.ee) of Aqua Sense OÜ?" in question.content.decode()
    assert "in 2 audit events" in question.content.decode()
    assert client.post(f"/privacy/contacts/{maria.pk}/erase/").status_code == 200  # not confirmed: nothing happens
    assert Contact.objects.filter(pk=maria.pk).exists()
    done = client.post(f"/privacy/contacts/{maria.pk}/erase/", {"confirmed": "yes"})
    assert done.status_code == 302 and not Contact.objects.filter(pk=maria.pk).exists()
    text = audit_text()
    assert "maria" not in text and "tamm" not in text and "[erased]" in text
    erasure = AuditEvent.objects.get(action="privacy.erase")
    assert erasure.actor == manager and erasure.object_id == str(maria.pk) and erasure.changes["company"] == ee_company.pk
    assert client.get(f"/companies/{ee_company.pk}/").status_code == 200  # the company stays


def test_only_the_manager_handles_requests(advisor, company_user, maria):
    for user in (advisor, company_user):
        client = client_for(user)
        for url in ("/privacy/?q=maria", f"/privacy/contacts/{maria.pk}/data.json",
                    f"/privacy/contacts/{maria.pk}/erase/"):
            assert client.get(url).status_code == 403, (user, url)
        assert client.post(f"/privacy/contacts/{maria.pk}/erase/", {"confirmed": "yes"}).status_code == 403
    assert Contact.objects.filter(pk=maria.pk).exists()


def test_every_user_downloads_their_own_data_and_nobody_elses(advisor, company_user, maria):
    data = json.loads(client_for(advisor).get("/privacy/my-data.json").content)
    assert data["user"]["username"] == advisor.get_username()
    assert data["membership"]["role"] == "advisor" and data["membership"]["partner"] == "Tehnopol"
    assert {c["action"] for c in data["changes_made"]} == {"contact.create", "contact.update"}
    mine = json.loads(client_for(company_user).get("/privacy/my-data.json").content)
    assert mine["user"]["username"] == company_user.get_username() and mine["changes_made"] == []
    assert mine["membership"]["company"] == "Aqua Sense OÜ"


def test_a_contact_removed_earlier_is_found_in_the_trail_and_erased_from_it(manager, advisor, maria):
    contact_id = maria.pk
    services.delete_contact(actor=advisor, contact=maria)
    client = client_for(manager)
    page = client.get("/privacy/?q=maria@aqua.ee").content.decode()
    assert "Removed contacts still in the audit trail" in page and "Maria Tamm (maria@aqua.ee)" in page
    url = f"/privacy/removed/{contact_id}/erase/"
    assert "a contact removed earlier?" in client.get(url).content.decode()
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    assert "maria" not in audit_text()
    assert client.get(url).status_code == 404  # nothing left to erase
    assert "Removed contacts" not in client.get("/privacy/?q=maria").content.decode()
