"""Downloading a table from a page: a `cli_exports.TableExport` (the same table as `sme2go export
<kind>`) or any headers and rows, of what the user may see, as CSV (formula-guarded) or XLSX."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.forms import Form
from django.http import HttpResponse

from sme2go.cli_exports import TableExport
from sme2go.registry.company_formats import CONTENT_TYPES
from sme2go.registry.tabular import write_csv, write_xlsx

FORMATS = ("csv", "xlsx")


def table_download(export: TableExport, *, actor: Any, partner_id: int | None, year: int | None,
                   file_format: str, name: str) -> HttpResponse:
    """The export's table as an attachment named sme2go-<name>-<today>.<format>."""
    if file_format not in FORMATS:
        return unknown_format(file_format)
    rows = list(export.rows(actor=actor, partner_id=partner_id, year=year))
    return rows_download(export.headers, rows, title=export.title, file_format=file_format, name=name)


def rows_download(headers: Sequence[str], rows: Sequence[Sequence[object]], *, title: str, file_format: str,
                  name: str) -> HttpResponse:
    """The rows under their headers as an attachment named sme2go-<name>-<today>.<format>; a format other
    than csv or xlsx is a 400 that says which to use."""
    if file_format not in FORMATS:
        return unknown_format(file_format)
    data = write_xlsx(headers, rows, title=title) if file_format == "xlsx" else write_csv(headers, rows)
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (f'attachment; filename="sme2go-{name}-{datetime.date.today().isoformat()}'
                                       f'.{file_format}"')
    return response


def bad_filter(form: Form) -> HttpResponse:
    """A download's 400 for a filter not understood: the first one, by its label ("Year: Select a valid
    choice. …"), as plain text."""
    field, errors = next(iter(form.errors.items()))
    return HttpResponse(f"{form.fields[field].label}: {errors[0]}", status=400, content_type="text/plain; charset=utf-8")


def unknown_format(file_format: str) -> HttpResponse:
    return HttpResponse(f"Unknown format {file_format!r}: use csv or xlsx.", status=400,
                        content_type="text/plain; charset=utf-8")
