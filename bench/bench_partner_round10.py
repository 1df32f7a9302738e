"""Partner suggestions, tenth round: a model that knows the size of the team it completes
(docs/partners.md).

    OPENBLAS_NUM_THREADS=1 python bench/bench_partner_round10.py     # reads ../shared/data/cordis

Written down and committed before the first run (2026-11-28).

Where the ninth round left off: pooled pseudo-queries of fourteen more countries give a real MRR
gain on whole CORDIS consortia (round 8's M: wide-2017 +0.012, MC with the community embedding:
+0.016 and V17 +0.006), but their weights misorder the product's small teams (an untied
same-country company above a partner of a partner). Small-team copies mixed into the same fit
fix that order and give the gain away (round 9's S and R). Small teams and whole consortia want
different weights.

Hypothesis: two sets of weights, chosen by the number of the query's members known to the
history, keep the wide gain on whole consortia and the product's order on small teams.

The model, fixed here. "Known members" = the query's members that are organisations of the
history. A query with at most SMALL = 4 known members is scored by the small-team weights, any
other by the whole-consortium weights. Both are conditional logits with the tie weights >= 0
(round 8's projected Newton, L2 1.0, round 8's constrained set), on pseudo-queries of 2015-2016
of EE/FI/SE and the fourteen one-country pools of round 6:
- whole-consortium weights: the whole pseudo-queries with more than SMALL known members;
- small-team weights: the whole pseudo-queries with 1 to SMALL known members, plus one small-team
  copy of every pseudo-query with more than SMALL known members, its members a random k of the
  known ones, k uniform in 1-4 (numpy default_rng(10000 + year), drawn in case order); same hidden
  company, candidates and programme parts. (No copy of a query that already is small, so no
  query counts twice.) A query with no known member is scored by the small-team weights; it
  carries no tie signal and is not a training query of either.

Variants:
Z.  both weight sets on the shipped 22 features;
ZC. the whole-consortium weights also take round 4's community closeness emb64_mean (weight
    >= 0, as round 8's MC); the small-team weights do not (the embedding means nothing on the
    product's small histories, round 7).

Decision rule, fixed here (the ninth round's, seed 10): on wide-2017 (the sixth round's 3,120
one-country cases) the paired 95 % interval of the MRR difference to the shipped recipe lies above
zero (2,000 resamples) and Hits@10 is not lower by more than 0.005; V17 MRR is not lower by more
than 0.01; and the product check passes with the small-team weights (the team {0111, 0222} ranks
0444, 0555, 0666 in that order and the team {0111} ranks 0444 above 0555, on the history of
tests/e2e/test_partner_suggestions_page.py; both teams are small). If both pass, the one with the
larger wide gain is frozen: learning.fit_until takes its recipe, the weights are refitted the same
way on 2015-2018 and shipped, the product's tests must pass with them (otherwise nothing ships),
and 2018 is then run once (bench_partner_suggestions.py), whatever it shows. If neither passes,
nothing changes and 2018 is not run. This is the only round of this session.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench_partner_ideas import pic_ranks, rank_of_target
from bench_partner_round4 import Case, row_cosine, score, spectral_embedding
from bench_partner_round6 import WIDE_COUNTRIES, row
from bench_partner_round8 import TIES, fit_bounded, product_check, training
from sme2go.collaboration.features import FloatArray
from sme2go.collaboration.history import History, load_history
from sme2go.collaboration.learning import (
    NORDIC_BALTIC,
    HeldOutCase,
    fit_weights,
    held_out_cases,
    paired_difference,
)
from sme2go.collaboration.suggest import FEATURE_NAMES, PartnerSuggester, Weights, feature_matrix

REPO = Path(__file__).resolve().parents[1]
PARTICIPATIONS = "cordis/h2020_participations_2014_2018.csv.gz"
PROGRAMME_PARTS = "cordis/h2020_programme_parts_2014_2018.csv.gz"
SEED = 10
SMALL = 4
MAX_HITS10_DROP = 0.005
MAX_V17_DROP = 0.01
POOLS = (NORDIC_BALTIC, *(frozenset({c}) for c in WIDE_COUNTRIES))


@dataclass(frozen=True)
class Query:
    """One held-out case: its features (`case.base`), its community closeness and its known members."""

    case: Case
    community: FloatArray
    known: int

    @property
    def target(self) -> int:
        return self.case.target

    def columns(self, with_community: bool) -> FloatArray:
        return np.hstack([self.case.base, self.community[:, None]]) if with_community else self.case.base


def queries(full: History, year: int) -> tuple[dict[frozenset[str], list[Query]], dict[frozenset[str], list[Query]]]:
    """Per pool, the held-out cases of `year` and the small-team copies of those with more than SMALL known members."""
    started = time.perf_counter()
    past = full.until(year - 1)
    graph = PartnerSuggester(past).graph
    embedding = spectral_embedding(past, 64)
    pic_order = pic_ranks(past)
    known_pics = set(past.pics)
    rng = np.random.default_rng(10000 + year)

    def query(held: HeldOutCase, members: tuple[str, ...], known: int) -> Query:
        q = held.query
        signals = graph.signals(member_pics=members, programme_parts=q.programme_parts,
                                countries=q.candidate_countries, types=q.candidate_types)
        c = signals.candidates
        ids = graph.member_ids(members)
        closeness = row_cosine(embedding[c], embedding[ids].mean(axis=0)) if len(ids) else np.zeros(len(c))
        case = Case(base=feature_matrix(signals, past.org_count), extra={},
                    target=int(np.flatnonzero(c == graph.index[held.target])[0]),
                    popularity=signals.values["popularity"], pic_order=pic_order[c])
        return Query(case=case, community=closeness, known=known)

    whole: dict[frozenset[str], list[Query]] = {}
    copies: dict[frozenset[str], list[Query]] = {}
    for pool in POOLS:
        whole[pool], copies[pool] = [], []
        for held in held_out_cases(full, year=year, known_pics=known_pics, countries=pool):
            in_history = [m for m in held.query.members if m in known_pics]
            whole[pool].append(query(held, held.query.members, len(in_history)))
            if len(in_history) > SMALL:
                k = int(rng.choice((1, 2, 3, 4)))
                picked = sorted(rng.choice(len(in_history), size=k, replace=False))
                copies[pool].append(query(held, tuple(in_history[i] for i in picked), k))
    n_whole = sum(len(v) for v in whole.values())
    n_small = sum(q.known <= SMALL for v in whole.values() for q in v)
    print(f"  {year}: history <= {year - 1}, {n_whole} cases ({n_small} with <= {SMALL} known members), "
          f"{sum(len(v) for v in copies.values())} copies ({time.perf_counter() - started:.0f} s)", flush=True)
    return whole, copies


@dataclass(frozen=True)
class SizeAware:
    small: Weights
    whole: Weights
    with_community: bool

    def rank(self, q: Query) -> int:
        if q.known <= SMALL:
            return rank_of_target(score(self.small, q.case.base), q.case)
        return rank_of_target(score(self.whole, q.columns(self.with_community)), q.case)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data", help="shared data folder")
    args = parser.parse_args()
    full = load_history(args.shared / PARTICIPATIONS, args.shared / PROGRAMME_PARTS)
    built = {year: queries(full, year) for year in (2015, 2016, 2017)}
    train_years = (2015, 2016)
    whole_train = [q for y in train_years for v in built[y][0].values() for q in v]
    copies_train = [q for y in train_years for v in built[y][1].values() for q in v]
    tests: dict[str, list[Query]] = {
        "V17": built[2017][0][NORDIC_BALTIC],
        "wide-2017": [q for pool, v in built[2017][0].items() if pool != NORDIC_BALTIC for q in v],
    }
    nordic = [q.case for y in train_years for q in built[y][0][NORDIC_BALTIC]]
    base_weights = fit_weights(training(nordic, lambda c: c.base))
    base = {k: [rank_of_target(score(base_weights, q.case.base), q.case) for q in v] for k, v in tests.items()}
    small_share = {k: np.mean([q.known <= SMALL for q in v]) for k, v in tests.items()}
    print(f"\ntest queries scored by the small-team weights: V17 {small_share['V17']:.0%}, "
          f"wide-2017 {small_share['wide-2017']:.0%}")
    print(row("baseline (shipped recipe)", base) + "  product " + product_check(base_weights, False)[1])

    small_train = [q for q in whole_train if 1 <= q.known <= SMALL] + copies_train
    large_train = [q for q in whole_train if q.known > SMALL]
    ties = np.array([name in TIES for name in FEATURE_NAMES])
    small = fit_bounded(training([q.case for q in small_train], lambda c: c.base), ties)
    print(f"training: small-team {len(small_train)} queries, whole-consortium {len(large_train)}")
    print("  small-team weights: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURE_NAMES, small.weights,
                                                                                  strict=True)))
    product_ok, orders = product_check(small, False)
    for name, with_community in (("Z. size-aware", False), ("ZC. size-aware + community", True)):
        whole = fit_bounded(training(large_train, lambda q, wc=with_community: q.columns(wc)),  # type: ignore[arg-type]
                            np.append(ties, True) if with_community else ties)
        model = SizeAware(small=small, whole=whole, with_community=with_community)
        r = {k: [model.rank(q) for q in v] for k, v in tests.items()}
        d = paired_difference(r["wide-2017"], base["wide-2017"], samples=2000, seed=SEED)
        v17 = paired_difference(r["V17"], base["V17"], samples=2000, seed=SEED)
        passed = (d.mrr_interval[0] > 0 and d.hits10 >= -MAX_HITS10_DROP and v17.mrr >= -MAX_V17_DROP
                  and product_ok)
        print(row(name, r) + f"  {'PASS' if passed else 'fail'} wide dMRR {d.mrr:+.4f} "
              f"[{d.mrr_interval[0]:+.4f},{d.mrr_interval[1]:+.4f}] dH@10 {d.hits10:+.4f}; "
              f"V17 dMRR {v17.mrr:+.4f}; product {'ok' if product_ok else 'FAILS'} {orders}", flush=True)
        names: Sequence[str] = (*FEATURE_NAMES, "community") if with_community else FEATURE_NAMES
        print("    whole-consortium weights: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(names, whole.weights,
                                                                                            strict=True)))
        for split, v in tests.items():
            for label, keep in (("small", lambda q: q.known <= SMALL), ("whole", lambda q: q.known > SMALL)):
                idx = [i for i, q in enumerate(v) if keep(q)]
                if idx:
                    mrr_new = np.mean([1 / r[split][i] for i in idx])
                    mrr_old = np.mean([1 / base[split][i] for i in idx])
                    print(f"    {split} {label} ({len(idx)}): MRR {mrr_old:.3f} -> {mrr_new:.3f}")


if __name__ == "__main__":
    main()
