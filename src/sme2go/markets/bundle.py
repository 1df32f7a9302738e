"""Pure loaders of the bundled market data (`src/sme2go/markets/data/`).

The bundle is built by `scripts/build_market_data.py` from real public data (World Bank
WDI and Projects & Operations, UN DESA e-government surveys, Doing Business ranks, ISO
country codes); see docs/DATA.md. Nothing here imports Django: the index engine, the
backtest and the app's import command all build on these functions.

Every observation keeps its indicator code, year and source. Smart-city investment flows
are derived from World Bank projects: commitment x sector percent x theme share, over the
sectors the taxonomy maps to a capability theme (Dropped projects excluded), dated by the
**calendar year of board approval**. The build script stores them, and total lending per
country and year, as two small derived tables (`load_flows`, `load_lending`) so a process
need not parse every project to rank markets.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sme2go.taxonomy import load_taxonomy

DATA_PACKAGE = "sme2go.markets"

# ISO-2 spellings used by EU sources (CORDIS) that differ from ISO 3166.
ISO2_ALIASES = {"EL": "GR", "UK": "GB"}

# Derived from the projects and sectors (see `load_flows`, `load_lending`).
FLOWS_FILE = "worldbank_flows.csv.gz"
FLOWS_COLUMNS = ["iso3", "year", "theme", "amount_usd", "projects"]
LENDING_FILE = "worldbank_lending.csv.gz"
LENDING_COLUMNS = ["iso3", "year", "amount_usd"]


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    name: str
    region: str
    sub_region: str
    income_group: str  # "Low", "Lower-Middle", "Upper-Middle", "High" or "" when unclassified
    un_member: bool
    world_bank_client: bool  # at least one non-dropped World Bank project in the bundle


@dataclass(frozen=True)
class Observation:
    iso3: str
    indicator: str  # e.g. "NY.GDP.MKTP.CD", "UN.EGDI", "WB.DB.RANK"
    year: int
    value: float
    source: str


@dataclass(frozen=True)
class Project:
    id: str
    iso3: str  # "" for regional projects
    iso2: str
    country: str  # the World Bank's country name, as published
    region: str
    status: str  # Pipeline, Active, Closed, Dropped
    name: str
    objective: str  # development objective, truncated to ~600 characters
    implementing_agency: str
    approval_date: str  # ISO date or ""
    approval_year: int | None
    closing_date: str
    project_cost_usd: float | None
    commitment_usd: float | None
    lending_instrument: str
    financing_type: str


@dataclass(frozen=True)
class ProjectSector:
    project_id: str
    sector: str  # as published, e.g. "FY17 - Urban Transport"
    percent: float


@dataclass(frozen=True)
class ProjectLocation:
    project_id: str
    place: str
    lat: float
    lon: float
    admin1: str
    iso2: str


@dataclass(frozen=True)
class Flow:
    """Smart-city-relevant World Bank money for one theme, country and approval year."""

    iso3: str
    year: int
    theme: str
    amount_usd: float
    projects: float = (
        0.0  # number of projects, each weighted by the share of its money in the theme
    )


@dataclass(frozen=True)
class Lending:
    """All World Bank commitments (any sector) to one country in one approval year."""

    iso3: str
    year: int
    amount_usd: float


def _rows(name: str) -> list[dict[str, str]]:
    raw = resources.files(DATA_PACKAGE).joinpath("data", name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def _float(text: str) -> float | None:
    return float(text) if text else None


@cache
def load_countries() -> tuple[Country, ...]:
    """All countries and territories of the bundle (no aggregates), sorted by ISO-3."""
    return tuple(
        Country(
            iso2=r["iso2"],
            iso3=r["iso3"],
            name=r["name"],
            region=r["region"],
            sub_region=r["sub_region"],
            income_group=r["income_group"],
            un_member=r["un_member"] == "1",
            world_bank_client=r["world_bank_client"] == "1",
        )  # fmt: skip
        for r in _rows("countries.csv")
    )


def iso3_for_code(code: str) -> str | None:
    """ISO-3 for an ISO-2 or ISO-3 code, accepting the EU's `EL` (Greece) and `UK`.

    >>> iso3_for_code("EL"), iso3_for_code("uk"), iso3_for_code("EST")
    ('GRC', 'GBR', 'EST')
    """
    code = code.strip().upper()
    code = ISO2_ALIASES.get(code, code)
    for country in load_countries():
        if code in (country.iso2, country.iso3):
            return country.iso3
    return None


@cache
def load_observations() -> tuple[Observation, ...]:
    """Every bundled indicator value (WDI, UN EGDI and sub-indices, Doing Business rank)."""
    return tuple(
        Observation(r["iso3"], r["indicator_code"], int(r["year"]), float(r["value"]), r["source"])
        for r in _rows("indicators.csv.gz")
    )


@cache
def load_projects() -> tuple[Project, ...]:
    """All World Bank projects of the bundle (to 31 Mar 2025), including regional ones."""
    return tuple(parse_projects(_rows("worldbank_projects.csv.gz")))


def parse_projects(rows: Iterable[dict[str, str]]) -> Iterator[Project]:
    """Projects from rows of `worldbank_projects.csv.gz`."""
    for r in rows:
        yield Project(
            id=r["id"],
            iso3=r["iso3"],
            iso2=r["iso2"],
            country=r["country"],
            region=r["region"],
            status=r["status"],
            name=r["project_name"],
            objective=r["pdo"],
            implementing_agency=r["impagency"],
            approval_date=r["approval_date"],
            approval_year=int(r["approval_year"]) if r["approval_year"] else None,
            closing_date=r["closing_date"],
            project_cost_usd=_float(r["project_cost_usd"]),
            commitment_usd=_float(r["commitment_usd"]),
            lending_instrument=r["lending_instrument"],
            financing_type=r["financing_type"],
        )  # fmt: skip


@cache
def load_project_sectors() -> tuple[ProjectSector, ...]:
    """Sectors of every project with the percentage of its money in each."""
    return tuple(parse_project_sectors(_rows("worldbank_project_sectors.csv.gz")))


def parse_project_sectors(rows: Iterable[dict[str, str]]) -> Iterator[ProjectSector]:
    """Project sectors from rows of `worldbank_project_sectors.csv.gz`."""
    return (ProjectSector(r["project_id"], r["sector"], float(r["percent"])) for r in rows)


@cache
def load_flows() -> tuple[Flow, ...]:
    """`smart_city_flows` of the bundled projects, as derived once by `scripts/build_market_data.py`.

    Reading this small table instead of deriving it from the 27,000 projects saves about half
    a second on the first market request of a process; a test keeps the two equal.
    """
    return tuple(
        Flow(r["iso3"], int(r["year"]), r["theme"], float(r["amount_usd"]), float(r["projects"]))
        for r in _rows(FLOWS_FILE)
    )


@cache
def load_lending() -> tuple[Lending, ...]:
    """`country_lending` of the bundled projects, as derived once by `scripts/build_market_data.py`."""
    return tuple(Lending(r["iso3"], int(r["year"]), float(r["amount_usd"])) for r in _rows(LENDING_FILE))


@cache
def load_project_locations() -> tuple[ProjectLocation, ...]:
    """Locations of projects with at least one sector mapped to a capability theme."""
    return tuple(
        ProjectLocation(
            r["project_id"], r["place"], float(r["lat"]), float(r["lon"]), r["admin1"], r["iso2"]
        )
        for r in _rows("worldbank_project_locations.csv.gz")
    )


def project_theme_shares(sectors: Iterable[ProjectSector]) -> dict[str, dict[str, float]]:
    """Per project, the fraction of its commitment attributed to each capability theme.

    fraction(theme) = sum over the project's sectors of percent/100 x the sector's theme share.
    Sectors the taxonomy does not map contribute nothing.
    """
    taxonomy = load_taxonomy()
    mapped: dict[str, list[tuple[str, float]]] = {}
    shares: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in sectors:
        if row.sector not in mapped:
            mapped[row.sector] = taxonomy.themes_for_worldbank_sector(row.sector)
        for theme, share in mapped[row.sector]:
            shares[row.project_id][theme] += row.percent / 100.0 * share
    return {pid: dict(themes) for pid, themes in shares.items()}


def smart_city_flows(projects: Iterable[Project], sectors: Iterable[ProjectSector]) -> list[Flow]:
    """Smart-city-relevant commitments per (country, approval calendar year, theme).

    amount = commitment_usd x sector percent x theme share, summed over a project's mapped
    sectors. Dropped projects, regional projects (no ISO-3), projects without an approval
    date or a commitment are left out.
    """
    shares = project_theme_shares(sectors)
    totals: dict[tuple[str, int, str], float] = defaultdict(float)
    counts: dict[tuple[str, int, str], float] = defaultdict(float)
    for project in projects:
        if (
            project.status == "Dropped" or not project.iso3 or project.approval_year is None
            or not project.commitment_usd or project.id not in shares
        ):  # fmt: skip
            continue
        for theme, fraction in shares[project.id].items():
            totals[(project.iso3, project.approval_year, theme)] += (
                project.commitment_usd * fraction
            )
            counts[(project.iso3, project.approval_year, theme)] += min(1.0, fraction)
    return [
        Flow(iso3, year, theme, amount, counts[(iso3, year, theme)])
        for (iso3, year, theme), amount in sorted(totals.items())
        if amount > 0
    ]


def country_lending(projects: Iterable[Project]) -> list[Lending]:
    """Total World Bank commitments per (country, approval calendar year), Dropped excluded."""
    totals: dict[tuple[str, int], float] = defaultdict(float)
    for project in projects:
        if (
            project.status != "Dropped"
            and project.iso3
            and project.approval_year is not None
            and project.commitment_usd
        ):
            totals[(project.iso3, project.approval_year)] += project.commitment_usd
    return [Lending(iso3, year, amount) for (iso3, year), amount in sorted(totals.items())]


def client_countries(projects: Iterable[Project], *, as_of: int) -> set[str]:
    """World Bank client countries as of a year: a non-dropped project with a commitment approved up to it."""
    return {lending.iso3 for lending in country_lending(projects) if lending.year <= as_of}
