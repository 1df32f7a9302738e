"""Partner suggestions, seventh round: is the model short of training data rather than of
signals? Judged on the wide validation set of the sixth round (docs/partners.md).

    OPENBLAS_NUM_THREADS=1 python bench/bench_partner_round7.py     # reads ../shared/data/cordis

Written down and committed before the first run (2026-11-28), after the sixth round showed
that the fourth round's best signals add at most +0.0015 MRR on 5,585 wide queries (intervals
+-0.0025): the signals are saturated. The shipped weights are fitted on 299 EE/FI/SE
pseudo-queries only, and the fourth round's non-linear ranker overfitted on about 100. The
hypothesis here: with the pseudo-queries of fourteen more countries (several thousand), the
same model, and a richer one, learns weights that rank better.

Yardstick, forward only (a model is fitted on 2015-2016 and judged on 2017):
- wide-2017: 3,120 held-out cases of 2017 (history <= 2016) whose hidden PRC is from one of
  DE, UK, ES, IT, FR, NL, BE, AT, DK, PT, EL, IE, CH, PL, ranked among that country's PRC
  organisations (the sixth round's construction);
- V17 (the 172 EE/FI/SE cases of 2017), for the guard below.
Baseline: the shipped recipe, weights from the EE/FI/SE pseudo-queries of 2015-2016.

Variants, fixed here:
E. the shipped 22 features, weights from the pseudo-queries of 2015-2016 of EE/FI/SE and the
   fourteen countries (each country's hidden company ranked among its own PRC pool);
F. E plus the 55 pairwise products (squares included) of the fourth round's ten tie and
   activity features, one stage over all candidates, L2 1.0;
G. E plus emb64_mean (the community embedding, which raised Hits@50 in the fourth round).

Decision rule, fixed here: a variant passes if on wide-2017 its paired-bootstrap 95 %
interval of the MRR difference to the baseline lies above zero (2,000 resamples, seed 7), its
Hits@10 is not lower by more than 0.005, and its V17 MRR is not lower than the baseline's by
more than 0.01. If one or more pass, the one with the largest wide-2017 gain is frozen and
shipped, with weights refitted the same way on 2015-2018, and 2018 is then run once
(bench_partner_suggestions.py, learning up to 2017 the same way), whatever it shows. If none
passes, nothing changes and 2018 is not run.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

import bench_partner_round4 as round4
from bench_partner_ideas import rank_of_target
from bench_partner_round4 import Case, fit, interactions, score
from bench_partner_round6 import WIDE_COUNTRIES, cases, row
from sme2go.collaboration.features import FloatArray
from sme2go.collaboration.history import load_history
from sme2go.collaboration.learning import NORDIC_BALTIC, paired_difference

REPO = Path(__file__).resolve().parents[1]
PARTICIPATIONS = "cordis/h2020_participations_2014_2018.csv.gz"
PROGRAMME_PARTS = "cordis/h2020_programme_parts_2014_2018.csv.gz"
SEED = 7
MAX_HITS10_DROP = 0.005
MAX_V17_DROP = 0.01

Columns = Callable[[Case], FloatArray]


def shipped(c: Case) -> FloatArray:
    return c.base


def with_interactions(c: Case) -> FloatArray:
    return interactions(c.base)


def with_embedding(c: Case) -> FloatArray:
    return round4.columns(c, ("emb64_mean",))


def ranks(training: Sequence[Case], tests: dict[str, list[Case]], columns: Columns) -> dict[str, list[int]]:
    weights = fit([columns(c) for c in training], [c.target for c in training])
    return {k: [rank_of_target(score(weights, columns(c)), c) for c in v] for k, v in tests.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data", help="shared data folder")
    args = parser.parse_args()
    round4.RANKS = (64,)
    full = load_history(args.shared / PARTICIPATIONS, args.shared / PROGRAMME_PARTS)
    groups = [NORDIC_BALTIC, *(frozenset({c}) for c in WIDE_COUNTRIES)]
    by_year = {year: cases(full, year, groups) for year in (2015, 2016, 2017)}
    nordic = [c for y in (2015, 2016) for c in by_year[y][NORDIC_BALTIC]]
    everyone = [c for y in (2015, 2016) for cs in by_year[y].values() for c in cs]
    tests = {
        "V17": by_year[2017][NORDIC_BALTIC],
        "wide-2017": [c for g, cs in by_year[2017].items() if g != NORDIC_BALTIC for c in cs],
    }
    print(f"\ntraining: EE/FI/SE {len(nordic)} pseudo-queries, all {len(everyone)}")
    base = ranks(nordic, tests, shipped)
    print(row("baseline (shipped recipe)", base))
    for name, training, columns in (
        ("E. all countries' pseudo-queries", everyone, shipped),
        ("F. E + 55 interactions", everyone, with_interactions),
        ("G. E + emb64_mean", everyone, with_embedding),
    ):
        r = ranks(training, tests, columns)
        d = paired_difference(r["wide-2017"], base["wide-2017"], samples=2000, seed=SEED)
        v17 = paired_difference(r["V17"], base["V17"], samples=2000, seed=SEED)
        passed = d.mrr_interval[0] > 0 and d.hits10 >= -MAX_HITS10_DROP and v17.mrr >= -MAX_V17_DROP
        print(row(name, r) + f"  {'PASS' if passed else 'fail'} wide dMRR {d.mrr:+.4f} "
              f"[{d.mrr_interval[0]:+.4f},{d.mrr_interval[1]:+.4f}] dH@10 {d.hits10:+.4f}; "
              f"V17 dMRR {v17.mrr:+.4f} [{v17.mrr_interval[0]:+.3f},{v17.mrr_interval[1]:+.3f}]", flush=True)


if __name__ == "__main__":
    main()
