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
  weights fitted on pseudo-queries from the history (see learning.py).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from sme2go.collaboration.features import CollaborationGraph, FloatArray, Signals
from sme2go.collaboration.history import History

METHODS = ("popularity", "popularity_in_part", "common_neighbours", "adamic_adar", "ppr", "learned")
DEFAULT_METHOD = "learned"

FEATURE_NAMES = (
    "log_popularity",
    "log_consortium_projects",
    "log_part_projects",
    "log_recent_projects",
    "log_coordinated",
    "log_common_neighbours",
    "log_shared_projects",
    "log_recent_shared",
    "adamic_adar",
    "log_ppr",
    "two_hops",
    "three_hops",
    "log_same_country_members",
    "log_walk1",
    "log_walk2",
    "log_member_share_of_projects",
    "common_neighbours_share",
    "log_max_tie",
    "log_max_recent_tie",
    "log_part_shared",
    "best_overlap_share",
    "log_ppr_per_partner",
)


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


@dataclass(frozen=True)
class Weights:
    """A fitted log-linear model: score = sum_i weight_i * (feature_i - mean_i) / scale_i."""

    weights: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    features: tuple[str, ...] = FEATURE_NAMES
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "features": list(self.features),
                "weights": list(self.weights),
                "mean": list(self.mean),
                "scale": list(self.scale),
                "provenance": self.provenance,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> Weights:
        """Read weights written by `to_json`; ValueError saying what is wrong (never a KeyError or TypeError)."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
        if not isinstance(data, dict):
            raise ValueError("must be a JSON object with features, weights, mean and scale (as written by "
                             "bench/fit_partner_weights.py)")
        missing = [key for key in ("features", "weights", "mean", "scale") if key not in data]
        if missing:
            raise ValueError(f"missing key(s) {', '.join(missing)} (a weights file has features, weights, mean "
                             "and scale, as written by bench/fit_partner_weights.py)")
        features = data["features"]
        if not isinstance(features, list) or tuple(features) != FEATURE_NAMES:
            raise ValueError(f"'features' must be the {len(FEATURE_NAMES)} features this engine computes, "
                             f"in order: {', '.join(FEATURE_NAMES)}")
        numbers = {key: _numbers(data[key], key) for key in ("weights", "mean", "scale")}
        if any(s == 0 for s in numbers["scale"]):
            raise ValueError("'scale' must not contain 0")
        provenance = data.get("provenance", {})
        if not isinstance(provenance, dict):
            raise ValueError("'provenance' must be a JSON object")
        return cls(
            weights=numbers["weights"],
            mean=numbers["mean"],
            scale=numbers["scale"],
            features=FEATURE_NAMES,
            provenance=dict(provenance),
        )


def _numbers(value: Any, key: str) -> tuple[float, ...]:
    """A weights file's list of one number per feature."""
    if (
        not isinstance(value, list)
        or len(value) != len(FEATURE_NAMES)
        or not all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in value)
    ):
        raise ValueError(f"{key!r} must be a list of {len(FEATURE_NAMES)} numbers, one per feature")
    return tuple(float(x) for x in value)


def shipped_weights() -> Weights:
    """The weights shipped with sme2go (fitted by bench/fit_partner_weights.py on CORDIS 2014-2018)."""
    text = resources.files("sme2go.collaboration").joinpath("data/partner_weights.json").read_text("utf-8")
    return Weights.from_json(text)


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


def method_scores(method: str, signals: Signals, org_count: int, weights: Weights | None) -> FloatArray:
    """Each candidate's score under `method` (higher is better)."""
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
    if method == "learned":
        if weights is None:
            raise ValueError("the learned method needs weights")
        x = (feature_matrix(signals, org_count) - np.array(weights.mean)) / np.array(weights.scale)
        return x @ np.array(weights.weights)
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

    def __init__(self, history: History, weights: Weights | None = None) -> None:
        self.history = history
        self.graph = CollaborationGraph(history)
        self.weights = weights

    def scored(self, query: PartnerQuery, method: str = DEFAULT_METHOD) -> tuple[Signals, FloatArray]:
        """All candidates' signals and scores (unsorted), for evaluation."""
        signals = self.graph.signals(
            member_pics=query.members,
            programme_parts=query.programme_parts,
            countries=query.candidate_countries,
            types=query.candidate_types,
            with_ppr=method in ("ppr", "learned"),
        )
        return signals, method_scores(method, signals, self.history.org_count, self.weights)

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
