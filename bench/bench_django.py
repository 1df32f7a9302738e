"""Django set up on a migrated database, for the benchmarks that time pages and the API.

Imported by the bench scripts (`python bench/<name>.py` puts this folder on the path).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


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
