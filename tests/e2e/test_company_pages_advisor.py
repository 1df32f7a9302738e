"""An advisor reads every company, edits only their partner's, and reads only their partner's notes."""

from __future__ import annotations

from sme2go.accounts.models import AuditEvent
from sme2go.registry.models import Company, Contact
from tests.e2e.registry_pages import PROFILE_POST, add_private_notes, client_for


def test_it_lists_companies_of_every_partner(advisor, ee_company, fi_company):
    page = client_for(advisor).get("/").content.decode()
    assert "Aqua Sense OÜ" in page and "Volttiväylä Oy" in page


def test_it_reads_another_partners_company_without_an_edit_link(advisor, fi_company):
    response = client_for(advisor).get(f"/companies/{fi_company.pk}/")
    assert response.status_code == 200
    assert "Edit company" not in response.content.decode()


def test_it_refuses_editing_another_partners_company_with_a_403_page(advisor, fi_company):
    client = client_for(advisor)
    assert client.get(f"/companies/{fi_company.pk}/edit/").status_code == 403
    response = client.post(f"/companies/{fi_company.pk}/edit/", dict(PROFILE_POST, country="FI"))
    assert response.status_code == 403
    assert "You may not do that" in response.content.decode()
    fi_company.refresh_from_db()
    assert fi_company.city == "Turku"


def test_it_edits_its_partners_company_and_audits_the_change(advisor, ee_company):
    response = client_for(advisor).post(f"/companies/{ee_company.pk}/edit/", dict(PROFILE_POST, status="active"))
    assert response.status_code == 302
    ee_company.refresh_from_db()
    assert (ee_company.city, ee_company.nace_codes) == ("Tartu", ["36.00", "71.12"])
    event = AuditEvent.objects.get(action="company.update", object_id=str(ee_company.pk))
    assert event.actor == advisor
    assert event.changes["before"]["city"] == "Tallinn" and event.changes["after"]["city"] == "Tartu"


def test_it_shows_every_validation_error_beside_its_field(advisor, ee_company):
    bad = dict(PROFILE_POST, country="Estonia", founded_year="2999", nace_codes="62-01", website="not a site", status="active")
    response = client_for(advisor).post(f"/companies/{ee_company.pk}/edit/", bad)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"country", "founded_year", "nace_codes", "website"}
    assert "Please correct the fields marked below" in response.content.decode()
    ee_company.refresh_from_db()
    assert ee_company.city == "Tallinn"


def test_it_never_shows_another_partners_private_notes(advisor, other_advisor, fi_company):
    add_private_notes(advisor=advisor, other_advisor=other_advisor, company=fi_company)
    page = client_for(advisor).get(f"/companies/{fi_company.pk}/").content.decode()
    assert "Tehnopol secret" in page
    assert "Turku secret" not in page


def test_it_adds_a_note_for_its_own_partner(advisor, fi_company):
    response = client_for(advisor).post(f"/companies/{fi_company.pk}/", {"text": "Call after Slush"}, follow=True)
    assert "Call after Slush" in response.content.decode()
    assert fi_company.notes.get().partner.short_name == "Tehnopol"


def test_it_registers_a_company_supported_by_its_partner(advisor):
    client_for(advisor).post("/companies/new/", dict(PROFILE_POST, status="prospect"))
    company = Company.objects.get(legal_name="Aqua Sense OÜ")
    assert [p.short_name for p in company.partners.all()] == ["Tehnopol"]


def test_it_adds_and_edits_a_solution_with_capabilities(advisor, ee_company):
    client = client_for(advisor)
    form = {
        "name": "LeakFinder", "description": "", "trl": "8", "references": "Tartu, EE, 2023",
        "cap-TOTAL_FORMS": "3", "cap-INITIAL_FORMS": "0",
        "cap-0-capability": "water.leak-detection", "cap-0-level": "0.9",
        "cap-1-capability": "", "cap-1-level": "", "cap-2-capability": "", "cap-2-level": "",
    }  # fmt: skip
    assert client.post(f"/companies/{ee_company.pk}/solutions/new/", form).status_code == 302
    solution = ee_company.solutions.get()
    page = client.get(f"/companies/{ee_company.pk}/").content.decode()
    assert "LeakFinder" in page and "Leak detection" in page and "Tartu, EE (2023)" in page
    form.update({"trl": "12", "cap-0-capability": "water.leak-detection", "cap-0-level": "0.5"})
    response = client.post(f"/companies/{ee_company.pk}/solutions/{solution.pk}/edit/", form)
    assert response.status_code == 200 and "trl" in response.context["form"].errors
    form["trl"] = "9"
    assert client.post(f"/companies/{ee_company.pk}/solutions/{solution.pk}/edit/", form).status_code == 302
    solution.refresh_from_db()
    assert solution.trl == 9
    assert solution.capabilities.get().level == 0.5


def test_it_adds_a_contact_and_sees_it(advisor, ee_company):
    client = client_for(advisor)
    response = client.post(f"/companies/{ee_company.pk}/contacts/new/", {"name": "Liis Tamm", "email": "liis@"})
    assert "email" in response.context["form"].errors
    client.post(f"/companies/{ee_company.pk}/contacts/new/", {"name": "Liis Tamm", "email": "liis@aqua.ee", "consent_to_contact": "on"})
    assert "liis@aqua.ee" in client.get(f"/companies/{ee_company.pk}/").content.decode()


def test_it_removes_a_contact_of_its_partners_company_but_not_of_others(advisor, ee_company, fi_company):
    client = client_for(advisor)
    own = Contact.objects.create(company=ee_company, name="Liis Tamm")
    other = Contact.objects.create(company=fi_company, name="Mikko Virtanen")
    asked = client.post(f"/companies/{ee_company.pk}/contacts/{own.pk}/edit/", {"delete": "1"})
    assert asked.status_code == 200 and "Remove the contact “Liis Tamm”" in asked.content.decode()
    assert Contact.objects.filter(pk=own.pk).exists()  # asking removes nothing
    confirmed = {"delete": "1", "confirmed": "yes"}
    assert client.post(f"/companies/{ee_company.pk}/contacts/{own.pk}/edit/", confirmed).status_code == 302
    assert client.post(f"/companies/{fi_company.pk}/contacts/{other.pk}/edit/", confirmed).status_code == 403
    assert list(Contact.objects.values_list("name", flat=True)) == ["Mikko Virtanen"]


def test_a_capability_chosen_twice_is_refused_naming_it(advisor, ee_company):
    form = {
        "name": "LeakFinder", "description": "", "trl": "8", "references": "",
        "cap-TOTAL_FORMS": "2", "cap-INITIAL_FORMS": "0",
        "cap-0-capability": "water.leak-detection", "cap-0-level": "0.9",
        "cap-1-capability": "water.leak-detection", "cap-1-level": "0.2",
    }  # fmt: skip
    response = client_for(advisor).post(f"/companies/{ee_company.pk}/solutions/new/", form)
    assert response.status_code == 200 and not ee_company.solutions.exists()
    assert "Leak detection is chosen twice: give each capability one level." in response.content.decode()


def test_a_forged_form_with_thousands_of_capability_rows_is_refused(advisor, ee_company):
    # The row fields themselves are not needed to make Django build the rows: the count alone did it.
    form = {"name": "LeakFinder", "description": "", "trl": "8", "references": "",
            "cap-TOTAL_FORMS": "5000", "cap-INITIAL_FORMS": "0"}
    response = client_for(advisor).post(f"/companies/{ee_company.pk}/solutions/new/", form)
    assert response.status_code == 200 and not ee_company.solutions.exists()
    assert len(response.context["formset"].forms) <= 100  # not 5,000 forms built
    assert "Please submit at most" in response.content.decode()
