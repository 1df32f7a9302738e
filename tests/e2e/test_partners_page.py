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
