"""Partner suggestions, third round: ideas tried on the validation splits (docs/partners.md).

    python bench/bench_partner_ideas.py                  # V17 and V16 only (reads ../shared/data/cordis)
    python bench/bench_partner_ideas.py --test-2018      # also the one frozen run on 2018

Validation splits (never 2018 while choosing): V17 = weights from the pseudo-queries
of 2015-2016, test 2017 against the history <= 2016; V16 = weights from 2015 and 2017,
test 2016 against the history <= 2015. Every held-out case of a year is asked
against the history before that year, so one year's cases serve as pseudo-queries
(training) and as test cases, exactly as in learning.fit_until.

Ideas (each added to the shipped 22 features and refitted with learning.fit_weights):
- project-size-aware co-participation ("resource allocation" over projects): for the
  candidate, the sum over shared (member, project) pairs of 1 / (size - 1), the same
  with 1 / log(size), the best single project's members / (size - 1), the strongest
  single member tie in this weighting, and the recency-weighted sum;
- project-level triadic closure: past projects of the candidate with >= 2 members,
  counted and weighted by 1 / (size - 1);
- role-aware: projects the candidate coordinated with a member, and shared projects a
  member coordinated (the query carries no roles, so the query's own coordinator is
  unknown);
- the resource-allocation sum times log(known members + 1) (tie x query size);
- reciprocal-rank fusion of the learned model with PPR:
  1 / (k + rank_learned) + alpha / (k + rank_ppr), ranks within the query (ties share
  the best rank).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sme2go.collaboration.features import CollaborationGraph, FloatArray, positions
from sme2go.collaboration.history import History, load_history
from sme2go.collaboration.learning import (
    TrainingSet,
    bootstrap_intervals,
    fit_weights,
    held_out_cases,
    metrics,
    paired_difference,
)
from sme2go.collaboration.suggest import PartnerSuggester, Weights, feature_matrix

REPO = Path(__file__).resolve().parents[1]
PARTICIPATIONS = "cordis/h2020_participations_2014_2018.csv.gz"
PROGRAMME_PARTS = "cordis/h2020_programme_parts_2014_2018.csv.gz"
EXTRAS = (
    "ra_sum", "aa_sum", "ra_max", "pair_ra_max", "triad_ra", "triad_n", "recent_ra", "coord_with", "member_coord_with",
)
SPLITS = {"V17": ([2015, 2016], 2017), "V16": ([2015, 2017], 2016)}
FROZEN_FUSION = (60, 0.25)  # (k, alpha), chosen on V17 and V16


@dataclass(frozen=True)
class Case:
    base: FloatArray  # the shipped feature matrix (candidates x 22)
    extra: FloatArray  # candidates x len(EXTRAS)
    target: int
    popularity: FloatArray
    pic_order: np.ndarray
    ppr: FloatArray
    known_members: int


def pair_resource_allocation(graph: CollaborationGraph) -> FloatArray:
    """Per entry of the org-org neighbour CSR: sum over the shared projects of 1 / (size - 1)."""
    h = graph.history
    n = h.org_count
    keys, weights = [], []
    for j in range(h.project_count):
        members = h.members(j)
        if len(members) > 1:
            pair = (members[:, None] * n + members[None, :]).ravel()
            keys.append(pair)
            weights.append(np.full(len(pair), 1.0 / (len(members) - 1)))
    pairs, inverse = np.unique(np.concatenate(keys), return_inverse=True)
    distinct = pairs // n != pairs % n
    assert np.array_equal((pairs % n)[distinct], graph.neighbours)  # same order as the graph's CSR
    return np.bincount(inverse, weights=np.concatenate(weights), minlength=len(pairs))[distinct]


def extras(graph: CollaborationGraph, members: np.ndarray, pair_ra: FloatArray) -> dict[str, FloatArray]:
    """The candidate signals of the ideas above, per organisation."""
    h = graph.history
    n = h.org_count
    out = {name: np.zeros(n) for name in EXTRAS}
    if len(members) == 0:
        return out
    team = np.bincount(h.org_projects[positions(h.org_ptr, members)], minlength=h.project_count).astype(float)
    projects = np.flatnonzero(team)
    sizes = np.diff(h.project_ptr)[projects]
    where = positions(h.project_ptr, projects)
    orgs, coordinator = h.project_orgs[where], h.project_coordinator[where].astype(float)
    met = np.repeat(team[projects], sizes)  # members in the project, per (project, organisation) entry
    size = np.repeat(sizes, sizes).astype(float)
    is_member = np.zeros(n, dtype=bool)
    is_member[members] = True
    member_led = np.bincount(
        np.repeat(np.arange(len(projects)), sizes), weights=coordinator * is_member[orgs], minlength=len(projects)
    )
    ra = met / np.maximum(size - 1, 1)
    out["ra_sum"] = np.bincount(orgs, weights=ra, minlength=n)
    out["aa_sum"] = np.bincount(orgs, weights=met / np.log(np.maximum(size, 2)), minlength=n)
    np.maximum.at(out["ra_max"], orgs, ra)
    out["triad_ra"] = np.bincount(orgs, weights=ra * (met >= 2), minlength=n)
    out["triad_n"] = np.bincount(orgs, weights=(met >= 2).astype(float), minlength=n)
    out["recent_ra"] = np.bincount(orgs, weights=ra * np.repeat(graph.project_recency[projects], sizes), minlength=n)
    out["coord_with"] = np.bincount(orgs, weights=coordinator, minlength=n)
    out["member_coord_with"] = np.bincount(orgs, weights=np.repeat(member_led > 0, sizes).astype(float), minlength=n)
    ties = positions(graph.neighbour_ptr, members)
    np.maximum.at(out["pair_ra_max"], graph.neighbours[ties], pair_ra[ties])
    return out


def pic_ranks(history: History) -> np.ndarray:
    """Each organisation's position when the history's pics are sorted (the tie-break order)."""
    order = np.argsort(np.array(history.pics, dtype=object), kind="stable")
    ranks = np.empty(history.org_count, dtype=np.int64)
    ranks[order] = np.arange(history.org_count)
    return ranks


def cases_of_year(full: History, year: int) -> list[Case]:
    past = full.until(year - 1)
    graph = PartnerSuggester(past).graph
    pair_ra = pair_resource_allocation(graph)
    pic_order = pic_ranks(past)
    out = []
    for case in held_out_cases(full, year=year, known_pics=set(past.pics)):
        q = case.query
        signals = graph.signals(
            member_pics=q.members, programme_parts=q.programme_parts,
            countries=q.candidate_countries, types=q.candidate_types,
        )
        c = signals.candidates
        members = graph.member_ids(q.members)
        values = extras(graph, members, pair_ra)
        out.append(
            Case(
                base=feature_matrix(signals, past.org_count),
                extra=np.column_stack([values[name][c] for name in EXTRAS]),
                target=int(np.flatnonzero(c == graph.index[case.target])[0]),
                popularity=signals.values["popularity"],
                pic_order=pic_order[c],
                ppr=signals.values["ppr"],
                known_members=len(members),
            )
        )
    return out


def columns(case: Case, spec: Sequence[str]) -> FloatArray:
    """The shipped features plus the named extras ("log:x" = log1p, "xq:x" = log1p(x) * log(known members + 1))."""
    out = [case.base]
    for item in spec:
        kind, name = item.split(":") if ":" in item else ("raw", item)
        x = case.extra[:, EXTRAS.index(name)]
        if kind == "log":
            x = np.log1p(x)
        elif kind == "xq":
            x = np.log1p(x) * np.log(case.known_members + 1)
        out.append(x[:, None])
    return np.hstack(out)


def fit(cases: Sequence[Case], spec: Sequence[str]) -> Weights:
    blocks, segments, targets, offset = [], [], [], 0
    for case in cases:
        x = columns(case, spec)
        blocks.append(x)
        segments.append(offset)
        targets.append(offset + case.target)
        offset += len(x)
    return fit_weights(TrainingSet(rows=np.vstack(blocks), segments=np.array(segments), targets=np.array(targets)))


def rank_of_target(scores: FloatArray, case: Case) -> int:
    """The same total order as PartnerSuggester.rank_of: score, then popularity, then pic."""
    s, t, pop, pic = scores, case.target, case.popularity, case.pic_order
    tied = s == s[t]
    better = (s > s[t]) | (tied & (pop > pop[t])) | (tied & (pop == pop[t]) & (pic < pic[t]))
    return int(better.sum()) + 1


def best_rank(scores: FloatArray) -> np.ndarray:
    """1-based rank within the query, ties sharing the best rank."""
    negative = -scores
    return np.searchsorted(np.sort(negative), negative, side="left") + 1


Scorer = Callable[[FloatArray, Case], FloatArray]


def learned_only(scores: FloatArray, case: Case) -> FloatArray:
    return scores


def fusion(k: int, alpha: float) -> Scorer:
    def fused(scores: FloatArray, case: Case) -> FloatArray:
        return 1.0 / (k + best_rank(scores)) + alpha / (k + best_rank(case.ppr))

    return fused


def split_ranks(by_year: dict[int, list[Case]], train: Sequence[int], test: int, spec: Sequence[str],
                scorer: Scorer = learned_only) -> list[int]:
    weights = fit([c for y in train for c in by_year[y]], spec)
    w, mean, scale = np.array(weights.weights), np.array(weights.mean), np.array(weights.scale)
    return [rank_of_target(scorer(((columns(c, spec) - mean) / scale) @ w, c), c) for c in by_year[test]]


def line(name: str, by_split: dict[str, list[int]]) -> str:
    cells = []
    for split, rank_list in by_split.items():
        m = metrics(rank_list)
        cells.append(f"{split} MRR {m['mrr']:.3f} H@1 {m['hits@1']:.3f} H@10 {m['hits@10']:.3f} H@50 {m['hits@50']:.3f}")
    return f"{name:<62} " + " | ".join(cells)


def validation(by_year: dict[int, list[Case]]) -> None:
    specs: list[list[str]] = [
        [], ["log:ra_sum"], ["log:aa_sum"], ["ra_max"], ["log:pair_ra_max"], ["log:recent_ra"],
        ["log:ra_sum", "log:pair_ra_max"], ["log:ra_sum", "ra_max"],
        ["log:triad_ra"], ["log:triad_n"], ["log:ra_sum", "ra_max", "log:triad_ra"],
        ["log:coord_with"], ["log:member_coord_with"],
        ["xq:ra_sum"], ["log:ra_sum", "xq:ra_sum"],
        ["log:ra_sum", "log:aa_sum", "ra_max", "log:pair_ra_max", "log:triad_ra", "log:recent_ra"],
    ]
    print("Features added to the shipped 22 (validation splits only)")
    for spec in specs:
        by_split = {s: split_ranks(by_year, train, test, spec) for s, (train, test) in SPLITS.items()}
        print(line("+ " + ", ".join(spec) if spec else "shipped (22 features)", by_split), flush=True)
    print("\nReciprocal-rank fusion with PPR (validation splits only)")
    for k in (20, 60):
        for alpha in (0.25, 0.5, 0.75):
            by_split = {s: split_ranks(by_year, tr, te, [], fusion(k, alpha)) for s, (tr, te) in SPLITS.items()}
            print(line(f"1/(k + rank learned) + a/(k + rank PPR), k={k}, a={alpha}", by_split), flush=True)


def frozen_comparison(by_year: dict[int, list[Case]], *, samples: int, seed: int) -> None:
    k, alpha = FROZEN_FUSION
    splits = {**SPLITS, "2018": ([2015, 2016, 2017], 2018)}
    print(f"\nFrozen fusion (k={k}, a={alpha}) against the shipped model; 95 % bootstrap, {samples} resamples")
    for split, (train, test) in splits.items():
        shipped = split_ranks(by_year, train, test, [])
        fused = split_ranks(by_year, train, test, [], fusion(k, alpha))
        for name, rank_list in (("shipped", shipped), ("fused", fused)):
            m, ci = metrics(rank_list), bootstrap_intervals(rank_list, samples=samples, seed=seed)
            print(f"{split:<5} {name:<8}" + " ".join(f"{c} {m[c]:.3f} [{ci[c][0]:.2f},{ci[c][1]:.2f}]" for c in m))
        d = paired_difference(fused, shipped, samples=samples, seed=seed)
        print(
            f"{split:<5} fused - shipped, paired: MRR {d.mrr:+.4f} "
            f"[{d.mrr_interval[0]:+.3f},{d.mrr_interval[1]:+.3f}], Hits@10 {d.hits10:+.3f} "
            f"[{d.hits10_interval[0]:+.3f},{d.hits10_interval[1]:+.3f}]"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data", help="shared data folder")
    parser.add_argument("--test-2018", action="store_true", help="also run the frozen fusion on the 2018 test split")
    parser.add_argument("--seed", type=int, default=2018, help="bootstrap seed")
    args = parser.parse_args()
    started = time.perf_counter()
    full = load_history(args.shared / PARTICIPATIONS, args.shared / PROGRAMME_PARTS)
    years = [2015, 2016, 2017] + ([2018] if args.test_2018 else [])
    by_year = {year: cases_of_year(full, year) for year in years}
    print(f"cases: {', '.join(f'{y}: {len(c)}' for y, c in by_year.items())} ({time.perf_counter() - started:.1f} s)\n")
    validation(by_year)
    if args.test_2018:
        frozen_comparison(by_year, samples=5000, seed=args.seed)


if __name__ == "__main__":
    main()
