"""Which companies the model needs: drop those that cannot change the top-K score list.

Company d *dominates* company c when swapping c for d in any consortium keeps it feasible
and does not lower its score: c is neither locked nor tied (ties in play), d is not locked,
both are eligible, d is in the same country (unless min_countries ≤ 1), and d is at least as
good on every term: u(d) ≥ u(c) where u = weights.readiness·readiness − weights.size, and for
every required capability r, weight_r·fit'(d, r) ≥ weight_r·fit'(c, r) and (under cover_all)
d reaches min_fit on r wherever c does. Equal profiles are ordered by position, so this is a
strict partial order.

A company with at least N = max_size + K − 1 dominators is dropped. This is exact for the
top-K score list: a consortium S holding such a c holds at most max_size − 1 of its
dominators, so at least K dominators lie outside S, and swapping c for each gives K distinct
consortia scoring at least as much; by induction on the (strict) order, K distinct consortia
of kept companies score at least as much as S. Hence the i-th best score over kept
companies equals the i-th best over all companies, for every i ≤ K.

Companies with no usable capability (*fillers*) are the common case: only u and the country
tell them apart, so at most N per country survive.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from sme2go.consortia.engine.instance import CompanyOption, Instance
from sme2go.consortia.engine.precheck import eligible_companies

_CHUNK = 256


def _profile(instance: Instance, company: CompanyOption) -> list[float]:
    rules, weights = instance.rules, instance.weights
    values = [weights.readiness * company.readiness - weights.size]
    for requirement in instance.required:
        fit = company.fit_for(requirement.capability)
        reaches = fit >= rules.min_fit
        values.append(requirement.weight * fit if reaches else 0.0)
        if rules.cover_all:
            values.append(1.0 if reaches else 0.0)
    return values


def tied_companies(instance: Instance, eligible_ids: set[str]) -> set[str]:
    """Companies with a tie that can add score (both ends eligible, tie weight and strength > 0)."""
    tied: set[str] = set()
    if instance.weights.tie > 0:
        for tie in instance.ties:
            if tie.strength > 0 and tie.a in eligible_ids and tie.b in eligible_ids:
                tied.update((tie.a, tie.b))
    return tied


def _dominator_counts(profiles: np.ndarray, may_dominate: np.ndarray) -> np.ndarray:
    """For each row c, how many rows d (allowed to dominate) dominate it (ties by position)."""
    count = np.zeros(len(profiles), dtype=np.int64)
    positions = np.arange(len(profiles))
    dominators = profiles[may_dominate]
    dominator_positions = positions[may_dominate]
    for start in range(0, len(profiles), _CHUNK):
        block = profiles[start : start + _CHUNK]
        at_least = (dominators[None, :, :] >= block[:, None, :]).all(axis=2)
        equal = (dominators[None, :, :] == block[:, None, :]).all(axis=2)
        earlier = dominator_positions[None, :] < positions[start : start + _CHUNK, None]
        count[start : start + _CHUNK] = (at_least & (~equal | earlier)).sum(axis=1)
    return count


def model_universe(instance: Instance, top_k: int) -> list[CompanyOption]:
    """The eligible companies worth a variable, in instance order."""
    eligible = eligible_companies(instance)
    eligible_ids = {c.id for c in eligible}
    tied = tied_companies(instance, eligible_ids)
    locked = set(instance.rules.lock)
    keep_below = instance.rules.max_size + top_k - 1
    groups: dict[str, list[CompanyOption]] = defaultdict(list)
    for company in eligible:
        key = company.country if instance.rules.min_countries > 1 else ""
        groups[key].append(company)
    dropped: set[str] = set()
    for members in groups.values():
        profiles = np.array([_profile(instance, c) for c in members], dtype=np.float64)
        may_dominate = np.array([c.id not in locked for c in members], dtype=bool)
        counts = _dominator_counts(profiles, may_dominate)
        for company, count in zip(members, counts, strict=True):
            if count >= keep_below and company.id not in locked and company.id not in tied:
                dropped.add(company.id)
    return [c for c in eligible if c.id not in dropped]
