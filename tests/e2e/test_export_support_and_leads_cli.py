"""`sme2go export support-actions` and `sme2go export leads`: the tables an analyst opens in a
spreadsheet, filtered by partner and year, scoped to --user, safe from formula injection."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest

from sme2go.missions.models import Lead
from sme2go.support.models import SupportAction
from tests.e2e.cli_calls import cli_failure, export_rows

pytestmark = pytest.mark.django_db




@pytest.fixture
def support(partners, advisor, ee_company, fi_company):
    SupportAction.objects.create(company=ee_company, partner=partners["Tehnopol"], advisor=advisor, kind="advice",
                                 given_on=datetime.date(2025, 3, 2), hours=2, note="=HYPERLINK(\"http://x\")")
    SupportAction.objects.create(company=fi_company, partner=partners["Turku"], kind="coaching",
                                 given_on=datetime.date(2026, 1, 5), hours="1.5", note="-- slow to answer")


@pytest.fixture
def leads(partners, advisor, ee_company, fi_company):
    Lead.objects.create(company=ee_company, partner=partners["Tehnopol"], buyer="@Nairobi Water", country="KE",
                        value_eur=42_000, stage="won", won_on=datetime.date(2026, 2, 1))
    Lead.objects.create(company=fi_company, partner=partners["Turku"], buyer="Kampala", country="UG", value_eur=900)


def test_support_actions_go_out_newest_first_with_formulas_kept_as_text(support):
    rows, _ = export_rows("support-actions")
    assert [(r["company"], r["partner"], r["kind"], r["hours"], r["given_on"]) for r in rows] == [
        ("Volttiväylä Oy", "Turku", "coaching", "1.5", "2026-01-05"),
        ("Aqua Sense OÜ", "Tehnopol", "advice", "2.0", "2025-03-02")]
    assert rows[1]["note"] == "'=HYPERLINK(\"http://x\")" and rows[0]["note"] == "'-- slow to answer"
    assert rows[1]["advisor"] == "advisor-ee"


def test_support_actions_of_one_partner_or_year(support):
    assert [r["company"] for r in export_rows("support-actions", "--partner", "tehnopol")[0]] == ["Aqua Sense OÜ"]
    assert [r["company"] for r in export_rows("support-actions", "--year", "2026")[0]] == ["Volttiväylä Oy"]
    assert export_rows("support-actions", "--year", "2024")[0] == []


def test_a_company_user_exports_only_its_own_support_without_the_staff_note(support, company_user):
    rows, _ = export_rows("support-actions", "--user", "rep")
    assert [(r["company"], r["note"], r["advisor"]) for r in rows] == [("Aqua Sense OÜ", "", "")]


def test_leads_go_to_a_file_with_the_first_sale_marked(leads, tmp_path):
    target = tmp_path / "leads.csv"
    _, err = export_rows("leads", "-o", str(target))
    assert f"wrote {target} (2 rows)" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    by_buyer = {r["buyer"]: r for r in rows}
    assert set(by_buyer) == {"'@Nairobi Water", "Kampala"}
    won = by_buyer["'@Nairobi Water"]
    assert (won["stage"], won["won_on"], won["value_eur"], won["first_sale"]) == ("won", "2026-02-01", "42000.00", "yes")
    assert by_buyer["Kampala"]["first_sale"] == ""
    assert [r["buyer"] for r in export_rows("leads", "--partner", "Turku")[0]] == ["Kampala"]


def test_leads_as_xlsx_keep_text_as_text(leads, tmp_path):
    target = tmp_path / "leads.xlsx"
    export_rows("leads", "--format", "xlsx", "-o", str(target))
    sheet = openpyxl.load_workbook(target).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["id", "company_id", "company", "buyer"]
    assert "@Nairobi Water" in [row[3] for row in values[1:]]


def test_a_company_user_exports_only_its_own_leads(leads, company_user):
    assert [r["company"] for r in export_rows("leads", "--user", "rep")[0]] == ["Aqua Sense OÜ"]


@pytest.mark.parametrize(("argv", "message"), [
    (["export", "leads", "--partner", "Nowhere"], "sme2go export leads: --partner 'Nowhere': unknown partner organisation"),
    (["export", "support-actions", "--year", "1990"],
     "sme2go export support-actions: --year 1990: give a year between 2000 and 2100"),
    (["export", "leads", "--format", "xlsx"], "sme2go export leads: --format xlsx: XLSX is binary; give a file with -o FILE"),
])
def test_bad_options_are_one_line_with_exit_code_2(partners, capsys, tmp_path, argv, message):
    code, err = cli_failure(capsys, argv)
    assert code == 2
    assert err.startswith(message) and err.count("\n") == 1


def test_an_output_folder_that_does_not_exist_is_named(partners, capsys, tmp_path):
    code, err = cli_failure(capsys, ["export", "support-actions", "-o", str(tmp_path / "missing" / "s.csv")])
    assert (code, err.count("\n")) == (2, 1) and "does not exist" in err
