"""Signals for partner suggestion, computed over the co-participation graph with numpy.

Pure: no Django. `CollaborationGraph` precomputes, once per history, the degree
and activity arrays; `CollaborationGraph.signals(...)` computes, for one partial
consortium (its members) and one programme part, a dense vector per signal over
all organisations, sliced to the candidates.

The query is treated as one extra node q joined to its members: common
neighbours of q and c are the members c has worked with, and Adamic-Adar weighs
each such member m by 1 / log(|N(m)| + 1) (m's neighbours plus q).
Personalised PageRank restarts at the members and walks the bipartite
organisation-project graph (organisation -> one of its projects -> one of that
project's members), truncated after `PPR_STEPS` steps; that is PageRank on the
org-org co-participation graph with each project's pairs weighted 1/size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sme2go.collaboration.history import History, IntArray

FloatArray = npt.NDArray[np.float64]

PPR_RESTART = 0.3
PPR_STEPS = 4
RECENCY_HALF_LIFE_YEARS = 2.0

SIGNAL_NAMES = (
    "popularity",  # projects of the candidate
    "consortium_projects",  # projects of at least three participants (not single-company grants)
    "part_projects",  # projects of the candidate in the query's programme part(s)
    "recent_projects",  # projects started in the last two years of the history
    "coordinated",  # projects the candidate coordinated
    "common_neighbours",  # members the candidate has worked with
    "shared_projects",  # (member, project) pairs shared with the candidate
    "recent_shared",  # the same, each weighted by recency (half-life 2 years)
    "adamic_adar",
    "ppr",
    "walk1",  # probability that one step of the walk from the members lands on the candidate
    "walk2",  # the same after two steps
    "partner_hops",  # graph distance in organisation hops from the members (0 = unreachable)
    "same_country_members",  # members from the candidate's country
    # "Repeat team" signals: how much of the query's team the candidate has already worked with.
    "max_tie",  # most projects shared with any single member
    "max_recent_tie",  # the same, recency-weighted (half-life 2 years)
    "part_shared",  # (member, project) pairs shared with the candidate in the query's programme part(s)
    "best_overlap",  # most members together with the candidate in one past project
    "known_members",  # members known in the history (the same for every candidate of a query)
    "partners",  # distinct organisations the candidate has worked with (its degree)
)


def positions(ptr: IntArray, ids: IntArray) -> IntArray:
    """Positions of the CSR rows `ids` (ptr[i]..ptr[i+1]-1 for i in ids), concatenated, without a Python loop."""
    starts = ptr[ids]
    lengths = ptr[ids + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return offsets + np.arange(total)


def gather(ptr: IntArray, values: IntArray, ids: IntArray) -> IntArray:
    """Concatenate the CSR rows `ids` (values[ptr[i]:ptr[i+1]] for i in ids)."""
    return values[positions(ptr, ids)]


@dataclass(frozen=True)
class Signals:
    """One query's signals, each an array aligned with `candidates` (organisation ids)."""

    candidates: IntArray
    values: dict[str, FloatArray]


class CollaborationGraph:
    """Precomputed arrays of one history, for fast repeated queries."""

    def __init__(self, history: History) -> None:
        self.history = history
        h = history
        n_orgs = h.org_count
        self.entry_org = h.project_orgs
        sizes = np.diff(h.project_ptr)
        self.entry_project = np.repeat(np.arange(h.project_count, dtype=np.int64), sizes)
        self.project_size = sizes.astype(np.float64)
        # The organisation of each entry of org_projects (the CSR organisation -> projects).
        self.org_owner = np.repeat(np.arange(n_orgs, dtype=np.int64), np.diff(h.org_ptr))
        self.org_projects_count = np.diff(h.org_ptr).astype(np.float64)
        self.last_year = int(h.project_years.max()) if h.project_count else 0
        age = (self.last_year - h.project_years).astype(np.float64)
        self.project_recency = 0.5 ** (age / RECENCY_HALF_LIFE_YEARS)
        recent = (h.project_years >= self.last_year - 1).astype(np.float64)
        self.recent_projects: FloatArray = np.bincount(
            self.entry_org, weights=recent[self.entry_project], minlength=n_orgs
        ).astype(np.float64, copy=False)
        consortium = (sizes >= 3).astype(np.float64)
        self.consortium_projects: FloatArray = np.bincount(
            self.entry_org, weights=consortium[self.entry_project], minlength=n_orgs
        ).astype(np.float64, copy=False)
        self.coordinated: FloatArray = np.bincount(
            self.entry_org, weights=h.project_coordinator.astype(np.float64), minlength=n_orgs
        ).astype(np.float64, copy=False)
        self._build_neighbours()
        self.index = h.index_of()
        self._country_codes = {c: i for i, c in enumerate(sorted(set(h.countries)))}
        self.country_code = np.array([self._country_codes[c] for c in h.countries], dtype=np.int64)
        self._part_cache: dict[tuple[str, ...], FloatArray] = {}
        self._part_mask_cache: dict[tuple[str, ...], FloatArray] = {}
        self._candidate_cache: dict[tuple[frozenset[str] | None, frozenset[str] | None], IntArray] = {}

    def _build_neighbours(self) -> None:
        """The org-org co-participation graph as CSR: each organisation's distinct partners,
        with the number of shared projects and their recency-weighted sum."""
        h = self.history
        n_orgs = h.org_count
        keys, weights = [], []
        for j in range(h.project_count):
            members = h.members(j)
            if len(members) > 1:
                pair = (members[:, None] * n_orgs + members[None, :]).ravel()
                keys.append(pair)
                weights.append(np.full(len(pair), self.project_recency[j]))
        all_keys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        all_weights = np.concatenate(weights) if weights else np.zeros(0)
        pairs, inverse = np.unique(all_keys, return_inverse=True)
        a, b = pairs // n_orgs, pairs % n_orgs
        distinct = a != b
        self.neighbours: IntArray = b[distinct]
        self.neighbour_projects: FloatArray = np.bincount(inverse, minlength=len(pairs))[distinct].astype(np.float64)
        self.neighbour_recency: FloatArray = np.bincount(inverse, weights=all_weights, minlength=len(pairs))[distinct]
        counts = np.bincount(a[distinct], minlength=n_orgs)
        self.neighbour_ptr: IntArray = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.degree: FloatArray = counts.astype(np.float64)

    def part_mask(self, parts: tuple[str, ...]) -> FloatArray:
        """Per project, 1.0 if it is in any of `parts`, else 0.0."""
        key = tuple(sorted(set(parts)))
        cached = self._part_mask_cache.get(key)
        if cached is None:
            wanted = set(key)
            cached = np.array([bool(wanted.intersection(p)) for p in self.history.project_parts], dtype=np.float64)
            self._part_mask_cache[key] = cached
        return cached

    def part_projects(self, parts: tuple[str, ...]) -> FloatArray:
        """Per organisation, its projects in any of `parts`."""
        key = tuple(sorted(set(parts)))
        cached = self._part_cache.get(key)
        if cached is None:
            in_part = self.part_mask(key)
            cached = np.bincount(
                self.entry_org, weights=in_part[self.entry_project] if len(in_part) else None,
                minlength=self.history.org_count,
            ).astype(np.float64)
            self._part_cache[key] = cached
        return cached

    def eligible(self, countries: frozenset[str] | None, types: frozenset[str] | None) -> IntArray:
        """Organisations with an allowed country and type (None allows any)."""
        key = (countries, types)
        cached = self._candidate_cache.get(key)
        if cached is None:
            h = self.history
            cached = np.array(
                [
                    i
                    for i in range(h.org_count)
                    if (countries is None or h.countries[i] in countries)
                    and (types is None or h.types[i] in types)
                ],
                dtype=np.int64,
            )
            self._candidate_cache[key] = cached
        return cached

    def member_ids(self, member_pics: tuple[str, ...]) -> IntArray:
        """Ids of the members known in the history (unknown pics carry no signal)."""
        known = sorted({self.index[p] for p in member_pics if p in self.index})
        return np.array(known, dtype=np.int64)

    def projects_together(self, member_pics: tuple[str, ...], orgs: list[int]) -> list[int]:
        """For each organisation of `orgs`, the distinct projects it shared with any of the members
        (the "shared_projects" signal counts (member, project) pairs instead). Meant for the few
        suggestions shown, not for every candidate."""
        h = self.history
        members = self.member_ids(member_pics)
        if len(members) == 0 or not orgs:
            return [0] * len(orgs)
        team = np.zeros(h.project_count, dtype=np.bool_)
        team[gather(h.org_ptr, h.org_projects, members)] = True
        return [int(team[h.projects_of(org)].sum()) for org in orgs]

    def _direct_ties(self, members: IntArray) -> tuple[FloatArray, ...]:
        """Per organisation: shared (member, project) pairs, the same weighted by recency,
        members worked with (common neighbours), their Adamic-Adar sum, and the strongest
        single tie to a member (shared projects, and recency-weighted)."""
        n_orgs = self.history.org_count
        lengths = np.diff(self.neighbour_ptr)[members]
        where = positions(self.neighbour_ptr, members)
        partners = self.neighbours[where]
        # A member without partners has no rows here; max(.., 1) only avoids dividing by log 1 = 0.
        adamic_weight = np.repeat(1.0 / np.log(np.maximum(self.degree[members], 1.0) + 1.0), lengths)
        max_tie, max_recent_tie = np.zeros(n_orgs), np.zeros(n_orgs)
        np.maximum.at(max_tie, partners, self.neighbour_projects[where])
        np.maximum.at(max_recent_tie, partners, self.neighbour_recency[where])
        return (
            np.bincount(partners, weights=self.neighbour_projects[where], minlength=n_orgs).astype(np.float64),
            np.bincount(partners, weights=self.neighbour_recency[where], minlength=n_orgs).astype(np.float64),
            np.bincount(partners, minlength=n_orgs).astype(np.float64),
            np.bincount(partners, weights=adamic_weight, minlength=n_orgs).astype(np.float64),
            max_tie,
            max_recent_tie,
        )

    def _repeat_team(self, members: IntArray, parts: tuple[str, ...]) -> tuple[FloatArray, FloatArray]:
        """Per organisation: (member, project) pairs shared in the programme part(s), and the
        most members it met in one single past project."""
        h = self.history
        n_orgs = h.org_count
        if len(members) == 0 or h.project_count == 0:
            return np.zeros(n_orgs), np.zeros(n_orgs)
        team = np.bincount(gather(h.org_ptr, h.org_projects, members), minlength=h.project_count).astype(np.float64)
        projects = np.flatnonzero(team)
        sizes = np.diff(h.project_ptr)[projects]
        orgs = gather(h.project_ptr, h.project_orgs, projects)
        met = np.repeat(team[projects], sizes)  # members in the project, per (project, organisation) entry
        in_part = np.repeat(self.part_mask(parts)[projects], sizes)
        best = np.zeros(n_orgs)
        np.maximum.at(best, orgs, met)
        return np.bincount(orgs, weights=met * in_part, minlength=n_orgs).astype(np.float64), best

    @staticmethod
    def _spread(mass: FloatArray, ptr: IntArray, targets: IntArray, owners: IntArray, size: int) -> FloatArray:
        """Send each source's mass to every one of its CSR targets: out[t] = sum of mass[s] over s -> t.

        While few sources hold mass (the walk's first steps) only their rows are read.
        """
        sources = np.flatnonzero(mass)
        if len(sources) * 4 < len(mass):
            where = positions(ptr, sources)
            weights = np.repeat(mass[sources], np.diff(ptr)[sources])
            return np.bincount(targets[where], weights=weights, minlength=size).astype(np.float64, copy=False)
        return np.bincount(targets, weights=mass[owners], minlength=size).astype(np.float64, copy=False)

    def ppr(self, members: IntArray) -> tuple[FloatArray, IntArray, list[FloatArray]]:
        """Truncated personalised PageRank from the members, each organisation's hop distance,
        and the walk's distribution after one and after two steps.

        hops[i] is the first step (1..PPR_STEPS) at which the walk reaches
        organisation i, or 0 if it never does.
        """
        n_orgs = self.history.org_count
        hops = np.zeros(n_orgs, dtype=np.int64)
        if len(members) == 0:
            return np.zeros(n_orgs), hops, [np.zeros(n_orgs), np.zeros(n_orgs)]
        x: FloatArray = np.zeros(n_orgs)
        x[members] = 1.0 / len(members)
        total = PPR_RESTART * x
        org_share = 1.0 / np.maximum(self.org_projects_count, 1.0)
        project_share = 1.0 / np.maximum(self.project_size, 1.0)
        damping = 1.0 - PPR_RESTART
        first_steps = []
        for step in range(1, PPR_STEPS + 1):
            h = self.history
            on_projects = self._spread(x * org_share, h.org_ptr, h.org_projects, self.org_owner, len(self.project_size))
            x = self._spread(on_projects * project_share, h.project_ptr, h.project_orgs, self.entry_project, n_orgs)
            total += PPR_RESTART * damping**step * x
            hops[(hops == 0) & (x > 0)] = step
            if step <= 2:
                first_steps.append(x)
        hops[members] = 0
        return total, hops, first_steps

    def signals(
        self,
        *,
        member_pics: tuple[str, ...],
        programme_parts: tuple[str, ...],
        countries: frozenset[str] | None,
        types: frozenset[str] | None,
        with_ppr: bool = True,
    ) -> Signals:
        """Every signal of `SIGNAL_NAMES` for the eligible non-member organisations."""
        h = self.history
        n_orgs = h.org_count
        members = self.member_ids(member_pics)
        candidates = self.eligible(countries, types)
        if len(members):
            candidates = candidates[~np.isin(candidates, members)]
        shared, recent_shared, common, adamic, max_tie, max_recent_tie = self._direct_ties(members)
        part_shared, best_overlap = self._repeat_team(members, programme_parts)
        if with_ppr:
            ppr, hops, (walk1, walk2) = self.ppr(members)
        else:
            ppr, hops = np.zeros(n_orgs), np.zeros(n_orgs, dtype=np.int64)
            walk1 = walk2 = np.zeros(n_orgs)
        member_countries = np.bincount(self.country_code[members], minlength=len(self._country_codes))
        c = candidates
        values: dict[str, FloatArray] = {
            "popularity": self.org_projects_count[c],
            "consortium_projects": self.consortium_projects[c],
            "part_projects": self.part_projects(programme_parts)[c],
            "recent_projects": self.recent_projects[c],
            "coordinated": self.coordinated[c],
            "common_neighbours": common[c],
            "shared_projects": shared[c],
            "recent_shared": recent_shared[c],
            "adamic_adar": adamic[c],
            "ppr": ppr[c],
            "walk1": walk1[c],
            "walk2": walk2[c],
            "partner_hops": hops[c].astype(np.float64),
            "same_country_members": member_countries[self.country_code[c]].astype(np.float64),
            "max_tie": max_tie[c],
            "max_recent_tie": max_recent_tie[c],
            "part_shared": part_shared[c],
            "best_overlap": best_overlap[c],
            "known_members": np.full(len(c), float(len(members))),
            "partners": self.degree[c],
        }
        return Signals(candidates=c, values=values)
