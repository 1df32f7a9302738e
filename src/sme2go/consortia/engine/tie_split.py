"""The split bound with ties: solve the forest case and the cycle cases apart (see tie_bound.py).

* Forest case: the usual model plus Σ together ≤ Σ member − 1 and, for every chordless
  cycle Z of the tie graph, Σ_{edges of Z} together ≤ |Z| − 1. Every S whose ties form a
  forest satisfies them with together = its ties (a forest on |S| vertices has at most
  |S| − 1 edges and contains no cycle), so CP-SAT's proven bound covers every such S.
* Cycle case: every other S contains a chordless cycle Z (|Z| ≤ max_size). Cycles whose
  cheap bound (tie_bound.CycleCases) is above the best score known need more: first the bound
  one company further (`CycleCases.one_more`), which often settles the case or leaves it a few
  dozen companies; then the usual model of those with Z locked in, whose proven bound covers
  every S ⊇ Z above the best known.

With LP probing (probing.py, up to MAX_LP_COMPANIES): a cycle case is first bounded by the
LP with Z locked in, and solved again later on the companies probing keeps; the forest case is
bounded by bisection (`_ForestCase.refine`). The time left goes to whichever part bounds the
best score.

The best score is at most the largest of these bounds; each solve's proven bound includes
the scaling error. Solutions found on the way are feasible sets, rescored exactly.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from sme2go.consortia.engine.formulation import (
    SCALE,
    Formulation,
    build_model,
    configured_solver,
    scaling_error_bound,
)
from sme2go.consortia.engine.instance import CompanyOption, Instance
from sme2go.consortia.engine.probing import MIN_DROP_SHARE, Outcome, Relaxation, probe
from sme2go.consortia.engine.score import ScoredConsortium, score
from sme2go.consortia.engine.tie_bound import cycle_cases

# Each cycle case gets at most this share of the time left, and at most CYCLE_SECONDS.
# Without the LP (too many companies) a case is not re-solved on probed companies later, so
# its first solve gets longer.
CYCLE_SHARE, CYCLE_SECONDS, CYCLE_SECONDS_WITHOUT_LP = 0.2, 0.3, 1.0
# The LP bounds of the cycle cases get at most this share of the time left; above this many
# companies in the model the LP (and probing) is not tried: on 5,000 companies (~3,000 in the
# model) its first solve alone takes longer than that share.
LP_SHARE, MAX_LP_COMPANIES = 0.1, 1000
# Looking one company beyond each cycle (tie_bound.CycleCases.one_more) gets at most this share.
ONE_MORE_SHARE = 0.2
PROBE_SHARE = 0.5
# The kept model of one bisection round gets at most this share of the time left; a round whose
# probing dropped (almost) nobody, WHOLE_SHARE.
ROUND_SHARE, WHOLE_SHARE = 0.4, 0.1
# Slack on the float sums of the cheap cycle bounds.
_FLOAT_SLACK = 1e-9


@dataclass(frozen=True)
class SplitBound:
    """A proven upper bound on the best score (None if the time ran out first) and the sets found."""

    bound: float | None
    found: tuple[ScoredConsortium, ...]


def split_bound(
    instance: Instance, companies: list[CompanyOption], *, incumbent: float, deadline: float, workers: int = 2,
    hint: Sequence[str] = (),
) -> SplitBound:
    """Bound the best score by the forest case and the cycle cases, until `deadline` (monotonic);
    `hint`: the team scoring `incumbent`, a starting point for the whole forest model."""
    cycles = cycle_cases(instance, companies, deadline=deadline)
    if cycles is None or instance.rules.min_size < 1:
        return SplitBound(None, ())
    bounds = cycles.bounds
    found: list[ScoredConsortium] = []

    def best_known() -> float:
        return max([incumbent, *(c.score for c in found)])

    # The cycle cases first (each locked solve is small), best cheap bound first; a case whose
    # solve is not settled (out of time, or its bound still above the best known) keeps its bound
    # and is solved again with the time the forest case leaves.
    # (bound, cycle, the companies a set of the case above the best known may hold), per cycle case
    # above the best.
    cases: list[tuple[float, tuple[str, ...], list[CompanyOption]]] = []
    out_of_time = False
    ahead_until = time.monotonic() + ONE_MORE_SHARE * max(0.0, deadline - time.monotonic())
    lp_until = time.monotonic() + LP_SHARE * max(0.0, deadline - time.monotonic())
    relaxation = Relaxation(instance, companies, forest=False, lock=()) if len(companies) <= MAX_LP_COMPANIES else None
    with_lp = relaxation is not None and relaxation.solve_root(lp_until)
    for cheap, cycle in bounds:
        cheap += _FLOAT_SLACK
        if cheap <= best_known():
            break  # sorted: every later cycle is covered by the best known
        universe = companies
        if time.monotonic() < ahead_until:  # one company further: often closes the case, or shrinks it
            ahead, universe = cycles.one_more(cycle, best_known())
            cheap = min(cheap, ahead + _FLOAT_SLACK)
            if cheap <= best_known():
                continue
        if relaxation is not None and with_lp and time.monotonic() < lp_until:  # the LP with Z locked in
            cheap = min(cheap, relaxation.bound_with(cycle, lp_until))
            if cheap <= best_known():
                continue
        if out_of_time or cheap <= max((bound for bound, _, _ in cases), default=float("-inf")):
            cases.append((cheap, cycle, universe))  # for now bounded by its cheap (or LP) bound
            continue
        cap = CYCLE_SECONDS if with_lp else CYCLE_SECONDS_WITHOUT_LP
        until = time.monotonic() + min(CYCLE_SHARE * (deadline - time.monotonic()), cap)
        proven = _cycle_case(instance, universe, cycle, until, workers, found, best_known())
        out_of_time = proven is None
        cases.append((cheap if proven is None else min(cheap, proven), cycle, universe))
    forest = _ForestCase(instance, companies, [cycle for _, cycle in bounds], workers, found, best_known, hint)
    # The forest case's first bound: its LP (a fraction of a second) when the LP is in reach;
    # without it (large instances) probing is out of reach too, and the forest model gets all the
    # time left at once.
    if not (with_lp and forest.start_from_lp(deadline)) and not forest.start(deadline):
        return SplitBound(None, tuple(found))
    # Then, until the deadline, work on whichever part bounds the best score: the forest case
    # (one bisection round) or the cycle case with the highest bound (solved again, with more time).
    tries = [0] * len(cases)
    forest_stuck = False
    while deadline - time.monotonic() > 0.05:
        top = max(range(len(cases)), key=lambda i: cases[i][0], default=None)
        case_bound = cases[top][0] if top is not None else float("-inf")
        if max(forest.high, case_bound) <= best_known() + _FLOAT_SLACK:
            break
        if forest.high >= case_bound:
            if forest_stuck or not forest.refine(deadline):
                break
            continue
        assert top is not None
        if tries[top] >= 2:
            if forest_stuck or forest.high <= best_known() + _FLOAT_SLACK:
                break
            forest_stuck = not forest.refine(deadline)
            continue
        tries[top] += 1
        until = time.monotonic() + 0.5 * (deadline - time.monotonic())
        # Solved again: only the companies LP probing (with the cycle locked in) keeps.
        bound, cycle, universe = cases[top]
        kept = probe(instance, universe, threshold=best_known(), deadline=until, forest=False,
                     lock=cycle, workers=workers).kept if with_lp else universe
        proven = _cycle_case(instance, kept, cycle, until, workers, found, best_known())
        if proven is not None:
            cases[top] = (min(bound, proven), cycle, universe)
    worst = max((bound for bound, _, _ in cases), default=float("-inf"))
    return SplitBound(max(worst, forest.high, best_known()), tuple(found))


def _cycle_case(
    instance: Instance, companies: list[CompanyOption], cycle: tuple[str, ...], until: float, workers: int,
    found: list[ScoredConsortium], threshold: float,
) -> float | None:
    """A bound on every set containing `cycle`, at least `threshold` (None if out of time)."""
    locked = build_model(instance, companies)
    for company_id in cycle:
        locked.model.add(locked.member[company_id] == 1)
    # Only sets above the threshold matter: when none exists, the threshold bounds this case.
    if math.isfinite(threshold):
        locked.model.add(locked.objective >= math.ceil((threshold - locked.error) * SCALE))
    proven = _solve(instance, locked, until, workers, found, threshold)
    return None if proven is None else max(proven, threshold)


class _ForestCase:
    """The sets whose ties form a forest, bounded by bisection with LP probing.

    `start_from_lp`: the forest case's LP gives the first bound `high`; without the LP (large
    instances) `start` runs the whole forest model instead (and may find better sets).
    `refine`, one round: LP probing (probing.py) at a target between the best score known and
    `high` drops the companies that cannot be in a forest-case set reaching the target; the model
    of the companies kept is solved; every forest-case set scores at most max(target, its bound),
    the new `high`. The first target is the best known itself (one round proves the case when the
    LP is strong enough there); a round that drops nobody or is not settled in time moves the next
    target halfway towards `high`, where fewer companies are kept.
    """

    def __init__(
        self, instance: Instance, companies: list[CompanyOption], cycles: list[tuple[str, ...]], workers: int,
        found: list[ScoredConsortium], best_known: Callable[[], float], hint: Sequence[str] = (),
    ) -> None:
        self.instance, self.companies, self.cycles, self.workers = instance, companies, cycles, workers
        self.hint = set(hint)
        self.found, self.best_known = found, best_known
        self.slack = scaling_error_bound(instance) + _FLOAT_SLACK
        self.high = float("inf")
        # Where the next target lies between the best known (0) and `high` (1). The first round
        # aims at the best known itself: with a good incumbent (local_search.py) it is often the
        # optimum, and one round at it closes the case where bisection from above would need many.
        self.step = 0.0
        self.whole_solved = False  # a round that kept every company solved the whole forest case
        # What earlier rounds' probes proved per company: later rounds re-probe only the undecided.
        self.outcomes: dict[str, Outcome] = {}

    def start_from_lp(self, until: float) -> bool:
        """The first bound from the forest case's LP relaxation (probing.py): within a few tenths
        of a point of what the whole forest model proves in seconds (False if the LP fails)."""
        relaxation = Relaxation(self.instance, self.companies, forest=True, lock=())
        bound = relaxation.root_bound(until)
        if bound == float("inf"):
            return False
        self.high = bound
        return True

    def start(self, until: float) -> bool:
        """The first bound (False if the time ran out before any)."""
        whole = _forest_model(self.instance, self.companies, self.cycles)
        if self.hint:  # with a solution from the start CP-SAT reports its bound even when stopped early
            for company_id, variable in whole.member.items():
                whole.model.add_hint(variable, company_id in self.hint)
        high = _solve(self.instance, whole, until, self.workers, self.found, self.best_known())
        if high is None:
            return False
        self.high = high
        return True

    def refine(self, deadline: float) -> bool:
        """One bisection round; False when it cannot lower the bound (weak LP, or out of time).

        The target is `step` of the way from the best known to `high`; after a round that drops
        nobody, or whose kept model was not proven in its share of the time, the next target moves
        closer to `high` (fewer companies kept, an easier proof, a smaller step)."""
        best = self.best_known()
        if not math.isfinite(best) or self.high <= best + _FLOAT_SLACK:
            return False
        # Once only the scaling error is left, the target is the best known itself (the kept
        # model's solve then checks the band, see _solve, and can close the gap exactly).
        step = self.step if self.high - best > 2 * self.slack else 0.0
        target = best + step * (self.high - best)
        probe_until = time.monotonic() + PROBE_SHARE * (deadline - time.monotonic())
        probed = probe(self.instance, self.companies, threshold=target, deadline=probe_until, workers=self.workers,
                       known=self.outcomes)
        self.outcomes = probed.outcomes
        # The LP rules (almost) nobody out at this target: the kept model is the whole case.
        whole = probed.dropped < MIN_DROP_SHARE * len(self.companies)
        if whole and self.whole_solved:
            self.step = (1 + self.step) / 2  # aim higher next round
            return self.step < 0.99
        # The whole case is solved once all the same, briefly (on small instances that is the
        # proof; on large ones the time is better spent on the next targets).
        self.whole_solved = self.whole_solved or whole
        kept = _forest_model(self.instance, probed.kept, self.cycles)
        until = time.monotonic() + (WHOLE_SHARE if whole else ROUND_SHARE) * (deadline - time.monotonic())
        proven = _solve(self.instance, kept, until, self.workers, self.found, best)
        if proven is None or proven > target or whole:  # not settled, or nobody dropped: aim higher
            self.step = (1 + self.step) / 2
        if proven is None:
            return self.step < 0.99
        # A forest-case set with a dropped company scores below the target; the others ≤ proven.
        lowered = min(self.high, proven if not probed.dropped else max(target, proven))
        progressed = lowered < self.high or self.step < 0.99
        self.high = lowered
        return progressed


def _forest_model(instance: Instance, companies: list[CompanyOption], cycles: list[tuple[str, ...]]) -> Formulation:
    """The usual model plus Σ together ≤ Σ member − 1 and, per chordless cycle, ≤ |Z| − 1 of its ties."""
    forest = build_model(instance, companies)
    together = forest.together
    if together:
        forest.model.add(sum(set(together.values())) <= sum(forest.member.values()) - 1)
    for cycle in cycles:
        edges = [together[(a, cycle[(k + 1) % len(cycle)])] for k, a in enumerate(cycle)
                 if (a, cycle[(k + 1) % len(cycle)]) in together]
        if len(edges) == len(cycle):
            forest.model.add(sum(edges) <= len(cycle) - 1)
    return forest


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
