"""Small company files for import tests (synthetic names)."""

from __future__ import annotations

import csv
import io

HEADERS = ["legal_name", "country", "city", "registry_code", "website", "capabilities", "solution_name"]


def company_rows(count: int, *, prefix: str = "Testfirm") -> list[dict[str, str]]:
    return [
        {
            "legal_name": f"{prefix} {index:05d} Oy", "country": "FI", "city": "Turku",
            "registry_code": f"FI-{prefix[:3].upper()}-{index:05d}", "website": f"https://t{index}.example.fi",
            "capabilities": "water.leak-detection:0.5", "solution_name": f"Leak radar {index}",
        }
        for index in range(count)
    ]


def csv_bytes(rows: list[dict[str, str]], *, headers: list[str] | None = None, delimiter: str = ",",
              encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    fieldnames = headers or list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)
