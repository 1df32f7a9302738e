"""The opportunity search through its index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL)
finds exactly what a word-by-word substring oracle finds, and the index follows every write."""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.opportunities import search
from sme2go.opportunities.models import Opportunity
from sme2go.opportunities.services import (
    OPPORTUNITY_FIELDS,
    OpportunityFilter,
    load_bundled_opportunities,
    search_opportunities,
)
from sme2go.registry.bulk_writes import insert_rows

pytestmark = pytest.mark.django_db

# Titles with accents, case, punctuation and the characters of FTS5's query syntax.
TITLES = {
    "P1": "Côte d'Ivoire Urban Water Supply",
    "P2": "WASTEWATER treatment in São Paulo",
    "P3": "E-Government: Digital ID (phase 2)",
    "P4": 'Say "NEAR" to the *star* project - now',
    "P5": "Transport et mobilité urbaine à Dakar",
    "P6": "Málaga smart-city pilot; AI/IoT sensors",
    "P7": "Ålesund port ^ column:value OR NOT AND",
    "P8": "Straße und Brücke 50% fertig_gestellt",
}
QUERIES = [
    "water", "WATER", "Wäter", "wastewater", "côte", "cote d'ivoire", "d'ivoire", "sao paulo", "SÃO",
    "e-gov", "e-government:", "id (phase", "(phase 2)", '"near"', '"', '""', "*star*", "*", "-", "- now",
    "NEAR", "near(", "star* OR", "column:value", "column:", ":", "^", "OR", "NOT", "AND", "mobilite",
    "mobilité urbaine", "a", "ai", "ai/iot", "to", "ur", "urb", "port", "transp", "smart-city", "50%", "%",
    "_", "fertig_", "strasse", "straße", "brucke", "ålesund", "alesund", "zzz", "water zzz", "'", "''",
    "a'b", "\\", "\x00water", "",
]  # fmt: skip


def make_titles() -> None:
    for external_id, title in TITLES.items():
        Opportunity.objects.create(external_id=external_id, title=title, status="Active")


def found(query: str) -> set[str]:
    return set(search_opportunities(OpportunityFilter(query=query)).values_list("external_id", flat=True))


def oracle(query: str) -> set[str]:
    """Brute force: every folded word of the query occurs in the folded title."""
    words = search.search_words(query)
    return {pid for pid, title in TITLES.items() if all(w in search.search_text_of(title) for w in words)}


@pytest.mark.parametrize("query", QUERIES)
def test_it_finds_what_a_word_by_word_substring_search_finds(query):
    make_titles()
    assert found(query) == oracle(query)


def test_the_oracle_keeps_todays_folding():
    make_titles()
    assert found("cote d'ivoire") == found("CÔTE D'IVOIRE") == {"P1"}
    assert found("water") == {"P1", "P2"}  # also inside a longer word
    assert found("transp") == {"P5"}  # a word's beginning
    assert found('"NEAR" *star*') == {"P4"}  # FTS5 syntax is only text


_ALPHABET = st.sampled_from(list("aeiourtnsdcpwgmlôÖéüåßÃ'\"*-:^()%_/ ") + ["near", "or", "not", "and"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.lists(_ALPHABET, min_size=1, max_size=8).map("".join))
def test_any_typed_query_matches_the_oracle_and_never_errors(query):
    if not Opportunity.objects.exists():
        make_titles()
    assert found(query) == oracle(query)


def test_the_index_follows_the_bundle_loader_orm_writes_bulk_inserts_and_deletes():
    load_bundled_opportunities(countries={"EST"})
    loaded = Opportunity.objects.filter(iso3="EST").count()
    assert loaded and found("estonia") >= set(Opportunity.objects.filter(iso3="EST").values_list("external_id", flat=True))

    project = Opportunity.objects.create(external_id="X1", title="Geothermal heat for Tartu", status="Active")
    assert found("geothermal tartu") == {"X1"}
    project.title = "Solar heat for Pärnu"
    project.save()
    assert found("geothermal") == set()
    assert found("parnu solar") == {"X1"}
    project.implementing_agency = "Ministry of Climate"
    project.save(update_fields=["implementing_agency"])
    assert found("ministry of climate") == {"X1"}

    row = dict.fromkeys(OPPORTUNITY_FIELDS, "")
    row.update(source="test", external_id="X2", title="Tidal power", country=None, status="Pipeline",
               amount_usd=None, project_cost_usd=None, approval_date=None, closing_date=None,
               search_text=search.search_text_of("Tidal power"))  # fmt: skip
    insert_rows(Opportunity, OPPORTUNITY_FIELDS, [tuple(row[f] for f in OPPORTUNITY_FIELDS)])
    assert found("tidal") == {"X2"}

    Opportunity.objects.filter(external_id__in=["X1", "X2"]).delete()
    assert found("parnu") == found("tidal") == set()
    Opportunity.objects.filter(iso3="EST").delete()
    assert found("estonia") == set()
    assert_index_matches_the_table()


def assert_index_matches_the_table() -> None:
    """SQLite: FTS5's own check that the index holds exactly the stored search texts."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO opportunities_opportunity_fts(opportunities_opportunity_fts, rank) "
                "VALUES ('integrity-check', 1)"
            )


def test_the_search_is_served_by_an_index_on_this_database():
    if connection.vendor == "sqlite":
        assert search.has_fts_index("default")
        sql = str(search_opportunities(OpportunityFilter(query="water")).query)
        assert "MATCH" in sql
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'opportunity_search_trgm'")
            assert "gin_trgm_ops" in cursor.fetchone()[0]
