"""Exact branch and bound for small instances: the K best consortia, or the best one holding given companies.

CP-SAT's relaxation of the tie term is weak (see tie_split.py), so on an instance of a
hundred companies with a dense tie cluster it needs seconds to prove what an enumeration
with a good bound proves in a fraction of one. This module enumerates sets of the pruned
universe (prune.py, exact for the top K) depth first and skips a branch only when an upper
bound on every set in it is at most the K-th best score already found.

Branch: a node is a set S (the locked companies at the root) and an ordered list C of
candidates; its children add C[i] and keep C[i+1:], so every subset of C is met exactly once.
Bound for the sets S ∪ {x} ∪ T, T ⊆ C after x, |T| ≤ k − 1 (k = max_size − |S|):

    score(S) + g(x) + Σ_{y∈T} g(y),   g(y) = Δcov(y | S) + u(y) + w(y, S) + ½ top_{k−1} w(y, C)

Coverage is a sum of maxima, so the gain of several companies is at most the sum of their
single gains over S (submodular); the ties among the added members are half the sum, over
them, of their ties to the other added ones, each at most the sum of its k − 1 strongest ties
into C. With C sorted by g, the best T is a prefix, and the bound only falls along the
siblings, so the first sibling whose bound is at most the threshold ends the node.
Under cover_all, while a capability is open the node branches instead on who covers the open
capability with the fewest candidates (child i adds the i-th of them and drops the earlier
ones): a rare capability leaves a few children rather than one per candidate. Feasibility
cuts: a capability no candidate covers (cover_all), too few countries left, too few
candidates for min_size.

The result is proven (every unpruned set was scored) unless the time budget runs out, in
which case `None` is returned and the caller uses the CP-SAT solver instead. Scores of the
sets returned are recomputed exactly with score.py.
"""

from __future__ import annotations

import heapq
import math
import time

import numpy as np

from sme2go.consortia.engine.arrays import Arrays, arrays_of
from sme2go.consortia.engine.cpsat import (
    INFEASIBLE,
    OPTIMAL,
    SolveResult,
    diagnose_infeasible,
    refuse_early,
)
from sme2go.consortia.engine.instance import Instance
from sme2go.consortia.engine.prune import model_universe
from sme2go.consortia.engine.score import ScoredConsortium, score

# Scores are compared with this absolute tolerance, as in cpsat.py.
TOLERANCE = 1e-9
# Above this many companies in the pruned universe the enumeration is not tried (the demo's
# proposal instances have 65-165; 500 random companies with 2,000 ties keep ~300).
MAX_COMPANIES = 250


class _OutOfTime(Exception):
    pass


class _Search:
    """Depth-first enumeration keeping the `keep` best feasible sets."""

    def __init__(self, instance: Instance, arrays: Arrays, keep: int, deadline: float, floor: float) -> None:
        self.rules = instance.rules
        self.a = arrays
        self.keep = keep
        self.deadline = deadline
        self.floor = floor  # only sets scoring above this matter
        self.best: list[tuple[float, tuple[int, ...]]] = []  # min-heap of (score, set)
        self.nodes = 0

    def threshold(self) -> float:
        if len(self.best) < self.keep:
            return self.floor
        return max(self.floor, self.best[0][0])

    def offer(self, value: float, members: tuple[int, ...]) -> None:
        if len(self.best) < self.keep:
            heapq.heappush(self.best, (value, members))
        elif value > self.best[0][0]:
            heapq.heapreplace(self.best, (value, members))

    def run(self, start: list[int], candidates: np.ndarray) -> None:
        a, chosen = self.a, np.array(start, dtype=np.int64)
        cover = np.max(a.fit[chosen], axis=0, initial=0.0)
        covered: np.ndarray = np.asarray(a.usable[chosen].any(axis=0), dtype=bool)
        tie_sum = float(a.ties[np.ix_(chosen, chosen)].sum()) / 2
        unit_sum = float(a.unit[chosen].sum())
        self._node(list(start), cover, covered, tie_sum, unit_sum, candidates)

    def _node(
        self, members: list[int], cover: np.ndarray, covered: np.ndarray, tie_sum: float, unit_sum: float,
        candidates: np.ndarray,
    ) -> None:
        self.nodes += 1
        if self.nodes % 64 == 0 and time.monotonic() > self.deadline:
            raise _OutOfTime
        a, rules = self.a, self.rules
        size = len(members)
        value = float(cover.sum()) + tie_sum + unit_sum
        countries = len({int(a.country[m]) for m in members})
        complete = (not rules.cover_all or bool(covered.all())) and countries >= rules.min_countries
        if complete and size >= rules.min_size:
            self.offer(value, tuple(members))
        room = rules.max_size - size
        if room <= 0 or len(candidates) == 0:
            return
        # Feasibility: every capability still open needs a candidate; enough countries left.
        if rules.cover_all and not covered.all():
            if not a.usable[candidates][:, ~covered].any(axis=0).all():
                return
        if countries < rules.min_countries:
            present = {int(a.country[m]) for m in members}
            others = {int(c) for c in a.country[candidates]} - present
            if min(len(others), room) < rules.min_countries - countries:
                return
        at_least = max(rules.min_size - size, 0 if complete else 1)
        if len(candidates) < at_least:
            return
        # Single gains over S, and the half-star bound on the ties among the added members.
        gain = np.maximum(a.fit[candidates] - cover, 0.0).sum(axis=1) + a.unit[candidates]
        if members:
            gain += a.ties[candidates][:, members].sum(axis=1)
        if room == 1:
            self._last_member(members, value, covered, countries, candidates, gain)
            return
        tied = np.flatnonzero(a.tied[candidates])
        if len(tied):
            among = a.ties[np.ix_(candidates[tied], candidates)]
            if room - 1 < len(candidates):
                among = -np.partition(-among, room - 2, axis=1)[:, : room - 1]
            gain[tied] += among.sum(axis=1) / 2
        order = np.argsort(-gain, kind="stable")
        candidates, gain = candidates[order], gain[order]
        more = max(at_least - 1, 0)  # members still needed after the first added one
        if rules.cover_all and not covered.all():
            self._cover_next(members, cover, covered, tie_sum, unit_sum, candidates, gain, value, room, more)
            return
        for i in range(len(candidates)):
            tail = gain[i + 1 : i + room]
            if len(tail) < more:
                return
            bound = value + gain[i] + tail[:more].sum() + np.maximum(tail[more:], 0.0).sum()
            if bound <= self.threshold() + TOLERANCE:
                return  # the later siblings' bounds are no higher
            self._child(members, cover, covered, tie_sum, unit_sum, int(candidates[i]), candidates[i + 1 :])

    def _last_member(
        self, members: list[int], value: float, covered: np.ndarray, countries: int, candidates: np.ndarray,
        gain: np.ndarray,
    ) -> None:
        """One place left: each candidate's gain is its exact marginal score, so the leaves are
        scored at once instead of one node each."""
        a, rules = self.a, self.rules
        ok = gain + value > self.threshold() + TOLERANCE
        if len(members) + 1 < rules.min_size:
            return
        if rules.cover_all and not covered.all():
            ok &= a.usable[candidates][:, ~covered].all(axis=1)
        if countries < rules.min_countries - 1:
            return
        if countries == rules.min_countries - 1:
            ok &= ~np.isin(a.country[candidates], a.country[members])
        for i in np.flatnonzero(ok):
            self.offer(value + float(gain[i]), (*members, int(candidates[i])))

    def _cover_next(
        self, members: list[int], cover: np.ndarray, covered: np.ndarray, tie_sum: float, unit_sum: float,
        candidates: np.ndarray, gain: np.ndarray, value: float, room: int, more: int,
    ) -> None:
        """Branch on who covers the open capability with the fewest candidates: every feasible
        superset holds one of them; child i adds the i-th and drops the ones before it."""
        open_usable = self.a.usable[candidates][:, ~covered]
        covering = np.flatnonzero(open_usable[:, int(np.argmin(open_usable.sum(axis=0)))])
        keep = np.ones(len(candidates), dtype=bool)
        for position in covering:
            keep[position] = False
            tail = gain[keep][: room - 1]  # the others, still sorted by gain
            if len(tail) < more:
                return
            bound = value + gain[position] + tail[:more].sum() + np.maximum(tail[more:], 0.0).sum()
            if bound <= self.threshold() + TOLERANCE:
                return  # the later coverers' bounds are no higher
            self._child(members, cover, covered, tie_sum, unit_sum, int(candidates[position]), candidates[keep])

    def _child(
        self, members: list[int], cover: np.ndarray, covered: np.ndarray, tie_sum: float, unit_sum: float,
        x: int, candidates: np.ndarray,
    ) -> None:
        a = self.a
        tie_x = float(a.ties[x, members].sum()) if members else 0.0
        self._node(
            [*members, x], np.maximum(cover, a.fit[x]), covered | a.usable[x], tie_sum + tie_x,
            unit_sum + float(a.unit[x]), candidates,
        )


def best_sets(
    instance: Instance, *, keep: int, time_limit: float, floor: float = -math.inf
) -> tuple[list[ScoredConsortium], int] | None:
    """The `keep` best feasible sets scoring above `floor` (best first, exact scores) and the
    number of companies searched; None when the time ran out or the universe is too large."""
    deadline = time.monotonic() + time_limit
    companies = model_universe(instance, keep)
    if len(companies) > MAX_COMPANIES:
        return None
    arrays = arrays_of(instance, companies)
    position = {company_id: i for i, company_id in enumerate(arrays.ids)}
    start = [position[c] for c in instance.rules.lock]
    locked = set(start)
    candidates = np.array([i for i in range(len(arrays.ids)) if i not in locked], dtype=np.int64)
    search = _Search(instance, arrays, keep, deadline, floor)
    try:
        search.run(start, candidates)
    except _OutOfTime:
        return None
    found = [score(instance, [arrays.ids[i] for i in members]) for _, members in search.best]
    found.sort(key=lambda c: -c.score)
    return found, len(companies)


def ties_matter(instance: Instance) -> bool:
    """Some tie can add score: CP-SAT's relaxation is weak then, and the enumeration is the
    faster proof on small instances (without ties CP-SAT proves 500 companies in ~0.4 s,
    where the enumeration needs 6-20 s: its coverage bound is looser than the LP)."""
    return instance.weights.tie > 0 and any(t.strength > 0 for t in instance.ties)


def solve_exact(instance: Instance, *, top_k: int = 1, time_limit: float = 10.0) -> SolveResult | None:
    """The top_k best consortia proven by enumeration, as `cpsat.solve` reports them, or None
    when the enumeration does not finish within `time_limit` (use `cpsat.solve` then)."""
    started = time.monotonic()
    refused = refuse_early(instance, top_k, started)
    if refused is not None:
        return refused
    answer = best_sets(instance, keep=top_k, time_limit=time_limit)
    if answer is None:
        return None
    found, universe = answer
    seconds = time.monotonic() - started
    if not found:
        reason = diagnose_infeasible(instance, min(max(time_limit - seconds, 1.0), 5.0))
        return SolveResult(INFEASIBLE, (), None, time.monotonic() - started, reason, 0, universe)
    reason = "" if len(found) == top_k else f"only {len(found)} feasible consortia exist"
    return SolveResult(OPTIMAL, tuple(found), found[0].score, seconds, reason, 0, universe)

