"""The location map's caption names degrees South and West as such (it read "-46.1°..-37.6°E")."""

from __future__ import annotations

import re

from sme2go.markets.charts import Place, place_map


def caption(svg: str) -> str:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)[-1]


def test_places_south_and_west_are_captioned_s_and_w():
    brazil = [Place(-23.5, -46.1, "São Paulo"), Place(-9.7, -37.6, "Alagoas")]
    assert caption(place_map(brazil)) == "23.5°S–9.7°S, 46.1°W–37.6°W"


def test_places_north_and_east_and_across_the_equator():
    assert caption(place_map([Place(-1.3, 36.8, "Nairobi"), Place(3.1, 35.6, "Lodwar")])) == "1.3°S–3.1°N, 35.6°E–36.8°E"
    assert caption(place_map([Place(51.5, -0.1, "London"), Place(52.5, 13.4, "Berlin")])) == "51.5°N–52.5°N, 0.1°W–13.4°E"
