"""Multi-start local search: a good consortium fast when ties count (the solver's starting point).

With ties the best consortium is usually a tied cluster that also covers the requirements well.
Greedy grows a team one company at a time by its immediate gain and rarely finds such a
cluster: on the ties benchmark it stays 1-3 points (10-20 %) below the best known. Here every tie
pair of the universe, most promising first, seeds a team: completed greedily (unmet rules first,
then while the score rises), then changed by the best single addition, removal or swap while the
score rises. Every move is scored over the whole universe at once with numpy, so a start costs
a few milliseconds on 300 companies.

It proves nothing: the solver (cpsat.py) takes the best team found as its hint and incumbent,
which is what lets the split bound (tie_split.py) drop companies and close the gap.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from sme2go.consortia.engine.arrays import Arrays, arrays_of
from sme2go.consortia.engine.instance import CompanyOption, Instance, Rules
from sme2go.consortia.engine.score import ScoredConsortium, is_feasible, score

# A move must raise the score by more than this (float sums).
_EPSILON = 1e-9
# The search keeps the ties as a dense matrix (n² floats: 128 MB at 4,000); above this many
# companies in the model it is not run (the benchmark's 5,000 companies keep ~3,000).
MAX_COMPANIES = 4000


class _Teams:
    """Scores and rules of teams given as lists of universe positions."""

    def __init__(self, arrays: Arrays, rules: Rules, locked: Sequence[int]) -> None:
        self.a, self.rules, self.locked = arrays, rules, set(locked)
        self.n = len(arrays.ids)

    def value(self, team: list[int]) -> float:
        a = self.a
        return float(a.fit[team].max(axis=0).sum() + a.unit[team].sum() + a.ties[np.ix_(team, team)].sum() / 2)

    def feasible(self, team: list[int]) -> bool:
        a, rules = self.a, self.rules
        return (
            rules.min_size <= len(team) <= rules.max_size
            and len({int(a.country[m]) for m in team}) >= rules.min_countries
            and (not rules.cover_all or bool(a.usable[team].any(axis=0).all()))
        )

    def _gains(self, team: list[int]) -> np.ndarray:
        """What adding each company to `team` changes (−inf for members)."""
        a = self.a
        cover = a.fit[team].max(axis=0) if team else np.zeros(a.fit.shape[1])
        gain = np.maximum(a.fit - cover, 0.0).sum(axis=1) + a.unit
        if team:
            gain += a.ties[:, team].sum(axis=1)
            gain[team] = -np.inf
        return gain

    def _allowed_additions(self, team: list[int], size_after: int) -> np.ndarray:
        """Which companies, added to `team` (already one short of `size_after`), leave it feasible."""
        a, rules = self.a, self.rules
        ok = np.ones(self.n, dtype=bool)
        if rules.cover_all:
            covered = a.usable[team].any(axis=0)
            if not covered.all():
                ok &= a.usable[:, ~covered].all(axis=1)
        countries = {int(a.country[m]) for m in team}
        if len(countries) < rules.min_countries - 1 or not rules.min_size <= size_after <= rules.max_size:
            ok[:] = False
        elif len(countries) == rules.min_countries - 1:
            ok &= ~np.isin(a.country, list(countries))
        return ok

    def complete(self, team: list[int]) -> list[int] | None:
        """Unmet rules first (the company meeting most of them, then the best gain), then additions
        while the score rises; None when the rules cannot be met this way."""
        a, rules = self.a, self.rules
        team = list(team)
        while True:
            gain = self._gains(team)
            progress = np.zeros(self.n)
            if rules.cover_all:
                covered = a.usable[team].any(axis=0) if team else np.zeros(a.fit.shape[1], dtype=bool)
                progress += (a.usable & ~covered).sum(axis=1)
            countries = {int(a.country[m]) for m in team}
            if len(countries) < rules.min_countries:
                progress += ~np.isin(a.country, list(countries))
            if len(team) < rules.min_size:
                progress += 1
            progress[team] = -1
            if progress.max() > 0:
                if len(team) >= rules.max_size:
                    return None
                most = np.flatnonzero(progress == progress.max())
                team.append(int(most[np.argmax(gain[most])]))
            elif len(team) < rules.max_size and len(team) < self.n and gain.max() > _EPSILON:
                team.append(int(np.argmax(gain)))
            else:
                return team

    def improve(self, team: list[int], deadline: float) -> tuple[list[int], float]:
        """The best single addition, removal or swap while it raises the score (feasible moves only)."""
        current = self.value(team)
        while time.monotonic() < deadline:
            best_change, best_team = _EPSILON, None
            if len(team) < self.rules.max_size:
                gain = np.where(self._allowed_additions(team, len(team) + 1), self._gains(team), -np.inf)
                x = int(np.argmax(gain))
                if gain[x] > best_change:
                    best_change, best_team = float(gain[x]), [*team, x]
            for m in team:
                if m in self.locked or len(team) == 1:
                    continue
                rest = [s for s in team if s != m]
                without = self.value(rest)
                if self.feasible(rest) and without - current > best_change:
                    best_change, best_team = without - current, rest
                gain = np.where(self._allowed_additions(rest, len(team)), self._gains(rest), -np.inf)
                gain[m] = -np.inf
                x = int(np.argmax(gain))
                if without + gain[x] - current > best_change:
                    best_change, best_team = without + float(gain[x]) - current, [*rest, x]
            if best_team is None:
                break
            team, current = best_team, self.value(best_team)
        return team, current


def search(
    instance: Instance, companies: list[CompanyOption], *, deadline: float, start: Sequence[str] = ()
) -> ScoredConsortium | None:
    """The best feasible team found among `companies` (the solver's universe) by `deadline`
    (a time.monotonic() value), starting from `start` (e.g. greedy's team) and from every tie pair;
    None if none was found. Its score is exact (score.py)."""
    if time.monotonic() >= deadline or len(companies) > MAX_COMPANIES:
        return None  # no time left (large instances spend it building the model), or too large
    arrays = arrays_of(instance, companies)
    position = {company_id: i for i, company_id in enumerate(arrays.ids)}
    locked = [position[c] for c in instance.rules.lock if c in position]
    if len(locked) < len(instance.rules.lock):
        return None
    teams = _Teams(arrays, instance.rules, locked)
    best_team: list[int] | None = None
    best_value = -np.inf

    def consider(seed: list[int]) -> None:
        nonlocal best_team, best_value
        completed = teams.complete(seed)
        if completed is None:
            return
        improved, value = teams.improve(completed, deadline)
        if teams.feasible(improved) and value > best_value + _EPSILON:
            best_team, best_value = improved, value

    if start and all(c in position for c in start):
        consider([position[c] for c in start])
    for a, b in _promising_pairs(arrays):
        if time.monotonic() >= deadline:
            break
        seed = list(dict.fromkeys([*locked, a, b]))
        if len(seed) <= instance.rules.max_size:
            consider(seed)
    if best_team is None:
        return None
    members = [arrays.ids[i] for i in best_team]
    return score(instance, members) if is_feasible(instance, members) else None


def _promising_pairs(arrays: Arrays) -> list[tuple[int, int]]:
    """Tie pairs, the strongest neighbourhoods with the best coverage first."""
    a_side, b_side = np.nonzero(np.triu(arrays.ties))
    promise = (
        arrays.ties[a_side, b_side]
        + arrays.ties[a_side].sum(axis=1) + arrays.ties[b_side].sum(axis=1)
        + arrays.fit[a_side].sum(axis=1) + arrays.fit[b_side].sum(axis=1)
    )
    order = np.argsort(-promise, kind="stable")
    return [(int(a_side[k]), int(b_side[k])) for k in order]
