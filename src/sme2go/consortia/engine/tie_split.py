"""The split bound with ties: solve the forest case and the cycle cases apart (see tie_bound.py).

* Forest case: the usual model plus Σ together ≤ Σ member − 1 and, for every chordless
  cycle Z of the tie graph, Σ_{edges of Z} together ≤ |Z| − 1. Every S whose ties form a
  forest satisfies them with together = its ties (a forest on |S| vertices has at most
  |S| − 1 edges and contains no cycle), so CP-SAT's proven bound covers every such S.
* Cycle case: every other S contains a chordless cycle Z (|Z| ≤ max_size). Cycles whose
  cheap bound (tie_bound.cycle_bounds) is above the best score known need more: the usual
  model with Z locked in, whose proven bound covers every S ⊇ Z.

The best score is at most the largest of these bounds; each solve's proven bound includes
the scaling error. Solutions found on the way are feasible sets, rescored exactly.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from sme2go.consortia.engine.formulation import SCALE, Formulation, build_model, configured_solver
from sme2go.consortia.engine.instance import CompanyOption, Instance
from sme2go.consortia.engine.score import ScoredConsortium, score
from sme2go.consortia.engine.tie_bound import cycle_bounds

# Each cycle case gets at most this share of the time left, and at most CYCLE_SECONDS.
CYCLE_SHARE, CYCLE_SECONDS = 0.2, 1.0
# Slack on the float sums of the cheap cycle bounds.
_FLOAT_SLACK = 1e-9


@dataclass(frozen=True)
class SplitBound:
    """A proven upper bound on the best score (None if the time ran out first) and the sets found."""

    bound: float | None
    found: tuple[ScoredConsortium, ...]


def split_bound(
    instance: Instance, companies: list[CompanyOption], *, incumbent: float, deadline: float, workers: int = 2
) -> SplitBound:
    """Bound the best score by the forest case and the cycle cases, until `deadline` (monotonic)."""
    bounds = cycle_bounds(instance, companies, deadline=deadline)
    if bounds is None or instance.rules.min_size < 1:
        return SplitBound(None, ())
    found: list[ScoredConsortium] = []

    forest = build_model(instance, companies)
    together = forest.together
    if together:
        forest.model.add(sum(set(together.values())) <= sum(forest.member.values()) - 1)
    for _, cycle in bounds:
        edges = [together[(a, cycle[(k + 1) % len(cycle)])] for k, a in enumerate(cycle)
                 if (a, cycle[(k + 1) % len(cycle)]) in together]
        if len(edges) == len(cycle):
            forest.model.add(sum(edges) <= len(cycle) - 1)
    # The cycle cases first (each locked solve is small), then the forest case gets the rest.
    worst = float("-inf")  # the bound so far over the cycle cases handled
    for cheap, cycle in bounds:
        cheap += _FLOAT_SLACK
        threshold = max([incumbent, *(c.score for c in found)])
        if cheap <= max(threshold, worst):
            break  # sorted: every later cycle is covered too
        locked = build_model(instance, companies)
        for company_id in cycle:
            locked.model.add(locked.member[company_id] == 1)
        # Only sets above the threshold matter: when none exists, the threshold bounds this case.
        if math.isfinite(threshold):
            locked.model.add(locked.objective >= math.ceil((threshold - locked.error) * SCALE))
        until = time.monotonic() + min(CYCLE_SHARE * (deadline - time.monotonic()), CYCLE_SECONDS)
        proven = _solve(instance, locked, until, workers, found, threshold)
        worst = max(worst, min(cheap, max(proven, threshold)) if proven is not None else cheap)
    forest_bound = _solve(instance, forest, deadline, workers, found, incumbent)
    if forest_bound is None:
        return SplitBound(None, tuple(found))
    best = max([incumbent, *(c.score for c in found)])
    return SplitBound(max(worst, forest_bound, best), tuple(found))


def _solve(
    instance: Instance, built: Formulation, until: float, workers: int, found: list[ScoredConsortium], incumbent: float
) -> float | None:
    """Solve one case; its proven bound (−inf if it has no feasible set), None if out of time.

    When the case is solved to optimality, one more "band" solve asks for another set whose
    scaled score could reach the best exact score known; if there is none, the case is bounded
    by that best score exactly (no rounding error left), which lets the split bound prove.
    """
    remaining = until - time.monotonic()
    if remaining <= 0.05:
        return None
    solver = configured_solver(workers)
    solver.parameters.max_time_in_seconds = remaining
    status = solver.solve(built.model)
    if status == cp_model.INFEASIBLE:
        return float("-inf")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    team = [c for c, v in built.member.items() if solver.boolean_value(v)]
    found.append(score(instance, team))
    bound = solver.best_objective_bound / SCALE + built.error
    best = max([incumbent, *(c.score for c in found)])
    remaining = until - time.monotonic()
    if status != cp_model.OPTIMAL or bound <= best or remaining <= 0.05:
        return bound
    # Every set of this case scores at most `bound`; the found ones are known exactly.
    for consortium in found:
        chosen = set(consortium.members)
        if chosen <= set(built.member):
            built.model.add_bool_or([built.member[c].Not() if c in chosen else built.member[c] for c in built.order])
    built.model.add(built.objective >= math.ceil((best - built.error) * SCALE))
    built.model.clear_hints()
    solver.parameters.max_time_in_seconds = remaining
    if solver.solve(built.model) == cp_model.INFEASIBLE:
        return best  # any other set has scaled score below (best − error)·SCALE: exact score < best
    return bound
