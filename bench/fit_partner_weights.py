"""Fit the partner-suggestion weights shipped with sme2go (src/sme2go/collaboration/data/partner_weights.json).

    python bench/fit_partner_weights.py                 # reads ../shared/data/cordis
    python bench/fit_partner_weights.py --shared DIR --until 2018

Learns from every project in the CORDIS files up to --until (default: the last start
year in the files) with `learning.fit_until`: pseudo-queries of every year after the first,
each against the history before its year, of fifteen country pools; small-team and
whole-consortium weights (docs/partners.md, tenth round). `sme2go partners suggest` uses these
weights unless given --weights.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sme2go.collaboration.history import load_history
from sme2go.collaboration.learning import fit_until

REPO = Path(__file__).resolve().parents[1]
PARTICIPATIONS = "cordis/h2020_participations_2014_2018.csv.gz"
PROGRAMME_PARTS = "cordis/h2020_programme_parts_2014_2018.csv.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data", help="shared data folder")
    parser.add_argument("--until", type=int, help="last start year to learn from (default: the last in the files)")
    parser.add_argument(
        "--output", type=Path, default=REPO / "src/sme2go/collaboration/data/partner_weights.json"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    full = load_history(args.shared / PARTICIPATIONS, args.shared / PROGRAMME_PARTS)
    last_year = args.until or int(full.project_years.max())
    model = fit_until(full, last_year=last_year)
    model.provenance["data"] = "CORDIS H2020 participations and programme parts 2014-2018 (CC BY 4.0)"
    args.output.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"fitted on {model.provenance['pseudo_queries']} pseudo-queries in {time.perf_counter() - started:.1f} s")
    for part in (model.small_team, model.whole_consortium):
        print(f"{'small-team' if part is model.small_team else 'whole-consortium'} weights "
              f"({part.provenance['pseudo_queries']} pseudo-queries):")
        for name, w in zip(part.features, part.weights, strict=True):
            print(f"  {name:<32} {w:+.3f}")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
