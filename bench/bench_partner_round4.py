"""Partner suggestions, fourth round: new kinds of signal tried on the validation splits (docs/partners.md).

    OPENBLAS_NUM_THREADS=1 python bench/bench_partner_round4.py     # V17 and V16 only (reads ../shared/data/cordis)

(One BLAS thread: on a busy 2-core machine a threaded QR of the embedding's 17,000 x 140
block took 4.4 s instead of 0.2 s.) 2018 is deliberately not available here: nothing passed.

Validation splits exactly as in bench_partner_ideas.py (never 2018 while choosing): V17 =
weights from the pseudo-queries of 2015-2016, test 2017 against the history <= 2016;
V16 = weights from 2015 and 2017, test 2016 against the history <= 2015.

Decision rule, fixed before running: a change is kept only if it raises MRR on both V17
and V16 and lowers Hits@10 on neither by more than one query (1/172, 1/117). The bench
applies it with a strict float comparison; the one "PASS" (running_shared) raises MRR by
+0.00003 / +0.00005 and was counted as a tie (docs/partners.md, fourth round).

Ideas (each added to the shipped 22 features and refitted with learning.fit_weights, L2 1.0):
1. community structure: a rank-r spectral embedding of the organisation x project
   incidence (left singular vectors of D_org^-1/2 B D_project^-1/2, the trivial first one
   dropped, scaled by the singular values; randomized range finder with power
   iterations, numpy only, seeded); feature = cosine between the candidate's embedding
   and the members' mean embedding (or the best single member);
2. programme-part profile: cosine between the candidate's distribution over programme
   parts and the members' pooled one; the candidate's share of its projects in the
   query's part(s);
3. activity trend: share of the candidate's projects started in the last history year;
   years since its last project;
4. a second-stage conditional logit that re-ranks the first stage's top 50 with the 22
   features, their squares and the pairwise products of the tie features (a cheap
   non-linear ranker);
5. consortium composition: cosine between the countries (and the organisation types)
   of the candidate's past partners and those of the known members; the share of the
   members' past partners from the candidate's country; the programme-part-restricted
   walk (one and two steps through projects of the query's part(s) only); the gap between
   the candidate's usual consortium size and the query's; ongoing work (from the files'
   end dates, which the engine does not read yet): the candidate's projects still running
   in the test year, and the (member, project) pairs it shares in such running projects;
6. the shipped model averaged over 50 bootstrap fits (bagging, variance reduction).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench_partner_ideas import SPLITS, line, pic_ranks, rank_of_target
from sme2go.collaboration.community import community_embedding
from sme2go.collaboration.features import CollaborationGraph, FloatArray, positions
from sme2go.collaboration.history import History, load_history
from sme2go.collaboration.learning import (
    TrainingSet,
    fit_weights,
    held_out_cases,
    metrics,
    paired_difference,
)
from sme2go.collaboration.suggest import FEATURE_NAMES, PartnerSuggester, Weights, feature_matrix

REPO = Path(__file__).resolve().parents[1]
PARTICIPATIONS = "cordis/h2020_participations_2014_2018.csv.gz"
PROGRAMME_PARTS = "cordis/h2020_programme_parts_2014_2018.csv.gz"
RANKS = (16, 32, 64, 128)
SEED = 4


def spectral_embedding(h: History, rank: int) -> FloatArray:
    """The fourth round's community embedding, since shipped as `collaboration.community`
    (same construction and seed; see its docstring)."""
    return community_embedding(h, rank)


def row_cosine(rows: FloatArray, vector: FloatArray) -> FloatArray:
    norm = np.linalg.norm(rows, axis=1) * np.linalg.norm(vector)
    return np.where(norm > 0, rows @ vector / np.where(norm > 0, norm, 1.0), 0.0)


def end_years(path: Path) -> dict[str, int]:
    """Each project's end year (rcn -> year) from the participations file (first row of the project)."""
    out: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["rcn"].strip() not in out and row["end_year"]:
                out[row["rcn"].strip()] = int(float(row["end_year"]))
    return out


class Round4Graph:
    """Per-history precomputation of the fourth round's signals."""

    def __init__(self, graph: CollaborationGraph, running: FloatArray) -> None:
        self.graph = graph
        h = graph.history
        n = h.org_count
        self.running = running  # per project: 1.0 if still running in the test year
        self.running_projects = np.add.reduceat(running[h.org_projects], h.org_ptr[:-1])
        self.embeddings = {}
        for r in RANKS:
            e = spectral_embedding(h, r)
            self.embeddings[r] = e
        # Programme-part profile: org x part, a project of several parts split evenly.
        parts = sorted({p for ps in h.project_parts for p in ps})
        code = {p: i for i, p in enumerate(parts)}
        proj_profile = np.zeros((h.project_count, len(parts)))
        for j, ps in enumerate(h.project_parts):
            for part in ps:
                proj_profile[j, code[part]] += 1.0 / len(ps)
        self.part_profile = np.add.reduceat(proj_profile[h.org_projects], h.org_ptr[:-1], axis=0)
        # Activity trend.
        last = graph.last_year
        years = h.project_years[h.org_projects]
        self.last_year_share = np.add.reduceat((years == last).astype(float), h.org_ptr[:-1]) / np.maximum(
            graph.org_projects_count, 1.0
        )
        self.years_since = (last - np.maximum.reduceat(years, h.org_ptr[:-1])).astype(float)
        # Partners' countries and types, weighted by shared projects.
        owner = np.repeat(np.arange(n), np.diff(graph.neighbour_ptr))
        nc = int(graph.country_code.max()) + 1
        self.n_countries = nc
        self.partner_countries = np.bincount(
            owner * nc + graph.country_code[graph.neighbours], weights=graph.neighbour_projects, minlength=n * nc
        ).reshape(n, nc)
        types = sorted(set(h.types))
        self.type_code = np.array([types.index(t) for t in h.types])
        nt = len(types)
        self.n_types = nt
        self.partner_types = np.bincount(
            owner * nt + self.type_code[graph.neighbours], weights=graph.neighbour_projects, minlength=n * nt
        ).reshape(n, nt)
        # Consortium size: the mean log size of the organisation's projects.
        self.log_size = np.add.reduceat(np.log(graph.project_size[h.org_projects]), h.org_ptr[:-1]) / np.maximum(
            graph.org_projects_count, 1.0
        )

    def part_walk(self, members: np.ndarray, parts: tuple[str, ...]) -> tuple[FloatArray, FloatArray]:
        """The walk's one- and two-step distributions (as in CollaborationGraph.ppr) through projects of the
        query's part(s) only (mass leaving through other projects is dropped)."""
        g = self.graph
        h = g.history
        n = h.org_count
        if len(members) == 0 or not parts:
            return np.zeros(n), np.zeros(n)
        mask = g.part_mask(parts)
        x = np.zeros(n)
        x[members] = 1.0 / len(members)
        org_share = 1.0 / np.maximum(g.org_projects_count, 1.0)
        project_share = mask / np.maximum(g.project_size, 1.0)
        steps = []
        for _ in range(2):
            on_projects = g._spread(x * org_share, h.org_ptr, h.org_projects, g.org_owner, h.project_count)
            x = g._spread(on_projects * project_share, h.project_ptr, h.project_orgs, g.entry_project, n)
            steps.append(x)
        return steps[0], steps[1]

    def extras(self, members: np.ndarray, c: np.ndarray, part_projects: FloatArray, parts: tuple[str, ...],
               query_size: int) -> dict[str, FloatArray]:
        g = self.graph
        out: dict[str, FloatArray] = {}
        known = len(members) > 0
        for r, e in self.embeddings.items():
            if known:
                out[f"emb{r}_mean"] = row_cosine(e[c], e[members].mean(axis=0))
                unit = e / np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-12)
                out[f"emb{r}_max"] = (unit[c] @ unit[members].T).max(axis=1)
                out[f"emb{r}_dot"] = e[c] @ e[members].mean(axis=0) * g.history.org_count
            else:
                out[f"emb{r}_mean"] = out[f"emb{r}_max"] = out[f"emb{r}_dot"] = np.zeros(len(c))
        pooled = self.part_profile[members].sum(axis=0) if known else np.zeros(self.part_profile.shape[1])
        out["part_cos"] = row_cosine(self.part_profile[c], pooled)
        out["part_share"] = part_projects / np.maximum(g.org_projects_count[c], 1.0)
        out["last_year_share"] = self.last_year_share[c]
        out["years_since"] = self.years_since[c]
        member_countries = np.bincount(g.country_code[members], minlength=self.n_countries).astype(float)
        out["country_cos"] = row_cosine(self.partner_countries[c], member_countries)
        member_types = np.bincount(self.type_code[members], minlength=self.n_types).astype(float)
        out["type_cos"] = row_cosine(self.partner_types[c], member_types)
        pooled_partners = self.partner_countries[members].sum(axis=0)
        out["member_partner_country"] = pooled_partners[g.country_code[c]] / max(pooled_partners.sum(), 1.0)
        w1, w2 = self.part_walk(members, parts)
        out["part_walk1"], out["part_walk2"] = w1[c] * g.history.org_count, w2[c] * g.history.org_count
        out["size_gap"] = np.abs(self.log_size[c] - np.log(query_size))
        out["running_projects"] = self.running_projects[c]
        h = g.history
        team = np.bincount(h.org_projects[positions(h.org_ptr, members)], minlength=h.project_count) * self.running
        projects = np.flatnonzero(team)
        orgs = h.project_orgs[positions(h.project_ptr, projects)]
        met = np.repeat(team[projects], np.diff(h.project_ptr)[projects])
        out["running_shared"] = np.bincount(orgs, weights=met, minlength=h.org_count)[c]
        return out
@dataclass(frozen=True)
class Case:
    base: FloatArray
    extra: dict[str, FloatArray]
    target: int
    popularity: FloatArray
    pic_order: np.ndarray


def cases_of_year(full: History, year: int, ends: dict[str, int]) -> list[Case]:
    started = time.perf_counter()
    past = full.until(year - 1)
    graph = PartnerSuggester(past).graph
    running = np.array([float(ends.get(rcn, 0) >= year) for rcn in past.project_ids])
    r4 = Round4Graph(graph, running)
    built = time.perf_counter() - started
    pic_order = pic_ranks(past)
    out = []
    for case in held_out_cases(full, year=year, known_pics=set(past.pics)):
        q = case.query
        signals = graph.signals(
            member_pics=q.members, programme_parts=q.programme_parts,
            countries=q.candidate_countries, types=q.candidate_types,
        )
        c = signals.candidates
        out.append(
            Case(
                base=feature_matrix(signals, past.org_count),
                extra=r4.extras(graph.member_ids(q.members), c, signals.values["part_projects"], q.programme_parts,
                                len(q.members) + 1),
                target=int(np.flatnonzero(c == graph.index[case.target])[0]),
                popularity=signals.values["popularity"],
                pic_order=pic_order[c],
            )
        )
    print(f"  {year}: history <= {year - 1}, round-4 precomputation {built:.1f} s, {len(out)} cases", flush=True)
    return out


def columns(case: Case, spec: Sequence[str]) -> FloatArray:
    """The shipped features plus the named extras ("log:x" = log1p(x))."""
    out = [case.base]
    for item in spec:
        kind, name = item.split(":") if ":" in item else ("raw", item)
        x = case.extra[name]
        out.append((np.log1p(x) if kind == "log" else x)[:, None])
    return np.hstack(out)


def fit(matrices: Sequence[FloatArray], targets: Sequence[int]) -> Weights:
    segments = np.cumsum([0] + [len(x) for x in matrices[:-1]])
    return fit_weights(
        TrainingSet(rows=np.vstack(matrices), segments=segments, targets=segments + np.array(targets))
    )


def score(weights: Weights, x: FloatArray) -> FloatArray:
    return ((x - np.array(weights.mean)) / np.array(weights.scale)) @ np.array(weights.weights)


def split_ranks(by_year: dict[int, list[Case]], train: Sequence[int], test: int, spec: Sequence[str]) -> list[int]:
    training = [c for y in train for c in by_year[y]]
    weights = fit([columns(c, spec) for c in training], [c.target for c in training])
    return [rank_of_target(score(weights, columns(c, spec)), c) for c in by_year[test]]


# Second stage: re-rank the first stage's top TOP with interactions.
TOP = 50
TIE_FEATURES = ("log_common_neighbours", "log_shared_projects", "log_ppr", "log_walk1", "common_neighbours_share",
                "log_max_tie", "best_overlap_share", "log_popularity", "log_part_projects", "log_recent_projects")


def interactions(x: FloatArray) -> FloatArray:
    idx = [FEATURE_NAMES.index(n) for n in TIE_FEATURES]
    z = x[:, idx]
    pairs = [z[:, i] * z[:, j] for i in range(len(idx)) for j in range(i, len(idx))]
    return np.column_stack([x, *pairs])


def two_stage_ranks(by_year: dict[int, list[Case]], train: Sequence[int], test: int, l2: float) -> list[int]:
    training = [c for y in train for c in by_year[y]]
    first = fit([c.base for c in training], [c.target for c in training])
    # Second-stage training: the pseudo-queries whose target is in the first stage's top TOP.
    mats, targets = [], []
    for c in training:
        s = score(first, c.base)
        top = np.argsort(-s, kind="stable")[:TOP]
        hit = np.flatnonzero(top == c.target)
        if len(hit):
            mats.append(interactions(c.base[top]))
            targets.append(int(hit[0]))
    segments = np.cumsum([0] + [len(x) for x in mats[:-1]])
    second = fit_weights(
        TrainingSet(rows=np.vstack(mats), segments=segments, targets=segments + np.array(targets)), l2=l2
    )
    out = []
    for c in by_year[test]:
        s = score(first, c.base)
        top = np.argsort(-s, kind="stable")[:TOP]
        # Above every other candidate, the top TOP in the second stage's order.
        final = s - s.max() - 1.0
        z = score(second, interactions(c.base[top]))
        final[top] = z - z.min() + 1.0
        out.append(rank_of_target(final, c))
    return out


def bagged_ranks(by_year: dict[int, list[Case]], train: Sequence[int], test: int, bags: int) -> list[int]:
    """The shipped model with its weights averaged over `bags` bootstrap resamples of the pseudo-queries
    (variance reduction; each bag standardises on its own rows, so the scores are averaged, not the weights)."""
    training = [c for y in train for c in by_year[y]]
    rng = np.random.default_rng(SEED)
    fits = []
    for _ in range(bags):
        pick = rng.integers(0, len(training), size=len(training))
        fits.append(fit([training[i].base for i in pick], [training[i].target for i in pick]))
    return [rank_of_target(sum(score(w, c.base) for w in fits), c) for c in by_year[test]]


def decision(base: dict[str, list[int]], new: dict[str, list[int]]) -> str:
    """PASS if MRR rises on every split and Hits@10 drops by at most one query; with the paired MRR differences."""
    ok = True
    deltas = []
    for split in base:
        d = paired_difference(new[split], base[split], samples=2000, seed=SEED)
        deltas.append(f"{split} dMRR {d.mrr:+.4f} [{d.mrr_interval[0]:+.3f},{d.mrr_interval[1]:+.3f}]")
    for split in base:
        b, n = metrics(base[split]), metrics(new[split])
        one_query = 1.0 / len(base[split])
        if not n["mrr"] > b["mrr"] or n["hits@10"] < b["hits@10"] - one_query - 1e-12:
            ok = False
    return ("PASS " if ok else "fail ") + "; ".join(deltas)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data", help="shared data folder")
    args = parser.parse_args()
    started = time.perf_counter()
    full = load_history(args.shared / PARTICIPATIONS, args.shared / PROGRAMME_PARTS)
    ends = end_years(args.shared / PARTICIPATIONS)
    by_year = {year: cases_of_year(full, year, ends) for year in (2015, 2016, 2017)}
    print(f"({time.perf_counter() - started:.1f} s)\n")
    base = {s: split_ranks(by_year, tr, te, []) for s, (tr, te) in SPLITS.items()}
    print(line("shipped (22 features)", base))
    specs: list[list[str]] = [
        *[[f"emb{r}_mean"] for r in RANKS],
        *[[f"emb{r}_max"] for r in RANKS],
        *[[f"emb{r}_dot"] for r in RANKS],
        ["part_cos"], ["part_share"], ["part_cos", "part_share"],
        ["last_year_share"], ["log:years_since"], ["last_year_share", "log:years_since"],
        ["country_cos"], ["type_cos"], ["country_cos", "type_cos"],
        ["member_partner_country"], ["log:part_walk1"], ["log:part_walk2"], ["log:part_walk1", "log:part_walk2"],
        ["size_gap"],
        ["log:running_projects"], ["log:running_shared"], ["log:running_projects", "log:running_shared"],
    ]
    for spec in specs:
        by_split = {s: split_ranks(by_year, tr, te, spec) for s, (tr, te) in SPLITS.items()}
        print(line("+ " + ", ".join(spec), by_split) + "  " + decision(base, by_split), flush=True)
    by_split = {s: bagged_ranks(by_year, tr, te, 50) for s, (tr, te) in SPLITS.items()}
    print(line("shipped features, 50 bagged fits (scores summed)", by_split) + "  " + decision(base, by_split),
          flush=True)
    for l2 in (1.0, 10.0, 100.0):
        by_split = {s: two_stage_ranks(by_year, tr, te, l2) for s, (tr, te) in SPLITS.items()}
        print(line(f"second stage on top {TOP}, interactions, L2 {l2:g}", by_split) + "  " + decision(base, by_split),
              flush=True)


if __name__ == "__main__":
    main()
