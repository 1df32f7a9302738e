"""Market data as dense numpy arrays (country x year), the input of the index and the backtest.

`MarketData` holds plain records (countries, indicator observations, smart-city flows,
total World Bank lending) and lazily builds arrays from them. Every lookup is *as of* a
year: `latest(code, as_of=Y)` only sees observations dated <= Y, and the flow windows end
at Y, so nothing dated after Y can reach a score computed as of Y.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np
from numpy.typing import NDArray

from sme2go.markets.bundle import (
    Country,
    Flow,
    Lending,
    Observation,
    load_countries,
    load_flows,
    load_lending,
    load_observations,
)
from sme2go.taxonomy.model import THEME_IDS

FIRST_YEAR = 1940
LAST_YEAR = 2040
Array = NDArray[np.float64]


@dataclass(frozen=True)
class MarketData:
    """Countries, dated indicator observations, smart-city flows and total lending.

    Build it from the bundle with `MarketData.from_bundle()`, or from any records (tests,
    imported data) with the constructor.
    """

    countries: tuple[Country, ...]
    observations: tuple[Observation, ...]
    flows: tuple[Flow, ...]
    lending: tuple[Lending, ...]
    _cache: dict[object, object] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )

    @classmethod
    def from_bundle(cls) -> MarketData:
        """The bundled real data (World Bank, UN DESA), cached per process."""
        return _bundled()

    @classmethod
    def build(
        cls,
        *,
        countries: Iterable[Country],
        observations: Iterable[Observation] = (),
        flows: Iterable[Flow] = (),
        lending: Iterable[Lending] = (),
    ) -> MarketData:
        return cls(tuple(countries), tuple(observations), tuple(flows), tuple(lending))

    # -- indexes -------------------------------------------------------------------------
    @cached_property
    def iso3s(self) -> tuple[str, ...]:
        """ISO-3 codes in array order (sorted, so ties break alphabetically)."""
        return tuple(sorted({c.iso3 for c in self.countries}))

    @cached_property
    def position(self) -> dict[str, int]:
        return {iso3: i for i, iso3 in enumerate(self.iso3s)}

    @cached_property
    def names(self) -> dict[str, str]:
        return {c.iso3: c.name for c in self.countries}

    def year_column(self, year: int) -> int:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"as_of year {year} is outside {FIRST_YEAR}-{LAST_YEAR}")
        return year - FIRST_YEAR

    def _empty(self, *extra: int) -> Array:
        return np.zeros((len(self.iso3s), LAST_YEAR - FIRST_YEAR + 1, *extra))

    # -- indicators ----------------------------------------------------------------------
    @cached_property
    def _indicator_arrays(self) -> dict[str, tuple[Array, Array, Array]]:
        """Per indicator: raw values, forward-filled values, and the year each filled value is from."""
        raw: dict[str, Array] = {}
        for obs in self.observations:
            row = self.position.get(obs.iso3)
            if row is None or not FIRST_YEAR <= obs.year <= LAST_YEAR:
                continue
            if obs.indicator not in raw:
                raw[obs.indicator] = np.full((len(self.iso3s), LAST_YEAR - FIRST_YEAR + 1), np.nan)
            raw[obs.indicator][row, obs.year - FIRST_YEAR] = obs.value
        out: dict[str, tuple[Array, Array, Array]] = {}
        years = np.arange(FIRST_YEAR, LAST_YEAR + 1, dtype=float)
        for code, values in raw.items():
            seen = ~np.isnan(values)
            last_col = np.maximum.accumulate(np.where(seen, np.arange(values.shape[1]), -1), axis=1)
            filled = np.take_along_axis(values, np.maximum(last_col, 0), axis=1)
            filled[last_col < 0] = np.nan
            from_year = np.where(last_col >= 0, years[np.maximum(last_col, 0)], np.nan)
            out[code] = (values, filled, from_year)
        return out

    def latest(self, code: str, *, as_of: int, max_age: int = 8) -> tuple[Array, Array]:
        """Latest value of an indicator dated <= as_of (and at most max_age years old) per country.

        Returns (values, years), NaN where there is none.
        """
        column = self.year_column(as_of)
        if code not in self._indicator_arrays:
            nan = np.full(len(self.iso3s), np.nan)
            return nan, nan.copy()
        _, filled, from_year = self._indicator_arrays[code]
        values, years = filled[:, column].copy(), from_year[:, column].copy()
        stale = ~(as_of - years <= max_age)
        values[stale], years[stale] = np.nan, np.nan
        return values, years

    def exact(self, code: str, years: Array) -> Array:
        """Value of an indicator in a given year per country (NaN where absent or year is NaN)."""
        out = np.full(len(self.iso3s), np.nan)
        if code not in self._indicator_arrays:
            return out
        raw = self._indicator_arrays[code][0]
        ok = ~np.isnan(years) & (years >= FIRST_YEAR) & (years <= LAST_YEAR)
        rows = np.nonzero(ok)[0]
        out[rows] = raw[rows, years[ok].astype(int) - FIRST_YEAR]
        return out

    def series(self, code: str) -> Array:
        """Raw country x year matrix of an indicator (NaN where absent); columns FIRST_YEAR..LAST_YEAR."""
        if code not in self._indicator_arrays:
            return self._empty() * np.nan
        return self._indicator_arrays[code][0]

    # -- money ---------------------------------------------------------------------------
    @cached_property
    def flow_amounts(self) -> Array:
        """Smart-city flows in USD, country x year x theme (THEME_IDS order)."""
        return self._flow_tensor(amounts=True)

    @cached_property
    def flow_projects(self) -> Array:
        """Share-weighted project counts, country x year x theme."""
        return self._flow_tensor(amounts=False)

    def _flow_tensor(self, *, amounts: bool) -> Array:
        tensor = self._empty(len(THEME_IDS))
        theme_index = {theme: i for i, theme in enumerate(THEME_IDS)}
        for flow in self.flows:
            if flow.theme not in theme_index:
                raise ValueError(f"flow {flow.iso3} {flow.year}: unknown theme {flow.theme!r}")
            row = self.position.get(flow.iso3)
            if row is not None and FIRST_YEAR <= flow.year <= LAST_YEAR:
                value = flow.amount_usd if amounts else flow.projects
                tensor[row, flow.year - FIRST_YEAR, theme_index[flow.theme]] += value
        return tensor

    @cached_property
    def lending_amounts(self) -> Array:
        """All World Bank commitments in USD, country x year."""
        matrix = self._empty()
        for item in self.lending:
            row = self.position.get(item.iso3)
            if row is not None and FIRST_YEAR <= item.year <= LAST_YEAR:
                matrix[row, item.year - FIRST_YEAR] += item.amount_usd
        return matrix

    def theme_slice(self, tensor: Array, theme: str | None) -> Array:
        """Country x year slice of a flow tensor for one theme, or summed over all themes."""
        if theme is None:
            return tensor.sum(axis=2)
        if theme not in THEME_IDS:
            raise ValueError(f"unknown theme {theme!r}; expected one of {', '.join(THEME_IDS)}")
        return tensor[:, :, THEME_IDS.index(theme)]

    def window(self, matrix: Array, *, first: int, last: int) -> Array:
        """Sum of a country x year matrix over the years first..last (inclusive).

        Years outside FIRST_YEAR..LAST_YEAR hold nothing, so they add nothing (and a window
        reaching past them is no error: an as-of year out of range is refused where it is used).
        """
        first, last = max(first, FIRST_YEAR), min(last, LAST_YEAR)
        if last < first:
            return np.zeros(len(self.iso3s))
        return matrix[:, self.year_column(first) : self.year_column(last) + 1].sum(axis=1)

    @cached_property
    def lending_years(self) -> tuple[int, int] | None:
        """First and last year of any World Bank commitment in the data (None: there is none)."""
        years = [item.year for item in self.lending if item.amount_usd > 0]
        return (min(years), max(years)) if years else None

    @cached_property
    def flow_years(self) -> tuple[int, int] | None:
        """First and last year of any smart-city flow in the data, any theme (None: there is none)."""
        years = [flow.year for flow in self.flows if flow.amount_usd > 0]
        return (min(years), max(years)) if years else None

    def clients(self, *, as_of: int) -> NDArray[np.bool_]:
        """World Bank client countries as of a year: any commitment approved up to it."""
        return self.window(self.lending_amounts, first=FIRST_YEAR, last=as_of) > 0


@cache
def _bundled() -> MarketData:
    return MarketData.build(
        countries=load_countries(), observations=load_observations(), flows=load_flows(), lending=load_lending()
    )
