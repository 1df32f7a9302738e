"""Company records to and from CSV, XLSX and JSON files (pure).

Export writes `COLUMNS` in order; JSON is a list of company objects with nested
`solutions` (capabilities, references) and `contacts`. Reading a JSON file gives the
same Table as the CSV export of the same companies, so one checker serves all formats.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sme2go.registry.company_rows import COLUMNS, CompanyRecord, ContactRecord, SolutionRecord
from sme2go.registry.tabular import (
    FILE_FORMATS,
    Problem,
    Table,
    TableError,
    read_table,
    write_csv,
    write_xlsx,
)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def solution_object(solution: SolutionRecord) -> dict[str, object]:
    return {
        "name": solution.name,
        "description": solution.description,
        "trl": solution.trl,
        "capabilities": dict(sorted(solution.capabilities.items())),
        "references": [
            {"city": r.city, "country": r.country, "year": r.year, "description": r.description}
            for r in solution.references
        ],
    }


def contact_object(contact: ContactRecord) -> dict[str, object]:
    return {"name": contact.name, "role": contact.role, "email": contact.email, "consent": contact.consent}


def company_object(record: CompanyRecord) -> dict[str, object]:
    """The JSON export of one company."""
    return {
        "legal_name": record.legal_name,
        "country": record.country,
        "city": record.city,
        "registry_code": record.registry_code,
        "vat": record.vat,
        "website": record.website,
        "size_band": record.size_band,
        "founded_year": record.founded_year,
        "nace_codes": list(record.nace_codes),
        "description": record.description,
        "partners": list(record.partners),
        "status": record.status,
        "is_generated": record.is_generated,
        "solutions": [solution_object(s) for s in record.solutions],
        "contacts": [contact_object(c) for c in record.contacts],
        "sme2go_id": record.sme2go_id,
    }


def _compact_json(items: list[dict[str, object]]) -> str:
    return json.dumps(items, ensure_ascii=False, separators=(",", ":")) if items else ""


def company_row(record: CompanyRecord) -> list[object]:
    """The CSV/XLSX row of one company, in `COLUMNS` order."""
    return [
        record.legal_name, record.country, record.city, record.registry_code, record.vat, record.website,
        record.size_band, record.founded_year, "|".join(record.nace_codes), record.description,
        "|".join(record.partners), record.status, "true" if record.is_generated else "false",
        _compact_json([solution_object(s) for s in record.solutions]),
        _compact_json([contact_object(c) for c in record.contacts]),
        record.sme2go_id,
    ]  # fmt: skip


def write_companies(records: Iterable[CompanyRecord], file_format: str) -> bytes:
    """The bytes of an export file in `file_format` (csv, xlsx or json)."""
    if file_format == "json":
        text = json.dumps([company_object(r) for r in records], ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")
    rows = (company_row(r) for r in records)
    if file_format == "csv":
        return write_csv(COLUMNS, rows)
    if file_format == "xlsx":
        return write_xlsx(COLUMNS, rows)
    raise ValueError(f"unknown format {file_format!r} (formats: {', '.join(FILE_FORMATS)})")


def read_company_file(data: bytes, file_format: str) -> Table:
    """A Table from CSV, XLSX or JSON bytes; raises TableError when the file is unreadable."""
    if file_format == "json":
        return read_json(data)
    return read_table(data, file_format)


# Keys whose value is a list of objects (the other lists are `|`-joined, like `partners`).
_OBJECT_LISTS = {"solutions": "solution", "contacts": "contact", "solutions_json": "solution",
                 "contacts_json": "contact"}


def read_json(data: bytes) -> Table:
    """A JSON list of company objects as a Table; row N is the (N-1)th object, as in a sheet.

    The keys are the headers (`solutions` and `contacts` map to `solutions_json` and
    `contacts_json` like any alias), so problems name the key as the file has it.
    """
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise TableError([Problem(0, "", f"JSON must be UTF-8 (bad byte at position {exc.start + 1})")]) from None
    except json.JSONDecodeError as exc:
        raise TableError([Problem(0, "", f"not valid JSON: {exc.msg} on line {exc.lineno}, column {exc.colno}")]) from None
    if not isinstance(items, list):
        raise TableError([Problem(0, "", "a JSON import must be a list of company objects: [{...}, {...}]")])
    if not items:
        raise TableError([Problem(0, "", "the file is an empty list ([]): there are no companies in it")])
    headers: list[str] = []  # the keys present, so an update changes only what the file gives
    problems = []
    for number, item in enumerate(items, start=2):
        if not isinstance(item, dict):
            problems.append(Problem(number, "", f"each entry must be a company object {{...}}, not {_json_kind(item)}"))
            continue
        for key in item:
            if str(key) not in headers:
                headers.append(str(key))
    rows = []
    for number, item in enumerate(items, start=2):
        if isinstance(item, dict):
            cells = {}
            for key, value in item.items():
                what = _OBJECT_LISTS.get(str(key))
                if what and value not in (None, "") and not (
                        isinstance(value, list) and all(isinstance(v, dict) for v in value)):
                    problems.append(Problem(number, str(key), f"must be a list of {what} objects "
                                            f"[{{\"name\": ...}}, ...], not {_json_kind(value)}"))
                    value = None
                cells[str(key)] = _json_cell(value)
            rows.append((number, [cells.get(h, "") for h in headers]))
    return Table(headers=headers, rows=rows, file_format="json", encoding="utf-8", problems=problems,
                 unreadable_rows=len(items) - len(rows))


def _json_kind(value: object) -> str:
    """How a JSON value is called in a message: `a text ("not a list")`, `a number`, `a list of texts`."""
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"a text ({json.dumps(shown, ensure_ascii=False)})"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list of other values" if value and all(not isinstance(v, dict) for v in value) \
            else "a list mixing objects and other values"
    return "an object"


def _json_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "|".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return str(value)
