"""`sme2go import companies` and `sme2go export companies` on the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from sme2go.registry.models import Company
from tests.company_files import company_rows, csv_bytes


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_file_and_shows_progress(tmp_path, partners):
    path = tmp_path / "companies.csv"
    path.write_bytes(csv_bytes(company_rows(5), delimiter=";", encoding="latin-1"))
    out, err = run("import", "companies", str(path), "--partner", "turku")
    assert "Imported 5 rows" in out and "5 created" in out
    assert "storing   100% (5/5 rows" in err
    assert Company.objects.filter(partners=partners["Turku"]).count() == 5


def test_a_dry_run_lists_problems_exits_non_zero_and_changes_nothing(tmp_path, db):
    rows = company_rows(3)
    rows[1]["country"] = ""
    path = tmp_path / "companies.csv"
    path.write_bytes(csv_bytes(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem ") as caught:
        call_command("import", "companies", str(path), "--dry-run", stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 2  # `sme2go` exits with this code
    assert "row 3, country: country is required" in err.getvalue()
    with pytest.raises(CommandError):
        run("import", "companies", str(path))
    assert Company.objects.count() == 0


def test_partial_imports_the_good_rows_and_exits_zero(tmp_path, db):
    rows = company_rows(3)
    rows[1]["website"] = "not a site"
    path = tmp_path / "companies.csv"
    path.write_bytes(csv_bytes(rows))
    out, err = run("import", "companies", str(path), "--partial")
    assert "Imported 2 of 3 rows" in out and "2 created" in out and "1 row with problems was not imported" in out
    assert "row 3, website:" in err
    assert Company.objects.count() == 2


def test_it_applies_a_mapping_and_refuses_bad_arguments(tmp_path, db):
    path = tmp_path / "firms.txt"
    path.write_bytes("Yritys\tKotimaa\nÄänekoski Data Oy\tFI\n".encode())
    out, _ = run("import", "companies", str(path), "--format", "csv", "--mapping", "Yritys=legal_name",
                 "--mapping", "Kotimaa=country")
    assert "1 created" in out and Company.objects.get().legal_name == "Äänekoski Data Oy"
    with pytest.raises(CommandError, match="HEADER=FIELD|Column header=field"):
        run("import", "companies", str(path), "--mapping", "Yritys")
    with pytest.raises(CommandError, match="unknown partner"):
        run("import", "companies", str(path), "--partner", "Nowhere")
    with pytest.raises(CommandError, match="no such file"):
        run("import", "companies", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="is a directory, not a file") as refused:
        run("import", "companies", str(tmp_path))
    assert refused.value.returncode == 2  # bad input, as every sme2go command says it


def test_a_company_user_may_not_import(tmp_path, company_user):
    path = tmp_path / "companies.csv"
    path.write_bytes(csv_bytes(company_rows(1)))
    with pytest.raises(CommandError, match="only programme managers and advisors"):
        run("import", "companies", str(path), "--user", company_user.username)


def test_it_exports_in_each_format(tmp_path, ee_company, fi_company):
    out, _ = run("export", "companies", "--format", "json")
    assert [c["legal_name"] for c in json.loads(out)] == ["Aqua Sense OÜ", "Volttiväylä Oy"]
    out, _ = run("export", "companies")
    assert out.splitlines()[0].startswith("legal_name,country,city")
    target = tmp_path / "companies.xlsx"
    run("export", "companies", "--format", "xlsx", "-o", str(target))
    assert target.read_bytes().startswith(b"PK")
    with pytest.raises(CommandError, match="XLSX is binary"):
        run("export", "companies", "--format", "xlsx")
