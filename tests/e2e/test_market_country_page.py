"""The country page: indicator charts, cities, top opportunities and the dimension breakdown."""

from __future__ import annotations

import re

from sme2go.markets.index import compute_index
from sme2go.markets.market_store import market_data
from tests.e2e.market_data import client_for, load_markets


def test_it_breaks_the_score_down_into_contributions_that_add_up(manager):
    load_markets()
    page = client_for(manager).get("/markets/KEN/?theme=water&as_of=2022").content.decode()
    kenya = next(s for s in compute_index(market_data(), as_of=2022, theme="water") if s.iso3 == "KEN")
    assert f"Rank <strong>{kenya.rank}</strong>" in page
    assert f"{kenya.score:.1f}" in page
    table = page[page.index('<table class="dimensions"') : page.index("</table>", page.index('<table class="dimensions"'))]
    contributions = [float(x) for x in re.findall(r'<td class="num">(-?\d+\.\d)</td>\s*<td class="muted small">', table)]
    assert len(contributions) == 10
    assert abs(sum(contributions) - kenya.score) < 0.6  # rounded to one decimal each


def test_it_charts_every_stored_indicator_over_time(manager):
    load_markets()
    page = client_for(manager).get("/markets/KEN/").content.decode()
    assert page.count('class="chart line"') >= 8
    assert "NY.GDP.MKTP.CD" in page and "World Bank WDI" in page and "UN DESA E-Government Survey" in page
    assert "<script" not in page  # server-rendered SVG, no JavaScript


def test_it_lists_the_largest_cities_and_open_projects_first(manager):
    load_markets()
    page = client_for(manager).get("/markets/KEN/").content.decode()
    cities = page[page.index("Largest cities") : page.index("Top opportunities")]
    assert cities.index("Nairobi") < cities.index("Mombasa")
    projects = page[page.index("Top opportunities") :]
    statuses = re.findall(r'class="status status-(\w+)"', projects)
    assert statuses and statuses[0] in ("active", "pipeline")
    assert statuses == sorted(statuses, key=lambda s: s not in ("active", "pipeline"))


def test_it_says_why_a_country_is_not_ranked(manager):
    load_markets()
    page = client_for(manager).get("/markets/SWE/?as_of=2008").content.decode()
    assert "Rank <strong>" in page or "Not ranked as of 2008" in page
