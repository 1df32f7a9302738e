"""Partner suggestions, fifth round: budget signals, on the validation splits only (docs/partners.md).

    OPENBLAS_NUM_THREADS=1 python bench/bench_partner_round5.py     # V17 and V16 (reads ../shared/data/cordis)

Written down before the first run (2026-11-28). The first four rounds used who took part
where, when, in which role and programme part; none used money. The participations file
also carries each organisation's EC `contribution` to each project, which the engine has
never read. Hypothesis: a company that held a large share of a past joint project's budget
was a core partner of that team and is likelier to be asked back than one that held a
small share; and a company's usual budget says how much work it can take on.

Signals (computed from projects of the history only; a missing contribution counts 0,
a project whose contributions sum to 0 gives every member share 0):
A. core_share_max: the candidate's largest budget share (its contribution / the sum of the
   project's contributions) over its past projects that included a member;
B. log:mean_contribution: log(1 + the candidate's mean contribution in k EUR over its
   projects with a known contribution);
C. log:core_share_pairs: log(1 + the sum, over (member, project) pairs the candidate shares,
   of its budget share in that project);
D. A and B together.

Protocol, the fourth round's (fixed before running): each variant is added to the shipped
22 features and refitted exactly as shipped (same pseudo-queries, L2 1.0); a variant is
kept only if it raises MRR on both V17 and V16 and lowers Hits@10 on neither by more than
one query. A kept variant would be frozen, shipped and then run once on 2018; with none
kept, 2018 is not run. Four variants only, so that a chance pass stays unlikely.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import time
from pathlib import Path

import numpy as np

from bench_partner_ideas import SPLITS, line, pic_ranks
from bench_partner_round4 import Case, decision, split_ranks
from sme2go.collaboration.features import FloatArray, positions
from sme2go.collaboration.history import History, load_history
from sme2go.collaboration.learning import held_out_cases
from sme2go.collaboration.suggest import PartnerSuggester, feature_matrix

REPO = Path(__file__).resolve().parents[1]
PARTICIPATIONS = "cordis/h2020_participations_2014_2018.csv.gz"
PROGRAMME_PARTS = "cordis/h2020_programme_parts_2014_2018.csv.gz"
SPECS: tuple[tuple[str, ...], ...] = (
    ("core_share_max",),
    ("log:mean_contribution",),
    ("log:core_share_pairs",),
    ("core_share_max", "log:mean_contribution"),
)


def contributions(path: Path) -> dict[tuple[str, str], float]:
    """(rcn, pic) -> EC contribution in EUR (missing -> absent)."""
    out: dict[tuple[str, str], float] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            value = row["contribution"].strip()
            if value:
                key = (row["rcn"].strip(), row["pic"].strip())
                out[key] = out.get(key, 0.0) + float(value)
    return out


class Budgets:
    """Per-history budget shares, aligned with `history.org_projects` (organisation-major entries)."""

    def __init__(self, h: History, money: dict[tuple[str, str], float]) -> None:
        self.history = h
        owner = np.repeat(np.arange(h.org_count), np.diff(h.org_ptr))
        amount = np.array([money.get((h.project_ids[p], h.pics[o]), np.nan)
                           for o, p in zip(owner, h.org_projects, strict=True)])
        known = ~np.isnan(amount)
        paid = np.where(known, amount, 0.0)
        project_total = np.bincount(h.org_projects, weights=paid, minlength=h.project_count)
        total = project_total[h.org_projects]
        self.share = np.where(total > 0, paid / np.where(total > 0, total, 1.0), 0.0)
        known_count = np.add.reduceat(known.astype(float), h.org_ptr[:-1])
        mean = np.add.reduceat(paid, h.org_ptr[:-1]) / np.maximum(known_count, 1.0)
        self.mean_contribution_k = mean / 1000.0

    def extras(self, members: np.ndarray, c: np.ndarray) -> dict[str, FloatArray]:
        h = self.history
        team = np.bincount(h.org_projects[positions(h.org_ptr, members)], minlength=h.project_count).astype(float)
        with_members = team[h.org_projects]
        return {
            "core_share_max": np.maximum.reduceat(np.where(with_members > 0, self.share, 0.0), h.org_ptr[:-1])[c],
            "core_share_pairs": np.add.reduceat(with_members * self.share, h.org_ptr[:-1])[c],
            "mean_contribution": self.mean_contribution_k[c],
        }


def cases_of_year(full: History, year: int, money: dict[tuple[str, str], float]) -> list[Case]:
    past = full.until(year - 1)
    graph = PartnerSuggester(past).graph
    budgets = Budgets(past, money)
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
                extra=budgets.extras(graph.member_ids(q.members), c),
                target=int(np.flatnonzero(c == graph.index[case.target])[0]),
                popularity=signals.values["popularity"],
                pic_order=pic_order[c],
            )
        )
    print(f"  {year}: history <= {year - 1}, {len(out)} cases", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data", help="shared data folder")
    args = parser.parse_args()
    started = time.perf_counter()
    full = load_history(args.shared / PARTICIPATIONS, args.shared / PROGRAMME_PARTS)
    money = contributions(args.shared / PARTICIPATIONS)
    by_year = {year: cases_of_year(full, year, money) for year in (2015, 2016, 2017)}
    print(f"({time.perf_counter() - started:.1f} s)\n")
    base = {s: split_ranks(by_year, tr, te, ()) for s, (tr, te) in SPLITS.items()}
    print(line("shipped (22 features)", base))
    for spec in SPECS:
        by_split = {s: split_ranks(by_year, tr, te, spec) for s, (tr, te) in SPLITS.items()}
        print(line("+ " + ", ".join(spec), by_split) + "  " + decision(base, by_split), flush=True)


if __name__ == "__main__":
    main()
