"""The programme manager sees and changes everything."""

from __future__ import annotations

from sme2go.registry.models import Company
from tests.e2e.registry_pages import PROFILE_POST, add_private_notes, client_for


def test_it_lists_every_company(manager, ee_company, fi_company):
    page = client_for(manager).get("/").content.decode()
    assert "Aqua Sense OÜ" in page and "Volttiväylä Oy" in page
    assert "Register a company" in page


def test_it_shows_every_partners_private_notes(manager, advisor, other_advisor, fi_company):
    add_private_notes(advisor=advisor, other_advisor=other_advisor, company=fi_company)
    page = client_for(manager).get(f"/companies/{fi_company.pk}/").content.decode()
    assert "Tehnopol secret" in page and "Turku secret" in page
    # Told in the manager's terms, not an advisor's ("your partner organisation's advisors").
    assert "you, as programme manager, read them all" in page and "Only your partner" not in page
    advisor_page = client_for(advisor).get(f"/companies/{fi_company.pk}/").content.decode()
    assert "Only your partner organisation's advisors and the programme manager read these." in advisor_page


def test_it_edits_any_company_including_status_and_partners(manager, fi_company, partners):
    client = client_for(manager)
    assert "Edit company" in client.get(f"/companies/{fi_company.pk}/").content.decode()
    data = dict(PROFILE_POST, legal_name="Volttiväylä Oy", country="FI", status="active",
                partners=[partners["Turku"].pk, partners["Posintra"].pk])
    response = client.post(f"/companies/{fi_company.pk}/edit/", data)
    assert response.status_code == 302
    fi_company.refresh_from_db()
    assert fi_company.status == "active"
    assert fi_company.website == "https://aquasense.ee"
    assert sorted(p.short_name for p in fi_company.partners.all()) == ["Posintra", "Turku"]


def test_it_registers_a_company_and_opens_its_page(manager):
    response = client_for(manager).post("/companies/new/", dict(PROFILE_POST, status="prospect"), follow=True)
    company = Company.objects.get(legal_name="Aqua Sense OÜ")
    assert response.redirect_chain[-1][0] == f"/companies/{company.pk}/"
    assert "Registered Aqua Sense OÜ" in response.content.decode()


def test_it_writes_a_note_for_a_chosen_partner(manager, fi_company, partners, other_advisor):
    client_for(manager).post(f"/companies/{fi_company.pk}/", {"text": "For Turku only", "partner": partners["Turku"].pk})
    assert "For Turku only" in client_for(other_advisor).get(f"/companies/{fi_company.pk}/").content.decode()
