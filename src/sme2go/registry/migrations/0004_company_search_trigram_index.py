"""PostgreSQL only: a trigram index so `search_text LIKE '%word%'` need not read every company.

SQLite has no such index; there the company list scans (see docs/web.md for both).
Where the pg_trgm extension cannot be created (no privilege), the index is skipped
and search still works, only slower.
"""

from django.db import DatabaseError, migrations, transaction

INDEX = "company_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON registry_company "
            "USING gin (search_text gin_trgm_ops) WHERE merged_into_id IS NULL"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_company_company_live_by_name")]
    operations = [migrations.RunPython(create_index, drop_index)]
