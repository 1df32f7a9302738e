"""Where countries are, from the stored GeoNames cities (no map files needed, works offline)."""

from __future__ import annotations

from django.db.models import Count

from sme2go.markets.models import City

BACKGROUND_MIN_POPULATION = 500_000

_cache: dict[str, object] = {}


def _current() -> dict[str, object]:
    count = City.objects.aggregate(n=Count("id"))["n"]
    if _cache.get("count") != count:
        sums: dict[str, list[float]] = {}
        for iso3, population, lat, lon in City.objects.filter(country__isnull=False).values_list(
            "country__iso3", "population", "lat", "lon"
        ):
            weight = max(population, 1)
            total = sums.setdefault(iso3, [0.0, 0.0, 0.0])
            total[0] += weight
            total[1] += weight * lat
            total[2] += weight * lon
        _cache.update(
            count=count,
            centroids={iso3: (s[1] / s[0], s[2] / s[0]) for iso3, s in sums.items()},
            background=list(City.objects.filter(population__gte=BACKGROUND_MIN_POPULATION).values_list("lat", "lon")),
        )
    return _cache


def country_centroids() -> dict[str, tuple[float, float]]:
    """(lat, lon) per ISO-3: the population-weighted mean of the country's cities.

    A rough centre of where people live (not of the territory), good enough for a bubble map.
    """
    return _current()["centroids"]  # type: ignore[return-value]


def large_city_points() -> list[tuple[float, float]]:
    """(lat, lon) of the largest cities, which sketch the continents on the map."""
    return _current()["background"]  # type: ignore[return-value]
