"""Adding a solution or a contact twice (Back, then Save again; or two API calls) adds it once."""

from __future__ import annotations

from sme2go.registry.models import Contact, Solution
from tests.e2e.api_client import call, token_for
from tests.e2e.registry_pages import client_for

SOLUTION_FORM = {
    "name": "LeakFinder", "description": "", "trl": "8", "references": "Tartu, EE, 2023",
    "cap-TOTAL_FORMS": "1", "cap-INITIAL_FORMS": "0",
    "cap-0-capability": "water.leak-detection", "cap-0-level": "0.9",
}  # fmt: skip


def test_sending_the_add_solution_form_twice_adds_one_solution_and_says_why(advisor, ee_company):
    client = client_for(advisor)
    url = f"/companies/{ee_company.pk}/solutions/new/"
    assert client.post(url, SOLUTION_FORM).status_code == 302
    again = client.post(url, dict(SOLUTION_FORM, name="leakfinder "))
    assert again.status_code == 200
    assert "Aqua Sense OÜ already has a solution named &#x27;leakfinder&#x27;" in again.content.decode()
    assert list(Solution.objects.filter(company=ee_company).values_list("name", flat=True)) == ["LeakFinder"]


def test_a_solution_cannot_be_renamed_to_another_solutions_name_but_keeps_its_own(advisor, ee_company):
    client = client_for(advisor)
    url = f"/companies/{ee_company.pk}/solutions/new/"
    client.post(url, SOLUTION_FORM)
    client.post(url, dict(SOLUTION_FORM, name="Pipe Radar"))
    radar = Solution.objects.get(company=ee_company, name="Pipe Radar")
    edit = f"/companies/{ee_company.pk}/solutions/{radar.pk}/edit/"
    refused = client.post(edit, dict(SOLUTION_FORM, name="LEAKFINDER"))
    assert refused.status_code == 200 and "already has a solution named" in refused.content.decode()
    assert client.post(edit, dict(SOLUTION_FORM, name="Pipe Radar", trl="9")).status_code == 302
    radar.refresh_from_db()
    assert radar.name == "Pipe Radar" and radar.trl == 9


def test_another_company_may_have_a_solution_of_the_same_name(advisor, ee_company, fi_company, manager):
    client_for(advisor).post(f"/companies/{ee_company.pk}/solutions/new/", SOLUTION_FORM)
    response = client_for(manager).post(f"/companies/{fi_company.pk}/solutions/new/", SOLUTION_FORM)
    assert response.status_code == 302
    assert Solution.objects.filter(name="LeakFinder").count() == 2


def test_sending_the_add_contact_form_twice_adds_one_contact(advisor, ee_company):
    client = client_for(advisor)
    url = f"/companies/{ee_company.pk}/contacts/new/"
    liis = {"name": "Liis Tamm", "email": "liis@aqua.ee"}
    assert client.post(url, liis).status_code == 302
    again = client.post(url, {"name": "LIIS TAMM", "email": "Liis@Aqua.ee"})
    assert again.status_code == 200
    assert "already has the contact LIIS TAMM (Liis@Aqua.ee)" in again.content.decode()
    # A namesake with another address is another person.
    assert client.post(url, {"name": "Liis Tamm", "email": "liis.tamm@gmail.com"}).status_code == 302
    assert Contact.objects.filter(company=ee_company).count() == 2


def test_the_api_refuses_the_same_solution_twice_naming_the_field(advisor, ee_company):
    token = token_for(advisor)
    body = {"name": "LeakSense", "trl": 8, "capabilities": [{"capability_id": "water.leak-detection", "level": 0.9}]}
    assert call("post", f"/api/companies/{ee_company.pk}/solutions", token=token, body=body).status_code == 201
    again = call("post", f"/api/companies/{ee_company.pk}/solutions", token=token, body=body)
    assert again.status_code == 422, again.data
    assert "already has a solution named 'LeakSense'" in str(again.data)
    assert Solution.objects.filter(company=ee_company).count() == 1
