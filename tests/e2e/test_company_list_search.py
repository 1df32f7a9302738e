"""Searching and filtering the company list."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sme2go.registry.models import Company, Solution, SolutionCapability
from tests.e2e.registry_pages import client_for


def _names(response) -> list[str]:
    return [row["company"].legal_name for row in response.context["rows"]]


def test_it_finds_companies_by_every_word_case_insensitively(manager, ee_company, fi_company):
    client = client_for(manager)
    assert _names(client.get("/", {"q": "AQUA tallinn"})) == ["Aqua Sense OÜ"]
    assert _names(client.get("/", {"q": "aqua turku"})) == []
    assert _names(client.get("/", {"q": "FI456"})) == ["Volttiväylä Oy"]


def test_it_filters_by_country_partner_status_and_capability(manager, ee_company, fi_company, partners):
    solution = Solution.objects.create(company=fi_company, name="Charge")
    SolutionCapability.objects.create(solution=solution, capability_id="transportation.e-mobility-charging", level=0.9)
    client = client_for(manager)
    assert _names(client.get("/", {"country": "EE"})) == ["Aqua Sense OÜ"]
    assert _names(client.get("/", {"partner": partners["Turku"].pk})) == ["Volttiväylä Oy"]
    assert _names(client.get("/", {"capability": "transportation"})) == ["Volttiväylä Oy"]
    assert _names(client.get("/", {"capability": "transportation.e-mobility-charging"})) == ["Volttiväylä Oy"]
    assert _names(client.get("/", {"capability": "water.leak-detection"})) == []
    assert _names(client.get("/", {"status": "prospect", "country": "FI"})) == ["Volttiväylä Oy"]


def test_it_keeps_the_filter_values_in_the_form_and_the_page_links(manager, partners):
    Company.objects.bulk_create(
        Company(legal_name=f"Firm {i:02d} AS", name_key=f"firm {i:02d}", country="EE", search_text=f"firm {i:02d} as")
        for i in range(30)
    )
    response = client_for(manager).get("/", {"q": "firm", "country": "EE"})
    page = response.content.decode()
    assert 'value="firm"' in page
    assert '<option value="EE" selected>' in page
    assert "?q=firm&amp;country=EE&amp;page=2" in page
    assert len(_names(response)) == 25
    second = client_for(manager).get("/", {"q": "firm", "country": "EE", "page": 2})
    assert _names(second) == [f"Firm {i:02d} AS" for i in range(25, 30)]


def test_it_shows_partners_capability_themes_and_generated_badges(manager, fi_company):
    fi_company.is_generated = True
    fi_company.save()
    solution = Solution.objects.create(company=fi_company, name="Charge")
    SolutionCapability.objects.create(solution=solution, capability_id="transportation.e-mobility-charging", level=0.9)
    page = client_for(manager).get("/").content.decode()
    assert "Transportation" in page and "Turku" in page and 'class="badge generated"' in page


def test_it_uses_the_same_number_of_queries_for_3_or_25_companies(manager, partners):
    def add_companies(n: int) -> None:
        for i in range(n):
            company = Company.objects.create(legal_name=f"Firm {i:02d} {n} AS", country="EE")
            company.partners.add(partners["Tehnopol"])
            SolutionCapability.objects.create(
                solution=Solution.objects.create(company=company, name="S"), capability_id="water.leak-detection", level=0.5
            )

    client = client_for(manager)

    def queries_for_list() -> int:
        client.get("/", {"q": "firm"})  # warm: session, statistics
        with CaptureQueriesContext(connection) as captured:
            client.get("/", {"q": "firm"})
        return len(captured)

    add_companies(3)
    few = queries_for_list()
    add_companies(22)
    assert queries_for_list() == few  # no query per row (partners, solutions, capabilities are prefetched)
