"""An index for the opportunity search (`opportunities/search.py`), one per database.

- SQLite: an FTS5 table with the trigram tokenizer over `search_text` (external content: it
  stores the index, not a second copy of the text), filled from the stored opportunities and
  kept in sync by triggers on every INSERT, UPDATE and DELETE, whichever code path writes.
  Where SQLite has no FTS5 or no trigram tokenizer (before 3.34) the table is not created and
  search falls back to LIKE.
- PostgreSQL: a pg_trgm GIN index on `search_text`, which serves `LIKE '%word%'` as it is.
  Where the extension cannot be created (no privilege), the index is skipped and search
  still works, only slower (as the registry's migration 0004 does).
"""

from django.db import DatabaseError, OperationalError, migrations, transaction

TABLE = "opportunities_opportunity"
FTS = "opportunities_opportunity_fts"
TRIGRAM_INDEX = "opportunity_search_trgm"

# Spelled out (no formatting) so the statements read as they run.
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE opportunities_opportunity_fts USING fts5("
    "search_text, content='opportunities_opportunity', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER opportunities_opportunity_fts_insert AFTER INSERT ON opportunities_opportunity BEGIN "
    "INSERT INTO opportunities_opportunity_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER opportunities_opportunity_fts_delete AFTER DELETE ON opportunities_opportunity BEGIN "
    "INSERT INTO opportunities_opportunity_fts(opportunities_opportunity_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER opportunities_opportunity_fts_update AFTER UPDATE OF search_text ON opportunities_opportunity "
    "BEGIN INSERT INTO opportunities_opportunity_fts(opportunities_opportunity_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO opportunities_opportunity_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO opportunities_opportunity_fts(opportunities_opportunity_fts) VALUES ('rebuild')",
)
SQLITE_DROP = (
    *(f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {FTS}",
)


def create_search_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            try:
                with transaction.atomic(using=connection.alias):
                    for statement in SQLITE_CREATE:
                        cursor.execute(statement)
            except OperationalError:  # no FTS5, or no trigram tokenizer: search uses LIKE
                return
        elif connection.vendor == "postgresql":
            try:
                with transaction.atomic(using=connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except DatabaseError:
                return
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {TABLE} USING gin (search_text gin_trgm_ops)")


def drop_search_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_DROP:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0003_list_sort_indexes")]
    operations = [migrations.RunPython(create_search_index, drop_search_index)]
