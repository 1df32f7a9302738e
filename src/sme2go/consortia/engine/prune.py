"""Which companies the model needs: drop those that cannot change the top-K score list.

A *filler* is an eligible, unlocked company with no tie in play and no required capability it
could usefully cover (fit ≥ min_fit with a positive weight, or any fit ≥ min_fit under
cover_all). A filler adds only u(c) = weights.readiness·readiness(c) − weights.size to the
score, and helps only min_size / min_countries, where fillers of one country are
interchangeable. Keeping the best max_size + K − 1 fillers per country (by u) is exact: a set
using j dropped fillers of a country has at least K − 1 + j kept ones outside it, so at least
K distinct sets of kept fillers score at least as much.
"""

from __future__ import annotations

from collections import defaultdict

from sme2go.consortia.engine.instance import CompanyOption, Instance
from sme2go.consortia.engine.precheck import eligible_companies


def is_filler(instance: Instance, company: CompanyOption, tied: set[str]) -> bool:
    rules = instance.rules
    if company.id in rules.lock or company.id in tied:
        return False
    for requirement in instance.required:
        fit = company.fit_for(requirement.capability)
        if fit >= rules.min_fit and (rules.cover_all or requirement.weight * fit > 0):
            return False
    return True


def model_universe(instance: Instance, top_k: int) -> list[CompanyOption]:
    """The eligible companies worth a variable, in instance order."""
    eligible = eligible_companies(instance)
    eligible_ids = {c.id for c in eligible}
    tied: set[str] = set()
    if instance.weights.tie > 0:
        for tie in instance.ties:
            if tie.strength > 0 and tie.a in eligible_ids and tie.b in eligible_ids:
                tied.update((tie.a, tie.b))
    keep_per_country = instance.rules.max_size + top_k - 1
    fillers: dict[str, list[tuple[float, int, str]]] = defaultdict(list)
    for index, company in enumerate(eligible):
        if is_filler(instance, company, tied):
            gain = instance.weights.readiness * company.readiness - instance.weights.size
            fillers[company.country].append((-gain, index, company.id))
    dropped: set[str] = set()
    for ranked in fillers.values():
        ranked.sort()
        dropped.update(company_id for _, _, company_id in ranked[keep_per_country:])
    return [c for c in eligible if c.id not in dropped]
