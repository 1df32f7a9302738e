"""Partner suggestions: which organisations most likely complete a partial consortium.

Pure: no Django. `PartnerSuggester(history, weights)` answers `PartnerQuery`s
with `Suggestion`s, best first, each with the reasons a person can check.

Methods (all rank only organisations of the history with an allowed country and
type that are not members; ties go to the more active organisation, then to the
smaller pic):
- "popularity": projects in the whole history;
- "popularity_in_part": projects in the query's programme part(s);
- "common_neighbours": members the candidate has worked with;
- "adamic_adar": the same, each member weighted 1 / log(its partners + 1);
- "ppr": personalised PageRank from the members (see features.py);
- "learned": a log-linear (conditional logit) model over all signals, its
  weights fitted on pseudo-queries from the history (see learning.py); a team
  with more than four members known to the history is scored by the whole-
  consortium weights, which also use community closeness (see model.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from sme2go.collaboration.community import closeness, community_embedding
from sme2go.collaboration.features import CollaborationGraph, FloatArray, Signals
from sme2go.collaboration.history import History
from sme2go.collaboration.model import COMMUNITY_FEATURE, FEATURE_NAMES, PartnerModel, Weights

METHODS = ("popularity", "popularity_in_part", "common_neighbours", "adamic_adar", "ppr", "learned")
DEFAULT_METHOD = "learned"

@dataclass(frozen=True)
class PartnerQuery:
    """A partial consortium looking for one more partner."""

    members: tuple[str, ...]
    programme_parts: tuple[str, ...] = ()
    candidate_countries: frozenset[str] | None = None
    candidate_types: frozenset[str] | None = None
    k: int = 10


@dataclass(frozen=True)
class Suggestion:
    pic: str
    score: float
    reasons: tuple[str, ...]


def feature_matrix(signals: Signals, org_count: int) -> FloatArray:
    """The learned model's features, one row per candidate, columns as FEATURE_NAMES."""
    v = signals.values
    hops = v["partner_hops"]
    columns = [
        np.log1p(v["popularity"]),
        np.log1p(v["consortium_projects"]),
        np.log1p(v["part_projects"]),
        np.log1p(v["recent_projects"]),
        np.log1p(v["coordinated"]),
        np.log1p(v["common_neighbours"]),
        np.log1p(v["shared_projects"]),
        np.log1p(v["recent_shared"]),
        v["adamic_adar"],
        # PPR relative to the uniform distribution, so histories of different sizes compare.
        np.log1p(v["ppr"] * org_count),
        (hops == 2).astype(np.float64),
        (hops == 3).astype(np.float64),
        np.log1p(v["same_country_members"]),
        np.log1p(v["walk1"] * org_count),
        np.log1p(v["walk2"] * org_count),
        np.log1p(v["shared_projects"] / np.maximum(v["popularity"], 1.0)),
        # Repeat team: the share of the (known) members already met, the strongest single tie,
        # ties in the same programme part, and the most members met in one past project.
        v["common_neighbours"] / np.maximum(v["known_members"], 1.0),
        np.log1p(v["max_tie"]),
        np.log1p(v["max_recent_tie"]),
        np.log1p(v["part_shared"]),
        v["best_overlap"] / np.maximum(v["known_members"], 1.0),
        # PPR per partner: PPR without its pull towards hubs.
        np.log1p(v["ppr"] * org_count / np.maximum(v["partners"], 1.0)),
    ]
    return np.column_stack(columns) if len(signals.candidates) else np.zeros((0, len(FEATURE_NAMES)))


def method_scores(method: str, signals: Signals) -> FloatArray:
    """Each candidate's score under a baseline `method` (higher is better); "learned" is
    `PartnerSuggester.learned_scores`."""
    v = signals.values
    if method == "popularity":
        return v["popularity"]
    if method == "popularity_in_part":
        return v["part_projects"]
    if method == "common_neighbours":
        return v["common_neighbours"]
    if method == "adamic_adar":
        return v["adamic_adar"]
    if method == "ppr":
        return v["ppr"]
    raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def ranked_order(scores: FloatArray, popularity: FloatArray, pics: list[str]) -> list[int]:
    """Positions sorted best first: by score, then popularity, then pic."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], -popularity[i], pics[i]))


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """`counted(1, "project")` -> "1 project"; `counted(2, "consortium", "consortia")` -> "2 consortia"."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def reasons_for(
    values: dict[str, FloatArray], i: int, parts: tuple[str, ...], *, projects_together: int
) -> tuple[str, ...]:
    """Plain-language reasons for candidate at position i; `projects_together` = the distinct projects it
    shared with any member (`CollaborationGraph.projects_together`), so that it never exceeds its projects
    in the history (values["shared_projects"] counts (member, project) pairs)."""
    reasons = []
    common = int(values["common_neighbours"][i])
    if common:
        reasons.append(f"worked with {common} of the members in {counted(projects_together, 'shared project')}")
    elif values["partner_hops"][i] == 2:
        reasons.append("partner of a partner of the members")
    elif values["partner_hops"][i] == 3:
        reasons.append("three steps from the members in the collaboration graph")
    in_part = int(values["part_projects"][i])
    if in_part and parts:
        reasons.append(f"{counted(in_part, 'project')} in {' / '.join(parts)}")
    total, coordinated = int(values["popularity"][i]), int(values["coordinated"][i])
    activity = f"{counted(total, 'project')} in the history"
    if coordinated:
        activity += f", {coordinated} as coordinator"
    reasons.append(activity)
    same_country = int(values["same_country_members"][i])
    if same_country:
        reasons.append(f"{counted(same_country, 'member')} from the same country")
    return tuple(reasons)


class PartnerSuggester:
    """Answers partner queries against one history (build once, query many times)."""

    def __init__(self, history: History, model: PartnerModel | None = None) -> None:
        self.history = history
        self.graph = CollaborationGraph(history)
        self.model = model
        self._embedding: FloatArray | None = None

    @property
    def embedding(self) -> FloatArray:
        """The history's community embedding, computed on first use (only whole consortia need it)."""
        if self._embedding is None:
            self._embedding = community_embedding(self.history)
        return self._embedding

    def learned_scores(self, signals: Signals, member_pics: tuple[str, ...]) -> FloatArray:
        """The learned model's score of each candidate of `signals`, asked for the team `member_pics`."""
        if self.model is None:
            raise ValueError("the learned method needs weights")
        members = self.graph.member_ids(member_pics)
        weights: Weights = self.model.weights_for(len(members))
        x = feature_matrix(signals, self.history.org_count)
        if COMMUNITY_FEATURE in weights.features:
            x = np.hstack([x, closeness(self.embedding, signals.candidates, members)[:, None]])
        return weights.score(x)

    def scored(self, query: PartnerQuery, method: str = DEFAULT_METHOD) -> tuple[Signals, FloatArray]:
        """All candidates' signals and scores (unsorted), for evaluation."""
        signals = self.graph.signals(
            member_pics=query.members,
            programme_parts=query.programme_parts,
            countries=query.candidate_countries,
            types=query.candidate_types,
            with_ppr=method in ("ppr", "learned"),
        )
        if method == "learned":
            return signals, self.learned_scores(signals, query.members)
        return signals, method_scores(method, signals)

    def rank_of(self, query: PartnerQuery, target_pic: str, method: str = DEFAULT_METHOD) -> int | None:
        """1-based rank of `target_pic` among all candidates, or None if it is not a candidate."""
        target = self.graph.index.get(target_pic)
        signals, scores = self.scored(query, method)
        where: Any = np.flatnonzero(signals.candidates == target) if target is not None else []
        if len(where) == 0:
            return None
        t = int(where[0])
        pop = signals.values["popularity"]
        # Same total order as ranked_order: score, then popularity, then pic.
        better = (scores > scores[t]) | ((scores == scores[t]) & (pop > pop[t]))
        tied = (scores == scores[t]) & (pop == pop[t])
        pics = self.history.pics
        tied_before = sum(1 for i in np.flatnonzero(tied) if pics[signals.candidates[i]] < target_pic)
        return int(better.sum()) + tied_before + 1

    def suggest(self, query: PartnerQuery, method: str = DEFAULT_METHOD) -> list[Suggestion]:
        """The query's k best candidates, best first, with reasons."""
        if query.k < 1:
            return []
        signals, scores = self.scored(query, method)
        if len(signals.candidates) == 0:
            return []
        pop = signals.values["popularity"]
        # Only the top k need a full ordering: preselect generously, then sort exactly.
        keep = np.arange(len(scores))
        if len(scores) > 4 * query.k + 50:
            cut = np.partition(scores, len(scores) - query.k)[len(scores) - query.k]
            keep = np.flatnonzero(scores >= cut)
        pics = [self.history.pics[int(signals.candidates[i])] for i in keep]
        order = ranked_order(scores[keep], pop[keep], pics)[: query.k]
        shown = [int(keep[pos]) for pos in order]
        together = self.graph.projects_together(query.members, [int(signals.candidates[i]) for i in shown])
        out = []
        for pos, i, projects in zip(order, shown, together, strict=True):
            score = float(scores[i])
            out.append(
                Suggestion(
                    pic=pics[pos],
                    score=round(score, 6) if math.isfinite(score) else 0.0,
                    reasons=reasons_for(signals.values, i, query.programme_parts, projects_together=projects),
                )
            )
        return out
