"""The ranking page: filters, rank intervals, contributions, missing data and refused weights."""

from __future__ import annotations

import re

from sme2go.markets.index import Weights, compute_index
from sme2go.markets.market_store import market_data
from tests.e2e.market_data import client_for, load_markets


def ranked_iso3s(response) -> list[str]:
    return re.findall(r'<tr data-iso3="([A-Z]{3})">', response.content.decode())


def test_it_lists_countries_in_the_order_of_the_index_for_the_theme(manager):
    load_markets()
    response = client_for(manager).get("/markets/?theme=transportation&as_of=2020")
    expected = [s.iso3 for s in compute_index(market_data(), as_of=2020, theme="transportation")]
    assert ranked_iso3s(response) == expected
    assert len(expected) >= 20
    page = response.content.decode()
    assert page.count('class="chart stacked"') == len(expected)  # a contribution bar per row
    assert page.count('class="chart interval"') == len(expected)
    # A bubble opens the country with the same theme and year (so it shows the same rank).
    assert 'class="chart bubbles"' in page and 'href="/markets/KEN/?theme=transportation&amp;as_of=2020"' in page
    world = page[page.index('class="chart world"') :]
    world = world[: world.index("</svg>")]
    assert world.count('class="bubble') == len(expected)  # every ranked country is on the map


def test_it_filters_by_region_and_income_group(manager):
    load_markets()
    client = client_for(manager)
    africa = ranked_iso3s(client.get("/markets/?region=Africa"))
    assert "KEN" in africa and "EST" not in africa and "VNM" not in africa
    high = ranked_iso3s(client.get("/markets/?income=High"))
    assert set(high) == {"EST", "FIN", "SWE"}


def test_it_marks_robust_ranks_and_flags_missing_data(manager):
    load_markets()
    page = client_for(manager).get("/markets/?theme=water").content.decode()
    assert "robust" in page
    # Sweden and Finland never borrowed from the World Bank: demand is flagged, not silently zero.
    sweden = page[page.index('data-iso3="SWE"') :]
    sweden = sweden[: sweden.index("</tr>")]
    assert 'class="badge missing"' in sweden and "Smart-city demand" in sweden


def test_it_ranks_with_the_weights_the_user_gives(manager):
    load_markets()
    client = client_for(manager)
    only_size = {f"w_{name}": "0" for name in Weights().__dataclass_fields__}
    only_size["w_size"] = "1"
    response = client.get("/markets/", only_size)
    expected = [s.iso3 for s in compute_index(market_data(), as_of=2024, weights=Weights(**{k[2:]: float(v) for k, v in only_size.items()}))]
    assert ranked_iso3s(response) == expected
    assert set(expected[:2]) == {"IND", "BRA"}  # the largest urban populations lead (tied after winsorising)


def test_it_refuses_negative_weights_with_a_message_and_keeps_the_defaults(manager):
    load_markets()
    client = client_for(manager)
    response = client.get("/markets/?w_demand=-1")
    page = response.content.decode()
    assert "weights were refused" in page and "cannot be negative" in page
    assert ranked_iso3s(response) == ranked_iso3s(client.get("/markets/"))


def test_it_refuses_all_zero_weights_with_a_message(manager):
    load_markets()
    zero = {f"w_{name}": "0" for name in Weights().__dataclass_fields__}
    page = client_for(manager).get("/markets/", zero).content.decode()
    assert "weights were refused" in page and "all zero" in page


def test_a_data_year_it_cannot_use_is_named_and_the_latest_data_are_used(manager):
    load_markets()
    client = client_for(manager)
    latest = ranked_iso3s(client.get("/markets/"))
    for value in ("abc", "3000"):
        response = client.get("/markets/", {"as_of": value, "theme": "water"})
        page = response.content.decode()
        assert f"Data up to “{value}” is not a year from 2008 to 2024, so the latest data (2024) are used" in page
        assert "market attractiveness, Water" in page  # the valid filter still applies
    page = client.get("/markets/EST/", {"as_of": "abc"}).content.decode()
    assert "Data up to “abc” is not a year" in page
    assert "Not understood" not in client.get("/markets/", {"as_of": "2020"}).content.decode()
    assert latest


def test_huge_or_non_finite_weights_are_refused_naming_the_dimension(manager):
    load_markets()
    client = client_for(manager)
    defaults = ranked_iso3s(client.get("/markets/"))
    for value, problem in (("1e308", "a weight can be at most 1000"), ("inf", "enter a number"), ("nan", "enter a number")):
        response = client.get("/markets/", {"w_size": value})
        page = response.content.decode()
        assert "weights were refused" in page and f"Size (urban population): {problem}" in page, value
        assert ranked_iso3s(response) == defaults
    assert "weights were refused" not in client.get("/markets/", {"w_size": "1000"}).content.decode()
