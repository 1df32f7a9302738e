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


def test_it_ignores_accents_whichever_way_they_are_typed(manager, partners):
    for name, city in [("Smarttics OÜ", "Sillamäe"), ("Grönström Data AB", "Västerås"), ("Vasteras Energi AB", "Umeå"),
                       ("Tromsø Sensor AS", "Tromsø")]:
        Company.objects.create(legal_name=name, country="EE", city=city)
    client = client_for(manager)
    assert _names(client.get("/", {"q": "smarttics ou"})) == ["Smarttics OÜ"]
    assert _names(client.get("/", {"q": "sillamae"})) == ["Smarttics OÜ"]
    assert _names(client.get("/", {"q": "gronstrom"})) == ["Grönström Data AB"]
    assert _names(client.get("/", {"q": "umea"})) == ["Vasteras Energi AB"]
    assert _names(client.get("/", {"q": "vasteras"})) == ["Grönström Data AB", "Vasteras Energi AB"]
    assert _names(client.get("/", {"q": "VÄSTERÅS"})) == ["Grönström Data AB", "Vasteras Energi AB"]
    assert _names(client.get("/", {"q": "tromso"})) == ["Tromsø Sensor AS"]
    assert client.get("/", {"q": "vasteras"}).context["page"].paginator.count == 2


def test_companies_stored_before_folding_are_found_after_the_migration(manager, partners):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    company = Company.objects.create(legal_name="Väylä Systems Oy", country="FI", city="Umeå")
    Company.objects.filter(pk=company.pk).update(search_text="väylä systems oy umeå")  # as stored before
    client = client_for(manager)
    assert _names(client.get("/", {"q": "vayla"})) == []
    migration = importlib.import_module("sme2go.registry.migrations.0005_company_search_text_folded")
    migration.fold_search_texts(apps, SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name))
    assert _names(client.get("/", {"q": "vayla umea"})) == ["Väylä Systems Oy"]
    assert _names(client.get("/", {"q": "Väylä"})) == ["Väylä Systems Oy"]


def test_a_filter_that_is_not_understood_is_left_out_and_the_others_still_apply(manager, ee_company, fi_company):
    client = client_for(manager)
    response = client.get("/", {"q": "aqua", "status": "bogus"})
    assert _names(response) == ["Aqua Sense OÜ"]  # the search word still applies
    assert "Not understood, so left out (the other filters apply): Status “bogus”." in response.content.decode()
    response = client.get("/", {"q": "turku", "sort": "colour"})
    assert _names(response) == ["Volttiväylä Oy"]
    assert "Sort “colour”" in response.content.decode()


def _sortable_companies() -> None:
    from django.utils import timezone

    for name, country, year in [("Beta AB", "SE", 2010), ("Alfa Oy", "FI", None), ("Gamma OÜ", "EE", 2020),
                                ("Delta AS", "EE", 2001)]:
        Company.objects.create(legal_name=name, country=country, founded_year=year)
    for minutes, name in enumerate(["Gamma OÜ", "Alfa Oy", "Delta AS", "Beta AB"]):  # Beta updated last
        Company.objects.filter(legal_name=name).update(updated_at=timezone.now() + timezone.timedelta(minutes=minutes))


def test_the_list_sorts_by_name_country_founded_year_or_last_update(manager, partners):
    _sortable_companies()
    client = client_for(manager)
    for params in ({}, {"q": "a"}):  # the whole list, and a search (sorted in two different ways)
        assert _names(client.get("/", params)) == ["Alfa Oy", "Beta AB", "Delta AS", "Gamma OÜ"]
        assert _names(client.get("/", {**params, "sort": "country"})) == ["Delta AS", "Gamma OÜ", "Alfa Oy", "Beta AB"]
        assert _names(client.get("/", {**params, "sort": "founded"})) == ["Delta AS", "Beta AB", "Gamma OÜ", "Alfa Oy"]
        assert _names(client.get("/", {**params, "sort": "-founded"})) == ["Gamma OÜ", "Beta AB", "Delta AS", "Alfa Oy"]
        assert _names(client.get("/", {**params, "sort": "-updated"})) == ["Beta AB", "Delta AS", "Alfa Oy", "Gamma OÜ"]
    page = client.get("/", {"sort": "-founded"}).content.decode()
    assert '<option value="-founded" selected>Founded (newest first)</option>' in page
    assert '<th class="num">Founded</th>' in page


def test_paging_keeps_the_sort(manager, partners):
    Company.objects.bulk_create(
        Company(legal_name=f"Firm {i:02d} AS", name_key=f"firm {i:02d}", country="EE", founded_year=2000 + i,
                search_text=f"firm {i:02d} as") for i in range(30)
    )
    response = client_for(manager).get("/", {"sort": "-founded"})
    assert _names(response)[:2] == ["Firm 29 AS", "Firm 28 AS"]
    assert "?sort=-founded&amp;page=2" in response.content.decode()
    second = client_for(manager).get("/", {"sort": "-founded", "page": 2})
    assert _names(second) == [f"Firm {i:02d} AS" for i in range(4, -1, -1)]
