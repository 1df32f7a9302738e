"""The country page's top opportunities follow the chosen theme, name themes and statuses as the
opportunity pages do, and the link to all of them keeps the theme."""

from __future__ import annotations

import html
import re

from sme2go.opportunities.models import Opportunity
from sme2go.taxonomy import load_taxonomy
from tests.e2e.market_data import client_for, load_markets


def opportunities_section(page: str) -> str:
    return page[page.index("<h2>Top opportunities</h2>") : page.index("</section>", page.index("<h2>Top opportunities</h2>"))]


def test_the_top_opportunities_are_those_of_the_chosen_theme_with_readable_names(manager):
    load_markets()
    client = client_for(manager)
    section = opportunities_section(client.get("/markets/KEN/?theme=water").content.decode())
    ids = [int(i) for i in re.findall(r'href="/opportunities/(\d+)/"', section)]
    assert ids
    water = set(Opportunity.objects.filter(country__iso3="KEN", themes__theme_id="water").values_list("pk", flat=True))
    assert set(ids) <= water  # every project shown needs the theme
    names = re.findall(r'<span class="badge theme"[^>]*>([^<]+)</span>', section)
    assert "Water" in names
    theme_ids = {t.id for t in load_taxonomy().themes}
    assert not theme_ids.intersection(names)  # names, never raw ids such as "solid-waste"
    labels = dict(Opportunity.Status.choices)
    for status in re.findall(r'class="status status-\w+">([^<]+)<', section):
        assert status in labels.values()


def test_the_link_to_all_opportunities_keeps_the_theme(manager):
    load_markets()
    client = client_for(manager)
    section = opportunities_section(client.get("/markets/KEN/?theme=water").content.decode())
    link = html.unescape(re.search(r'<a href="([^"]+)">All water opportunities in Kenya →</a>', section).group(1))
    assert "country=KEN" in link and "theme=water" in link
    listing = client.get(link).content.decode()
    assert "No opportunity matches" not in listing
    all_themes = opportunities_section(client.get("/markets/KEN/").content.decode())
    assert re.search(r'<a href="[^"]*country=KEN[^"]*">All opportunities in Kenya →</a>', all_themes)
