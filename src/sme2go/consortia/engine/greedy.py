"""The baseline: grow a consortium one company at a time, then improve it by single swaps.

Additions are evaluated incrementally (gain of one company given the team), so a step over
5,000 companies costs milliseconds, not seconds.
"""

from __future__ import annotations

import time

from sme2go.consortia.engine.instance import Instance
from sme2go.consortia.engine.score import ScoredConsortium, is_feasible, score

MAX_SWAP_ROUNDS = 10
SHORTLIST = 40


class _Team:
    """A growing team with what adding one more company would change."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        rules = instance.rules
        self.members: list[str] = []
        self.best = [0.0] * len(instance.required)  # best fit' per requirement
        self.covered = [False] * len(instance.required)
        self.countries: set[str] = set()
        self._fits: dict[str, list[tuple[int, float]]] = {}
        for company in instance.companies:
            self._fits[company.id] = [
                (i, company.fit_for(r.capability))
                for i, r in enumerate(instance.required)
                if company.fit_for(r.capability) >= rules.min_fit
            ]

    def deficit(self) -> int:
        """Unmet rules: uncovered capabilities (cover_all), missing countries, missing members."""
        rules = self.instance.rules
        uncovered = self.covered.count(False) if rules.cover_all else 0
        return uncovered + max(0, rules.min_countries - len(self.countries)) + max(0, rules.min_size - len(self.members))

    def progress(self, company_id: str) -> int:
        """How much adding the company reduces `deficit()`."""
        rules = self.instance.rules
        company = self.instance.company(company_id)
        gained = sum(1 for i, _ in self._fits[company_id] if not self.covered[i]) if rules.cover_all else 0
        if company.country not in self.countries and len(self.countries) < rules.min_countries:
            gained += 1
        if len(self.members) < rules.min_size:
            gained += 1
        return gained

    def gain(self, company_id: str) -> float:
        """Score change if the company joined."""
        instance = self.instance
        company = instance.company(company_id)
        value = instance.weights.readiness * company.readiness - instance.weights.size
        for i, fit in self._fits[company_id]:
            if fit > self.best[i]:
                value += instance.required[i].weight * (fit - self.best[i])
        if instance.weights.tie > 0:
            value += instance.weights.tie * sum(instance.tie_strength(company_id, b) for b in self.members)
        return value

    def add(self, company_id: str) -> None:
        self.members.append(company_id)
        self.countries.add(self.instance.company(company_id).country)
        for i, fit in self._fits[company_id]:
            self.covered[i] = True
            self.best[i] = max(self.best[i], fit)


def greedy(
    instance: Instance,
    *,
    improve: bool = True,
    candidates: list[str] | None = None,
    deadline: float | None = None,
) -> ScoredConsortium | None:
    """A feasible consortium found greedily, or None if greedy gets stuck.

    Start from the locked companies; while rules are unmet, add the eligible company that
    most reduces the unmet rules (then gains most score); then add companies while the
    score rises; then (if `improve`) swap one member for one outsider while the score rises.
    `candidates` restricts the companies tried (e.g. to the solver's pruned universe);
    swaps stop at `deadline` (a time.monotonic() value).
    """
    rules = instance.rules
    excluded = set(rules.exclude)
    allowed = set(candidates) if candidates is not None else None
    eligible = [
        c.id
        for c in instance.companies
        if c.id not in excluded
        and c.readiness >= rules.min_readiness
        and (allowed is None or c.id in allowed)
    ]
    if len(rules.lock) > rules.max_size:
        return None
    team = _Team(instance)
    for company_id in rules.lock:
        team.add(company_id)
    while team.deficit() > 0:
        if len(team.members) >= rules.max_size:
            return None
        outside = [c for c in eligible if c not in team.members]
        if not outside:
            return None
        best = max(outside, key=lambda c: (team.progress(c), team.gain(c)))
        if team.progress(best) <= 0:
            return None
        team.add(best)
    while len(team.members) < rules.max_size:
        outside = [c for c in eligible if c not in team.members]
        if not outside:
            break
        best = max(outside, key=team.gain)
        if team.gain(best) <= 0:
            break
        team.add(best)
    members = team.members
    if improve:
        members = _improve_by_swaps(instance, members, eligible, deadline)
    if not is_feasible(instance, members):
        return None
    return score(instance, members)


def _improve_by_swaps(
    instance: Instance, members: list[str], eligible: list[str], deadline: float | None
) -> list[str]:
    """Best single swaps while the score rises; outsiders tried are the SHORTLIST best additions."""
    locked = set(instance.rules.lock)
    current = score(instance, members).score
    for _ in range(MAX_SWAP_ROUNDS):
        if deadline is not None and time.monotonic() > deadline:
            break
        team = _Team(instance)
        for member in members:
            team.add(member)
        inside = set(members)
        shortlist = sorted((c for c in eligible if c not in inside), key=team.gain, reverse=True)[:SHORTLIST]
        best_members, best_score = None, current
        for member in [c for c in members if c not in locked]:
            for outsider in shortlist:
                candidate = [outsider if c == member else c for c in members]
                if not is_feasible(instance, candidate):
                    continue
                value = score(instance, candidate).score
                if value > best_score + 1e-12:
                    best_members, best_score = candidate, value
        if best_members is None:
            break
        members, current = best_members, best_score
    return members
