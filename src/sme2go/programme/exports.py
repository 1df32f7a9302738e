"""The report in the forms it leaves sme2go: long-format CSV rows and a JSON document, shared by the
pages, the API and `sme2go report`. (The PDF is report_pdf.py.)"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from sme2go.programme.kpis import ProgrammeReport
from sme2go.programme.tally import Number
from sme2go.registry.tabular import guard_cell


def csv_rows(report: ProgrammeReport) -> Iterator[list[str]]:
    """The report as long-format rows: kpi, label, scope (programme or partner), year (all or YYYY), actual, target."""
    yield ["kpi", "label", "scope", "year", "actual", "target"]
    for r in report.results:
        key, label = r.kpi.key, r.kpi.label
        yield [key, label, "programme", "all", _plain(r.actual.total), _plain(r.target)]
        for partner in report.partners:
            yield [key, label, partner, "all", _plain(r.actual.by_partner.get(partner, 0)),
                   _plain(r.partner_targets.get(partner))]
        for year in report.years:
            yield [key, label, "programme", str(year), _plain(r.actual.by_year.get(year, 0)), ""]


def csv_text(report: ProgrammeReport) -> str:
    """The CSV file; names a spreadsheet would run as a formula are written as text."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in csv_rows(report):
        writer.writerow([guard_cell(cell) for cell in row[:3]] + row[3:])
    return out.getvalue()


def as_json(report: ProgrammeReport) -> dict[str, Any]:
    """Every KPI (total, target, per partner with targets, per year) and the budgets."""
    per_company = report.erdf_per_company_supported
    return {
        "generated_on": report.generated_on.isoformat(),
        "kpis": [{
            "key": r.kpi.key, "label": r.kpi.label, "unit": r.kpi.unit, "meaning": r.kpi.meaning,
            "total": float(r.actual.total), "target": None if r.target is None else float(r.target),
            "by_partner": {p: float(v) for p, v in r.actual.by_partner.items()},
            "partner_targets": {p: float(v) for p, v in r.partner_targets.items()},
            "by_year": {str(y): float(v) for y, v in r.actual.by_year.items()},
        } for r in report.results],
        "budget_eur": float(report.budget_total), "erdf_eur": float(report.erdf_total),
        "erdf_per_company_supported": None if per_company is None else float(per_company),
    }


def _plain(value: Number | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)
