"""REST API of markets: the ranking for a theme (with rank intervals) and one country's profile."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from sme2go.accounts.scoping import can_read_market_data
from sme2go.markets.index import Weights
from sme2go.markets.market_store import ranking
from sme2go.markets.models import Country, IndicatorValue
from sme2go.markets.reports import DEFAULT_AS_OF
from sme2go.registry.api_schemas import ErrorOut
from sme2go.taxonomy.model import THEME_IDS

router = Router(tags=["markets"])
# The error codes each endpoint can answer (bodies as in api_errors.py), for the OpenAPI document.
RANKING_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
COUNTRY_ERRORS: dict[int, Any] = {**RANKING_ERRORS, 404: ErrorOut}


class RankIntervalOut(Schema):
    p05: float
    median: float
    p95: float


class CountryScoreOut(Schema):
    iso3: str
    name: str
    rank: int
    score: float = Field(description="0-100")
    contributions: dict[str, float] = Field(description="per dimension; they add up to the score")
    values: dict[str, float | None] = Field(description="raw values behind the dimensions; null = missing")
    missing: list[str]
    handling: dict[str, str] = Field(description="how each missing dimension was handled")
    left_out: dict[str, str] = Field(
        default_factory=dict,
        description="dimensions the theme has no data for at all (e.g. demand for a theme without World Bank "
        "flows), with why; left out for every country, the other weights re-normalised",
    )
    rank_interval: RankIntervalOut = Field(description="rank percentiles over 1,000 random re-weightings")


class RankingFilters(Schema):
    theme: str = Field("", description="capability theme id; empty = all themes")
    as_of: int = Field(DEFAULT_AS_OF, ge=2000, le=DEFAULT_AS_OF, description="use data dated up to this year")
    weights: str = Field("", description="changed weights, e.g. demand=2,size=1 (others keep their defaults)")
    top: int = Field(50, ge=1, le=300)


class ObservationOut(Schema):
    indicator: str
    year: int
    value: float
    source: str


class CountryOut(Schema):
    iso3: str
    iso2: str
    name: str
    region: str
    sub_region: str
    income_group: str
    score: CountryScoreOut | None = Field(description="null when the country is not ranked for this theme and year")
    indicators: list[ObservationOut]


def _may_read(request: HttpRequest) -> None:
    if not can_read_market_data(request.auth):
        raise HttpError(403, "you may not read market data")


def _refused(detail: str, field: str) -> ValidationError:
    """A 422 naming the field, with the body api_errors.py builds: {"detail", "field"}."""
    return ValidationError({field: [detail]})


def _weights(text: str) -> Weights | None:
    """The weights of `text` ("demand=2,size=1"); a bad one is refused naming it (weights.size)."""
    if not text:
        return None
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            Weights.parse(part)
        except ValueError as error:
            raise _refused(f"weights: {error}", f"weights.{part.partition('=')[0].strip()}") from None
    try:
        return Weights.parse(text)
    except ValueError as error:  # each is fine, together they are not (all zero)
        raise _refused(f"weights: {error}", "weights") from None


def _ranking(filters: RankingFilters) -> Any:
    if filters.theme and filters.theme not in THEME_IDS:
        raise _refused(f"theme: unknown theme {filters.theme!r}; expected one of {', '.join(THEME_IDS)}", "theme")
    return ranking(as_of=filters.as_of, theme=filters.theme or None, weights=_weights(filters.weights))


def _score_out(result: Any, score: Any) -> dict[str, Any]:
    interval = result.intervals[score.iso3]
    return {**score.__dict__, "rank_interval": interval.__dict__}


@router.get("/ranking", response={200: list[CountryScoreOut], **RANKING_ERRORS})
def get_ranking(request: HttpRequest, filters: Query[RankingFilters]) -> Any:
    """Countries by market attractiveness for a theme, best first, each with its rank interval."""
    _may_read(request)
    result = _ranking(filters)
    return [_score_out(result, s) for s in result.scores[: filters.top]]


@router.get("/countries/{iso3}", response={200: CountryOut, **COUNTRY_ERRORS})
def get_country(request: HttpRequest, iso3: str, filters: Query[RankingFilters]) -> Any:
    """One country: its index score for the theme (if ranked) and every stored indicator value."""
    _may_read(request)
    country = Country.objects.filter(iso3=iso3.upper()).first()
    if country is None:
        raise HttpError(404, f"country {iso3!r} not found")
    result = _ranking(filters)
    score = result.score_of(country.iso3)
    observations = IndicatorValue.objects.filter(country=country).order_by("indicator__code", "year")
    return {
        **{f: getattr(country, f) for f in ("iso3", "iso2", "name", "region", "sub_region", "income_group")},
        "score": _score_out(result, score) if score else None,
        "indicators": [
            {"indicator": code, "year": year, "value": value, "source": source}
            for code, year, value, source in observations.values_list("indicator__code", "year", "value", "source")
        ],
    }
