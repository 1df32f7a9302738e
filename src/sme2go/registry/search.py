"""Finding companies: full-text terms and filters over what a user may see.

Kept fast at tens of thousands of companies on SQLite and PostgreSQL:
- `search_text` is stored lower-cased, so a case-sensitive `contains` (plain LIKE,
  no UPPER() on every row) on the lower-cased terms is enough;
- partner and capability filters are EXISTS subqueries, so no DISTINCT and no
  duplicated rows for the count;
- the page is ordered by the indexed `legal_name` (and pk for a stable order).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from sme2go.accounts.scoping import visible_companies
from sme2go.registry.models import Company, SolutionCapability

MAX_TERMS = 8


@dataclass(frozen=True)
class CompanyQuery:
    """What the user asked for; empty strings mean "any"."""

    q: str = ""
    country: str = ""
    partner: int | None = None
    capability: str = ""  # a capability id (`water.leak-detection`) or a whole theme (`water`)
    status: str = ""


def search_terms(q: str) -> list[str]:
    """Lower-cased words of the query, at most MAX_TERMS: `"Aqua  TALLINN"` -> ['aqua', 'tallinn']."""
    return [term for term in q.lower().split() if term][:MAX_TERMS]


def search_companies(*, actor: Any, query: CompanyQuery) -> QuerySet[Company]:
    """The companies `actor` may see that match every term and filter, ordered by legal name."""
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
    return companies.order_by("legal_name", "pk")
