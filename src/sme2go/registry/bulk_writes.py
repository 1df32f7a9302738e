"""Inserting and updating many rows fast, for imports of tens of thousands of companies.

Django's `bulk_create` builds a model instance and prepares every value through its
field for each row, which costs ~0.1 ms a row: too slow for 500,000 rows (50,000
companies with their solutions, capabilities, references and contacts). Here rows are
tuples of plain values sent as query parameters, `RETURNING` the new ids where asked:
on SQLite several hundred rows per multi-row VALUES statement; on PostgreSQL one array
parameter per column, spread by `unnest` (as Django 5.2's own bulk_create does), because
psycopg parses a query with thousands of placeholders slowly. Columns the caller does not
give get their field's default, and auto_now fields the current time, so a field added
to a model later does not break the import. Values are never formatted into the SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connections
from django.db.models import (
    BooleanField,
    CharField,
    Field,
    FloatField,
    IntegerField,
    JSONField,
    Model,
    TextField,
)
from django.utils import timezone

SQLITE_DEFAULT_MAX_PARAMS = 999
POSTGRES_ROWS_PER_STATEMENT = 5000


def _max_params(connection: Any) -> int:
    connection.ensure_connection()
    try:
        import sqlite3

        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    except (AttributeError, ImportError):  # Python < 3.11
        return SQLITE_DEFAULT_MAX_PARAMS


def _constant_columns(model: type[Model], given_columns: set[str], connection: Any) -> list[tuple[Field, Any]]:
    """Every other concrete column with the value a new row gets (default, auto_now time or NULL)."""
    now = timezone.now()
    constants = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in given_columns:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: Any = now
        elif field.has_default() or not field.null:
            value = field.get_default()
        else:
            value = None
        constants.append((field, field.get_db_prep_save(value, connection)))
    return constants


def insert_rows(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]], *,
                return_ids: bool = False) -> list[int]:
    """INSERT `rows` (tuples of plain values, in `fields` order) into `model`'s table.

    `fields` are field names or attnames (`company_id`); JSON fields are adapted here, other
    values must be str, int, float, bool or None. Returns the new primary keys in row order
    when `return_ids`.
    """
    if not rows:
        return []
    meta = model._meta
    connection = connections[model.objects.db]
    given: list[Field] = [meta.get_field(name) for name in fields]  # type: ignore[misc]
    constants = _constant_columns(model, {field.column for field in given}, connection)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in [*given, *(f for f, _ in constants)])
    returning = f" RETURNING {quote(meta.pk.column)}" if return_ids else ""  # type: ignore[union-attr]
    insert = f"INSERT INTO {quote(meta.db_table)} ({columns}) "
    ids: list[int] = []
    # The DB-API cursor under Django's wrapper: in DEBUG mode the wrapper would log (and, on
    # SQLite, re-quote) every parameter of these large statements. Errors are still Django's.
    with connection.cursor() as wrapper, connection.wrap_database_errors:
        cursor = wrapper.cursor
        if connection.vendor == "postgresql":
            statements = _postgres_statements(insert, returning, given, constants, rows, connection)
        else:
            statements = _values_statements(insert, returning, given, constants, rows, connection)
        for sql, params in statements:
            cursor.execute(sql, params)
            if return_ids:
                ids.extend(row[0] for row in cursor.fetchall())
    if return_ids and len(ids) != len(rows):
        raise RuntimeError(f"inserted {len(rows)} rows into {meta.db_table} but got {len(ids)} ids back")
    return ids


def _json_adapted(given: list[Field], rows: Sequence[Sequence[Any]], connection: Any) -> Sequence[Sequence[Any]]:
    positions = [i for i, field in enumerate(given) if isinstance(field, JSONField)]
    if not positions:
        return rows
    adapted = []
    for row in rows:
        values = list(row)
        for i in positions:
            values[i] = given[i].get_db_prep_save(values[i], connection)
        adapted.append(values)
    return adapted


def _values_statements(insert: str, returning: str, given: list[Field], constants: list[tuple[Field, Any]],
                       rows: Sequence[Sequence[Any]], connection: Any) -> Any:
    width = len(given) + len(constants)
    per_statement = max(1, min(1000, _max_params(connection) // width))
    placeholder = "(" + ", ".join(["%s"] * width) + ")"
    constant = tuple(value for _, value in constants)
    rows = _json_adapted(given, rows, connection)
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        params: list[Any] = []
        for row in chunk:
            params.extend(row)
            params.extend(constant)
        yield f"{insert}VALUES {', '.join([placeholder] * len(chunk))}{returning}", params


def _postgres_statements(insert: str, returning: str, given: list[Field], constants: list[tuple[Field, Any]],
                         rows: Sequence[Sequence[Any]], connection: Any) -> Any:
    # JSON goes in as text and is cast per row: arrays of jsonb parameters are awkward to adapt.
    array_types = ["text" if isinstance(f, JSONField) else f.db_type(connection) for f in given]
    selected = [f"u.c{i}::{f.db_type(connection)}" if isinstance(f, JSONField) else f"u.c{i}"
                for i, f in enumerate(given)]
    selected += [f"%s::{f.db_type(connection)}" for f, _ in constants]
    unnest = ", ".join(f"%s::{array_type}[]" for array_type in array_types)
    names = ", ".join(f"c{i}" for i in range(len(given)))
    sql = f"{insert}SELECT {', '.join(selected)} FROM unnest({unnest}) AS u({names}){returning}"  # noqa: S608
    json_positions = {i for i, f in enumerate(given) if isinstance(f, JSONField)}
    constant = [value for _, value in constants]
    for start in range(0, len(rows), POSTGRES_ROWS_PER_STATEMENT):
        chunk = rows[start:start + POSTGRES_ROWS_PER_STATEMENT]
        arrays = []
        for i, field in enumerate(given):
            column = [row[i] for row in chunk]
            if i in json_positions:
                column = [None if v is None else json.dumps(v, cls=field.encoder) for v in column]  # type: ignore[attr-defined]
            arrays.append(column)
        yield sql, [*constant, *arrays]



def update_rows(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """UPDATE many rows by primary key: each row is (pk, value of fields[0], value of fields[1], ...).

    One prepared statement run for every row (`executemany`): Django's `bulk_update` builds
    a CASE expression per field over the whole batch, which took a minute for 5,000 companies.
    Values are adapted by their field (JSON, dates), and are always parameters.
    """
    if not rows:
        return
    meta = model._meta
    connection = connections[model.objects.db]
    given: list[Field] = [meta.get_field(name) for name in fields]  # type: ignore[misc]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in given)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # type: ignore[union-attr]  # noqa: S608
    plain = [isinstance(field, (CharField, TextField, IntegerField, FloatField, BooleanField)) and
             not isinstance(field, JSONField) for field in given]
    params = []
    for pk, *values in rows:
        params.append([value if plain[i] else given[i].get_db_prep_save(value, connection)
                       for i, value in enumerate(values)] + [pk])
    with connection.cursor() as wrapper, connection.wrap_database_errors:
        wrapper.cursor.executemany(sql, params)


def refresh_statistics(models: Sequence[type[Model]]) -> None:
    """ANALYZE these tables on PostgreSQL after a large load.

    Without fresh statistics the planner treats a table that just grew from empty to
    hundreds of thousands of rows as tiny, and scans it whole for every `IN (...)` lookup
    until autovacuum catches up (an export right after a 50,000-company import took 2-3x
    as long). SQLite plans by its indexes without statistics.
    """
    connection = connections[models[0].objects.db]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(quote(model._meta.db_table) for model in models))


ID_CHUNK = 1000  # ids per query: SQLite limits the parameters of one IN (...)


def id_chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    """`ids` in consecutive lists of at most ID_CHUNK, one `IN (...)` query's worth each."""
    for start in range(0, len(ids), ID_CHUNK):
        yield list(ids[start:start + ID_CHUNK])
