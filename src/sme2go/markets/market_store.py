"""The index engine's input built from the database, cached per process, and cached index results.

Indicator values come from the store (so `sme2go markets import` changes the ranking);
World Bank flows and lending come from the bundled projects. The cache is keyed by a
cheap version of the store (count and highest id of the values, number of countries), so
an import is seen on the next request without a restart. An empty store falls back to
the bundle, so the ranking works before `sme2go demo` has loaded anything.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Max

from sme2go.markets import bundle
from sme2go.markets.index import CountryScore, RankInterval, Weights, compute_index, rank_intervals
from sme2go.markets.market_data import MarketData
from sme2go.markets.models import Country, IndicatorValue

DRAWS = 1000  # Monte Carlo weight draws behind the rank intervals on the pages
SPREAD = 0.25
RESULTS_KEPT = 64

_lock = threading.Lock()
_data: dict[str, object] = {}
_results: OrderedDict[tuple, object] = OrderedDict()


def store_version() -> tuple[int, int, int]:
    """Changes whenever indicator values or countries are added, replaced or removed."""
    values = IndicatorValue.objects.aggregate(n=Count("id"), top=Max("id"))
    return (values["n"], values["top"] or 0, Country.objects.count())


def market_data() -> MarketData:
    """The current MarketData (rebuilt only when the store changed)."""
    version = store_version()
    with _lock:
        if _data.get("version") == version:
            return _data["data"]  # type: ignore[return-value]
    data = _build(version)
    with _lock:
        _data.update(version=version, data=data)
        _results.clear()
    return data


def _build(version: tuple[int, int, int]) -> MarketData:
    if version[0] == 0 or version[2] == 0:
        return MarketData.from_bundle()
    flags = {c.iso3: c for c in bundle.load_countries()}
    countries = [
        bundle.Country(
            iso2=iso2, iso3=iso3, name=name, region=region, sub_region=sub_region, income_group=income,
            un_member=flags[iso3].un_member if iso3 in flags else False,
            world_bank_client=flags[iso3].world_bank_client if iso3 in flags else False,
        )  # fmt: skip
        for iso2, iso3, name, region, sub_region, income in Country.objects.values_list(
            "iso2", "iso3", "name", "region", "sub_region", "income_group"
        )
    ]
    observations = [
        bundle.Observation(iso3, code, year, value, source)
        for iso3, code, year, value, source in IndicatorValue.objects.values_list(
            "country__iso3", "indicator__code", "year", "value", "source"
        ).iterator(chunk_size=5000)
    ]
    # The store keeps no flows: they come from the bundled projects.
    return MarketData.build(
        countries=countries, observations=observations, flows=bundle.load_flows(), lending=bundle.load_lending()
    )


@dataclass(frozen=True)
class Ranking:
    """Scores (best first) with their rank intervals under perturbed weights."""

    scores: list[CountryScore]
    intervals: dict[str, RankInterval]
    data: MarketData

    def score_of(self, iso3: str) -> CountryScore | None:
        return next((s for s in self.scores if s.iso3 == iso3), None)


def ranking(*, as_of: int, theme: str | None, weights: Weights | None = None) -> Ranking:
    """The index and its rank intervals, computed once per store version and question."""
    data = market_data()
    weights = weights or Weights()
    key = (id(data), as_of, theme, weights)
    with _lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key]  # type: ignore[return-value]
    result = Ranking(
        scores=compute_index(data, as_of=as_of, theme=theme, weights=weights),
        intervals=rank_intervals(data, as_of=as_of, theme=theme, weights=weights, draws=DRAWS, spread=SPREAD, seed=0),
        data=data,
    )
    with _lock:
        _results[key] = result
        while len(_results) > RESULTS_KEPT:
            _results.popitem(last=False)
    return result
