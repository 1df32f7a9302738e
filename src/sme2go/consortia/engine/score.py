"""The objective and the feasibility rules, evaluated exactly on one set of companies.

score(S) = Σ_r weight_r · max_{c∈S} fit'(c, r)
         + weights.tie · Σ_{{a,b}⊆S} strength(a, b)
         + weights.readiness · Σ_{c∈S} readiness(c)
         − weights.size · |S|
where fit'(c, r) = fit(c, r) if fit(c, r) ≥ min_fit else 0. The breakdown holds the four
terms (the size term is negative), so score == coverage + ties + readiness + size.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sme2go.consortia.engine.instance import Instance


@dataclass(frozen=True)
class Breakdown:
    coverage: float
    ties: float
    readiness: float
    size: float

    def as_dict(self) -> dict[str, float]:
        return {"coverage": self.coverage, "ties": self.ties, "readiness": self.readiness, "size": self.size}


@dataclass(frozen=True)
class ScoredConsortium:
    """A set of companies (in instance order) with its exact score and who covers what."""

    members: tuple[str, ...]
    score: float
    covers: dict[str, str] = field(default_factory=dict)
    breakdown: Breakdown = Breakdown(0.0, 0.0, 0.0, 0.0)

    def as_dict(self) -> dict[str, object]:
        return {
            "members": list(self.members),
            "score": self.score,
            "covers": dict(self.covers),
            "breakdown": self.breakdown.as_dict(),
        }


def effective_fit(instance: Instance, company_id: str, capability: str) -> float:
    """fit'(c, r): the fit if it reaches min_fit, else 0."""
    fit = instance.company(company_id).fit_for(capability)
    return fit if fit >= instance.rules.min_fit else 0.0


def ordered(instance: Instance, members: Iterable[str]) -> tuple[str, ...]:
    """Members in the order the instance lists companies (a canonical form for a set)."""
    wanted = set(members)
    return tuple(c.id for c in instance.companies if c.id in wanted)


def covers_of(instance: Instance, members: tuple[str, ...]) -> dict[str, str]:
    """For each required capability, the member with the best fit if it reaches min_fit.

    Equal fits go to the member listed first in the instance.
    """
    covers = {}
    for requirement in instance.required:
        best_id, best_fit = None, -1.0
        for company_id in members:
            fit = instance.company(company_id).fit_for(requirement.capability)
            if fit > best_fit:
                best_id, best_fit = company_id, fit
        if best_id is not None and best_fit >= instance.rules.min_fit:
            covers[requirement.capability] = best_id
    return covers


def score(instance: Instance, members: Iterable[str]) -> ScoredConsortium:
    """The exact score of a set of companies, with its breakdown and covers map."""
    team = ordered(instance, members)
    covers = covers_of(instance, team)
    coverage = sum(
        requirement.weight * effective_fit(instance, covers[requirement.capability], requirement.capability)
        for requirement in instance.required
        if requirement.capability in covers
    )
    tie_sum = sum(instance.tie_strength(a, b) for i, a in enumerate(team) for b in team[i + 1 :])
    readiness_sum = sum(instance.company(c).readiness for c in team)
    breakdown = Breakdown(
        coverage=float(coverage),
        ties=instance.weights.tie * tie_sum,
        readiness=instance.weights.readiness * readiness_sum,
        size=-instance.weights.size * len(team),
    )
    total = breakdown.coverage + breakdown.ties + breakdown.readiness + breakdown.size
    return ScoredConsortium(members=team, score=total, covers=covers, breakdown=breakdown)


def violated_rule(instance: Instance, members: Iterable[str]) -> str | None:
    """None if the set is feasible, else a sentence naming the first rule it breaks."""
    team = ordered(instance, members)
    rules = instance.rules
    if len(team) < rules.min_size:
        return f"min_size: {len(team)} members, at least {rules.min_size} needed"
    if len(team) > rules.max_size:
        return f"max_size: {len(team)} members, at most {rules.max_size} allowed"
    countries = {instance.company(c).country for c in team}
    if len(countries) < rules.min_countries:
        return f"min_countries: {len(countries)} countries, at least {rules.min_countries} needed"
    for company_id in team:
        readiness = instance.company(company_id).readiness
        if readiness < rules.min_readiness:
            return f"min_readiness: {company_id} has readiness {readiness:g} < {rules.min_readiness:g}"
    if rules.cover_all:
        covers = covers_of(instance, team)
        for requirement in instance.required:
            if requirement.capability not in covers:
                return f"cover_all: no member covers {requirement.capability} with fit ≥ {rules.min_fit:g}"
    for company_id in rules.lock:
        if company_id not in team:
            return f"lock: locked company {company_id} is missing"
    for company_id in rules.exclude:
        if company_id in team:
            return f"exclude: excluded company {company_id} is a member"
    return None


def is_feasible(instance: Instance, members: Iterable[str]) -> bool:
    return violated_rule(instance, members) is None
