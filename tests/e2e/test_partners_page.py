"""The partners page: budgets, ERDF, companies per partner, and each company once overall."""

from __future__ import annotations

from sme2go.registry.models import Company
from tests.e2e.registry_pages import client_for


def test_it_counts_a_company_supported_by_two_partners_once_overall(advisor, ee_company, fi_company, partners):
    ee_company.partners.add(partners["Turku"])
    merged = Company.objects.create(legal_name="Aqua Sense", country="EE", merged_into=ee_company)
    merged.partners.add(partners["VSP"])
    response = client_for(advisor).get("/partners/")
    counts = {p.short_name: p.company_count for p in response.context["partners"]}
    assert counts == {"SISP": 0, "Tehnopol": 1, "Turku": 2, "VSP": 0, "Posintra": 0}
    assert response.context["unique_companies"] == 2
    page = response.content.decode()
    assert "2 unique" in page
    assert "1,839,996" in page and "1,419,997" in page  # the programme's real budget and ERDF total


def test_a_company_user_sees_only_the_partners_supporting_their_company(client, company_user, partners):
    other = Company.objects.create(legal_name="Second Client OÜ", country="EE")
    other.partners.add(partners["Tehnopol"])
    client.force_login(company_user)
    page = client.get("/partners/").content.decode()
    assert "Tallinn Science Park Tehnopol" in page
    assert "Turku Science Park" not in page and "Posintra" not in page
    api = client.get("/api/partners").json()
    assert [p["short_name"] for p in api] == ["Tehnopol"]
    assert api[0]["company_count"] == 2  # the partner's whole count, not just the user's company
    other = partners["Turku"].pk
    assert client.get(f"/api/partners/{other}").status_code == 404


def test_a_company_user_sees_no_partners_portfolio_size(client, company_user, ee_company, partners):
    for number in range(3):
        Company.objects.create(legal_name=f"Client {number} OÜ", country="EE").partners.add(partners["Tehnopol"])
    client.force_login(company_user)
    page = client.get("/partners/").content.decode()
    assert "Tallinn Science Park Tehnopol" in page and "Aqua Sense OÜ" in page
    assert "Companies supported" not in page and "unique" not in page and "partner–company links" not in page
    assert f"?partner={partners['Tehnopol'].pk}" not in page


def test_the_partners_are_listed_by_name(advisor, partners):
    names = [p.name for p in client_for(advisor).get("/partners/").context["partners"]]
    assert names == sorted(names) and len(names) == 5
