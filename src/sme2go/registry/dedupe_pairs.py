"""The /duplicates/ page's candidate pairs, computed once per state of the registry.

The engine (`dedupe.find_candidates`) reads every visible company: seconds at tens of
thousands. Its answer depends only on the companies' ids, names, countries, websites,
registry codes and VAT numbers, so it is kept in Django's cache under a *registry
version* of the companies read: their count, the sum of their ids and their latest
`updated_at`. Every write changes it (a save bumps `updated_at`, an import sets it, a
merge or an undo saves both companies, a delete changes the count and the sum), so the
first visit after a change recomputes and the others reuse. Each pair's companies,
partners and whether this person may merge them are read fresh on every visit.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, QuerySet, Sum

from sme2go.accounts.scoping import can_merge, can_review_duplicates, visible_companies
from sme2go.registry.dedupe import (
    CompanyRecord,
    DedupeSettings,
    DuplicateCandidate,
    find_candidates,
)
from sme2go.registry.merging import DuplicatePair
from sme2go.registry.models import Company

# Part of every cache key: change it when the engine's rule changes, so no old answer is reused.
RULE_VERSION = 2
KEPT_SECONDS = 24 * 3600


def registry_version(companies: QuerySet[Company]) -> str:
    """What changes whenever one of `companies` is added, removed, merged, unmerged or edited."""
    state = companies.aggregate(count=Count("pk"), ids=Sum("pk"), latest=Max("updated_at"))
    latest = state["latest"].isoformat() if state["latest"] else "-"
    return f"{state['count']}.{state['ids'] or 0}.{latest}"


def candidates_of(companies: QuerySet[Company], *, settings: DedupeSettings, limit: int) -> list[DuplicateCandidate]:
    """The `limit` best candidate pairs among `companies`: from the cache when the registry is
    unchanged since they were computed, otherwise computed and kept."""
    key = (f"sme2go:duplicates:{RULE_VERSION}:{settings.threshold}:{settings.common_word_min}:"
           f"{settings.common_word_share}:{limit}:{registry_version(companies)}")
    found: list[DuplicateCandidate] | None = cache.get(key)
    if found is None:
        rows = companies.values_list("pk", "legal_name", "country", "website", "registry_code", "vat")
        found = find_candidates([CompanyRecord(*row) for row in rows], settings=settings)[:limit]
        cache.set(key, found, KEPT_SECONDS)
    return found


def duplicate_pairs(*, user: Any, limit: int, settings: DedupeSettings | None = None) -> list[DuplicatePair]:
    """Candidate duplicate pairs among the companies `user` sees, best first, with both companies
    (partners loaded) and whether `user` may merge them."""
    if not can_review_duplicates(user):
        raise PermissionDenied("only the programme manager and advisors review duplicates")
    candidates = candidates_of(visible_companies(user), settings=settings or DedupeSettings(), limit=limit)
    ids = {c.first_id for c in candidates} | {c.second_id for c in candidates}
    by_id = Company.objects.filter(merged_into__isnull=True).prefetch_related("partners").in_bulk(ids)
    return [
        DuplicatePair(c, by_id[c.first_id], by_id[c.second_id], can_merge(user, by_id[c.first_id], by_id[c.second_id]))
        for c in candidates
        if c.first_id in by_id and c.second_id in by_id
    ]
