"""Held-out evaluation and fitting of the learned partner-suggestion model.

Pure: no Django. A held-out case hides one organisation of a real project and
asks the suggester to find it among all eligible organisations, given the other
participants. The same construction serves the test (issue 4, point 9) and the
pseudo-queries the weights are fitted on, so training and test ask the same
question of the model; only the years differ.

The model is a conditional logit (a softmax over each query's candidates) with
a small L2 penalty, fitted by Newton's method: the loss is convex and there are
only a few dozen weights. Since the tenth round (docs/partners.md) it is two of
them: small-team weights and whole-consortium weights (`model.PartnerModel`),
both fitted on the pseudo-queries of fifteen country pools with the weights of
the tie signals kept >= 0 (projected Newton).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sme2go.collaboration.community import closeness, community_embedding
from sme2go.collaboration.features import CollaborationGraph, FloatArray, Signals
from sme2go.collaboration.history import History
from sme2go.collaboration.model import (
    COMMUNITY_FEATURE,
    FEATURE_NAMES,
    SMALL_TEAM_MAX,
    WHOLE_CONSORTIUM_FEATURES,
    PartnerModel,
    Weights,
)
from sme2go.collaboration.suggest import PartnerQuery, PartnerSuggester, feature_matrix

NORDIC_BALTIC = frozenset({"EE", "FI", "SE"})
# The sixth round's wide set: every other country with at least 100 PRC organisations up to 2015.
WIDE_COUNTRIES = ("DE", "UK", "ES", "IT", "FR", "NL", "BE", "AT", "DK", "PT", "EL", "IE", "CH", "PL")
# Candidate pools of the pseudo-queries: a hidden company is ranked among its pool's PRC organisations.
TRAINING_POOLS = (NORDIC_BALTIC, *(frozenset({c}) for c in WIDE_COUNTRIES))
# Signals whose weight is kept >= 0: a closer tie to the team never counts against a company.
TIE_FEATURES = frozenset({
    "log_common_neighbours", "log_shared_projects", "log_recent_shared", "adamic_adar", "log_ppr",
    "two_hops", "three_hops", "log_walk1", "log_walk2", "log_member_share_of_projects",
    "common_neighbours_share", "log_max_tie", "log_max_recent_tie", "log_part_shared",
    "best_overlap_share", "log_ppr_per_partner", COMMUNITY_FEATURE,
})
SMALL_TEAM_SIZES = (1, 2, 3, 4)
PRIVATE_COMPANY = frozenset({"PRC"})
HITS_AT = (1, 5, 10, 50)


@dataclass(frozen=True)
class HeldOutCase:
    project: str
    target: str
    query: PartnerQuery


def held_out_cases(
    full: History,
    *,
    year: int,
    known_pics: set[str],
    countries: frozenset[str] = NORDIC_BALTIC,
    types: frozenset[str] = PRIVATE_COMPANY,
    min_participants: int = 3,
) -> list[HeldOutCase]:
    """Projects started in `year` with at least `min_participants`, hiding in turn each
    participant of an allowed country and type that is in `known_pics`.

    The query's members are all other participants; its programme parts are all
    of the project's parts (a project may be in several, e.g. LEIT and
    "Innovation in SMEs"; an organisation's project counts for the part signal
    if it shares any of them).
    """
    cases = []
    for j in range(full.project_count):
        if full.project_years[j] != year:
            continue
        members = [full.pics[int(o)] for o in full.members(j)]
        if len(members) < min_participants:
            continue
        for org in full.members(j):
            pic = full.pics[int(org)]
            if full.countries[org] not in countries or full.types[org] not in types or pic not in known_pics:
                continue
            query = PartnerQuery(
                members=tuple(m for m in members if m != pic),
                programme_parts=full.project_parts[j],
                candidate_countries=countries,
                candidate_types=types,
            )
            cases.append(HeldOutCase(project=full.project_ids[j], target=pic, query=query))
    return cases


def ranks(suggester: PartnerSuggester, cases: Sequence[HeldOutCase], method: str) -> list[int]:
    """The hidden organisation's 1-based rank in each case."""
    out = []
    for case in cases:
        rank = suggester.rank_of(case.query, case.target, method)
        if rank is None:
            raise ValueError(f"{case.target} is not a candidate in project {case.project}")
        out.append(rank)
    return out


def metrics(rank_list: Sequence[int]) -> dict[str, float]:
    """Hits@1/5/10/50 and mean reciprocal rank."""
    r = np.asarray(rank_list, dtype=np.float64)
    if len(r) == 0:
        return {**{f"hits@{k}": 0.0 for k in HITS_AT}, "mrr": 0.0}
    out = {f"hits@{k}": float((r <= k).mean()) for k in HITS_AT}
    out["mrr"] = float((1.0 / r).mean())
    return out


def bootstrap_intervals(
    rank_list: Sequence[int], *, samples: int = 2000, seed: int = 0, level: float = 0.95
) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap intervals of each metric, resampling queries (seeded)."""
    r = np.asarray(rank_list, dtype=np.float64)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(r), size=(samples, len(r)))
    drawn = r[picks]
    per_metric = {f"hits@{k}": (drawn <= k).mean(axis=1) for k in HITS_AT}
    per_metric["mrr"] = (1.0 / drawn).mean(axis=1)
    lo, hi = (1 - level) / 2 * 100, (1 + level) / 2 * 100
    return {name: (float(np.percentile(v, lo)), float(np.percentile(v, hi))) for name, v in per_metric.items()}


@dataclass(frozen=True)
class PairedDifference:
    """Method A minus method B on the same queries, with paired percentile-bootstrap intervals."""

    mrr: float
    mrr_interval: tuple[float, float]
    hits10: float
    hits10_interval: tuple[float, float]


def paired_difference(
    ranks_a: Sequence[int], ranks_b: Sequence[int], *, samples: int = 2000, seed: int = 0
) -> PairedDifference:
    """MRR and Hits@10 of A minus B, resampling the same queries for both (seeded, 95 %)."""
    a, b = 1.0 / np.asarray(ranks_a, dtype=float), 1.0 / np.asarray(ranks_b, dtype=float)
    hit_a = (np.asarray(ranks_a) <= 10).astype(float)
    hit_b = (np.asarray(ranks_b) <= 10).astype(float)
    picks = np.random.default_rng(seed).integers(0, len(a), size=(samples, len(a)))
    mrr = (a[picks] - b[picks]).mean(axis=1)
    hits = (hit_a[picks] - hit_b[picks]).mean(axis=1)
    return PairedDifference(
        mrr=float((a - b).mean()),
        mrr_interval=(float(np.percentile(mrr, 2.5)), float(np.percentile(mrr, 97.5))),
        hits10=float((hit_a - hit_b).mean()),
        hits10_interval=(float(np.percentile(hits, 2.5)), float(np.percentile(hits, 97.5))),
    )


@dataclass(frozen=True)
class TrainingSet:
    """Candidate feature rows of many queries; `segments[q]` is query q's first row."""

    rows: FloatArray
    segments: np.ndarray
    targets: np.ndarray  # row index of each query's hidden organisation


def training_set(
    full: History, *, years: Sequence[int], countries: frozenset[str] = NORDIC_BALTIC
) -> TrainingSet:
    """Pseudo-queries of each year in `years`, each against the history before that year."""
    queries: list[tuple[FloatArray, int]] = []
    for year in years:
        past = full.until(year - 1)
        if past.project_count == 0:
            continue
        graph = CollaborationGraph(past)
        for case in held_out_cases(full, year=year, known_pics=set(past.pics), countries=countries):
            signals, target = _signals(graph, case.query, case.query.members, case.target)
            if target >= 0:
                queries.append((feature_matrix(signals, past.org_count), target))
    return stacked(queries, len(FEATURE_NAMES))


def fit_weights(
    data: TrainingSet,
    *,
    l2: float = 1.0,
    iterations: int = 50,
    features: tuple[str, ...] | None = None,
    nonnegative: frozenset[str] = frozenset(),
    provenance: dict[str, object] | None = None,
) -> Weights:
    """Fit the conditional-logit weights by Newton's method on standardised features.

    The weights of the features named in `nonnegative` are kept >= 0 (projected Newton: a bounded
    weight at 0 whose gradient pushes it below 0 stays fixed for that step). With bounds, the fit
    runs to a tighter tolerance, as in the round that chose them (bench/bench_partner_round8.py).
    `features` names the columns (default: FEATURE_NAMES when there are as many, else x0, x1, ...).
    """
    if len(data.segments) == 0:
        raise ValueError("no training queries: the history is too short to learn from")
    width = data.rows.shape[1]
    if features is None:
        features = FEATURE_NAMES if width == len(FEATURE_NAMES) else tuple(f"x{i}" for i in range(width))
    if len(features) != width:
        raise ValueError(f"{len(features)} feature names for {width} columns")
    bounded = np.array([name in nonnegative for name in features])
    min_step, tolerance = (1e-8, 1e-10) if bounded.any() else (1e-6, 1e-9)
    mean = data.rows.mean(axis=0)
    scale = data.rows.std(axis=0)
    scale[scale == 0] = 1.0
    x = (data.rows - mean) / scale
    n_queries, n_features = len(data.segments), x.shape[1]
    query_of_row = np.repeat(np.arange(n_queries), np.diff(np.append(data.segments, len(x))))
    segments = data.segments

    def objective(w: FloatArray) -> tuple[float, FloatArray, FloatArray]:
        s = x @ w
        s = s - np.maximum.reduceat(s, segments)[query_of_row]
        e = np.exp(s)
        totals = np.add.reduceat(e, segments)
        loss = -float(s[data.targets].sum() - np.log(totals).sum()) + 0.5 * l2 * float(w @ w)
        p = e / totals[query_of_row]
        expected = np.add.reduceat(x * p[:, None], segments)  # per query: E_p[x]
        grad = expected.sum(axis=0) - x[data.targets].sum(axis=0) + l2 * w
        hessian = (x * p[:, None]).T @ x - expected.T @ expected + l2 * np.eye(n_features)
        return loss, grad, hessian

    w = np.zeros(n_features)
    loss, grad, hessian = objective(w)
    for _ in range(iterations):
        free = ~(bounded & (w <= 1e-12) & (grad > 0))
        step = np.zeros(n_features)
        step[free] = np.linalg.solve(hessian[np.ix_(free, free)], grad[free])
        # Damped Newton: halve the step until the loss goes down.
        size = 1.0
        while True:
            candidate = w - size * step
            candidate[bounded] = np.maximum(candidate[bounded], 0.0)
            new = objective(candidate)
            if new[0] <= loss or size < min_step:
                break
            size /= 2
        improvement = loss - new[0]
        w, (loss, grad, hessian) = candidate, new
        if improvement < tolerance * max(1.0, abs(loss)):
            break
    return Weights(
        weights=tuple(float(v) for v in w),
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        features=features,
        provenance=dict(provenance or {}),
    )


L2 = 1.0
BOUNDED_ITERATIONS = 100


@dataclass(frozen=True)
class SizeAwareTraining:
    """The pseudo-queries of the size-aware model: rows of 22 features for small teams, of 23 (with
    community closeness) for whole consortia."""

    small_team: TrainingSet
    whole_consortium: TrainingSet


def size_aware_training(full: History, *, years: Sequence[int]) -> SizeAwareTraining:
    """Pseudo-queries of each year in `years`, each against the history before that year, from every
    pool of TRAINING_POOLS. A query with more than SMALL_TEAM_MAX members known to the history is a
    whole-consortium query, and it also gives one small-team copy: the same hidden company, with a
    random 1-4 of its known members (numpy default_rng(10000 + year), drawn in case order). A query
    with 1 to SMALL_TEAM_MAX known members is a small-team query as it is; one with none teaches
    nothing and is left out."""
    small: list[tuple[FloatArray, int]] = []
    whole: list[tuple[FloatArray, int]] = []
    for year in years:
        past = full.until(year - 1)
        if past.project_count > 0:
            _add_queries_of_year(full, year, past, small=small, whole=whole)
    return SizeAwareTraining(small_team=stacked(small, len(FEATURE_NAMES)),
                             whole_consortium=stacked(whole, len(WHOLE_CONSORTIUM_FEATURES)))


def _add_queries_of_year(full: History, year: int, past: History, *, small: list[tuple[FloatArray, int]],
                         whole: list[tuple[FloatArray, int]]) -> None:
    graph = CollaborationGraph(past)
    embedding = community_embedding(past)
    known_pics = set(past.pics)
    rng = np.random.default_rng(10000 + year)
    for pool in TRAINING_POOLS:
        for case in held_out_cases(full, year=year, known_pics=known_pics, countries=pool):
            q = case.query
            in_history = [m for m in q.members if m in known_pics]
            signals, target = _signals(graph, q, q.members, case.target)
            if target < 0 or not in_history:
                continue
            x = feature_matrix(signals, past.org_count)
            if len(in_history) <= SMALL_TEAM_MAX:
                small.append((x, target))
                continue
            near = closeness(embedding, signals.candidates, graph.member_ids(q.members))
            whole.append((np.hstack([x, near[:, None]]), target))
            k = int(rng.choice(SMALL_TEAM_SIZES))
            picked = sorted(rng.choice(len(in_history), size=k, replace=False))
            signals, target = _signals(graph, q, tuple(in_history[i] for i in picked), case.target)
            small.append((feature_matrix(signals, past.org_count), target))


def _signals(graph: CollaborationGraph, query: PartnerQuery, members: tuple[str, ...],
             target: str) -> tuple[Signals, int]:
    """The signals of `query` asked with `members`, and the position of `target` among its candidates (-1: none)."""
    signals = graph.signals(member_pics=members, programme_parts=query.programme_parts,
                            countries=query.candidate_countries, types=query.candidate_types)
    where = np.flatnonzero(signals.candidates == graph.index[target])
    return signals, int(where[0]) if len(where) else -1


def stacked(queries: Sequence[tuple[FloatArray, int]], width: int) -> TrainingSet:
    """One TrainingSet from (candidate rows, target row) per query."""
    if not queries:
        return TrainingSet(rows=np.zeros((0, width)), segments=np.zeros(0, dtype=np.int64),
                           targets=np.zeros(0, dtype=np.int64))
    sizes = [len(x) for x, _ in queries]
    segments = np.cumsum([0, *sizes[:-1]]).astype(np.int64)
    return TrainingSet(rows=np.vstack([x for x, _ in queries]), segments=segments,
                       targets=segments + np.array([t for _, t in queries], dtype=np.int64))


def fit_model(full: History, *, years: Sequence[int], l2: float = L2) -> PartnerModel:
    """The size-aware model fitted on the pseudo-queries of `years` (see `size_aware_training`)."""
    data = size_aware_training(full, years=years)
    fitted = {}
    for name, training, features in (("small_team", data.small_team, FEATURE_NAMES),
                                     ("whole_consortium", data.whole_consortium, WHOLE_CONSORTIUM_FEATURES)):
        fitted[name] = fit_weights(training, l2=l2, iterations=BOUNDED_ITERATIONS, features=features,
                                   nonnegative=TIE_FEATURES, provenance={"pseudo_queries": len(training.segments)})
    return PartnerModel(
        small_team=fitted["small_team"],
        whole_consortium=fitted["whole_consortium"],
        small_team_max=SMALL_TEAM_MAX,
        provenance={
            "pseudo_query_years": list(years),
            "pseudo_queries": len(data.small_team.segments) + len(data.whole_consortium.segments),
            "candidate_pools": ["EE/FI/SE", *WIDE_COUNTRIES],
            "l2": l2,
            "tie_weights": ">= 0",
        },
    )


def fit_until(full: History, *, last_year: int, l2: float = L2) -> PartnerModel:
    """The model learned only from projects started up to `last_year`.

    Pseudo-queries are the held-out cases of every year of that window after its
    first (the first year has no history before it), each asked against the history
    before its own year: the same question as the test, moved back in time.
    """
    window = full.until(last_year)
    first_year = int(window.project_years.min()) if window.project_count else last_year
    years = list(range(first_year + 1, last_year + 1))
    model = fit_model(window, years=years, l2=l2)
    model.provenance["learned_from"] = f"projects started up to {last_year}"
    return model
