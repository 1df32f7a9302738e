"""Finding companies: full-text terms and filters over what a user may see, one page at a time.

Kept fast at tens of thousands of companies on SQLite and PostgreSQL (see
bench/bench_company_list.py and docs/web.md):
- `search_text` is stored folded (lower case, no accents: `names.fold_search_text`), so a
  case-sensitive `contains` (plain LIKE, no UPPER() on every row) on the folded terms is
  enough, and `vasteras` finds `Västerås` as `Västerås` finds `Vasteras`;
- partner and capability filters are EXISTS subqueries: no JOIN fan-out, no DISTINCT;
- a filtered list is found in ONE scan that returns only (legal name, id) of the
  matches; the count is its length and the page is a slice, so the database never
  scans twice (count, then page) nor walks the name index row by row for a rare
  word; only the 25 rows shown are then fetched in full;
- the unfiltered list pages ids in the chosen order (name by default; country, founded
  year or last update, each then by name) with LIMIT/OFFSET, then fetches those 25 rows:
  a deep page never sorts or skips whole rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import OperationalError, connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.lookups import IsNull

from sme2go.accounts.scoping import visible_companies, visible_partners
from sme2go.registry.models import Company, Partner, Solution, SolutionCapability
from sme2go.registry.names import fold_name, fold_search_text, name_key_word

MAX_TERMS = 8
PAGE_SIZE = 25
LISTED_CANDIDATES = 5


class CompanyNotFound(LookupError):
    """No single visible company matches what the user typed; the message lists the candidates."""

    def __init__(self, message: str, *, candidates: list[int] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []  # ids of the companies the text matched (several), if any


@dataclass(frozen=True)
class CompanyQuery:
    """What the user asked for; empty values mean "any"."""

    q: str = ""
    country: str = ""
    partner: int | None = None
    capability: str = ""  # a capability id (`water.leak-detection`) or a whole theme (`water`)
    status: str = ""
    sort: str = "name"  # a key of SORTS

    @property
    def is_filtered(self) -> bool:
        return bool(search_terms(self.q) or self.country or self.partner is not None or self.capability or self.status)


# The list's orders, as the Sort select offers them; each ends by name, then id.
SORTS: dict[str, str] = {
    "name": "Name",
    "country": "Country",
    "founded": "Founded (oldest first)",
    "-founded": "Founded (newest first)",
    "-updated": "Last update (newest first)",
}


SORT_COLUMNS = {"name": "legal_name", "country": "country", "founded": "founded_year", "-founded": "founded_year",
                "-updated": "updated_at"}


def sort_order(sort: str) -> list[OrderBy]:
    """The ORDER BY of a sort key of SORTS, as the company list's indexes have it (models.Company):
    companies without a founding year come last, written `founded_year IS NULL` first because
    SQLite cannot index NULLS LAST."""
    by_name = [F("legal_name").asc(), F("pk").asc()]
    unknown_year_last = IsNull(F("founded_year"), True).asc()
    first = {
        "name": [],
        "country": [F("country").asc()],
        "founded": [unknown_year_last, F("founded_year").asc()],
        "-founded": [unknown_year_last, F("founded_year").desc()],
        "-updated": [F("updated_at").desc()],
    }[sort]
    return first + by_name


def _sorted_matches(rows: list[tuple[Any, str, int]], sort: str) -> list[tuple[Any, str, int]]:
    """(sort value, legal name, id) rows in the order of `sort_order`, sorted here."""
    if sort == "founded":
        return sorted(rows, key=lambda row: (row[0] is None, row[0] or 0, row[1], row[2]))
    if sort == "-founded":
        return sorted(rows, key=lambda row: (row[0] is None, -(row[0] or 0), row[1], row[2]))
    if sort == "-updated":
        newest_first = sorted(rows, key=lambda row: (row[1], row[2]))
        return sorted(newest_first, key=lambda row: row[0], reverse=True)  # stable: ties stay by name
    return sorted(rows, key=lambda row: (row[0], row[1], row[2]))


def search_terms(q: str) -> list[str]:
    """Folded words of the query, at most MAX_TERMS: `"Aqua  VÄSTERÅS"` -> ['aqua', 'vasteras']."""
    return fold_search_text(q).split()[:MAX_TERMS]


def search_companies(*, actor: Any, query: CompanyQuery) -> QuerySet[Company]:
    """The companies `actor` may see that match every term and filter, in the order of `query.sort`."""
    companies = visible_companies(actor)
    for term in search_terms(query.q):
        companies = companies.filter(search_text__contains=term)
    if query.country:
        companies = companies.filter(country=query.country.upper())
    if query.status:
        companies = companies.filter(status=query.status)
    if query.partner is not None:
        supported = Company.partners.through.objects.filter(company_id=OuterRef("pk"), partner_id=query.partner)
        companies = companies.filter(Exists(supported))
    if query.capability:
        offered = SolutionCapability.objects.filter(solution__company_id=OuterRef("pk"))
        if "." in query.capability:
            offered = offered.filter(capability_id=query.capability)
        else:
            offered = offered.filter(capability_id__startswith=query.capability + ".")
        companies = companies.filter(Exists(offered))
    return companies.order_by(*sort_order(query.sort))


def partners_with_company_counts(*, actor: Any) -> QuerySet[Partner]:
    """The partners `actor` may see, each with `company_count`: the live (not merged-away) companies it supports."""
    live = Q(companies__merged_into__isnull=True)
    # A query with an aggregate drops Meta.ordering, so the order is asked for again.
    return visible_partners(actor).annotate(company_count=Count("companies", filter=live, distinct=True)).order_by("name")


def company_page(*, actor: Any, query: CompanyQuery, page_number: Any, per_page: int = PAGE_SIZE) -> Page:
    """One page of `search_companies`, its companies with partners and solution capabilities loaded.

    An out-of-range or malformed page number gives the nearest valid page.
    """
    companies = search_companies(actor=actor, query=query)
    if query.is_filtered:
        # One scan for the matches' sort values, names and ids, sorted here.
        column = SORT_COLUMNS[query.sort]
        matches = _sorted_matches(list(companies.order_by().values_list(column, "legal_name", "pk")), query.sort)
        page = Paginator(matches, per_page).get_page(page_number)
        ids = [pk for _, _, pk in page.object_list]
    else:
        # COUNT, then ids in the chosen order; only ids are sorted/skipped, never whole rows.
        page = Paginator(companies.values_list("pk", flat=True), per_page).get_page(page_number)
        ids = list(page.object_list)
    by_id = {company.pk: company for company in _with_relations(Company.objects.filter(pk__in=ids))}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    _keep_sqlite_statistics_fresh()
    return page


def _keep_sqlite_statistics_fresh() -> None:
    """SQLite plans the unfiltered list well only with statistics (without them a bulk-loaded
    table is sorted whole: 50 -> 200 ms at 50,000 companies). `PRAGMA optimize` runs ANALYZE on
    the tables this connection used when their statistics are missing or stale (a full ANALYZE,
    ~0.3 s once at 50,000 companies: sampled statistics misjudge the all-NULL `merged_into_id`
    index), and is a microsecond no-op otherwise. It never waits for a writer: if an import holds the lock, skip."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (waited_ms,) = cursor.fetchone()
        try:
            cursor.execute("PRAGMA busy_timeout = 0")
            cursor.execute("PRAGMA optimize")
        except OperationalError:
            pass  # the database is locked by a writer: next time
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(waited_ms)}")


def _with_relations(companies: QuerySet[Company]) -> QuerySet[Company]:
    return companies.prefetch_related(
        "partners",
        Prefetch("solutions", queryset=Solution.objects.only("id", "company_id")),
        Prefetch("solutions__capabilities", queryset=SolutionCapability.objects.only("solution_id", "capability_id")),
    )


def company_named(actor: Any, text: str) -> Company:
    """The visible company a user means by `text`: its registry id, its legal name followed by its id
    in brackets as the pages write it ("Aqua Sense OÜ (12)"), its exact legal name, or the only legal
    name containing the text; names are compared folded (any case, with or without accents:
    "gridwise ou" is "Gridwise OÜ"). Otherwise CompanyNotFound, whose message lists up to five
    candidates (and their `candidates`)."""
    visible = visible_companies(actor)
    text = text.strip()
    if not text:
        raise CompanyNotFound("give a registry id or a company name")
    if text.isdigit():
        found = visible.filter(pk=int(text)).first()
        if found is None:
            raise CompanyNotFound(f"no company {text} that you may see")
        return found
    bracketed = re.fullmatch(r"(.+?)\s*\((\d+)\)", text)
    if bracketed:  # "Name (id)" as the pages write it; a name that merely ends in "(1990)" falls through
        found = visible.filter(pk=int(bracketed.group(2))).first()
        if found is not None and fold_name(found.legal_name) == fold_name(bracketed.group(1)):
            return found
    named = names_containing(visible, text)
    exact = [(pk, name) for pk, name in named if fold_name(name) == fold_name(text)]
    if len(exact) == 1 or len(named) == 1:
        return visible.get(pk=(exact or named)[0][0])
    if not named:
        raise CompanyNotFound(f"no company you may see is named like {text!r}")
    same_name = exact or (named if len({fold_name(name) for _, name in named}) == 1 else [])
    if same_name:  # the full name would not help: only the id tells them apart
        cities = dict(visible.filter(pk__in=[pk for pk, _ in same_name]).values_list("pk", "city"))
        listed = ", ".join(
            f"{name} ({pk}, {cities[pk]})" if cities.get(pk) else f"{name} ({pk})" for pk, name in same_name
        )
        raise CompanyNotFound(
            f"{len(same_name)} companies are named {same_name[0][1]!r}: {listed}; give the registry id",
            candidates=[pk for pk, _ in same_name],
        )
    listed = ", ".join(f"{name} ({pk})" for pk, name in named[:LISTED_CANDIDATES])
    more = " and more" if len(named) > LISTED_CANDIDATES else ""
    raise CompanyNotFound(
        f"{text!r} matches {listed}{more}; give the registry id or the full name", candidates=[pk for pk, _ in named]
    )


def names_containing(companies: QuerySet[Company], text: str) -> list[tuple[int, str]]:
    """(id, legal name) of the companies whose folded name contains the folded text, by folded name.

    Names are folded in Python: neither SQLite's LIKE (ASCII case only) nor the lower-cased
    search text matches "ou" to "OÜ". The database first narrows the rows with the stored
    `name_key` (already folded), on a word every matching name keeps in it (`name_key_word`);
    a text made only of legal forms ("Oy", "AB") folds every visible name.
    """
    wanted = fold_name(text)
    word = name_key_word(wanted)
    if word:
        companies = companies.filter(name_key__contains=word)
    named = [(pk, name) for pk, name in companies.values_list("pk", "legal_name") if wanted in fold_name(name)]
    return sorted(named, key=lambda row: (fold_name(row[1]), row[0]))
