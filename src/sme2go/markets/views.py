"""Market pages: the ranking with its uncertainty and a chart, and one country (thin views)."""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from sme2go.markets import country_profile
from sme2go.markets.access import market_reader
from sme2go.markets.charts import (
    PALETTE,
    Bubble,
    MapBubble,
    Segment,
    bubble_chart,
    rank_interval_bar,
    stacked_bar,
    world_map,
)
from sme2go.markets.forms import DIMENSION_LABELS, MarketFilterForm, WeightsForm
from sme2go.markets.geography import country_centroids, large_city_points
from sme2go.markets.index import DEMAND, DIMENSIONS, Weights, dimension_matrix
from sme2go.markets.market_store import ranking
from sme2go.markets.models import Country
from sme2go.markets.reports import DEFAULT_AS_OF
from sme2go.taxonomy import load_taxonomy

# A rank is called robust when 90% of the weightings keep it within this many places.
ROBUST_SPAN = 5
MAP_TOP = 20  # the best-ranked countries are drawn darker on the map
COLOURS = dict(zip(DIMENSIONS, PALETTE, strict=True))


def _svg(text: str) -> str:
    return mark_safe(text)  # noqa: S308 - charts.py escapes every text it writes


def _segments(contributions: dict[str, float]) -> list[Segment]:
    return [Segment(DIMENSION_LABELS[d], contributions.get(d, 0.0), COLOURS[d]) for d in DIMENSIONS]


def _filters(request: HttpRequest) -> tuple[MarketFilterForm, dict[str, tuple[str, str]]]:
    """The filter form over the stored regions and income groups, and each country's (region, income)."""
    rows = list(Country.objects.values_list("iso3", "region", "income_group"))
    regions = sorted({r for _, r, _ in rows if r})
    incomes = [i for i in ("Low", "Lower-Middle", "Upper-Middle", "High") if any(i == x for _, _, x in rows)]
    filters = MarketFilterForm(request.GET or None, regions=regions, incomes=incomes)
    if filters.is_bound and not filters.is_valid():
        messages.warning(request, "Not understood: " + "; ".join(filters.ignored()) + ".")
    return filters, {iso3: (region, income) for iso3, region, income in rows}


def _weights(request: HttpRequest) -> tuple[WeightsForm, Weights | None]:
    """The weights form and the valid weights given (None = defaults); refused ones are said so."""
    weights_given = any(key.startswith("w_") for key in request.GET)
    weights_form = WeightsForm(request.GET if weights_given else None)
    weights = weights_form.weights()
    if weights_given and weights is None:
        messages.error(request, "These weights were refused, so the default weights are used: "
                       + "; ".join(weights_form.refusals()))
    return weights_form, weights


def _choices(*, theme: str | None, as_of: int, weights: Weights | None, region: object = "",
             income: object = "") -> list[tuple[str, str]]:
    """The choices a link must carry for the next page to show the same ranking (defaults left out)."""
    defaults = asdict(Weights())
    changed = [(f"w_{k}", f"{v:g}") for k, v in asdict(weights).items() if v != defaults[k]] if weights else []
    return [(name, str(value)) for name, value in (
        ("theme", theme or ""), ("region", region), ("income", income),
        ("as_of", as_of if as_of != DEFAULT_AS_OF else ""),
    ) if value] + changed  # fmt: skip


def _query(choices: list[tuple[str, str]]) -> str:
    return "?" + urlencode(choices) if choices else ""


def _theme_name(theme: str | None) -> str:
    return load_taxonomy().theme(theme).name if theme else "all themes"


@market_reader
def ranking_page(request: HttpRequest) -> HttpResponse:
    filters, groups = _filters(request)
    weights_form, weights = _weights(request)
    theme = str(filters.value("theme")) or None
    as_of = int(filters.value("as_of"))  # type: ignore[call-overload]
    region, income = filters.value("region"), filters.value("income")
    # A country opened from here shows the same ranking, and its way back returns here.
    carried = _query(_choices(theme=theme, as_of=as_of, weights=weights, region=region, income=income))
    result = ranking(as_of=as_of, theme=theme, weights=weights)
    matrix = dimension_matrix(result.data, as_of=as_of, theme=theme)
    demand = {iso3: matrix.normalised[i, DEMAND] for i, iso3 in enumerate(matrix.iso3s)}
    count = len(result.scores)
    rows, bubbles, places = [], [], []
    centroids = country_centroids()
    for score in result.scores:
        group = groups.get(score.iso3, ("", ""))
        if (region and group[0] != region) or (income and group[1] != income):
            continue
        interval = result.intervals[score.iso3]
        rows.append({
            "score": score,
            "region": group[0], "income": group[1],
            # Plain strings: the template renders 200+ rows, and tags per row cost more than the index.
            "href": f"/markets/{score.iso3}/{carried}",
            "score_text": f"{score.score:.1f}",
            "span": f"{interval.p05:.0f}–{interval.p95:.0f}",
            "robust": interval.p95 - interval.p05 <= ROBUST_SPAN,
            "interval_bar": _svg(rank_interval_bar(interval.p05, interval.median, interval.p95, count=count)),
            "bar": _svg(stacked_bar(_segments(score.contributions))),
            "missing": [(DIMENSION_LABELS[m], score.handling.get(m, "")) for m in score.missing],
        })  # fmt: skip
        bubbles.append(Bubble(
            x=100 * float(demand.get(score.iso3, 0.0)), y=score.score,
            size=score.values.get("size") or 0.0, label=score.name, href=f"/markets/{score.iso3}/{carried}",
        ))  # fmt: skip
        if score.iso3 in centroids:
            lat, lon = centroids[score.iso3]
            places.append(MapBubble(
                lat, lon, score.score, f"{score.rank}. {score.name}: {score.score:.1f}",
                f"/markets/{score.iso3}/{carried}", top=score.rank <= MAP_TOP,
            ))  # fmt: skip
    theme_name = _theme_name(theme)
    return render(request, "markets/ranking.html", {
        "filters": filters, "weights_form": weights_form.shown(), "rows": rows, "count": count,
        "theme": theme or "", "theme_name": theme_name, "as_of": as_of,
        "legend": [(DIMENSION_LABELS[d], COLOURS[d], DIMENSIONS[d]) for d in DIMENSIONS],
        "robust_span": ROBUST_SPAN,
        "left_out": list(matrix.left_out.values()),
        "chart": _svg(bubble_chart(
            bubbles, x_label=f"smart-city demand, {theme_name} (0-100)", y_label="index score",
            size_label="urban population",
        )) if bubbles and "demand" not in matrix.left_out else "",
        "default_weights": asdict(Weights()),
        "defaults_href": _query(_choices(theme=theme, as_of=as_of, weights=None, region=region, income=income)),
        "map": _svg(world_map(places, background=large_city_points())) if places else "",
    })  # fmt: skip


@market_reader
def country_page(request: HttpRequest, iso3: str) -> HttpResponse:
    country = Country.objects.filter(iso3=iso3.upper()).first()
    if country is None:
        raise Http404(f"no country {iso3!r}")
    filters, _ = _filters(request)
    _, weights = _weights(request)
    theme = str(filters.value("theme")) or None
    as_of = int(filters.value("as_of"))  # type: ignore[call-overload]
    region, income = filters.value("region"), filters.value("income")
    result = ranking(as_of=as_of, theme=theme, weights=weights)
    score = result.score_of(country.iso3)
    breakdown = country_profile.breakdown(score, weights or Weights(), as_of=as_of) if score else []
    # Carried unchanged: the way back to the ranking, and the theme and year form (hidden fields).
    kept = _choices(theme=None, as_of=DEFAULT_AS_OF, weights=weights, region=region, income=income)
    defaults = asdict(Weights())
    left_out = dimension_matrix(result.data, as_of=as_of, theme=theme).left_out
    interval = result.intervals.get(country.iso3)
    return render(request, "markets/country.html", {
        "country": country, "filters": filters, "theme": theme or "", "as_of": as_of,
        "theme_name": _theme_name(theme),
        "score": score, "count": len(result.scores), "interval": interval, "kept": kept,
        "back_href": _query(_choices(theme=theme, as_of=as_of, weights=weights, region=region, income=income)),
        "changed_weights": [(DIMENSION_LABELS[k], f"{v:g}", f"{defaults[k]:g}") for k, v in asdict(weights).items()
                            if v != defaults[k]] if weights else [],
        "defaults_href": _query(_choices(theme=theme, as_of=as_of, weights=None, region=region, income=income)),
        "left_out": list(left_out.values()),
        "robust": interval is not None and interval.p95 - interval.p05 <= ROBUST_SPAN,
        "interval_bar": _svg(rank_interval_bar(interval.p05, interval.median, interval.p95, count=len(result.scores))) if interval else "",
        "bar": _svg(stacked_bar(_segments(score.contributions), width=400, height=18)) if score else "",
        "breakdown": [{**row, "colour": COLOURS[row["dimension"]], "label": DIMENSION_LABELS[row["dimension"]]} for row in breakdown],
        "charts": [{**c, "svg": _svg(c["svg"])} for c in country_profile.indicator_charts(country)],
        "cities": country_profile.largest_cities(country),
        "opportunities": country_profile.top_opportunities(country, theme=theme),
        "opportunities_href": _query([("country", country.iso3), *([("theme", theme)] if theme else [])]),
    })  # fmt: skip
