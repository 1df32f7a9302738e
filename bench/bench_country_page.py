"""Server time of the market pages: the country page (target 300 ms) and the ranking page.

Usage: python bench/bench_country_page.py [--repeat 20] [--quick]
       DATABASE_URL=postgres://.../scratch python bench/bench_country_page.py

Builds a database with the full bundled data (SQLite in a temporary SME2GO_HOME, or the
PostgreSQL database named by DATABASE_URL: point it at a scratch database; loading is
idempotent), then times requests through Django's test client as a logged-in manager:
server time, no network. Reported:

- cold: the first request of a process, which builds the index input from the database;
- a theme seen for the first time (index and 1,000-draw rank intervals computed);
- warm: pages whose theme the process has already computed;
- baseline: the same country page with the per-process cache emptied before every request
  (what every request would cost without it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable

from bench_django import start_django

TARGET_MS = 300.0
COUNTRIES = ("KEN", "VNM", "IND", "BRA", "NGA", "IDN", "EGY", "COL", "EST", "PHL")
THEMES = ("", "water", "transportation", "energy", "solid-waste", "governance")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per row (median and p95 reported)")
    parser.add_argument("--quick", action="store_true", help="few requests, for `make bench`")
    args = parser.parse_args()
    repeat = 5 if args.quick else args.repeat

    start_django(home=None if os.environ.get("DATABASE_URL") else tempfile.mkdtemp(prefix="sme2go-bench-markets-"))
    from django.conf import settings
    from django.db import connection

    from sme2go.markets.services import load_bundled_markets
    from sme2go.opportunities.services import load_bundled_opportunities

    started = time.perf_counter()
    markets = load_bundled_markets()
    opportunities = load_bundled_opportunities()
    print(f"database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    print(f"loaded the bundle in {time.perf_counter() - started:.1f} s ({markets.summary()}; {opportunities} opportunities created)\n")
    measure(repeat)


def _client():  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.test import Client

    from sme2go.accounts.models import Membership, Role

    user, created = get_user_model().objects.get_or_create(username="bench-manager")
    if created:
        Membership.objects.create(user=user, role=Role.MANAGER)
    client = Client()
    client.force_login(user)
    return client


def _time(client, path: str) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return elapsed


def _row(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    verdict = "ok" if p95 <= TARGET_MS else "OVER"
    print(f"{label:<52} {len(times):>4} {statistics.median(times):>9.1f} {p95:>9.1f} {TARGET_MS:>8.0f}  {verdict}")


def measure(repeat: int) -> None:
    from sme2go.markets import bundle, market_store

    client = _client()
    # Loading the store above filled the bundle's per-process caches; a new server process starts without them.
    for loader in vars(bundle).values():
        if hasattr(loader, "cache_clear"):
            loader.cache_clear()
    print(f"{'request (server time, ms)':<52} {'n':>4} {'median':>9} {'p95':>9} {'target':>8}")
    cold = _time(client, "/markets/KEN/")
    print(f"{'country page, cold process (builds the index input)':<52} {1:>4} {cold:>9.1f} {cold:>9.1f} {TARGET_MS:>8.0f}  {'ok' if cold <= TARGET_MS else 'OVER'}")
    first_theme = [_time(client, f"/markets/{iso3}/?theme={theme}") for iso3, theme in zip(COUNTRIES, THEMES[1:], strict=False)]
    _row("country page, theme computed for the first time", first_theme)

    def cycle(make_path: Callable[[int], str]) -> list[float]:
        return [_time(client, make_path(i)) for i in range(repeat)]

    _row("country page, warm (10 countries x 6 themes)", cycle(lambda i: f"/markets/{COUNTRIES[i % len(COUNTRIES)]}/?theme={THEMES[i % len(THEMES)]}"))
    _row("ranking page, all themes, warm", cycle(lambda i: "/markets/"))
    _row("ranking page, water, Africa, warm", cycle(lambda i: "/markets/?theme=water&region=Africa"))
    _row("opportunity list, water in Kenya, sorted by amount", cycle(lambda i: "/opportunities/?theme=water&country=KEN&sort=-amount"))
    _row("opportunity list, search 'urban transport'", cycle(lambda i: "/opportunities/?q=urban+transport"))

    def uncached(i: int) -> str:
        market_store._data.clear()
        market_store._results.clear()
        return f"/markets/{COUNTRIES[i % len(COUNTRIES)]}/"

    _row("baseline: country page without the process cache", [_time(client, uncached(i)) for i in range(max(3, repeat // 4))])


if __name__ == "__main__":
    main()
