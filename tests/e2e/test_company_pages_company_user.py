"""A company representative sees and changes only their own company."""

from __future__ import annotations

from sme2go.registry.models import Contact
from tests.e2e.registry_pages import PROFILE_POST, add_private_notes, client_for


def test_it_lists_only_its_own_company_even_when_searching(company_user, ee_company, fi_company):
    client = client_for(company_user)
    page = client.get("/").content.decode()
    assert "Aqua Sense OÜ" in page and "Volttiväylä" not in page
    assert "Register a company" not in page
    assert "Volttiväylä" not in client.get("/", {"q": "volttiväylä"}).content.decode()
    assert "0 companies match" in client.get("/", {"q": "volttiväylä"}).content.decode()


def test_it_offers_only_its_own_partners_in_the_partner_filter(company_user, partners):
    form = client_for(company_user).get("/").context["form"]
    assert [label for _, label in form.fields["partner"].choices] == ["Any", "Tehnopol"]


def test_it_gets_404_for_another_company(company_user, fi_company):
    client = client_for(company_user)
    for path in (f"/companies/{fi_company.pk}/", f"/companies/{fi_company.pk}/edit/",
                 f"/companies/{fi_company.pk}/contacts/new/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Volttiväylä" not in response.content.decode()


def test_it_cannot_register_companies(company_user):
    assert client_for(company_user).get("/companies/new/").status_code == 403


def test_it_sees_its_contacts_but_no_private_notes(company_user, ee_company, advisor, other_advisor):
    Contact.objects.create(company=ee_company, name="Kadri Saar", email="kadri@aqua.ee")
    add_private_notes(advisor=advisor, other_advisor=other_advisor, company=ee_company)
    page = client_for(company_user).get(f"/companies/{ee_company.pk}/").content.decode()
    assert "Kadri Saar" in page
    assert "secret" not in page and "Private notes" not in page


def test_it_edits_its_profile_without_status_or_partners(company_user, ee_company):
    client = client_for(company_user)
    form = client.get(f"/companies/{ee_company.pk}/edit/").context["form"]
    assert "status" not in form.fields and "partners" not in form.fields
    # A forged status field is ignored by the form, so the stored status stays.
    response = client.post(f"/companies/{ee_company.pk}/edit/", dict(PROFILE_POST, status="alumni"))
    assert response.status_code == 302
    ee_company.refresh_from_db()
    assert (ee_company.city, ee_company.status) == ("Tartu", "prospect")


def test_it_cannot_post_a_private_note(company_user, ee_company):
    assert client_for(company_user).post(f"/companies/{ee_company.pk}/", {"text": "hi"}).status_code == 403
    assert ee_company.notes.count() == 0


def test_it_shows_the_products_not_found_page(company_user, fi_company, settings):
    settings.DEBUG = True  # as in the demo
    response = client_for(company_user).get(f"/companies/{fi_company.pk}/")
    assert response.status_code == 404
    assert "nothing you may see" in response.content.decode()
