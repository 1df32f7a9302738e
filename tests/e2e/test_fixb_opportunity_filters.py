"""The opportunity list explains filters it cannot use in the market pages' words; the API refuses
reversed years; theme shares add up to 100 %; abbreviated titles find their theme."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from sme2go.opportunities.classify import classify_by_keywords, whole_percents
from sme2go.opportunities.models import Opportunity, OpportunityTheme
from sme2go.opportunities.services import load_bundled_opportunities
from tests.e2e.api_client import call, token_for
from tests.e2e.market_data import client_for


@pytest.fixture
def kenya(db):
    load_bundled_opportunities(countries={"KEN"})


def listing(user, **params) -> tuple[str, int]:
    page = html.unescape(client_for(user).get("/opportunities/", params).content.decode())
    return page, int(re.search(r"([\d,]+) opportunit", page).group(1).replace(",", ""))


def test_an_unknown_theme_is_explained_like_on_the_market_pages(advisor, kenya):
    page, count = listing(advisor, theme="bogus")
    assert "Theme “bogus” is not one of the choices, so all themes are shown" in page
    assert "Select a valid choice" not in page and count == Opportunity.objects.count()


def test_a_country_code_in_lower_case_is_understood(advisor, kenya):
    lower, count = listing(advisor, country="ken")
    assert "Not understood" not in lower and "not one of the choices" not in lower
    assert count == Opportunity.objects.filter(iso3="KEN").count() == listing(advisor, country="KEN")[1]


def test_a_search_over_200_characters_is_cut_with_a_note_not_dropped(advisor, kenya):
    query = "water " + "sanitation " * 30
    page, count = listing(advisor, q=query)
    assert "The search is longer than 200 characters, so only its first 200 are used" in page
    assert 0 < count == listing(advisor, q="water sanitation")[1] < Opportunity.objects.count()


def test_reversed_years_are_explained_on_the_page_and_refused_by_the_api(advisor, kenya):
    page, count = listing(advisor, approved_from="2020", approved_to="2010")
    assert "Approved to “2010” must not be before the start year (2020), so no end year is used" in page
    assert count == Opportunity.objects.filter(approval_date__gte=dt.date(2020, 1, 1)).count()
    response = call("get", "/api/opportunities?approved_from=2020&approved_to=2010", token=token_for(advisor))
    assert response.status_code == 422 and response.data["field"] == "approved_to"
    assert "2010" in response.data["detail"] and "2020" in response.data["detail"]


def test_theme_shares_on_the_opportunity_page_add_up_to_100(advisor, db):
    opportunity = Opportunity.objects.create(external_id="P1", title="Mixed", status="Active")
    for theme, share in (("transportation", 0.755), ("water", 0.225), ("energy", 0.02)):
        OpportunityTheme.objects.create(opportunity=opportunity, theme_id=theme, share=share)
    page = client_for(advisor).get(f"/opportunities/{opportunity.pk}/").content.decode()
    percents = [int(p) for p in re.findall(r'<td class="num">(\d+)%</td>', page)]
    assert percents == [76, 22, 2] and sum(percents) == 100


def test_largest_remainder_keeps_every_total_at_100():
    assert whole_percents([1 / 3, 1 / 3, 1 / 3]) == [34, 33, 33]
    assert whole_percents([0.5, 0.5]) == [50, 50] and whole_percents([1.0]) == [100] and whole_percents([]) == []
    assert sum(whole_percents([0.125, 0.125, 0.25, 0.245, 0.255])) == 100


def themes(title: str) -> dict[str, float]:
    return {t.theme_id: t.share for t in classify_by_keywords(title=title)}


def test_an_unambiguous_abbreviation_in_a_title_counts_as_its_keyword():
    assert themes("BURSA URBAN TRANSP.") == {"transportation": 0.5, "urban-planning": 0.5}
    assert themes("AGRIC. SECTOR LOAN II") == {"agriculture-food": 1.0}
    assert themes("EDUC. III") == {"education": 1.0}


def test_an_ambiguous_abbreviation_counts_for_nothing():
    # TRANS. is transport, transmission (POWER TRANS.III) or transparency in the World Bank's titles.
    assert "transportation" not in themes("POWER TRANS.III") and "transportation" not in themes("BUD. URBAN TRANS. II")
    assert themes("Improve the water.") == {"water": 1.0}  # a sentence's full stop is no abbreviation
