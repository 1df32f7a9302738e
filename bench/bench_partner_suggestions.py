"""Partner suggestions: quality on held-out CORDIS projects beside the baselines, and speed.

    python bench/bench_partner_suggestions.py              # reads ../shared/data/cordis
    python bench/bench_partner_suggestions.py --shared DIR --quick

Test (issue 4, point 9): learn from projects started up to 2017; test on projects
started in 2018 with at least 3 participants, hiding in turn each EE/FI/SE private
company (PRC) that also appears in the history, ranking all EE/FI/SE PRC
organisations of the history. Members = the other participants; programme parts =
all of the project's parts. The learned model comes only from projects up to
2017 (pseudo-queries of 2015, 2016 and 2017, each against the history before its
year; since the tenth round, of fifteen country pools, with small-team and
whole-consortium weights, docs/partners.md). The row "learned, round-2 recipe" is
the model shipped before the tenth round (one set of weights from EE/FI/SE
pseudo-queries), for the paired comparison. Stability: the same recipe one year earlier (learn up to 2016, test 2017).
Method choices were made on that split and on a backward one (test 2016, weights
from 2015 and 2017), never on 2018.
Intervals: percentile bootstrap over queries (seeded).
Speed: 1,000 queries (real consortia of 2016-2018, cycled) against the full history.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sme2go.collaboration.history import History, load_history
from sme2go.collaboration.learning import (
    bootstrap_intervals,
    fit_model,
    fit_until,
    fit_weights,
    held_out_cases,
    metrics,
    paired_difference,
    ranks,
    training_set,
)
from sme2go.collaboration.model import PartnerModel, shipped_model
from sme2go.collaboration.suggest import METHODS, PartnerSuggester

REPO = Path(__file__).resolve().parents[1]
PARTICIPATIONS = "cordis/h2020_participations_2014_2018.csv.gz"
PROGRAMME_PARTS = "cordis/h2020_programme_parts_2014_2018.csv.gz"
COLUMNS = ("hits@1", "hits@5", "hits@10", "hits@50", "mrr")


def evaluate(full: History, *, learn_until: int, samples: int, seed: int) -> dict[str, list[int]]:
    """Rank lists of every method on the split (learn <= learn_until, test = the next year); prints a table."""
    started = time.perf_counter()
    past = full.until(learn_until)
    model = fit_until(full, last_year=learn_until)
    suggester = PartnerSuggester(past, model)
    cases = held_out_cases(full, year=learn_until + 1, known_pics=set(past.pics))
    candidates = len(suggester.graph.eligible(frozenset({"EE", "FI", "SE"}), frozenset({"PRC"})))
    print(
        f"\nLearn from projects started <= {learn_until} ({past.project_count:,} projects); "
        f"test {learn_until + 1}: {len(cases)} queries, {candidates} candidates each; "
        f"model from {model.provenance['pseudo_queries']} pseudo-queries"
    )
    print(f"{'method':<20}" + "".join(f"{c:>20}" for c in COLUMNS))
    all_ranks = {}
    for method in METHODS:
        rank_list = ranks(suggester, cases, method)
        all_ranks[method] = rank_list
        point, interval = metrics(rank_list), bootstrap_intervals(rank_list, samples=samples, seed=seed)
        cells = "".join(f"{point[c]:>8.3f} [{interval[c][0]:.2f},{interval[c][1]:.2f}]" for c in COLUMNS)
        print(f"{method:<20}{cells}")
    window = full.until(learn_until)
    old = fit_weights(training_set(window, years=list(range(int(window.project_years.min()) + 1, learn_until + 1))))
    old_ranks = ranks(PartnerSuggester(past, PartnerModel.single(old)), cases, "learned")
    point, interval = metrics(old_ranks), bootstrap_intervals(old_ranks, samples=samples, seed=seed)
    cells = "".join(f"{point[c]:>8.3f} [{interval[c][0]:.2f},{interval[c][1]:.2f}]" for c in COLUMNS)
    print(f"{'learned, round-2 recipe':<20}{cells}")
    best = max((m for m in METHODS if m != "learned"), key=lambda m: metrics(all_ranks[m])["mrr"])
    print(paired_line(all_ranks["learned"], all_ranks[best], f"{best} (best baseline by MRR)", samples=samples, seed=seed))
    print(paired_line(all_ranks["learned"], old_ranks, "round-2 recipe", samples=samples, seed=seed))
    print(f"({time.perf_counter() - started:.1f} s)")
    return all_ranks


def backward_validation(full: History, *, samples: int, seed: int) -> None:
    """The second validation split used to choose the method (never 2018): test 2016 against the
    history up to 2015, the weights fitted on the pseudo-queries of 2015 and 2017 (each against the
    history before its year; 2015 alone has only 10)."""
    past = full.until(2015)
    suggester = PartnerSuggester(past, fit_model(full.until(2017), years=[2015, 2017]))
    cases = held_out_cases(full, year=2016, known_pics=set(past.pics))
    print(f"\nValidation (backward): test 2016 against history <= 2015, {len(cases)} queries; model from 2015 + 2017")
    for method in ("ppr", "learned"):
        rank_list = ranks(suggester, cases, method)
        point, interval = metrics(rank_list), bootstrap_intervals(rank_list, samples=samples, seed=seed)
        cells = "".join(f"{point[c]:>8.3f} [{interval[c][0]:.2f},{interval[c][1]:.2f}]" for c in COLUMNS)
        print(f"{method:<20}{cells}")


def paired_line(ours: list[int], theirs: list[int], name: str, *, samples: int, seed: int) -> str:
    """Learned minus the best baseline, resampling the same queries for both (paired bootstrap)."""
    d = paired_difference(ours, theirs, samples=samples, seed=seed)
    return (
        f"learned - {name}, paired: MRR {d.mrr:+.3f} "
        f"[{d.mrr_interval[0]:+.3f},{d.mrr_interval[1]:+.3f}], "
        f"Hits@10 {d.hits10:+.3f} [{d.hits10_interval[0]:+.3f},{d.hits10_interval[1]:+.3f}]"
    )


def time_queries(shared: Path, count: int) -> None:
    """Load the full history, build the suggester, answer `count` real queries with the shipped weights."""
    started = time.perf_counter()
    full = load_history(shared / PARTICIPATIONS, shared / PROGRAMME_PARTS)
    loaded = time.perf_counter()
    suggester = PartnerSuggester(full, shipped_model())
    built = time.perf_counter()
    embedding = suggester.embedding  # computed on the first whole consortium's query
    embedded = time.perf_counter()
    queries = [
        case.query
        for year in (2016, 2017, 2018)
        for case in held_out_cases(full, year=year, known_pics=set(full.pics))
    ]
    queries = [queries[i % len(queries)] for i in range(count)]
    answered, cpu = time.perf_counter(), time.process_time()
    for query in queries:
        suggester.suggest(query)
    done, cpu_done = time.perf_counter(), time.process_time()
    print(
        f"\nSpeed, full history ({full.project_count:,} projects, {full.org_count:,} organisations): "
        f"load {loaded - started:.1f} s, build {built - loaded:.1f} s, community embedding {embedded - built:.1f} s "
        f"({embedding.shape[1]} columns, computed once), "
        f"{count:,} queries (learned, k=10) {done - answered:.2f} s wall, {cpu_done - cpu:.2f} s CPU "
        f"= {1000 * (done - answered) / count:.1f} ms/query"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data", help="shared data folder")
    parser.add_argument("--quick", action="store_true", help="fewer bootstrap samples, no stability split")
    parser.add_argument("--seed", type=int, default=2018, help="bootstrap seed")
    args = parser.parse_args()
    full = load_history(args.shared / PARTICIPATIONS, args.shared / PROGRAMME_PARTS)
    samples = 500 if args.quick else 5000
    evaluate(full, learn_until=2017, samples=samples, seed=args.seed)
    if not args.quick:
        print("\nStability check: the same recipe one year earlier")
        evaluate(full, learn_until=2016, samples=samples, seed=args.seed)
        backward_validation(full, samples=samples, seed=args.seed)
    time_queries(args.shared, 1000)


if __name__ == "__main__":
    main()
