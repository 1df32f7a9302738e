"""'Largest cities' on the country page lists cities: no districts of a city, no place twice, no county."""

from __future__ import annotations

import pytest

from sme2go.markets.city_parts import cities_of_their_own
from sme2go.markets.models import City
from sme2go.markets.services import load_bundled_markets
from tests.e2e.market_data import client_for


@pytest.fixture
def four_countries(db):
    load_bundled_markets(city_min_population=15_000, countries={"EST", "KEN", "FIN", "SWE"})


def largest_cities(user, iso3: str) -> str:
    page = client_for(user).get(f"/markets/{iso3}/").content.decode()
    return page[page.index("Largest cities") : page.index("Top opportunities")]


def test_estonia_lists_tallinn_once_not_its_districts(manager, four_countries):
    cities = largest_cities(manager, "EST")
    assert "Tallinn" in cities and "Tartu" in cities and "Narva" in cities
    for district in ("Lasnamäe", "Mustamäe", "Kesklinn", "Põhja-Tallinn", "Haabersti", "Nõmme", "Kristiine"):
        assert district not in cities


def test_kenya_lists_karuri_once_and_not_kakamega_with_its_countys_people(manager, four_countries):
    cities = largest_cities(manager, "KEN")
    assert cities.count("Karuri") == 1
    assert "Kakamega" not in cities and "1,867,579" not in cities
    assert "Nairobi" in cities and "Ruiru" in cities  # a town of its own next to Nairobi stays


def test_helsinki_and_stockholm_without_their_sections_but_with_their_neighbour_cities(manager, four_countries):
    finland = largest_cities(manager, "FIN")
    assert "East Helsinki" not in finland and "Espoo" in finland and "Vantaa" in finland
    assert "Södermalm" not in largest_cities(manager, "SWE")


def test_a_district_stored_by_an_earlier_version_goes_on_the_next_load(four_countries):
    City.objects.create(geonameid=590775, name="Lasnamäe", country_code="EE", population=115008, lat=59.43, lon=24.82)
    load_bundled_markets(city_min_population=15_000, countries={"EST"})
    assert not City.objects.filter(name="Lasnamäe").exists()
    assert City.objects.filter(name="Tallinn").exists()


def place(geonameid, name, population, lat, lon, country="EE", admin1="01"):
    return {"geonameid": geonameid, "name": name, "population": population, "latitude": lat,
            "longitude": lon, "countrycode": country, "admin1code": admin1}  # fmt: skip


def test_the_rule_keeps_cities_and_their_neighbours_and_drops_parts_and_repeats():
    city = place(1, "Big", 400_000, 59.44, 24.75)
    kept = cities_of_their_own([
        city,
        place(2, "District", 100_000, 59.44, 24.85),  # 5.7 km away, within Big's 8 km
        place(3, "Town", 50_000, 59.30, 24.40),  # 24 km away
        place(4, "Across the border", 100_000, 59.44, 24.85, admin1="02"),
        place(5, "Town", 50_000, 59.10, 25.00),  # the same name and people as 3: listed twice
        place(6, "Twin", 300_000, 59.44, 24.80),  # close, but not half Big's size
    ])
    assert [p["geonameid"] for p in kept] == [1, 6, 4, 3]
