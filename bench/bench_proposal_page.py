"""Server time of the consortium proposal page on the demo data (target: median < 1.5 s).

Usage: python bench/bench_proposal_page.py [--needs 12] [--baseline-needs 4] [--quick]
       DATABASE_URL=postgres://.../scratch python bench/bench_proposal_page.py

Loads the demo (`sme2go demo --no-serve`: 500 generated companies, the bundled World Bank
projects as opportunities, the synthetic collaboration history with its ties) into a fresh
SQLite database in a temporary SME2GO_HOME (or the PostgreSQL database named by DATABASE_URL:
point it at a scratch database; loading is idempotent). Needs: the demo's opportunities
grouped by the capabilities the page pre-fills (their top two themes); the most common
groups first, one opportunity each. Then, as the demo advisor through Django's test client
(server time, no network), for each need:

- propose: GET /consortia/new/?opportunity=<id>&go=1&cap=... (the pre-filled need, default
  rules, top 3), what "Propose consortia" sends;
- lock: the same with the best team's first member locked (its "Lock" button);
- exclude: the same with that member excluded (its "Exclude" button).

Each request's time is split into the main solve (top 3), the near misses (the 3 strongest
outsiders, each needing the best team holding it) and the rest (building the instance from the
database, member reasons, rendering). Baseline: the propose page with the solver as it was
before the exact enumeration (CP-SAT for the main solve, one CP-SAT re-solve of 3 s per near
miss), on the first --baseline-needs needs.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from bench_django import start_django

TARGET_S = 1.5
ADVISOR = "advisor-sisp"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--needs", type=int, default=12, help="distinct needs (opportunity groups) timed")
    parser.add_argument("--baseline-needs", type=int, default=4, help="needs timed with the previous solver (~12 s a page)")
    parser.add_argument("--quick", action="store_true", help="a short run: 4 needs, the baseline on 1")
    args = parser.parse_args()
    needs, baseline_needs = (4, 1) if args.quick else (args.needs, args.baseline_needs)

    start_django(home=None if os.environ.get("DATABASE_URL") else tempfile.mkdtemp(prefix="sme2go-bench-proposal-"))
    from django.conf import settings
    from django.db import connection

    started = time.perf_counter()
    _load_demo()
    print(f"database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    print(f"loaded the demo in {time.perf_counter() - started:.1f} s\n")
    chosen = _needs(needs)
    client = _client()
    _table("after: exact enumeration, near misses read off the proven list", _measure(client, chosen, clicks=True))
    if baseline_needs:
        with _previous_solver():
            _table("baseline: CP-SAT main solve, one CP-SAT re-solve per near miss",
                   _measure(client, chosen[:baseline_needs], clicks=False))


def _load_demo() -> None:
    from sme2go.registry.demo_loading import ensure_demo_users, load_demo_registry
    from sme2go.registry.management.commands.demo import demo_steps

    load_demo_registry(count=500)
    for step in demo_steps():
        step(io.StringIO())
    ensure_demo_users()


def _needs(count: int) -> list[tuple[Any, list[str]]]:
    """(opportunity, pre-filled capabilities) for the `count` most common non-empty needs."""
    from sme2go.consortia.demo import common_needs

    chosen, distinct = common_needs(count)
    print(f"{distinct} distinct needs among the demo's opportunities; timing the {len(chosen)} most common\n")
    return chosen


def _client():  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=ADVISOR))
    return client


def _propose_path(opportunity: Any, capabilities: list[str], extra: list[tuple[str, str]]) -> str:
    from sme2go.consortia.engine import Rules

    rules = Rules()
    params: list[tuple[str, Any]] = [("go", "1"), ("opportunity", opportunity.pk)]
    for capability in capabilities:
        params += [("cap", capability), (f"weight_{capability}", "1")]
    params += [(name, getattr(rules, name)) for name in ("min_size", "max_size", "min_countries", "min_readiness", "min_fit")]
    params += [("cover_all", "on"), ("top", "3"), ("target_country", opportunity.country_name)]
    return "/consortia/new/?" + urlencode(params + extra)


class _Clock:
    """Wall time spent in the main solve and in the near misses during one request."""

    def __init__(self) -> None:
        self.main = self.near = 0.0
        self.proposal: Any = None

    def reset(self) -> None:
        self.main = self.near = 0.0
        self.proposal = None


@contextmanager
def _clocked(clock: _Clock) -> Iterator[None]:
    from sme2go.consortia import proposals

    propose, engine_solve, near_misses = proposals.propose_consortia, proposals.solve, proposals._near_misses
    depth = {"near": 0}

    def kept(*args: Any, **kwargs: Any) -> Any:
        clock.proposal = propose(*args, **kwargs)
        return clock.proposal

    def timed_solve(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return engine_solve(*args, **kwargs)
        finally:
            if not depth["near"]:
                clock.main += time.perf_counter() - started

    def timed_near(*args: Any, **kwargs: Any) -> Any:
        started, depth["near"] = time.perf_counter(), depth["near"] + 1
        try:
            return near_misses(*args, **kwargs)
        finally:
            depth["near"] -= 1
            clock.near += time.perf_counter() - started

    proposals.propose_consortia, proposals.solve, proposals._near_misses = kept, timed_solve, timed_near
    try:
        yield
    finally:
        proposals.propose_consortia, proposals.solve, proposals._near_misses = propose, engine_solve, near_misses


@contextmanager
def _previous_solver() -> Iterator[None]:
    """The proposal's solver before the exact enumeration: CP-SAT for every solve and a
    re-solve for every near miss (none read off the list)."""
    from sme2go.consortia import proposals
    from sme2go.consortia.engine.cpsat import solve

    engine_solve, best_listed = proposals.solve, proposals._best_listed

    def cpsat_only(instance: Any, *, top_k: int, time_limit: float) -> Any:
        return solve(instance, top_k=top_k, time_limit=time_limit)

    proposals.solve, proposals._best_listed = cpsat_only, lambda result, company_id: None
    try:
        yield
    finally:
        proposals.solve, proposals._best_listed = engine_solve, best_listed


def _measure(client: Any, needs: list[tuple[Any, list[str]]], *, clicks: bool) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {"propose": [], "lock": [], "exclude": []}
    clock = _Clock()

    def get(kind: str, path: str, need: str) -> Any:
        clock.reset()
        started = time.perf_counter()
        with _clocked(clock):
            response = client.get(path)
        total = time.perf_counter() - started
        proposal = clock.proposal
        if response.status_code != 200 or proposal is None:
            raise SystemExit(f"{path} answered {response.status_code} without a proposal")
        rows[kind].append({
            "need": need, "total": total, "main": clock.main, "near": clock.near, "status": proposal.result.status,
            "misses": len(proposal.near_misses),
            "unproven": sum("not proven" in m.reason for m in proposal.near_misses),
        })
        return proposal

    for opportunity, capabilities in needs:
        need = f"opportunity {opportunity.pk}, {len(capabilities)} capabilities"
        proposal = get("propose", _propose_path(opportunity, capabilities, []), need)
        if clicks and proposal.teams:
            member = proposal.teams[0].consortium.members[0]
            get("lock", _propose_path(opportunity, capabilities, [("do_lock", member)]), need)
            get("exclude", _propose_path(opportunity, capabilities, [("do_exclude", member)]), need)
    return rows


def _table(title: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    print(title)
    print(f"{'request (server time, s)':<26} {'n':>3} {'median':>7} {'max':>7} {'main med':>9} {'near med':>9} "
          f"{'rest med':>9} {'optimal':>8} {'near misses not proven':>23}  target")
    for kind, measured in rows.items():
        if not measured:
            continue
        def column(key: str, measured: list[dict[str, Any]] = measured) -> list[float]:
            return [r[key] for r in measured]

        rest = [r["total"] - r["main"] - r["near"] for r in measured]
        median = statistics.median(column("total"))
        optimal = sum(r["status"] == "OPTIMAL" for r in measured)
        unproven = f"{sum(column('unproven')):.0f}/{sum(column('misses')):.0f}"
        verdict = "ok" if median < TARGET_S else "OVER"
        print(f"{kind + ' page':<26} {len(measured):>3} {median:>7.2f} {max(column('total')):>7.2f} "
              f"{statistics.median(column('main')):>9.2f} {statistics.median(column('near')):>9.2f} "
              f"{statistics.median(rest):>9.2f} {f'{optimal}/{len(measured)}':>8} {unproven:>23}  < {TARGET_S:g} {verdict}")
    slowest = sorted((r for measured in rows.values() for r in measured), key=lambda r: -r["total"])[:3]
    print("slowest: " + "; ".join(f"{r['total']:.2f} s ({r['need']}, {r['status']})" for r in slowest))
    print()


if __name__ == "__main__":
    main()
