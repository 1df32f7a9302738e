"""Consortium formation speed: CP-SAT (proof or gap) beside the greedy baseline.

    python bench/bench_consortia.py            # full run (about 8 minutes on 2 cores)
    python bench/bench_consortia.py --quick    # fewer seeds and a shorter limit (about 1.5 minutes)

Instances come from `generate()`: each company draws 1-4 capabilities out of twice the
required number, fits uniform in 0-1, readiness uniform in 0.2-1, a random country of
EE/FI/SE; ties between random distinct pairs with strength uniform in 0.1-3; requirement
weights uniform in 1-3; rules and weights at their defaults unless named.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from dataclasses import replace

from sme2go.consortia.engine import (
    CompanyOption,
    Instance,
    Requirement,
    Rules,
    Tie,
    Weights,
    greedy,
    solve,
)


def generate(seed: int, *, companies: int, required: int, ties: int = 0, tie_weight: float = 1.0) -> Instance:
    """A seeded benchmark instance (see the module docstring)."""
    rng = random.Random(seed)
    capabilities = [f"theme.capability-{i}" for i in range(2 * required)]
    requirements = tuple(
        Requirement(capability=capabilities[i], weight=rng.uniform(1.0, 3.0)) for i in range(required)
    )
    options = tuple(
        CompanyOption(
            id=f"c{i}",
            country=rng.choice(("EE", "FI", "SE")),
            readiness=rng.uniform(0.2, 1.0),
            fit={capability: rng.uniform(0.0, 1.0) for capability in rng.sample(capabilities, rng.randint(1, 4))},
        )
        for i in range(companies)
    )
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < ties:
        a, b = rng.sample(range(companies), 2)
        pairs.add((min(a, b), max(a, b)))
    tie_list = tuple(Tie(a=f"c{a}", b=f"c{b}", strength=rng.uniform(0.1, 3.0)) for a, b in sorted(pairs))
    return Instance(
        required=requirements,
        companies=options,
        ties=tie_list,
        rules=Rules(),
        weights=replace(Weights(), tie=tie_weight),
    )


def timed_greedy(instance: Instance) -> tuple[float | None, float]:
    started = time.monotonic()
    found = greedy(instance)
    return (found.score if found else None), time.monotonic() - started


def no_ties_row(label: str, *, companies: int, required: int, top_k: int, seeds: list[int], target: float) -> None:
    times, cpu, statuses, vs_greedy = [], [], [], []
    for seed in seeds:
        instance = generate(seed, companies=companies, required=required, tie_weight=0.0)
        cpu_started = time.process_time()
        result = solve(instance, top_k=top_k, time_limit=60.0)
        cpu.append(time.process_time() - cpu_started)
        greedy_score, _ = timed_greedy(instance)
        times.append(result.seconds)
        statuses.append(result.status)
        if greedy_score is not None and result.consortia:
            vs_greedy.append(result.consortia[0].score - greedy_score)
    optimal = sum(s == "OPTIMAL" for s in statuses)
    print(
        f"| {label} | {len(seeds)} | {optimal}/{len(seeds)} | {statistics.median(times):.2f} | "
        f"{max(times):.2f} | {statistics.median(cpu):.2f} | < {target:g} | "
        f"{statistics.mean(vs_greedy) if vs_greedy else float('nan'):+.3f} |"
    )


def ties_table(*, companies: int, required: int, ties: int, seeds: list[int], limit: float) -> None:
    print(f"\nWith ties: {companies} companies, {required} required, {ties} ties, tie weight 0.5, "
          f"top 1, limit {limit:g} s")
    print("| seed | status | seconds | best | bound | gap | greedy | greedy s | best ≥ greedy |")
    print("|---|---|---|---|---|---|---|---|---|")
    gaps, wins = [], 0
    for seed in seeds:
        instance = generate(seed, companies=companies, required=required, ties=ties, tie_weight=0.5)
        result = solve(instance, top_k=1, time_limit=limit)
        greedy_score, greedy_seconds = timed_greedy(instance)
        best = result.consortia[0].score if result.consortia else float("nan")
        gap = result.gap if result.gap is not None else float("nan")
        gaps.append(gap)
        ok = greedy_score is None or best >= greedy_score - 1e-9
        wins += ok
        print(
            f"| {seed} | {result.status} | {result.seconds:.2f} | {best:.3f} | {result.bound or float('nan'):.3f} | "
            f"{100 * gap:.2f}% | {greedy_score if greedy_score is not None else float('nan'):.3f} | "
            f"{greedy_seconds:.2f} | {'yes' if ok else 'NO'} |"
        )
    print(f"best ≥ greedy in {wins}/{len(seeds)}; gap median {100 * statistics.median(gaps):.2f}%, "
          f"max {100 * max(gaps):.2f}%")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer seeds and a 5 s limit")
    parser.add_argument("--only", choices=("no-ties", "ties-500", "ties-5000"), help="run one part")
    args = parser.parse_args(argv)
    seeds_no_ties = list(range(3 if args.quick else 10))
    seeds_ties = list(range(5 if args.quick else 20))
    limit = 5.0 if args.quick else 10.0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, CP-SAT on 2 workers, {os.cpu_count()} cores, load average {load:.1f}\n")
    if args.only in (None, "no-ties"):
        print("Without ties (tie weight 0): proven optimal, median and max seconds over seeds")
        print("| instance | seeds | optimal | median s | max s | median CPU s | target s | best − greedy (mean) |")
        print("|---|---|---|---|---|---|---|---|")
        no_ties_row("500 companies × 8 required, top 5", companies=500, required=8, top_k=5,
                    seeds=seeds_no_ties, target=2)
        no_ties_row("5,000 companies × 12 required, top 1", companies=5000, required=12, top_k=1,
                    seeds=seeds_no_ties[:3] if not args.quick else seeds_no_ties[:1], target=20)
    if args.only in (None, "ties-500"):
        ties_table(companies=500, required=8, ties=2000, seeds=seeds_ties, limit=limit)
    if args.only in (None, "ties-5000"):
        ties_table(companies=5000, required=12, ties=20000, seeds=seeds_ties[:3] if args.quick else seeds_ties,
                   limit=limit)


if __name__ == "__main__":
    main()
