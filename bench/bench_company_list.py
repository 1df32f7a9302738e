"""Company list page speed: search and filters over 50,000 companies, against the 300 ms target.

Usage:
    python bench/bench_company_list.py                       # fresh SQLite in a temporary SME2GO_HOME
    python bench/bench_company_list.py --database-url postgres://postgres@127.0.0.1:5432/bench_list
    python bench/bench_company_list.py --quick               # 5,000 companies, 5 requests each

With --database-url the named PostgreSQL database is created when missing and its
registry is EMPTIED first: point it at a scratch database.

Builds synthetic companies with the demo generator's shape (name, city, partners,
1-3 solutions with 1-3 capabilities each) by bulk insert, logs in a programme
manager, and times whole requests of the real page through Django's test client
(URL routing, middleware, session, queries, template): server time without the
network. Each request is timed `--requests` times after one warm-up; the table
shows the median and the 95th percentile beside the target. The baseline is the
same result computed the unoptimised way (case-insensitive LIKE through UPPER(),
JOINs with DISTINCT for the partner and capability filters, and one query per
row for partners and capabilities), timed on the queries alone.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bench_django import percentile, start_django_on

TARGET_MS = 300.0
SCENARIOS = (
    ("no search (first page)", "/"),
    ("common word", "/?q=aqua"),
    ("two words", "/?q=water+tallinn"),
    ("word without match (full scan)", "/?q=zzzz-no-match"),
    ("registry code", "/?q=10012345"),
    ("country + status + theme", "/?country=FI&status=active&capability=water"),
    ("partner + capability", "/?partner={Tehnopol}&capability=transportation.traffic-management"),
    ("word + country, page 3", "/?q=smart&country=SE&page=3"),
    ("deep page, no search", "/?page=1500"),
    ("word typed without accents", "/?q=vasteras"),
    ("sort by country, page 1000", "/?sort=country&page=1000"),
    ("sort by founded, newest first", "/?sort=-founded"),
    ("sort by founded, page 1500", "/?sort=founded&page=1500"),
    ("sort by last update, page 1500", "/?sort=-updated&page=1500"),
    ("word, sort by last update", "/?q=aqua&sort=-updated"),
)
# The baseline's ORDER BY for each sort of the page.
BASELINE_ORDER = {"name": ("legal_name",), "country": ("country", "legal_name"), "founded": ("founded_year", "legal_name"),
                  "-founded": ("-founded_year", "legal_name"), "-updated": ("-updated_at", "legal_name")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per scenario")
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (emptied!); default: fresh SQLite")
    parser.add_argument("--quick", action="store_true", help="5,000 companies, 5 requests (a smoke run)")
    parser.add_argument("--home", help="SQLite: keep the database in this folder and reuse it when already loaded")
    parser.add_argument("--analyze", action="store_true",
                        help="SQLite: run ANALYZE before measuring (the page itself runs PRAGMA optimize; "
                             "PostgreSQL is always vacuumed and analysed after loading)")
    args = parser.parse_args()
    if args.quick:
        args.companies, args.requests = 5_000, 5

    start_django_on(database_url=args.database_url, home=args.home, prefix="sme2go-bench-list-")
    from django.conf import settings
    from django.db import connection

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from sme2go.registry.models import Company

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (wall times rise with the load)")
    if args.home and not args.database_url and Company.objects.count() == args.companies:
        print(f"reusing the {args.companies:,} companies already in {args.home}\n")
    else:
        started = time.perf_counter()
        counts = build_registry(args.companies)
        seconds = time.perf_counter() - started
        print(f"loaded {counts['companies']:,} companies, {counts['solutions']:,} solutions, "
              f"{counts['capabilities']:,} capability levels in {seconds:.1f} s "
              f"({counts['companies'] / seconds:,.0f} companies/s)\n")
    if args.analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print("planner statistics refreshed (ANALYZE)\n")
    measure(args.requests)


def build_registry(count: int, *, seed: int = 7) -> dict[str, int]:
    """Empty the registry and bulk-insert `count` synthetic companies shaped like the demo generator's."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from sme2go.accounts.models import Membership, Role
    from sme2go.registry.demo import generate_companies
    from sme2go.registry.demo_loading import ensure_partners
    from sme2go.registry.models import Company, CompanyNote, Contact, Solution, SolutionCapability

    rng = random.Random(seed)
    # The generator's brand names run out after a few hundred; vary a pool of templates instead.
    templates = generate_companies(400, seed=seed)
    words = ("Nord", "Balt", "Polar", "Urban", "Metro", "Civic", "Nova", "Sky", "Kite", "Orbit", "Fjord", "Birch")
    with transaction.atomic():
        for model in (SolutionCapability, Solution, Contact, CompanyNote):
            model.objects.all().delete()
        Company.objects.all().delete()
        get_user_model().objects.filter(username="bench-manager").delete()
        partners = ensure_partners()
        companies, chosen = [], []
        for index in range(count):
            template = templates[index % len(templates)]
            brand, form = template.legal_name.rsplit(" ", 1)
            company = Company(
                legal_name=f"{brand} {rng.choice(words)} {index} {form}", country=template.country,
                city=template.city, registry_code=f"{template.country}{10_000_000 + index:08d}",
                website=f"https://www.{brand.split()[0].lower()}{index}.{template.country.lower()}",
                size_band=template.size_band, founded_year=template.founded_year, nace_codes=template.nace_codes,
                description=template.description, status=template.status, is_generated=True,
            )
            company.refresh_derived_fields()
            companies.append(company)
            chosen.append(template)
        Company.objects.bulk_create(companies, batch_size=2000)
        through = Company.partners.through
        through.objects.bulk_create(
            [through(company_id=c.pk, partner_id=partners[short].pk)
             for c, t in zip(companies, chosen, strict=True) for short in t.partners],
            batch_size=5000,
        )
        solutions = [Solution(company=c, name=s.name, description=s.description, trl=s.trl)
                     for c, t in zip(companies, chosen, strict=True) for s in t.solutions]
        Solution.objects.bulk_create(solutions, batch_size=2000)
        specs = [s for t in chosen for s in t.solutions]
        levels = [SolutionCapability(solution=solution, capability_id=cap, level=level)
                  for solution, spec in zip(solutions, specs, strict=True) for cap, level in spec.capabilities.items()]
        SolutionCapability.objects.bulk_create(levels, batch_size=5000)
        user = get_user_model().objects.create_user(username="bench-manager", password="bench-password")
        Membership.objects.create(user=user, role=Role.MANAGER)
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk insert (PostgreSQL 13+ vacuums insert-only
        # tables too): statistics, and the visibility map that index-only scans need.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {"companies": len(companies), "solutions": len(solutions), "capabilities": len(levels)}


def measure(requests: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from sme2go.registry.models import Partner

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-manager"))
    tehnopol = Partner.objects.get(short_name="Tehnopol").pk
    header = (f"{'scenario':<32} {'matches':>8} {'page median':>11} {'page p95':>9} {'cpu median':>10} "
              f"{'baseline median':>15} {'target':>7}")
    print(header)
    print("-" * len(header))
    for label, template in SCENARIOS:
        path = template.replace("{Tehnopol}", str(tehnopol))
        response = client.get(path)  # warm-up
        assert response.status_code == 200, (path, response.status_code)
        matches = unoptimised_page(path, tehnopol)  # the same rows, so the same count
        page_times, cpu_times = timed(lambda path=path: client.get(path), requests)
        baseline_times, _ = timed(lambda path=path: unoptimised_page(path, tehnopol), max(3, requests // 4))
        median, p95 = statistics.median(page_times), percentile(page_times, 95)
        verdict = "ok" if p95 < TARGET_MS else "SLOW"
        print(f"{label:<32} {matches:>8,} {median:>9.1f}ms {p95:>7.1f}ms {statistics.median(cpu_times):>8.1f}ms "
              f"{statistics.median(baseline_times):>13.1f}ms {verdict:>7}")
    print(f"\ntarget: {TARGET_MS:.0f} ms server time per page; 'ok' when the 95th percentile is under it.")
    print("baseline: the same rows the unoptimised way (UPPER LIKE, JOIN + DISTINCT, N+1), queries only.")
    print("cpu: this process's CPU time per request (includes SQLite's work, not a PostgreSQL server's).")


def unoptimised_page(path: str, tehnopol: int) -> int:
    """The list computed naively: what the page would cost without the optimisations."""
    from sme2go.registry.models import Company

    params = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
    companies = Company.objects.filter(merged_into__isnull=True)
    for term in params.get("q", "").split():
        companies = companies.filter(search_text__icontains=term)
    if "country" in params:
        companies = companies.filter(country=params["country"])
    if "status" in params:
        companies = companies.filter(status=params["status"])
    if "partner" in params:
        companies = companies.filter(partners__pk=int(params["partner"]))
    if "capability" in params:
        capability = params["capability"]
        lookup = {"solutions__capabilities__capability_id": capability} if "." in capability else {
            "solutions__capabilities__capability_id__startswith": capability + "."}
        companies = companies.filter(**lookup)
    companies = companies.distinct().order_by(*BASELINE_ORDER[params.get("sort", "name")])
    total = companies.count()
    offset = (int(params.get("page", 1)) - 1) * 25
    for company in companies[offset:offset + 25]:
        list(company.partners.all())
        for solution in company.solutions.all():
            list(solution.capabilities.all())
    return total


def timed(call: Any, n: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of `n` calls."""
    wall, cpu = [], []
    for _ in range(n):
        started, cpu_started = time.perf_counter(), time.thread_time()
        call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - cpu_started) * 1000)
    return wall, cpu


if __name__ == "__main__":
    main()
