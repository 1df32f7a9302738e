"""The weight boxes show the weights in effect, and the page says what an empty box means."""

from __future__ import annotations

import re

from tests.e2e.market_data import client_for, load_markets


def boxes(page: str) -> dict[str, str | None]:
    """Each weight box's value (None = blank)."""
    out = {}
    for tag in re.findall(r'<input[^>]*name="w_\w+"[^>]*>', page):
        name = re.search(r'name="w_(\w+)"', tag).group(1)
        value = re.search(r'value="([^"]*)"', tag)
        out[name] = value.group(1) if value else None
    return out


def test_an_emptied_box_shows_the_default_that_applies(manager):
    load_markets()
    page = client_for(manager).get("/markets/?theme=water&w_demand=&w_size=2").content.decode()
    shown = boxes(page)
    assert shown["demand"] == "0.3" and shown["size"] == "2" and shown["risk"] == "0.05"
    assert None not in shown.values()
    assert "An empty box means the dimension's default weight" in page
    assert 'placeholder="0.3"' in page


def test_a_link_with_some_weights_fills_every_box(manager):
    load_markets()
    page = client_for(manager).get("/markets/?theme=water&w_demand=0&w_size=5").content.decode()
    shown = boxes(page)
    assert shown["demand"] == "0" and shown["size"] == "5" and shown["urban_growth"] == "0.1"
    assert None not in shown.values()


def test_refused_weights_stay_in_their_boxes_to_be_corrected(manager):
    load_markets()
    page = client_for(manager).get("/markets/?w_size=-1").content.decode()
    assert boxes(page)["size"] == "-1" and "weights were refused" in page
