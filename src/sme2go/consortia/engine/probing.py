"""LP probing for the split bound: drop companies that cannot be in a better set.

For each company c, the LP relaxation of the forest case with c fixed in bounds every set S ∋ c
whose ties form a forest: if that bound is below the best score known, no such S beats it, so c
can leave the forest case's model. The same without the forest cut and with a cycle locked in
serves the cycle cases. On the ties benchmark this keeps 10-50 % of the companies, and
CP-SAT then proves the forest case in about a second instead of 20-50 s (docs/consortia.md).

The LP (continuous 0-1 variables, exact float coefficients) is the forest case's model relaxed:
members x, size and country rules (present_k ≤ Σ x of country k), coverage z_rc ≤ x_c with one z
per requirement (exactly one under cover_all), ties y_ab ≤ x_a, y_ab ≤ x_b, Σ y ≤ Σ x − 1 (a forest
on |S| members has at most |S| − 1 ties), locked companies fixed in. HiGHS's dual simplex re-solves
after each bound change from the previous basis, and stops as soon as its dual bound shows the
probe is below the threshold (objective_bound), so a probe costs a few milliseconds.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import highspy
import numpy as np

from sme2go.consortia.engine.instance import CompanyOption, Instance

# Probing stops (keeping the companies not probed) when, after this many probes, it has dropped
# less than this share of them: the LP is too weak at this threshold to be worth its time.
GIVE_UP_AFTER, MIN_DROP_SHARE = 40, 0.1
# A thread (with its own LP) is worth its set-up from this many companies to probe.
MIN_PROBES_PER_THREAD = 40
# A probe drops a company only when its LP bound is below the threshold by more than this
# (relative to the threshold's size), so LP tolerances can never drop a company wrongly.
MARGIN = 1e-6


@dataclass(frozen=True)
class Outcome:
    """What one probe proved about the best set holding a company: its score is at most `upper`,
    which is the LP's exact optimum when `exact`, and a cut-off it stays below otherwise."""

    upper: float
    exact: bool

    def decides(self, cutoff: float) -> bool | None:
        """Whether the company may reach `cutoff` (None: this outcome does not tell, probe again)."""
        if self.upper <= cutoff:
            return False
        return True if self.exact else None


@dataclass(frozen=True)
class ProbeResult:
    kept: list[CompanyOption]
    dropped: int
    probed: int  # companies probed before the deadline or giving up (the others are kept)
    # Per company probed (now or before), what the LP proved: pass it back as `known` to a later
    # probe of the same relaxation (same companies, forest and lock) to skip the LPs it decides.
    outcomes: dict[str, Outcome] = field(default_factory=dict)


def probe(
    instance: Instance,
    companies: list[CompanyOption],
    *,
    threshold: float,
    deadline: float,
    forest: bool = True,
    lock: tuple[str, ...] = (),
    workers: int = 2,
    known: dict[str, Outcome] | None = None,
) -> ProbeResult:
    """The companies that may belong to a set scoring at least `threshold`: a forest-case set, or
    with `forest=False` any feasible set; with `lock`, only sets containing those companies.

    The probes are split over `workers` threads, each with its own LP (HiGHS releases the GIL:
    two threads probe 300 companies in half the time)."""
    cutoff = threshold - MARGIN * max(1.0, abs(threshold))
    locked = set(instance.rules.lock) | set(lock)
    outcomes = dict(known or {})
    decided = {c.id: outcomes[c.id].decides(cutoff) for c in companies if c.id in outcomes}
    candidates = [c for c in companies if c.id not in locked and decided.get(c.id) is None]
    count = max(1, min(workers, len(candidates) // MIN_PROBES_PER_THREAD))
    parts = [candidates[k::count] for k in range(count)]

    def probe_part(part: list[CompanyOption]) -> tuple[set[str], int, dict[str, Outcome]]:
        if not part:
            return set(), 0, {}
        lp = Relaxation(instance, companies, forest=forest, lock=lock)
        if not lp.solve_root(deadline):
            return {c.id for c in part}, 0, {}  # the relaxation itself failed: keep everyone
        kept, dropped, probed, found = set(), 0, 0, {}
        for company in part:
            if time.monotonic() >= deadline or (probed >= GIVE_UP_AFTER and dropped < MIN_DROP_SHARE * probed):
                kept.add(company.id)
                continue
            probed += 1
            found[company.id] = outcome = lp.probe(company.id, cutoff, deadline)
            if outcome.decides(cutoff) is False:
                dropped += 1
            else:
                kept.add(company.id)
        return kept, probed, found

    if count == 1:
        results = [probe_part(parts[0])]
    else:
        with ThreadPoolExecutor(count) as pool:
            results = list(pool.map(probe_part, parts))
    kept_ids = locked.union(*(kept for kept, _, _ in results), (c for c, may in decided.items() if may))
    for _, _, found in results:
        outcomes.update(found)
    kept_companies = [c for c in companies if c.id in kept_ids]
    return ProbeResult(
        kept_companies, len(companies) - len(kept_companies), sum(p for _, p, _ in results), outcomes
    )


_BANNER_SHOWN = False
_BANNER_LOCK = threading.Lock()


def _new_highs() -> highspy.Highs:
    """A HiGHS instance. The first one of a process prints a banner on the C-level stdout, which
    would corrupt the CLI's JSON output: that one is built with stdout pointed at /dev/null."""
    global _BANNER_SHOWN
    with _BANNER_LOCK:
        if _BANNER_SHOWN:
            return highspy.Highs()
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 1)
                highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _BANNER_SHOWN = True
        return highs


class Relaxation:
    """The LP relaxation in HiGHS (with the forest cut for the forest case), minimising −score.

    Every method leaves the LP as it found it, so one instance serves many bounds and probes,
    each re-solved from the previous basis.
    """

    def __init__(
        self, instance: Instance, companies: list[CompanyOption], *, forest: bool, lock: tuple[str, ...]
    ) -> None:
        rules, weights = instance.rules, instance.weights
        inf = highspy.kHighsInf
        costs: list[float] = []
        rows: list[tuple[float, float, list[int], list[float]]] = []

        def column(score: float) -> int:
            costs.append(-score)
            return len(costs) - 1

        self.member = {c.id: column(weights.readiness * c.readiness - weights.size) for c in companies}
        members = list(self.member.values())
        rows.append((float(rules.min_size), float(rules.max_size), members, [1.0] * len(members)))
        if rules.min_countries > 1:
            by_country: dict[str, list[int]] = {}
            for c in companies:
                by_country.setdefault(c.country, []).append(self.member[c.id])
            present = []
            for group in by_country.values():
                here = column(0.0)
                present.append(here)
                rows.append((-inf, 0.0, [here, *group], [1.0] + [-1.0] * len(group)))
            rows.append((float(rules.min_countries), inf, present, [1.0] * len(present)))
        for requirement in instance.required:
            choices = []
            for c in companies:
                fit = c.fit_for(requirement.capability)
                if fit >= rules.min_fit:
                    covers = column(requirement.weight * fit)
                    choices.append(covers)
                    rows.append((-inf, 0.0, [covers, self.member[c.id]], [1.0, -1.0]))
            rows.append((1.0 if rules.cover_all else 0.0, 1.0, choices, [1.0] * len(choices)))
        pairs = []
        if weights.tie > 0:
            for tie in instance.ties:
                if tie.a in self.member and tie.b in self.member and tie.strength > 0:
                    together = column(weights.tie * tie.strength)
                    pairs.append(together)
                    rows.append((-inf, 0.0, [together, self.member[tie.a]], [1.0, -1.0]))
                    rows.append((-inf, 0.0, [together, self.member[tie.b]], [1.0, -1.0]))
        if forest:  # the forest cut: Σ together − Σ member ≤ −1
            rows.append((-inf, -1.0, [*pairs, *members], [1.0] * len(pairs) + [-1.0] * len(members)))

        self.highs = highs = _new_highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("solver", "simplex")
        count = len(costs)
        lower = np.zeros(count)
        for company_id in (*rules.lock, *lock):
            if company_id in self.member:
                lower[self.member[company_id]] = 1.0
        highs.addVars(count, lower, np.ones(count))
        highs.changeColsCost(count, np.arange(count, dtype=np.int32), np.array(costs, dtype=np.float64))
        for low, high, index, value in rows:
            highs.addRow(low, high, len(index), np.array(index, dtype=np.int32), np.array(value, dtype=np.float64))
        self.lower = lower

    def _run(self, deadline: float) -> None:
        # HiGHS compares time_limit with its run time summed over every run() of the instance.
        left = max(0.001, deadline - time.monotonic())
        self.highs.setOptionValue("time_limit", self.highs.getRunTime() + left)
        self.highs.run()

    def solve_root(self, deadline: float) -> bool:
        self._run(deadline)
        return self.highs.getModelStatus() in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kInfeasible)

    def root_bound(self, deadline: float) -> float:
        """An upper bound on the score of every set of the relaxed case: −inf when none exists,
        +inf when the LP gives no answer."""
        return self.bound_with((), deadline)

    def bound_with(self, company_ids: tuple[str, ...], deadline: float) -> float:
        """An upper bound on the score of every set (of the relaxed case) containing these companies:
        −inf when none exists, +inf when the LP gives no answer."""
        columns = [self.member[c] for c in company_ids if c in self.member]
        if len(columns) < len(company_ids):
            return float("inf")
        for column in columns:
            self.highs.changeColBounds(column, 1.0, 1.0)
        self.highs.setOptionValue("objective_bound", highspy.kHighsInf)
        self._run(deadline)
        status = self.highs.getModelStatus()
        value = -self.highs.getInfo().objective_function_value
        for column in columns:
            self.highs.changeColBounds(column, float(self.lower[column]), 1.0)
        if status == highspy.HighsModelStatus.kInfeasible:
            return float("-inf")
        if status != highspy.HighsModelStatus.kOptimal:
            return float("inf")
        return value + MARGIN * max(1.0, abs(value))

    def probe(self, company_id: str, cutoff: float, deadline: float) -> Outcome:
        """What the LP with the company fixed in proves about the best set holding it; the LP stops
        as soon as that is below `cutoff`."""
        column = self.member[company_id]
        self.highs.changeColBounds(column, 1.0, 1.0)
        self.highs.setOptionValue("objective_bound", -cutoff)  # minimising −score: stop once above −cutoff
        self._run(deadline)
        status = self.highs.getModelStatus()
        value = -self.highs.getInfo().objective_function_value
        self.highs.changeColBounds(column, float(self.lower[column]), 1.0)
        if status == highspy.HighsModelStatus.kInfeasible:
            return Outcome(float("-inf"), True)
        if status == highspy.HighsModelStatus.kObjectiveBound:
            return Outcome(cutoff, False)
        if status == highspy.HighsModelStatus.kOptimal:
            return Outcome(value, True)
        return Outcome(float("inf"), False)  # anything else (iteration limit, numerical trouble): keep it
