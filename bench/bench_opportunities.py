"""Opportunity pages and API at feed scale: ~300,000 opportunities, against a 1 s target.

Usage:
    python bench/bench_opportunities.py                      # fresh SQLite in a temporary SME2GO_HOME
    python bench/bench_opportunities.py --home /tmp/opps     # keep the SQLite database, reuse it next time
    python bench/bench_opportunities.py --database-url postgres://postgres@127.0.0.1:5432/bench_opps
    python bench/bench_opportunities.py --copies 1 --requests 3   # ~54,000 opportunities, a smoke run

With --database-url the named PostgreSQL database is created when missing; its
opportunities are reused when the table already holds the expected number, else
EMPTIED and rebuilt: point it at a scratch database.

Loads the 27,132 bundled World Bank projects through the product's loader
(`load_bundled_opportunities`), then grows the table with `--copies` labelled
synthetic copies of each (10 by default: 298,452 opportunities): `source` is
"synthetic" and the id is `SYN<k>-<World Bank id>`, so a copy is never taken for
a real project; their themes, sectors and places are copied too. The copies are
written with INSERT … SELECT inside the database (seconds instead of minutes).

Then it times whole requests through Django's test client (routing, middleware,
session, queries, template: server time without the network), each `--requests`
times after one warm-up, and prints median and 95th percentile beside the
baseline: the same requests on the code before the search index and id paging
(measured 2026-11-28, numbers in BASELINE_MS below and docs/markets-app.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from typing import Any

from bench_django import percentile, start_django_on

TARGET_MS = 1000.0
SYNTHETIC_SOURCE = "synthetic"
# (label, path); {real} is a real opportunity's id, {open} an active one's.
CASES = (
    ("list, first page", "/opportunities/"),
    ("list, search common word 'water'", "/opportunities/?q=water"),
    ("list, search two words", "/opportunities/?q=urban+transport"),
    ("list, search rare word 'geothermal'", "/opportunities/?q=geothermal"),
    ("list, search accents 'côte d'ivoire'", "/opportunities/?q=c%C3%B4te+d%27ivoire"),
    ("list, search no hit", "/opportunities/?q=zzqxv"),
    ("list, search FTS syntax", "/opportunities/?q=%22water%22+NEAR+-x*+a:b"),
    ("list, theme water", "/opportunities/?theme=water"),
    ("list, country KEN + Active", "/opportunities/?country=KEN&status=Active"),
    ("list, region + years", "/opportunities/?region=Eastern+and+Southern+Africa&approved_from=2015&approved_to=2024"),
    ("list, theme + country, by amount", "/opportunities/?theme=water&country=KEN&sort=-amount"),
    ("list, word + theme, by amount", "/opportunities/?q=water&theme=water&sort=-amount"),
    ("list, deep page 6000", "/opportunities/?page=6000"),
    ("list, oldest first, page 3000", "/opportunities/?sort=approval_date&page=3000"),
    ("detail page", "/opportunities/{real}/"),
    ("API list, first page", "/api/opportunities"),
    ("API list, q=water", "/api/opportunities?q=water"),
    ("API list, q no hit", "/api/opportunities?q=zzqxv"),
    ("API list, theme + country", "/api/opportunities?theme=water&country=KEN"),
    ("API list, status + years, by amount", "/api/opportunities?status=Closed&approved_from=2000&sort=-amount"),
    ("API list, page 3000 of 100", "/api/opportunities?page=3000&page_size=100"),
    ("API detail", "/api/opportunities/{real}"),
    ("proposal pre-filled from opportunity", "/consortia/new/?opportunity={open}"),
    ("country page (top opportunities)", "/markets/KEN/"),
)
# The code before the search index and id paging (commit 0bd593e) on the same 298,452 opportunities,
# ms (median, p95 of 7 requests); measured 2026-11-28 on the shared 2-core machine, load average 1.8-3.3,
# back to back with the new code (the database migrated back to 0002, vacuumed and analysed).
BASELINE_MS: dict[str, dict[str, tuple[float, float]]] = {
    "sqlite": {
        "list, first page": (25.1, 26.6),
        "list, search common word 'water'": (127.2, 202.9),
        "list, search two words": (230.8, 290.2),
        "list, search rare word 'geothermal'": (327.0, 403.5),
        "list, search accents 'côte d'ivoire'": (281.5, 361.8),
        "list, search no hit": (218.5, 252.7),
        "list, search FTS syntax": (170.8, 216.6),
        "list, theme water": (137.3, 188.3),
        "list, country KEN + Active": (34.0, 35.0),
        "list, region + years": (96.5, 126.6),
        "list, theme + country, by amount": (47.9, 80.9),
        "list, word + theme, by amount": (156.3, 174.3),
        "list, deep page 6000": (791.0, 1000.7),
        "list, oldest first, page 3000": (214.7, 260.7),
        "detail page": (5.8, 13.8),
        "API list, first page": (11.0, 11.4),
        "API list, q=water": (235.4, 565.3),
        "API list, q no hit": (659.3, 787.3),
        "API list, theme + country": (14.9, 25.3),
        "API list, status + years, by amount": (206.8, 231.5),
        "API list, page 3000 of 100": (1204.5, 2023.9),
        "API detail": (3.6, 3.8),
        "proposal pre-filled from opportunity": (9.2, 9.5),
        "country page (top opportunities)": (33.8, 57.9),
    },
    "postgresql": {
        "list, first page": (172.9, 177.6),
        "list, search common word 'water'": (247.4, 249.9),
        "list, search two words": (278.7, 283.9),
        "list, search rare word 'geothermal'": (268.3, 469.8),
        "list, search accents 'côte d'ivoire'": (325.9, 477.0),
        "list, search no hit": (180.9, 194.2),
        "list, search FTS syntax": (178.2, 187.4),
        "list, theme water": (230.4, 260.4),
        "list, country KEN + Active": (50.6, 55.4),
        "list, region + years": (83.0, 84.5),
        "list, theme + country, by amount": (83.9, 91.4),
        "list, word + theme, by amount": (363.5, 383.5),
        "list, deep page 6000": (696.4, 711.8),
        "list, oldest first, page 3000": (231.6, 245.6),
        "detail page": (8.3, 9.0),
        "API list, first page": (230.7, 243.4),
        "API list, q=water": (339.0, 356.0),
        "API list, q no hit": (335.1, 357.4),
        "API list, theme + country": (70.0, 75.4),
        "API list, status + years, by amount": (248.8, 269.6),
        "API list, page 3000 of 100": (859.8, 1076.5),
        "API detail": (5.4, 5.9),
        "proposal pre-filled from opportunity": (11.9, 23.8),
        "country page (top opportunities)": (38.7, 64.7),
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=10, help="synthetic copies of each real project")
    parser.add_argument("--requests", type=int, default=7, help="timed requests per case")
    parser.add_argument("--database-url", help="a scratch PostgreSQL database; default: fresh SQLite")
    parser.add_argument("--home", help="SQLite: keep the database in this folder and reuse it when already loaded")
    parser.add_argument("--json", help="also write the measured (median, p95) per case to this file")
    args = parser.parse_args()

    start_django_on(database_url=args.database_url, home=args.home, prefix="sme2go-bench-opps-")
    from django.conf import settings
    from django.db import connection

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (wall times rise with the load)")
    started = time.perf_counter()
    total = build_feed(args.copies)
    print(f"{total:,} opportunities ready in {time.perf_counter() - started:.1f} s\n")
    results = measure(args.requests, connection.vendor)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=1)


def build_feed(copies: int) -> int:
    """The bundled projects plus `copies` labelled synthetic copies of each; reused when already there."""
    from django.db import connection, transaction

    from sme2go.markets.services import load_bundled_markets
    from sme2go.opportunities.models import Opportunity
    from sme2go.opportunities.services import SOURCE_WORLD_BANK, load_bundled_opportunities

    load_bundled_markets(city_min_population=300_000)
    load_bundled_opportunities()
    real = Opportunity.objects.filter(source=SOURCE_WORLD_BANK).count()
    expected = real * (copies + 1)
    ensure_users()
    if Opportunity.objects.count() == expected:
        print(f"reusing the {expected:,} opportunities already stored")
        return expected
    with transaction.atomic():
        Opportunity.objects.exclude(source=SOURCE_WORLD_BANK).delete()
        for k in range(1, copies + 1):
            copy_projects(k)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum would do soon after a bulk insert
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Opportunity.objects.count()


OPPORTUNITY_COLUMNS = (
    "title, objective, country_id, iso3, country_name, region, status, implementing_agency, amount_usd, "
    "project_cost_usd, approval_date, closing_date, search_text"
)


def copy_projects(k: int) -> None:
    """Copy k of every real project (and its themes, sectors and places), labelled as synthetic."""
    from django.db import connection

    prefix = f"SYN{k}-"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO opportunities_opportunity (source, external_id, {OPPORTUNITY_COLUMNS}) "  # noqa: S608
            f"SELECT %s, %s || external_id, {OPPORTUNITY_COLUMNS} FROM opportunities_opportunity WHERE source = %s",
            [SYNTHETIC_SOURCE, prefix, "worldbank"],
        )
        for table, columns in (
            ("opportunities_opportunitytheme", "theme_id, share, method"),
            ("opportunities_opportunitysector", "sector, major_sector, percent"),
            ("opportunities_opportunitylocation", "place, lat, lon, admin1"),
        ):
            cursor.execute(
                f"INSERT INTO {table} (opportunity_id, {columns}) "  # noqa: S608
                f"SELECT c.id, {', '.join('t.' + c.strip() for c in columns.split(','))} "
                f"FROM {table} t JOIN opportunities_opportunity o ON o.id = t.opportunity_id "
                f"JOIN opportunities_opportunity c ON c.source = %s AND c.external_id = %s || o.external_id "
                "WHERE o.source = %s",
                [SYNTHETIC_SOURCE, prefix, "worldbank"],
            )


def ensure_users() -> None:
    from django.contrib.auth import get_user_model

    from sme2go.accounts.models import Membership, Role

    user, created = get_user_model().objects.get_or_create(username="bench-manager")
    if created:
        user.set_password("bench-password")
        user.save()
    Membership.objects.get_or_create(user=user, defaults={"role": Role.MANAGER})


def measure(requests: int, vendor: str) -> dict[str, tuple[float, float]]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from sme2go.accounts.tokens import issue_token
    from sme2go.opportunities.models import Opportunity

    user = get_user_model().objects.get(username="bench-manager")
    page_client = Client()
    page_client.force_login(user)
    api_client = Client(headers={"Authorization": f"Bearer {issue_token(actor=None, user=user, name='bench')[1]}"})
    real = Opportunity.objects.get(source="worldbank", external_id="P179012").pk  # Kenya water, many places
    open_one = Opportunity.objects.filter(source="worldbank", status="Active", themes__theme_id="water").order_by("pk")[0].pk
    baseline = BASELINE_MS.get(vendor, {})
    header = f"{'case':<40} {'found':>8} {'median':>9} {'p95':>9} {'base med':>9} {'base p95':>9} {'target':>6}"
    print(header)
    print("-" * len(header))
    results: dict[str, tuple[float, float]] = {}
    for label, template in CASES:
        path = template.format(real=real, open=open_one)
        client = api_client if path.startswith("/api/") else page_client
        response = client.get(path)  # warm-up
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        found = found_count(response)
        times = timed(lambda client=client, path=path: client.get(path), requests)
        median, p95 = statistics.median(times), percentile(times, 95)
        results[label] = (round(median, 1), round(p95, 1))
        base_median, base_p95 = baseline.get(label, (float("nan"), float("nan")))
        verdict = "ok" if median < TARGET_MS else "SLOW"
        print(f"{label:<40} {found:>8} {median:>7.0f}ms {p95:>7.0f}ms {base_median:>7.0f}ms {base_p95:>7.0f}ms "
              f"{verdict:>6}")
    print(f"\ntarget: {TARGET_MS:.0f} ms server time per request (median); p95 of {requests} requests.")
    print("base: the code before the search index and id paging (BASELINE_MS), same data, same machine.")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return results


def found_count(response: Any) -> str:
    """How many opportunities the page or API says it found ('' for other pages)."""
    import re

    if response.headers.get("Content-Type", "").startswith("application/json"):
        return f"{response.json().get('count', 1):,}"
    match = re.search(r"([\d,]+) opportunit", response.content.decode())
    return match.group(1) if match else ""


def timed(call: Any, n: int) -> list[float]:
    """Wall-clock milliseconds of `n` calls."""
    wall = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        wall.append((time.perf_counter() - started) * 1000)
    return wall


if __name__ == "__main__":
    main()
