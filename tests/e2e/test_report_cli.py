"""`sme2go report`: the programme's report as PDF, CSV or JSON from the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sme2go.support.models import SupportAction

pytestmark = pytest.mark.django_db


def test_csv_to_standard_output_and_json_and_pdf_to_files(tmp_path, partners, ee_company):
    SupportAction.objects.create(company=ee_company, partner=partners["Tehnopol"], given_on="2026-03-02",
                                 kind="advice", hours=2)
    out = io.StringIO()
    call_command("report", stdout=out)
    rows = {(r["kpi"], r["scope"], r["year"]): r["actual"] for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows[("companies_supported", "programme", "all")] == "1"
    assert rows[("support_hours", "programme", "2026")] == "2"
    err = io.StringIO()
    call_command("report", "--format", "json", "-o", str(tmp_path / "kpis.json"), stderr=err)
    data = json.loads((tmp_path / "kpis.json").read_text(encoding="utf-8"))
    assert {k["key"]: k["total"] for k in data["kpis"]}["companies_supported"] == 1.0
    assert "wrote" in err.getvalue() and "KPIs" in err.getvalue()
    call_command("report", "--format", "pdf", "-o", str(tmp_path / "report.pdf"), stderr=io.StringIO())
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_bad_requests_say_what_is_wrong_and_write_nothing(tmp_path):
    with pytest.raises(CommandError, match="a PDF is a file; give -o FILE") as no_file:
        call_command("report", "--format", "pdf")
    assert no_file.value.returncode == 2
    with pytest.raises(CommandError, match="does not exist"):
        call_command("report", "-o", str(tmp_path / "missing" / "kpis.csv"))
    with pytest.raises(CommandError, match="is a directory"):
        call_command("report", "-o", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
