"""What the country page shows: indicator charts, cities, top opportunities and the index breakdown."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from django.db.models import Case, F, IntegerField, Value, When

from sme2go.markets.charts import compact, line_chart
from sme2go.markets.demand import DEMAND_WINDOW
from sme2go.markets.index import DIMENSIONS, CountryScore, Weights
from sme2go.markets.models import City, Country, Indicator, IndicatorValue
from sme2go.opportunities.models import Opportunity
from sme2go.taxonomy import load_taxonomy

CITIES_SHOWN = 12
OPPORTUNITIES_SHOWN = 10


def _format(dimension: str, value: float | None) -> str:
    """A raw dimension value as a person reads it."""
    if value is None:
        return "no data"
    if dimension == "size":
        return f"{compact(value)} urban residents"
    if dimension == "urban_growth":
        return f"{value:.2f}% a year"
    if dimension == "growth":
        return f"{100 * value:.1f}% a year (5-year, current US$)"
    if dimension == "intensity":
        return f"US$ {compact(value)} per person"
    if dimension == "business":
        return f"rank {value:.0f}"
    if dimension == "risk":
        return f"{value:.3f} (std. of yearly log change)"
    if dimension == "demand":
        return f"{value:.1f} (forecast score)"
    return f"{value:.3f}"


def breakdown(score: CountryScore, weights: Weights, *, as_of: int) -> list[dict]:
    """One row per dimension: raw value, weight, contribution to the score, how missing data was handled."""
    w = asdict(weights)
    rows = []
    for dimension, description in DIMENSIONS.items():
        extra = ""
        if dimension == "demand" and score.values.get("demand_recent_usd"):
            # S of the forecast: the mean over the demand window, not a total.
            extra = (f"; smart-city commitments US$ {compact(score.values['demand_recent_usd'] or 0)} a year "
                     f"on average, {as_of - DEMAND_WINDOW + 1}–{as_of}")
        left_out = dimension in score.left_out
        rows.append({
            "dimension": dimension, "description": description, "left_out": left_out,
            "value": "left out for this theme" if left_out else _format(dimension, score.values.get(dimension)) + extra,
            "weight": w[dimension], "contribution": score.contributions.get(dimension, 0.0),
            "missing": dimension in score.missing, "handling": score.handling.get(dimension, ""),
        })  # fmt: skip
    return rows


def indicator_charts(country: Country) -> list[dict]:
    """A line chart per indicator the store has for the country, with its latest value and source."""
    series: dict[int, list[tuple[int, float]]] = defaultdict(list)
    sources: dict[int, set[str]] = defaultdict(set)
    for indicator_id, year, value, source in IndicatorValue.objects.filter(country=country).values_list(
        "indicator_id", "year", "value", "source"
    ):
        series[indicator_id].append((year, value))
        sources[indicator_id].add(source)
    charts = []
    for indicator in Indicator.objects.filter(id__in=series).order_by("code"):
        points = sorted(series[indicator.id])
        charts.append({
            "code": indicator.code, "name": indicator.name, "unit": indicator.unit,
            "latest_year": points[-1][0], "latest": compact(points[-1][1]),
            "sources": ", ".join(sorted(sources[indicator.id])),
            "svg": line_chart(points, label=f"{indicator.name} ({indicator.code}) over time"),
        })  # fmt: skip
    return charts


def largest_cities(country: Country) -> list[City]:
    return list(City.objects.filter(country=country).order_by("-population", "name")[:CITIES_SHOWN])


def top_opportunities(country: Country, *, theme: str | None = None) -> list[dict]:
    """The country's largest projects (of the theme, if one is chosen), active and pipeline ones first.

    Each as {"opportunity", "status" (its label), "themes" (theme names, largest share first)}.
    """
    open_first = Case(
        When(status__in=[Opportunity.Status.ACTIVE, Opportunity.Status.PIPELINE], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    projects = Opportunity.objects.filter(country=country)
    if theme:
        projects = projects.filter(themes__theme_id=theme)
    names = {t.id: t.name for t in load_taxonomy().themes}
    return [
        {"opportunity": o, "status": o.get_status_display(),
         "themes": [names.get(t.theme_id, t.theme_id) for t in o.themes.all()]}
        for o in projects.annotate(open_first=open_first)
        .order_by("open_first", F("amount_usd").desc(nulls_last=True), "external_id")
        .prefetch_related("themes")[:OPPORTUNITIES_SHOWN]
    ]  # fmt: skip
