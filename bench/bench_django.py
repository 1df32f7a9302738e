"""Django set up on a migrated database, for the benchmarks that time pages and the API.

Imported by the bench scripts (`python bench/<name>.py` puts this folder on the path).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit


def start_django(*, home: str | None) -> None:
    """Set sme2go up with `home` as SME2GO_HOME (when given; SQLite lives there unless
    DATABASE_URL names a database) and migrate the database."""
    if home is not None:
        os.environ["SME2GO_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sme2go.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def start_django_on(*, database_url: str | None, home: str | None = None, prefix: str = "sme2go-bench-") -> None:
    """`start_django` on the scratch PostgreSQL database `database_url` (created when missing), or,
    without one, on SQLite in `home` (a fresh temporary folder named `prefix`… by default)."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        create_database_if_missing(database_url)
    else:
        os.environ.pop("DATABASE_URL", None)
    start_django(home=home or tempfile.mkdtemp(prefix=prefix))


def create_database_if_missing(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile (pct in 0-100) of the measured values."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]
