"""De-duplication: precision, recall and F1 on the labelled set from real names, and runtime at scale.

Usage: python bench/bench_dedupe.py [--companies 50000] [--seed 2021]

The labelled set (sme2go.registry.dedupe_evaluation) is built deterministically from the 588
real Interreg organisation names shipped in src/sme2go/registry/data/. The rule was tuned on
the development half of the organisations; the test half was only measured.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from itertools import combinations

from rapidfuzz.fuzz import ratio

from sme2go.registry.dedupe import (
    CompanyRecord,
    DedupeSettings,
    comparison_words,
    find_candidates,
    find_candidates_brute_force,
)
from sme2go.registry.dedupe_evaluation import (
    VARIANTS,
    LabelledRecord,
    evaluate,
    labelled_records,
    pairs_of,
    pairs_with_equal_key,
    split_by_organisation,
    true_pairs,
)
from sme2go.registry.names import normalise_legal_name

# Brand names are made of syllables like real invented brands (Voi, Cuviva, Ecoloop, Katla).
SYLLABLES = tuple(c + v for c in "bdfghjklmnprstvz" for v in "aeiou") + (
    "ax", "en", "er", "ex", "in", "on", "or", "ul", "tek", "sol", "vik", "qua", "zen", "lin", "tor", "dal")
WORDS = ("Energy", "Energi", "Systems", "Solutions", "Technologies", "Consulting", "Bygg", "Data", "Water", "Vatten",
         "Smart", "City", "Nordic", "Baltic", "Mobility", "Lab", "Group", "Innovation", "Sense", "Grid", "Solar",
         "Digital", "Analytics", "Robotics", "Traffic", "Health", "Security", "Networks", "Green", "Urban")  # fmt: skip
FORMS = {"SE": ("AB", "Aktiebolag"), "FI": ("Oy", "Oyj", "Ab"), "EE": ("OÜ", "AS")}


def scale_records(count: int, *, seed: int) -> list[CompanyRecord]:
    """`count` synthetic companies of three countries; about one in ten is a variant of another."""
    rng = random.Random(seed)
    records: list[CompanyRecord] = []
    while len(records) < count:
        country = rng.choice(("SE", "FI", "EE"))
        if records and rng.random() < 0.1:
            original = rng.choice(records)
            name = VARIANTS[rng.choice(sorted(VARIANTS))](original.legal_name, rng)
            records.append(replace(original, id=len(records) + 1, legal_name=name,
                                   website=original.website if rng.random() < 0.5 else ""))
            continue
        brand = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4)))).capitalize()
        words = [brand] + rng.sample(WORDS, k=rng.choice((0, 1, 1, 2)))
        name = " ".join(words) + " " + rng.choice(FORMS[country])
        records.append(CompanyRecord(
            id=len(records) + 1, legal_name=name, country=country,
            website=f"https://www.{brand.lower()}.{country.lower()}" if rng.random() < 0.6 else "",
            registry_code=f"{country}{rng.randrange(10**7, 10**8)}" if rng.random() < 0.4 else "",
        ))
    return records


def hard_negatives(labelled: list[LabelledRecord], floor: float = 0.7) -> int:
    """Pairs of different organisations whose names are at least `floor` similar."""
    words = [(item.organisation, " ".join(comparison_words(item.record.legal_name))) for item in labelled]
    return sum(1 for (oa, a), (ob, b) in combinations(words, 2) if oa != ob and a and b and ratio(a, b) >= floor * 100)


def row(label: str, half: str, found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> None:
    s = evaluate(found, truth)
    print(f"| {label:<44} | {half:<4} | {s.precision:9.3f} | {s.recall:6.3f} | {s.f1:5.3f} | {s.true_positives:4d} | {s.false_positives:4d} | {s.false_negatives:4d} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--companies", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()

    labelled = labelled_records(seed=args.seed)
    development, test = split_by_organisation(labelled)
    real = sum(1 for item in labelled if item.origin == "real")
    print(f"Labelled set: {len(labelled)} records ({real} real names, {len(labelled) - real} generated variants) of "
          f"{len({i.organisation for i in labelled})} organisations; {len(true_pairs(labelled))} true pairs; "
          f"{hard_negatives(labelled)} hard negatives (different organisations, name similarity >= 0.7)\n")
    print("| method                                       | half | precision | recall | F1    | TP   | FP   | FN   |")
    print("|----------------------------------------------|------|-----------|--------|-------|------|------|------|")
    for half, part in (("dev", development), ("test", test)):
        records = [item.record for item in part]
        truth = true_pairs(part)
        row("baseline: exact legal name", half, pairs_with_equal_key(records, lambda r: r.legal_name), truth)
        row("baseline: exact normalised name", half, pairs_with_equal_key(records, lambda r: normalise_legal_name(r.legal_name)), truth)
        names_only = [replace(r, website="", registry_code="", vat="") for r in records]
        row("engine, names only", half, pairs_of(find_candidates(names_only)), truth)
        row("engine, all fields (threshold 0.85)", half, pairs_of(find_candidates(records)), truth)
        for threshold in (0.8, 0.9):
            found = find_candidates(records, settings=DedupeSettings(threshold=threshold))
            row(f"engine, all fields (threshold {threshold})", half, pairs_of(found), truth)

    real_only = [item for item in labelled if item.origin == "real"]
    records, truth = [item.record for item in real_only], true_pairs(real_only)
    print(f"\nOnly the {len(real_only)} names as the programmes wrote them ({len(truth)} true pairs, "
          "all written by people: translations, `kommun` / `stad`, abbreviations):\n")
    print("| method                                       | half | precision | recall | F1    | TP   | FP   | FN   |")
    print("|----------------------------------------------|------|-----------|--------|-------|------|------|------|")
    row("baseline: exact normalised name", "all", pairs_with_equal_key(records, lambda r: normalise_legal_name(r.legal_name)), truth)
    row("engine, names only", "all", pairs_of(find_candidates([replace(r, website="", registry_code="", vat="") for r in records])), truth)

    print(f"\nRuntime on {args.companies:,} synthetic companies (seed {args.seed}):\n")
    records = scale_records(args.companies, seed=args.seed)
    wall, cpu = time.perf_counter(), time.process_time()
    found = find_candidates(records)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print("| method                       | companies | wall s  | CPU s   | candidate pairs |")
    print("|------------------------------|-----------|---------|---------|-----------------|")
    print(f"| engine with blocking         | {len(records):9,} | {wall:7.2f} | {cpu:7.2f} | {len(found):15,} |")
    sample = records[:2000]
    wall, cpu = time.perf_counter(), time.process_time()
    find_candidates_brute_force(sample)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"| all pairs (measured)         | {len(sample):9,} | {wall:7.2f} | {cpu:7.2f} |                 |")
    factor = (len(records) / len(sample)) ** 2
    print(f"| all pairs (extrapolated, n²) | {len(records):9,} | {wall * factor:7.0f} | {cpu * factor:7.0f} |                 |")


if __name__ == "__main__":
    main()
