"""The exact solver: the K best consortia with OR-Tools CP-SAT.

Model (built in formulation.py): one boolean `member[c]` per company that may matter (see prune.py); one boolean
`covers[r, c]` per required capability r and company c with fit(c, r) ≥ min_fit, at most
one per r (exactly one under cover_all), only for members, so maximising picks the best
fit; one boolean `together[a, b]` per tie pair (≤ member[a], ≤ member[b]).

Scores are scaled to integers (× SCALE, rounded per coefficient). The rounding error of
any set is at most `error` (≤ terms × 0.5 / SCALE), so the solver enumerates sets by scaled
score and stops only when no unseen set can beat the K-th exact score: when scaling is not
exact this costs one extra solve (the "band check"). Reported scores are recomputed exactly
from the members (score.py), never read back from the scaled objective.

K best: after each proven-optimal solve the found set is cut off (no-good) and the scaled
score is bounded by the last one. Status OPTIMAL only when every solve was proven.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from sme2go.consortia.engine import local_search
from sme2go.consortia.engine.formulation import SCALE, Formulation, build_model, configured_solver
from sme2go.consortia.engine.greedy import greedy
from sme2go.consortia.engine.instance import CompanyOption, Instance
from sme2go.consortia.engine.precheck import infeasibility_reason
from sme2go.consortia.engine.prune import model_universe
from sme2go.consortia.engine.score import ScoredConsortium, score
from sme2go.consortia.engine.tie_split import MAX_LP_COMPANIES, split_bound

# With ties, the share of the time limit the plain model gets before the split bound (for
# the top 1; the K best are enumerated by the plain model only, so it keeps more time then).
MAIN_SHARE_WITH_TIES = 0.1
MAIN_SHARE_WITH_TIES_TOP_K = 0.6
# Above MAX_LP_COMPANIES in the model the split bound gets no LP probing and rarely returns a bound
# in time (5,000 companies: none in 10 s), while the plain model's bound, given the time, comes
# within 12.6 % of the best found (median of 20 seeds, at most 25 %): the plain model keeps most
# of the time there.
MAIN_SHARE_WITHOUT_LP = 0.9
# With ties, the share of the time limit the local search (local_search.py) may take after greedy.
LOCAL_SEARCH_SHARE = 0.1
# Scores are compared with this absolute tolerance (float sums of the exact terms).
TOLERANCE = 1e-9

OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN = "OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN"


@dataclass(frozen=True)
class SolveResult:
    """The K best consortia found, and what is proven about them."""

    status: str
    consortia: tuple[ScoredConsortium, ...]
    bound: float | None
    seconds: float
    reason: str = ""
    solves: int = 0
    companies_in_model: int = 0

    @property
    def gap(self) -> float | None:
        """Relative gap between the best found and the proven bound (0 when optimal)."""
        if not self.consortia or self.bound is None:
            return None
        best = self.consortia[0].score
        return max(0.0, self.bound - best) / max(abs(self.bound), 1e-9)

    def as_dict(self) -> dict[str, object]:
        """The output JSON of `sme2go consortia solve`."""
        return {
            "status": self.status,
            "consortia": [c.as_dict() for c in self.consortia],
            "bound": self.bound,
            "seconds": round(self.seconds, 3),
            "reason": self.reason,
        }


def solve(
    instance: Instance,
    *,
    top_k: int = 1,
    time_limit: float = 30.0,
    workers: int = 2,
    use_hint: bool = True,
) -> SolveResult:
    """The `top_k` best feasible consortia, best first, with a proven bound.

    OPTIMAL: every solve proved optimal, so no feasible set outside the list scores more
    than the last one listed. FEASIBLE: the time limit ran out; the best found and a proven
    upper bound on the best score. INFEASIBLE: `reason` names the rule that cannot be met.
    """
    started = time.monotonic()
    refused = refuse_early(instance, top_k, started)
    if refused is not None:
        return refused

    companies = model_universe(instance, top_k)
    built = build_model(instance, companies)
    baseline = None
    if use_hint:
        # Without ties CP-SAT proves fast and needs only a rough start; with ties the start (greedy
        # improved by swaps, then the local search from every tie pair) is often what it returns at
        # the limit, and the incumbent the split bound prunes with, so it is worth the time.
        swaps_until = time.monotonic() + time_limit / 4
        baseline = greedy(
            instance, candidates=[c.id for c in companies], improve=built.has_ties, deadline=swaps_until
        )
        if built.has_ties:
            searched = local_search.search(
                instance, companies, deadline=time.monotonic() + LOCAL_SEARCH_SHARE * time_limit,
                start=baseline.members if baseline is not None else (),
            )
            if searched is not None and (baseline is None or searched.score > baseline.score):
                baseline = searched
    if baseline is not None:
        for company_id, variable in built.member.items():
            built.model.add_hint(variable, company_id in baseline.members)

    solver = configured_solver(workers)
    # With ties the plain model's bound stalls at its LP relaxation: after a share of the time
    # the split bound (tie_split.py) takes over.
    share = MAIN_SHARE_WITH_TIES if top_k == 1 else MAIN_SHARE_WITH_TIES_TOP_K
    if len(companies) > MAX_LP_COMPANIES:
        share = MAIN_SHARE_WITHOUT_LP  # the split bound needs LP probing to pay off
    main_limit = time_limit * share if built.has_ties else time_limit
    found: list[tuple[ScoredConsortium, int]] = []
    upper: int | None = None  # every unseen set has scaled score ≤ upper
    first_bound: float | None = None
    proven, solves = True, 0
    while True:
        if len(found) >= top_k:
            kth = sorted((c.score for c, _ in found), reverse=True)[top_k - 1]
            if upper is not None and upper / SCALE + built.error <= kth + TOLERANCE:
                break
            built.model.add(built.objective >= math.ceil((kth - built.error) * SCALE))
        remaining = main_limit - (time.monotonic() - started)
        if remaining <= 0:
            proven = False
            break
        solver.parameters.max_time_in_seconds = remaining
        status = solver.solve(built.model)
        solves += 1
        if solves == 1 and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # Only with a solution is CP-SAT's bound meaningful (UNKNOWN reports no bound).
            first_bound = solver.best_objective_bound / SCALE + built.error
        if status == cp_model.INFEASIBLE:
            break  # no unseen set reaches the constraints: the enumeration is complete
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            proven = False
            break
        team = [c for c, v in built.member.items() if solver.boolean_value(v)]
        value = round(solver.objective_value)
        found.append((score(instance, team), value))
        if status != cp_model.OPTIMAL:
            proven = False
            break
        upper = value
        built.model.clear_hints()
        _cut_off(built, team, value)

    consortia = sorted((c for c, _ in found), key=lambda c: -c.score)
    extra = [baseline] if baseline is not None else []
    split_proof = False
    if not proven and built.has_ties:
        leader = max(consortia + extra, key=lambda c: c.score, default=None)
        split = split_bound(
            instance, companies, incumbent=leader.score if leader else float("-inf"),
            deadline=started + time_limit, workers=workers, hint=leader.members if leader else (),
        )
        extra.extend(split.found)
        if split.bound is not None:
            first_bound = split.bound if first_bound is None else min(first_bound, split.bound)
            best_known = max([c.score for c in consortia + extra], default=float("-inf"))
            split_proof = top_k == 1 and split.bound <= best_known + TOLERANCE
        elif solves <= 1 and time_limit - (time.monotonic() - started) > 0.5:
            # No split bound (too many cycles): the unchanged plain model gets the time left.
            solver.parameters.max_time_in_seconds = time_limit - (time.monotonic() - started)
            if solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                extra.append(score(instance, [c for c, v in built.member.items() if solver.boolean_value(v)]))
                again = solver.best_objective_bound / SCALE + built.error
                first_bound = again if first_bound is None else min(first_bound, again)
    if not proven:
        seen = {c.members for c in consortia}
        for candidate in extra:
            if candidate.members not in seen:
                seen.add(candidate.members)
                consortia.append(candidate)
        consortia.sort(key=lambda c: -c.score)
    consortia = consortia[:top_k]
    seconds = time.monotonic() - started
    if split_proof and consortia:
        # Every feasible set scores at most the split bound, which the first one reaches.
        return SolveResult(OPTIMAL, tuple(consortia), consortia[0].score, seconds, "", solves, len(companies))
    if proven and not consortia:
        return SolveResult(
            INFEASIBLE, (), None, seconds, diagnose_infeasible(instance, min(time_limit, 5.0)), solves, len(companies)
        )
    if proven:
        reason = "" if len(consortia) == top_k else f"only {len(consortia)} feasible consortia exist"
        return SolveResult(OPTIMAL, tuple(consortia), consortia[0].score, seconds, reason, solves, len(companies))
    bound = first_bound if first_bound is not None else simple_bound(instance, companies)
    if bound is not None and consortia:
        bound = max(bound, consortia[0].score)
    if not consortia:
        return SolveResult(
            UNKNOWN, (), bound, seconds, timed_out_reason(time_limit, found=False), solves, len(companies),
        )
    return SolveResult(
        FEASIBLE, tuple(consortia), bound, seconds,
        timed_out_reason(time_limit, found=True), solves, len(companies),
    )


def refuse_early(instance: Instance, top_k: int, started: float) -> SolveResult | None:
    """The INFEASIBLE answer when a rule is impossible to meet before any search (the reason names
    it), else None; ValueError for top_k < 1. Both solvers start with it."""
    if top_k < 1:
        raise ValueError("top_k must be at least 1")
    reason = infeasibility_reason(instance)
    if reason is not None:
        return SolveResult(INFEASIBLE, (), None, time.monotonic() - started, reason)
    return None


def timed_out_reason(time_limit: float, *, found: bool) -> str:
    """The reason of a FEASIBLE (found) or UNKNOWN answer, naming the time limit."""
    if found:
        return f"time limit of {time_limit:g} s ran out; best found is not proven optimal"
    return f"time limit of {time_limit:g} s ran out before any consortium was found"


def simple_bound(instance: Instance, companies: list[CompanyOption]) -> float:
    """An upper bound without solving: best fit per capability, best members, strongest ties."""
    rules, weights = instance.rules, instance.weights
    coverage = sum(
        requirement.weight
        * max((f for c in companies if (f := c.fit_for(requirement.capability)) >= rules.min_fit), default=0.0)
        for requirement in instance.required
    )
    gains = sorted((weights.readiness * c.readiness - weights.size for c in companies), reverse=True)
    members = max(sum(gains[:size]) for size in range(rules.min_size, rules.max_size + 1))
    ids = {c.id for c in companies}
    strengths = sorted((t.strength for t in instance.ties if t.a in ids and t.b in ids), reverse=True)
    ties = weights.tie * sum(strengths[: rules.max_size * (rules.max_size - 1) // 2])
    return coverage + members + ties


def _cut_off(built: Formulation, team: list[str], value: int) -> None:
    """Forbid this exact set from now on, and ask for a scaled score no better than it."""
    chosen = set(team)
    built.model.add_bool_or(
        [built.member[c].Not() if c in chosen else built.member[c] for c in built.order]
    )
    built.model.add(built.objective <= value)


def diagnose_infeasible(instance: Instance, time_limit: float = 10.0) -> str:
    """Name the rule whose relaxation alone makes the instance feasible (rules clash together)."""
    rules = instance.rules
    relaxations = [
        ("cover_all", replace(rules, cover_all=False),
         f"no consortium of {rules.min_size}-{rules.max_size} eligible companies covers all "
         f"{len(instance.required)} required capabilities while meeting the other rules"),
        ("min_countries", replace(rules, min_countries=0),
         f"no consortium meeting the other rules spans {rules.min_countries} countries"),
        ("max_size", replace(rules, max_size=max(rules.max_size, len(instance.companies))),
         f"no consortium of at most {rules.max_size} companies meets the other rules"),
        ("lock", replace(rules, lock=()), "the locked companies cannot be combined with the other rules"),
    ]
    for name, relaxed_rules, sentence in relaxations:
        relaxed = replace(instance, rules=relaxed_rules)
        if infeasibility_reason(relaxed) is None and _has_feasible_set(relaxed, time_limit):
            return f"{name}: {sentence}"
    return "the rules cannot be met together (size, countries, readiness, coverage, lock and exclude)"


def _has_feasible_set(instance: Instance, time_limit: float) -> bool:
    built = build_model(instance, model_universe(instance, 1), with_objective=False)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    return solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
