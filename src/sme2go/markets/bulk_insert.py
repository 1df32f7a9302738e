"""Fast inserts of many plain rows for the bundled-data loaders (SQLite and PostgreSQL).

`bulk_create` builds a model instance per row; for the 200,000 rows of the bundled World
Bank projects that costs seconds of pure Python. Here rows go straight to `executemany`
with parameters; only the table and column names, which come from the model's own
metadata, are put into the SQL text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]], *, batch: int = 5000) -> int:
    """Insert `rows` (tuples in the order of `fields`, model field names) into `model`'s table."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)  # type: ignore[union-attr]
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - identifiers from model metadata
    count = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT on PostgreSQL; values travel as data, not SQL.
            copy_sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in iterator:
                    copy.write_row(row)
                    count += 1
            return count
        while chunk := list(islice(iterator, batch)):
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count
