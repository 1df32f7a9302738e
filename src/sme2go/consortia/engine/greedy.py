"""The baseline: grow a consortium one company at a time, then improve it by single swaps."""

from __future__ import annotations

import time

from sme2go.consortia.engine.instance import Instance
from sme2go.consortia.engine.score import ScoredConsortium, covers_of, is_feasible, score

MAX_SWAP_ROUNDS = 10
SHORTLIST = 40


def _deficits(instance: Instance, team: list[str]) -> tuple[int, int, int]:
    """How far a team is from feasible: uncovered capabilities, missing countries, missing members."""
    rules = instance.rules
    uncovered = len(instance.required) - len(covers_of(instance, tuple(team))) if rules.cover_all else 0
    countries = len({instance.company(c).country for c in team})
    return (uncovered, max(0, rules.min_countries - countries), max(0, rules.min_size - len(team)))


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
    team = [c for c in rules.lock]
    if len(team) > rules.max_size:
        return None
    current = score(instance, team).score
    while sum(_deficits(instance, team)) > 0:
        if len(team) >= rules.max_size:
            return None
        before = _deficits(instance, team)
        best: tuple[tuple[int, float], str] | None = None
        for company_id in eligible:
            if company_id in team:
                continue
            after = _deficits(instance, [*team, company_id])
            progress = sum(before) - sum(after)
            gain = score(instance, [*team, company_id]).score - current
            key = (progress, gain)
            if best is None or key > best[0]:
                best = (key, company_id)
        if best is None or best[0][0] <= 0:
            return None
        team.append(best[1])
        current = score(instance, team).score
    while len(team) < rules.max_size:
        gains = [
            (score(instance, [*team, c]).score - current, c) for c in eligible if c not in team
        ]
        if not gains:
            break
        gain, company_id = max(gains)
        if gain <= 0:
            break
        team.append(company_id)
        current += gain
    if improve:
        team = _improve_by_swaps(instance, team, eligible, deadline)
    if not is_feasible(instance, team):
        return None
    return score(instance, team)


def _improve_by_swaps(
    instance: Instance, team: list[str], eligible: list[str], deadline: float | None
) -> list[str]:
    """Best single swaps while the score rises; outsiders tried are the SHORTLIST best additions."""
    locked = set(instance.rules.lock)
    current = score(instance, team).score
    for _ in range(MAX_SWAP_ROUNDS):
        if deadline is not None and time.monotonic() > deadline:
            break
        additions = sorted(
            ((score(instance, [*team, c]).score, c) for c in eligible if c not in team), reverse=True
        )
        shortlist = [c for _, c in additions[:SHORTLIST]]
        best_team, best_score = None, current
        for member in [c for c in team if c not in locked]:
            for outsider in shortlist:
                candidate = [outsider if c == member else c for c in team]
                if not is_feasible(instance, candidate):
                    continue
                value = score(instance, candidate).score
                if value > best_score + 1e-12:
                    best_team, best_score = candidate, value
        if best_team is None:
            break
        team, current = best_team, best_score
    return team
