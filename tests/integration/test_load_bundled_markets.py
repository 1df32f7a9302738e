"""Loading the bundled countries, indicator values and GeoNames cities: complete, sourced, idempotent."""

from __future__ import annotations

import pytest

from sme2go.markets import bundle
from sme2go.markets.models import City, Country, Indicator, IndicatorValue
from sme2go.markets.services import load_bundled_markets

pytestmark = pytest.mark.django_db


def test_it_loads_every_bundled_country_and_value_with_its_source_once():
    first = load_bundled_markets(city_min_population=1_000_000)
    assert first.countries == Country.objects.count() == len(bundle.load_countries())
    assert first.values == IndicatorValue.objects.count() == len(bundle.load_observations())
    assert IndicatorValue.objects.filter(source="").count() == 0
    kenya_gdp = IndicatorValue.objects.get(country__iso3="KEN", indicator__code="NY.GDP.MKTP.CD", year=2020)
    assert kenya_gdp.source == "World Bank WDI" and kenya_gdp.value > 9e10
    assert Indicator.objects.get(code="SP.URB.TOTL").name == "Urban population"
    assert first.cities == City.objects.count() > 400
    nairobi = City.objects.get(name="Nairobi")
    assert nairobi.country.iso3 == "KEN" and nairobi.population > 2_000_000

    second = load_bundled_markets(city_min_population=1_000_000)
    assert (second.countries, second.values, second.cities) == (0, 0, 0)
    assert "already loaded" in second.summary()
    assert IndicatorValue.objects.count() == len(bundle.load_observations())


def test_it_never_overwrites_a_value_a_user_imported():
    load_bundled_markets(city_min_population=5_000_000, countries={"EST"})
    value = IndicatorValue.objects.get(country__iso3="EST", indicator__code="SP.POP.TOTL", year=2020)
    value.value, value.source = 1.0, "import of my.csv"
    value.save()
    load_bundled_markets(city_min_population=5_000_000, countries={"EST"})
    value.refresh_from_db()
    assert (value.value, value.source) == (1.0, "import of my.csv")


def test_it_loads_only_the_cities_of_at_least_the_minimum_population():
    load_bundled_markets(city_min_population=15_000, countries={"EST"})
    tallinn = City.objects.get(name="Tallinn")
    assert tallinn.country_code == "EE" and 300_000 < tallinn.population < 600_000
    assert City.objects.filter(population__lt=15_000).count() == 0
    assert City.objects.filter(country__iso3="EST").count() >= 5
