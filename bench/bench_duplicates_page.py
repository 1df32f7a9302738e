"""The /duplicates/ page's speed on a large registry: first visit, repeat visits, visit after an edit.

Usage:
    python bench/bench_duplicates_page.py                        # 20,000 companies, fresh SQLite
    python bench/bench_duplicates_page.py --database-url postgres://postgres@127.0.0.1:5432/bench_dupes
    python bench/bench_duplicates_page.py --companies 2000        # a smoke run

With --database-url the named PostgreSQL database is created when missing and its registry
is EMPTIED first: point it at a scratch database.

Loads companies made by the demo generator (`sme2go demo --companies N` makes the same ones:
a small name space, so many names and websites share words; one registry code each) plus
the demo's second registrations (one per 40 companies, spelt differently), logs in the
programme manager and times whole requests of the page through Django's test client. The
*first visit* runs the engine over every company; *repeat visits* find the pairs in the
cache (keyed on the registry's version); a *visit after an edit* recomputes. The baseline
is the engine's own run (`find_candidates` over the same records), which an uncached page
pays on every visit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_company_list import percentile  # noqa: E402
from bench_django import start_django_on  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=10, help="timed repeat visits")
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (emptied!); default: fresh SQLite")
    args = parser.parse_args()
    start_django_on(database_url=args.database_url, prefix="sme2go-bench-dupes-")
    from django.conf import settings
    from django.db import connection

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (wall times rise with the load)")
    started = time.perf_counter()
    count = build_registry(args.companies)
    print(f"loaded {count:,} companies in {time.perf_counter() - started:.1f} s\n")
    measure(args.requests)


def build_registry(count: int) -> int:
    """Empty the registry; insert `count` demo-generator companies and the demo's second registrations."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from sme2go.accounts.models import Membership, Role
    from sme2go.registry.dedupe_demo import load_demo_duplicates
    from sme2go.registry.demo import generate_companies
    from sme2go.registry.demo_loading import ensure_partners
    from sme2go.registry.models import Company, Contact, MergeRecord, Solution

    generated = generate_companies(count)
    with transaction.atomic():
        MergeRecord.objects.all().delete()
        Solution.objects.all().delete()
        Contact.objects.all().delete()
        Company.objects.all().delete()
        get_user_model().objects.filter(username="bench-manager").delete()
        partners = ensure_partners()
        companies = []
        for g in generated:
            company = Company(legal_name=g.legal_name, country=g.country, city=g.city, registry_code=g.registry_code,
                              website=g.website, founded_year=g.founded_year, status=g.status, is_generated=True)
            company.refresh_derived_fields()
            companies.append(company)
        Company.objects.bulk_create(companies, batch_size=2000)
        through = Company.partners.through
        through.objects.bulk_create([through(company_id=c.pk, partner_id=partners[short].pk)
                                     for c, g in zip(companies, generated, strict=True) for short in g.partners],
                                    batch_size=5000)
        user = get_user_model().objects.create_user(username="bench-manager", password="bench-password")
        Membership.objects.create(user=user, role=Role.MANAGER)
    load_demo_duplicates()
    return Company.objects.count()


def timed_get(client, path: str) -> tuple[float, float, str]:
    started, cpu = time.perf_counter(), time.thread_time()
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000, response.content.decode()


def measure(requests: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from sme2go.registry.dedupe import CompanyRecord, find_candidates
    from sme2go.registry.models import Company

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-manager"))
    cache.clear()
    first_ms, first_cpu, page = timed_get(client, "/duplicates/")
    pairs = page.count("Merge ←")
    repeat = [timed_get(client, "/duplicates/")[:2] for _ in range(requests)]
    company = Company.objects.filter(merged_into__isnull=True).order_by("pk").first()
    assert company is not None
    company.city = company.city + " "  # an edit: the registry's version changes
    company.save()
    edited_ms, edited_cpu, _ = timed_get(client, "/duplicates/")
    records = [CompanyRecord(*row) for row in Company.objects.filter(merged_into__isnull=True).values_list(
        "pk", "legal_name", "country", "website", "registry_code", "vat")]
    started, cpu = time.perf_counter(), time.process_time()
    find_candidates(records)
    engine_ms, engine_cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000

    walls = [wall for wall, _ in repeat]
    print(f"{'visit':<32} {'wall':>10} {'cpu':>10}")
    print("-" * 54)
    print(f"{'first visit (engine runs)':<32} {first_ms:>8.0f}ms {first_cpu:>8.0f}ms")
    print(f"{'repeat visit, median':<32} {statistics.median(walls):>8.0f}ms "
          f"{statistics.median(c for _, c in repeat):>8.0f}ms")
    print(f"{'repeat visit, p95':<32} {percentile(walls, 95):>8.0f}ms")
    print(f"{'visit after an edit':<32} {edited_ms:>8.0f}ms {edited_cpu:>8.0f}ms")
    print(f"{'baseline: engine alone':<32} {engine_ms:>8.0f}ms {engine_cpu:>8.0f}ms")
    print(f"\n{len(records):,} companies, {pairs} pairs shown")


if __name__ == "__main__":
    main()
