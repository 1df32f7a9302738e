"""Solutions, contacts and private notes through the API, for each role."""

from __future__ import annotations

import pytest

from sme2go.registry.models import CompanyNote, Contact, Solution
from tests.e2e.api_client import call, token_for

LEAK_SENSE = {
    "name": "LeakSense",
    "trl": 8,
    "capabilities": [{"capability_id": "water.leak-detection", "level": 0.9}],
    "references": [{"city": "Tartu", "country": "EE", "year": 2023}],
}


@pytest.fixture
def tokens(manager, advisor, other_advisor, company_user) -> dict[str, str]:
    return {
        "manager": token_for(manager),
        "advisor": token_for(advisor),
        "other_advisor": token_for(other_advisor),
        "company_user": token_for(company_user),
    }


@pytest.mark.parametrize("role", ["manager", "advisor", "company_user"])
def test_those_who_edit_the_company_add_a_solution(tokens, ee_company, role):
    response = call("post", f"/api/companies/{ee_company.pk}/solutions", token=tokens[role], body=LEAK_SENSE)
    assert response.status_code == 201, response.data
    assert response.data["capabilities"] == [{"capability_id": "water.leak-detection", "level": 0.9}]
    assert response.data["references"][0]["city"] == "Tartu"
    listed = call("get", f"/api/companies/{ee_company.pk}/solutions", token=tokens["other_advisor"])
    assert [s["name"] for s in listed.data] == ["LeakSense"]


def test_another_partners_advisor_reads_but_may_not_add_a_solution(tokens, ee_company, fi_company):
    refused = call("post", f"/api/companies/{ee_company.pk}/solutions", token=tokens["other_advisor"], body=LEAK_SENSE)
    assert refused.status_code == 403
    hidden = call("post", f"/api/companies/{fi_company.pk}/solutions", token=tokens["company_user"], body=LEAK_SENSE)
    assert hidden.status_code == 404
    assert call("get", f"/api/companies/{fi_company.pk}/solutions", token=tokens["company_user"]).status_code == 404
    assert Solution.objects.count() == 0


def test_it_changes_and_removes_a_solution(tokens, ee_company):
    created = call("post", f"/api/companies/{ee_company.pk}/solutions", token=tokens["advisor"], body=LEAK_SENSE).data
    path = f"/api/solutions/{created['id']}"
    assert call("patch", path, token=tokens["other_advisor"], body={"trl": 9}).status_code == 403
    changed = call("patch", path, token=tokens["advisor"], body={
        "trl": 9, "capabilities": [{"capability_id": "water.water-quality", "level": 0.5}],
    })
    assert changed.status_code == 200, changed.data
    assert changed.data["trl"] == 9
    assert [c["capability_id"] for c in changed.data["capabilities"]] == ["water.water-quality"]
    assert changed.data["references"][0]["city"] == "Tartu"  # not sent, so kept
    assert call("delete", path, token=tokens["other_advisor"]).status_code == 403
    assert call("delete", path, token=tokens["advisor"]).status_code == 204
    assert call("get", path, token=tokens["advisor"]).status_code == 404


def test_an_unknown_capability_is_named_and_nothing_is_stored(tokens, ee_company):
    body = {**LEAK_SENSE, "capabilities": [{"capability_id": "water.leak-detection"}, {"capability_id": "water.xyz"}]}
    response = call("post", f"/api/companies/{ee_company.pk}/solutions", token=tokens["advisor"], body=body)
    assert response.status_code == 422
    assert response.data["field"] == "capabilities[1].capability_id"
    assert "water.xyz" in response.data["detail"]
    assert Solution.objects.count() == 0


def test_contacts_are_added_changed_and_removed_by_those_who_edit(tokens, ee_company, fi_company):
    body = {"name": "Mari Maasikas", "role": "CEO", "email": "mari@aquasense.ee", "consent_to_contact": True}
    assert call("post", f"/api/companies/{ee_company.pk}/contacts", token=tokens["other_advisor"], body=body).status_code == 403
    created = call("post", f"/api/companies/{ee_company.pk}/contacts", token=tokens["company_user"], body=body)
    assert created.status_code == 201, created.data
    path = f"/api/contacts/{created.data['id']}"
    assert call("get", path, token=tokens["other_advisor"]).data["email"] == "mari@aquasense.ee"
    assert call("patch", path, token=tokens["other_advisor"], body={"role": "CTO"}).status_code == 403
    assert call("patch", path, token=tokens["advisor"], body={"role": "CTO"}).data["role"] == "CTO"
    assert call("delete", path, token=tokens["advisor"]).status_code == 204
    assert Contact.objects.count() == 0


def test_a_company_user_never_sees_another_companys_contacts(tokens, fi_company):
    contact = Contact.objects.create(company=fi_company, name="Matti Meikäläinen", email="matti@example.fi")
    assert call("get", f"/api/contacts/{contact.pk}", token=tokens["company_user"]).status_code == 404
    assert call("get", f"/api/companies/{fi_company.pk}/contacts", token=tokens["company_user"]).status_code == 404
    assert call("delete", f"/api/contacts/{contact.pk}", token=tokens["company_user"]).status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_a_bad_email_is_named(tokens, ee_company):
    response = call("post", f"/api/companies/{ee_company.pk}/contacts", token=tokens["advisor"],
                    body={"name": "Mari", "email": "mari at aquasense"})
    assert response.status_code == 422
    assert response.data["field"] == "email"


def test_private_notes_stay_with_their_partner(tokens, ee_company, partners):
    path = f"/api/companies/{ee_company.pk}/notes"
    assert call("post", path, token=tokens["advisor"], body={"text": "Ready for Sweden"}).status_code == 201
    assert call("post", path, token=tokens["other_advisor"], body={"text": "Met at Slush"}).status_code == 201
    assert call("post", path, token=tokens["company_user"], body={"text": "hello"}).status_code == 403

    def texts(role: str) -> list[str]:
        response = call("get", path, token=tokens[role])
        assert response.status_code == 200
        return sorted(note["text"] for note in response.data)

    assert texts("advisor") == ["Ready for Sweden"]
    assert texts("other_advisor") == ["Met at Slush"]
    assert texts("manager") == ["Met at Slush", "Ready for Sweden"]
    assert texts("company_user") == []
    assert CompanyNote.objects.count() == 2


def test_partners_are_listed_with_their_budgets(tokens, ee_company):
    response = call("get", "/api/partners", token=tokens["advisor"])
    assert response.status_code == 200
    by_name = {p["short_name"]: p for p in response.data}
    assert len(by_name) == 5
    assert by_name["Tehnopol"]["budget_eur"] == 400000
    assert by_name["Tehnopol"]["company_count"] == 1
    one = call("get", f"/api/partners/{by_name['Turku']['id']}", token=tokens["advisor"])
    assert one.data["name"] == by_name["Turku"]["name"]
    assert call("get", "/api/partners/999999", token=tokens["advisor"]).status_code == 404
