"""A pruned instance as numpy arrays, for the engines that score many sets at once (the
enumeration in branch_bound.py and the local search in local_search.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sme2go.consortia.engine.instance import CompanyOption, Instance


@dataclass
class Arrays:
    """The pruned instance as arrays: gains per capability, per-member terms, tie matrix."""

    ids: list[str]
    fit: np.ndarray  # n × R, weight_r · fit'(c, r)
    usable: np.ndarray  # n × R, fit(c, r) ≥ min_fit
    unit: np.ndarray  # n, weights.readiness · readiness − weights.size
    ties: np.ndarray  # n × n, weights.tie · strength
    country: np.ndarray  # n, country index
    tied: np.ndarray  # n, has a tie of positive weight in the universe


def arrays_of(instance: Instance, companies: Sequence[CompanyOption]) -> Arrays:
    rules, weights = instance.rules, instance.weights
    ids = [c.id for c in companies]
    fits = np.array(
        [[c.fit_for(r.capability) for r in instance.required] for c in companies], dtype=np.float64
    ).reshape(len(companies), len(instance.required))
    usable = fits >= rules.min_fit
    gains = np.where(usable, fits * np.array([r.weight for r in instance.required], dtype=np.float64), 0.0)
    unit = np.array([weights.readiness * c.readiness - weights.size for c in companies], dtype=np.float64)
    ties = np.zeros((len(ids), len(ids)), dtype=np.float64)
    if weights.tie > 0:
        position = {company_id: i for i, company_id in enumerate(ids)}
        for tie in instance.ties:
            a, b = position.get(tie.a), position.get(tie.b)
            if a is not None and b is not None and a != b:
                strength = weights.tie * instance.tie_strength(tie.a, tie.b)
                ties[a, b] = ties[b, a] = strength
    codes: dict[str, int] = {}
    country = np.array([codes.setdefault(c.country, len(codes)) for c in companies], dtype=np.int64)
    return Arrays(ids, gains, usable, unit, ties, country, np.asarray((ties > 0).any(axis=1), dtype=bool))
