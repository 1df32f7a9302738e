"""Name lookup speed (`registry.search.company_named`): what the Team field of /consortia/suggest/
and the consortium page's add-member form cost at 50,000 companies.

Usage:
    python bench/bench_company_named.py                # fresh SQLite in a temporary SME2GO_HOME
    python bench/bench_company_named.py --home /tmp/x  # keep (and reuse) the SQLite database
    python bench/bench_company_named.py --database-url postgres://postgres@127.0.0.1:5432/bench_named

Loads the same synthetic registry as bench_company_list.py (with --database-url the
named database's registry is EMPTIED first: point it at a scratch database), then
times the lookup of a unique name, a name typed without its accents, a part of a name
shared by many companies, a name nobody has, and a legal form alone. The lookup narrows
the rows in the database on a word of the stored `name_key` and folds only those names in
Python (`names_containing`); a legal form alone folds every name. The baseline folds
nothing: it lower-cases the name of every visible company in Python.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from bench_company_list import build_registry
from bench_django import start_django_on


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=20, help="timed lookups per scenario")
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (emptied!); default: fresh SQLite")
    parser.add_argument("--home", help="SQLite: keep the database in this folder and reuse it when already loaded")
    args = parser.parse_args()
    start_django_on(database_url=args.database_url, home=args.home, prefix="sme2go-bench-named-")
    from django.contrib.auth import get_user_model
    from django.db import connection

    from sme2go.registry.models import Company
    from sme2go.registry.search import CompanyNotFound, company_named

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    if not (args.home and not args.database_url and Company.objects.count() == args.companies):
        build_registry(args.companies)
    user = get_user_model().objects.get(username="bench-manager")
    accented = Company.objects.filter(legal_name__regex=r"[ÄÖÜÕäöüõåÅ]").values_list("legal_name", flat=True).first()
    unique = Company.objects.order_by("pk").values_list("legal_name", flat=True)[args.companies // 2]
    scenarios = [("unique name", unique), ("part shared by many", "Nord"), ("nobody's name", "zzzz no such name"),
                 ("legal form only (no narrowing)", "Oy")]
    if accented:
        from sme2go.registry.names import fold_accents

        scenarios.insert(1, ("name typed without accents", fold_accents(accented)))
    print(f"{Company.objects.count():,} companies\n")
    print(f"{'scenario':<32} {'lookup median':>13} {'p95':>8} {'baseline median':>15}")
    for label, text in scenarios:
        def lookup(text: str = text) -> None:
            try:
                company_named(user, text)
            except CompanyNotFound:
                pass

        def baseline(text: str = text) -> None:
            wanted = text.lower()
            [pk for pk, name in Company.objects.filter(merged_into__isnull=True).values_list("pk", "legal_name")
             if wanted in name.lower()]

        times, base = timed(lookup, args.requests), timed(baseline, args.requests)
        print(f"{label:<32} {statistics.median(times):>11.1f}ms {sorted(times)[int(0.95 * (len(times) - 1))]:>6.1f}ms "
              f"{statistics.median(base):>13.1f}ms")


def timed(call, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    call()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


if __name__ == "__main__":
    main()
