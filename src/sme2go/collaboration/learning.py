"""Held-out evaluation and fitting of the learned partner-suggestion model.

Pure: no Django. A held-out case hides one organisation of a real project and
asks the suggester to find it among all eligible organisations, given the other
participants. The same construction serves the test (issue 4, point 9) and the
pseudo-queries the weights are fitted on, so training and test ask the same
question of the model; only the years differ.

The model is a conditional logit (a softmax over each query's candidates) with
a small L2 penalty, fitted by Newton's method: the loss is convex and there are
only a dozen weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sme2go.collaboration.features import FloatArray
from sme2go.collaboration.history import History
from sme2go.collaboration.suggest import (
    FEATURE_NAMES,
    PartnerQuery,
    PartnerSuggester,
    Weights,
    feature_matrix,
)

NORDIC_BALTIC = frozenset({"EE", "FI", "SE"})
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
    blocks: list[FloatArray] = []
    targets: list[int] = []
    segments: list[int] = []
    offset = 0
    for year in years:
        past = full.until(year - 1)
        if past.project_count == 0:
            continue
        suggester = PartnerSuggester(past)
        for case in held_out_cases(full, year=year, known_pics=set(past.pics), countries=countries):
            signals = suggester.graph.signals(
                member_pics=case.query.members,
                programme_parts=case.query.programme_parts,
                countries=case.query.candidate_countries,
                types=case.query.candidate_types,
            )
            target = np.flatnonzero(signals.candidates == suggester.graph.index[case.target])
            if len(target) == 0:
                continue
            blocks.append(feature_matrix(signals, past.org_count))
            segments.append(offset)
            targets.append(offset + int(target[0]))
            offset += len(signals.candidates)
    rows = np.vstack(blocks) if blocks else np.zeros((0, len(FEATURE_NAMES)))
    return TrainingSet(rows=rows, segments=np.array(segments, dtype=np.int64), targets=np.array(targets, dtype=np.int64))


def fit_weights(
    data: TrainingSet, *, l2: float = 1.0, iterations: int = 50, provenance: dict[str, object] | None = None
) -> Weights:
    """Fit the conditional-logit weights by Newton's method on standardised features."""
    if len(data.segments) == 0:
        raise ValueError("no training queries: the history is too short to learn from")
    mean = data.rows.mean(axis=0)
    scale = data.rows.std(axis=0)
    scale[scale == 0] = 1.0
    x = (data.rows - mean) / scale
    n_queries, n_features = len(data.segments), x.shape[1]
    query_of_row = np.repeat(np.arange(n_queries), np.diff(np.append(data.segments, len(x))))
    segments = data.segments

    def loss_and_probabilities(w: FloatArray) -> tuple[float, FloatArray]:
        s = x @ w
        s = s - np.maximum.reduceat(s, segments)[query_of_row]
        e = np.exp(s)
        totals = np.add.reduceat(e, segments)
        log_likelihood = float(s[data.targets].sum() - np.log(totals).sum())
        return -log_likelihood + 0.5 * l2 * float(w @ w), e / totals[query_of_row]

    w = np.zeros(n_features)
    loss, p = loss_and_probabilities(w)
    for _ in range(iterations):
        expected = np.add.reduceat(x * p[:, None], segments)  # per query: E_p[x]
        grad = expected.sum(axis=0) - x[data.targets].sum(axis=0) + l2 * w
        hessian = (x * p[:, None]).T @ x - expected.T @ expected + l2 * np.eye(n_features)
        step = np.linalg.solve(hessian, grad)
        # Damped Newton: halve the step until the loss goes down.
        size = 1.0
        while True:
            candidate = w - size * step
            new_loss, new_p = loss_and_probabilities(candidate)
            if new_loss <= loss or size < 1e-6:
                break
            size /= 2
        w, p, improvement, loss = candidate, new_p, loss - new_loss, new_loss
        if improvement < 1e-9 * max(1.0, abs(loss)):
            break
    return Weights(
        weights=tuple(float(v) for v in w),
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        provenance=dict(provenance or {}),
    )


L2 = 1.0


def fit_until(full: History, *, last_year: int, l2: float = L2) -> Weights:
    """Weights learned only from projects started up to `last_year`.

    Pseudo-queries are the held-out cases of every year of that window after its
    first (the first year has no history before it), each asked against the history
    before its own year: the same question as the test, moved back in time.
    """
    window = full.until(last_year)
    first_year = int(window.project_years.min()) if window.project_count else last_year
    years = list(range(first_year + 1, last_year + 1))
    data = training_set(window, years=years)
    return fit_weights(
        data,
        l2=l2,
        provenance={
            "learned_from": f"projects started up to {last_year}",
            "pseudo_query_years": years,
            "pseudo_queries": len(data.segments),
            "l2": l2,
        },
    )
