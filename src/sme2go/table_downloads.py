"""Downloading a `cli_exports.TableExport` from a page: the same table as `sme2go export <kind>`, of
what the user may see, as CSV (formula-guarded) or XLSX."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpResponse

from sme2go.cli_exports import TableExport
from sme2go.registry.company_formats import CONTENT_TYPES
from sme2go.registry.tabular import write_csv, write_xlsx

FORMATS = ("csv", "xlsx")


def table_download(export: TableExport, *, actor: Any, partner_id: int | None, year: int | None,
                   file_format: str, name: str) -> HttpResponse:
    """The table as an attachment named sme2go-<name>-<today>.<format>; a format other than csv or
    xlsx is a 400 that says which to use."""
    if file_format not in FORMATS:
        return HttpResponse(f"Unknown format {file_format!r}: use csv or xlsx.", status=400,
                            content_type="text/plain; charset=utf-8")
    rows = list(export.rows(actor=actor, partner_id=partner_id, year=year))
    if file_format == "xlsx":
        data = write_xlsx(export.headers, rows, title=export.title)
    else:
        data = write_csv(export.headers, rows)
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (f'attachment; filename="sme2go-{name}-{datetime.date.today().isoformat()}'
                                       f'.{file_format}"')
    return response
