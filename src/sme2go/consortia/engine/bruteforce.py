"""The oracle: enumerate every subset and keep the K best feasible ones (small instances only)."""

from __future__ import annotations

from itertools import combinations

from sme2go.consortia.engine.instance import Instance
from sme2go.consortia.engine.score import ScoredConsortium, is_feasible, score

MAX_COMPANIES = 16


def brute_force_top_k(instance: Instance, k: int = 1) -> list[ScoredConsortium]:
    """The k highest-scoring feasible sets, best first (equal scores in enumeration order)."""
    if len(instance.companies) > MAX_COMPANIES:
        raise ValueError(f"brute force is for at most {MAX_COMPANIES} companies")
    ids = [c.id for c in instance.companies]
    found: list[ScoredConsortium] = []
    for size in range(instance.rules.min_size, instance.rules.max_size + 1):
        for team in combinations(ids, size):
            if is_feasible(instance, team):
                found.append(score(instance, team))
    found.sort(key=lambda consortium: -consortium.score)
    return found[:k]
