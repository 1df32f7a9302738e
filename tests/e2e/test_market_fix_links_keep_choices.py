"""Opening a country from the ranking keeps the theme, data year and weights, so it shows the same rank;
the way back keeps them too, and "Back to the defaults" resets only the weights."""

from __future__ import annotations

import html
import re

from tests.e2e.market_data import client_for, load_markets

CHOICES = "theme=water&region=Americas&as_of=2015&w_demand=0&w_size=5"


def rows(page: str) -> list[tuple[str, str, str]]:
    """(rank, iso3, href) of each row of the ranking table."""
    return re.findall(r'<tr data-iso3="([A-Z]{3})">\s*<td class="num">(\d+)</td>\s*<td><a href="([^"]+)"', page)


def test_a_country_opened_from_the_ranking_shows_the_rank_it_had_there(manager):
    load_markets()
    client = client_for(manager)
    page = client.get(f"/markets/?{CHOICES}").content.decode()
    found = rows(page)
    assert len(found) >= 3
    for iso3, rank, href in found:
        href = html.unescape(href)
        assert "theme=water" in href and "as_of=2015" in href and "w_demand=0" in href and "w_size=5" in href
        country = client.get(href).content.decode()
        assert f"Rank <strong>{rank}</strong>" in country, (iso3, href)
        assert "Data up to" in country and '<option value="2015" selected>' in country
    # The bubbles of the map and of the scatter open the same pages.
    first_href = html.unescape(found[0][2])
    for chart in ('class="chart world"', 'class="chart bubbles"'):
        svg = page[page.index(chart) :]
        svg = html.unescape(svg[: svg.index("</svg>")])
        assert f'href="{first_href}"' in svg, chart


def test_the_way_back_keeps_theme_year_weights_and_region(manager):
    load_markets()
    client = client_for(manager)
    ranking = client.get(f"/markets/?{CHOICES}").content.decode()
    iso3, _, href = rows(ranking)[0]
    country = client.get(html.unescape(href)).content.decode()
    back = html.unescape(re.search(r'<a href="([^"]*)">← Markets</a>', country).group(1))
    assert rows(client.get(back).content.decode()) == rows(ranking)
    # The country page's own form keeps the weights and region when the theme or year changes.
    form = country[country.index('<form class="filters"') :]
    form = form[: form.index("</form>")]
    assert 'type="hidden" name="w_size" value="5"' in form and 'type="hidden" name="region" value="Americas"' in form


def test_the_country_page_refuses_bad_weights_like_the_ranking_page(manager):
    load_markets()
    client = client_for(manager)
    page = client.get("/markets/KEN/?theme=water&w_size=-1").content.decode()
    assert "weights were refused" in page and "Size (urban population): a weight cannot be negative" in page
    assert re.search(r"Rank <strong>\d+</strong>", page)


def test_back_to_the_defaults_resets_the_weights_only(manager):
    load_markets()
    page = client_for(manager).get(f"/markets/?{CHOICES}&income=Upper-Middle").content.decode()
    reset = html.unescape(re.search(r'<a href="([^"]*)">Back to the defaults</a>', page).group(1))
    assert "w_" not in reset
    for kept in ("theme=water", "region=Americas", "income=Upper-Middle", "as_of=2015"):
        assert kept in reset
