"""Use cases of opportunities: load the bundled World Bank projects, search and filter them."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.lookups import IsNull

from sme2go.markets import bundle
from sme2go.markets.models import Country
from sme2go.opportunities.classify import SectorShare, classify_opportunity
from sme2go.opportunities.models import (
    Opportunity,
    OpportunityLocation,
    OpportunitySector,
    OpportunityTheme,
)
from sme2go.opportunities.search import search_text_of, with_words
from sme2go.registry.bulk_writes import insert_rows

SOURCE_WORLD_BANK = "worldbank"


# Joining words of region names, written in lower case ("East Asia And Pacific" is "East Asia and Pacific").
_REGION_JOINING_WORDS = frozenset({"and", "of", "the", "in"})


def region_name(text: str) -> str:
    """One spelling per region, as most of the World Bank's records write it: spaces collapsed,
    joining words in lower case: `"East Asia And  Pacific"` -> `"East Asia and Pacific"`."""
    words = text.split()
    return " ".join(w.lower() if i and w.lower() in _REGION_JOINING_WORDS else w for i, w in enumerate(words))


_MOJIBAKE = re.compile("â€|Ã[\u0080-\u00bf]")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252, as in a few published names (`CÃ³rdoba` -> `Córdoba`).

    Text without the telltale sequences, or that does not round-trip, is returned unchanged.
    """
    if not _MOJIBAKE.search(text):
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return text


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _usd(amount: float | None) -> int | None:
    return round(amount) if amount is not None else None


def load_bundled_opportunities(*, countries: Collection[str] | None = None) -> int:
    """Create the bundled World Bank projects not yet stored, with sectors, themes and locations.

    Idempotent (projects already stored are left as they are). `countries` (ISO-3 codes)
    restricts the load, e.g. for tests. Returns the number of opportunities created.
    """
    projects = [p for p in bundle.load_projects() if countries is None or p.iso3 in countries]
    existing = set(Opportunity.objects.filter(source=SOURCE_WORLD_BANK).values_list("external_id", flat=True))
    projects = [p for p in projects if p.id not in existing]
    if not projects:
        return 0
    wanted = {p.id for p in projects}
    sectors: dict[str, list[bundle.ProjectSector]] = defaultdict(list)
    for s in bundle.load_project_sectors():
        if s.project_id in wanted:
            sectors[s.project_id].append(s)
    locations: dict[str, list[bundle.ProjectLocation]] = defaultdict(list)
    for loc in bundle.load_project_locations():
        if loc.project_id in wanted:
            locations[loc.project_id].append(loc)
    country_ids = dict(Country.objects.values_list("iso3", "id"))
    with transaction.atomic():
        insert_rows(Opportunity, OPPORTUNITY_FIELDS, [_opportunity_row(p, country_ids) for p in projects])
        ids = dict(Opportunity.objects.filter(source=SOURCE_WORLD_BANK).values_list("external_id", "id"))
        insert_rows(
            OpportunitySector,
            ("opportunity", "sector", "major_sector", "percent"),
            [(ids[pid], s.sector[:200], "", s.percent) for pid, rows in sectors.items() for s in rows],
        )
        insert_rows(
            OpportunityTheme,
            ("opportunity", "theme_id", "share", "method"),
            [
                (ids[p.id], share.theme_id, share.share, share.method)
                for p in projects
                for share in classify_opportunity(
                    sectors=[SectorShare(s.sector, s.percent) for s in sectors.get(p.id, [])],
                    title=p.name,
                    objective=p.objective,
                )
            ],
        )
        insert_rows(
            OpportunityLocation,
            ("opportunity", "place", "lat", "lon", "admin1"),
            [
                (ids[pid], repair_mojibake(loc.place)[:200], loc.lat, loc.lon, repair_mojibake(loc.admin1)[:200])
                for pid, rows in locations.items()
                for loc in rows
            ],
        )
    return len(projects)


OPPORTUNITY_FIELDS = (
    "source", "external_id", "title", "objective", "country", "iso3", "country_name", "region", "status",
    "implementing_agency", "amount_usd", "project_cost_usd", "approval_date", "closing_date", "search_text",
)  # fmt: skip


def _opportunity_row(p: bundle.Project, country_ids: dict[str, int]) -> tuple[object, ...]:
    title, objective, agency = (repair_mojibake(t) for t in (p.name, p.objective, p.implementing_agency))
    return (
        SOURCE_WORLD_BANK, p.id, title[:500], objective, country_ids.get(p.iso3), p.iso3,
        p.country[:120], region_name(p.region)[:120], p.status, agency[:500],
        _usd(p.commitment_usd), _usd(p.project_cost_usd), _date(p.approval_date), _date(p.closing_date),
        search_text_of(title, objective, agency, p.country),
    )  # fmt: skip


def demo_step(stdout: object) -> str:
    """`sme2go demo` step: the bundled World Bank projects as opportunities."""
    created = load_bundled_opportunities()
    if not created:
        return "Opportunities: World Bank projects already loaded"
    return f"Opportunities: {created} World Bank projects loaded"


@dataclass(frozen=True)
class OpportunityFilter:
    """What a user asked for on the list page or the API (all optional)."""

    query: str = ""
    theme: str = ""
    country: str = ""  # ISO-3
    region: str = ""
    status: str = ""
    approved_from: int | None = None
    approved_to: int | None = None
    sort: str = "-approval_date"


def _empty_last(column: str, *, descending: bool) -> list[OrderBy]:
    # `column IS NULL` first rather than NULLS LAST, as the indexes of models.Opportunity have it.
    value = F(column).desc() if descending else F(column).asc()
    return [IsNull(F(column), True).asc(), value, F("external_id").asc()]


# Sort keys of the list page; empty amounts and dates go last whichever way it is sorted.
SORTS = {
    "-approval_date": _empty_last("approval_date", descending=True),
    "approval_date": _empty_last("approval_date", descending=False),
    "-amount": _empty_last("amount_usd", descending=True),
    "amount": _empty_last("amount_usd", descending=False),
}


def search_opportunities(f: OpportunityFilter) -> QuerySet[Opportunity]:
    """Opportunities matching every given criterion; words of the query must all appear
    in the title, development objective, implementing agency or country name (`search.py`)."""
    qs = with_words(Opportunity.objects.all(), f.query)
    if f.theme:
        qs = qs.filter(themes__theme_id=f.theme)
    if f.country:
        qs = qs.filter(iso3=f.country.upper())
    if f.region:
        qs = qs.filter(region=region_name(f.region))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.approved_from is not None:
        qs = qs.filter(approval_date__gte=dt.date(f.approved_from, 1, 1))
    if f.approved_to is not None:
        qs = qs.filter(approval_date__lte=dt.date(f.approved_to, 12, 31))
    sort = f.sort if f.sort in SORTS else "-approval_date"
    order = SORTS[sort]
    if "approval_date" in sort and (f.approved_from is not None or f.approved_to is not None):
        # Every row in a year range has a date, so "empty last" is constant; left out, the date
        # index serves the range in order instead of a sort of every row in it (SQLite).
        order = order[1:]
    return qs.order_by(*order)


def opportunity_page(found: QuerySet[Opportunity], *, start: int, size: int) -> list[Opportunity]:
    """Opportunities `start` to `start + size` of `found`, with their themes.

    The ids of the page are read first (from the sort's index alone: a deep page skips index
    entries, not whole rows), then only those rows are fetched.
    """
    ids = list(found.values_list("pk", flat=True)[start : start + size])
    by_id = Opportunity.objects.prefetch_related("themes").in_bulk(ids)
    return [by_id[pk] for pk in ids]


class PagedResult:
    """`found` as Django's Paginator slices it: counted once, each page read by `opportunity_page`."""

    def __init__(self, found: QuerySet[Opportunity]) -> None:
        self.found = found

    def count(self) -> int:
        return self.found.count()

    def __getitem__(self, window: slice) -> list[Opportunity]:
        return opportunity_page(self.found, start=window.start or 0, size=window.stop - (window.start or 0))


_CHOICES: dict[str, object] = {}


def filter_choices() -> tuple[list[tuple[str, str]], list[str]]:
    """(ISO-3, country name) pairs and regions that occur among the opportunities, for the filters.

    Kept per process and recomputed when the number of opportunities changes.
    """
    count = Opportunity.objects.count()
    if _CHOICES.get("count") != count:
        pairs = (
            Opportunity.objects.exclude(iso3="").values_list("iso3", "country_name").distinct().order_by("country_name")
        )
        countries = list(dict((iso3, f"{name} ({iso3})") for iso3, name in pairs).items())
        regions = list(Opportunity.objects.exclude(region="").values_list("region", flat=True).distinct().order_by("region"))
        _CHOICES.update(count=count, countries=sorted(countries, key=lambda c: c[1]), regions=regions)
    return _CHOICES["countries"], _CHOICES["regions"]  # type: ignore[return-value]
