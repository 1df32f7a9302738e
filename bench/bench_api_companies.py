"""REST API speed: `GET /api/companies` with search terms and filters over many companies.

Usage: python bench/bench_api_companies.py [--companies 50000] [--repeat 5]

Builds a throwaway database (SQLite in a temporary SME2GO_HOME, or the PostgreSQL
database named by DATABASE_URL, which it empties first, so point it at a scratch
database) with generated companies, then times each request through Django's test
client with a bearer token: server time, no network. Target: 300 ms (the company
list page's target in issue 2).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from dataclasses import replace

from bench_django import start_django

REQUESTS = (
    "/api/companies",
    "/api/companies?q=water",
    "/api/companies?q=smart+tallinn",
    "/api/companies?country=FI&status=active",
    "/api/companies?partner=Tehnopol&page=20",
    "/api/companies?capability=water",
    "/api/companies?capability=transportation.traffic-management&country=SE",
    "/api/companies?q=zzzz-no-match",
)
TARGET_MS = 300.0
GENERATOR_LIMIT = 2_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each request (median reported)")
    args = parser.parse_args()

    start_django(home=None if os.environ.get("DATABASE_URL") else tempfile.mkdtemp(prefix="sme2go-bench-api-"))
    from django.conf import settings
    from django.db import connection

    started = time.perf_counter()
    token = build_registry(args.companies)
    print(f"database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    print(f"built {args.companies} companies in {time.perf_counter() - started:.1f} s\n")
    measure(token, args.repeat)


def build_registry(count: int) -> str:
    """Empty the registry, bulk-create `count` generated companies, return a manager's token."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from sme2go.accounts.models import Membership, Role
    from sme2go.accounts.tokens import issue_token
    from sme2go.registry.demo import generate_companies
    from sme2go.registry.demo_loading import ensure_partners
    from sme2go.registry.models import Company, Solution, SolutionCapability

    with transaction.atomic():
        Company.objects.all().delete()
        partners = ensure_partners()
        # The demo generator runs out of distinct names somewhere between 2,000 and 3,000 companies,
        # so larger registries repeat its companies with a number in the name.
        base = generate_companies(min(count, GENERATOR_LIMIT), seed=2024)
        generated = [
            base[i] if i < len(base) else replace(base[i % len(base)], legal_name=f"{base[i % len(base)].legal_name} {i}")
            for i in range(count)
        ]
        companies = []
        for g in generated:
            company = Company(
                legal_name=g.legal_name, country=g.country, city=g.city, registry_code=g.registry_code,
                website=g.website, size_band=g.size_band, founded_year=g.founded_year, nace_codes=g.nace_codes,
                description=g.description, status=g.status, is_generated=True,
            )
            company.refresh_derived_fields()
            companies.append(company)
        Company.objects.bulk_create(companies, batch_size=2000)
        through = Company.partners.through
        through.objects.bulk_create(
            [through(company_id=c.pk, partner_id=partners[short].pk) for c, g in zip(companies, generated, strict=True)
             for short in g.partners],
            batch_size=5000,
        )
        solutions = [Solution(company=c, name=s.name, description=s.description, trl=s.trl)
                     for c, g in zip(companies, generated, strict=True) for s in g.solutions]
        Solution.objects.bulk_create(solutions, batch_size=2000)
        specs = [s for g in generated for s in g.solutions]
        SolutionCapability.objects.bulk_create(
            [SolutionCapability(solution=solution, capability_id=cap, level=level)
             for solution, spec in zip(solutions, specs, strict=True) for cap, level in spec.capabilities.items()],
            batch_size=5000,
        )
        user, _ = get_user_model().objects.get_or_create(username="bench-manager")
        Membership.objects.get_or_create(user=user, defaults={"role": Role.MANAGER})
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather them soon after a large import.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return issue_token(actor=None, user=user, name="bench")[1]


def measure(token: str, repeat: int) -> None:
    from django.test import Client

    client = Client(headers={"Authorization": f"Bearer {token}"})
    print(f"{'request':<72} {'matches':>8} {'median ms':>10} {'max ms':>8} {'target':>7}")
    for path in REQUESTS:
        response = client.get(path)  # warm-up (and the match count)
        assert response.status_code == 200, (path, response.content[:200])
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        verdict = "ok" if median < TARGET_MS else "SLOW"
        print(f"{path:<72} {response.json()['count']:>8} {median:>10.1f} {max(times):>8.1f} {verdict:>7}")


if __name__ == "__main__":
    main()
