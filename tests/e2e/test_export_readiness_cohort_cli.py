"""`sme2go export readiness-cohort`: the cohort page's table (/readiness/download/) from the command line,
of one partner and one band if asked, in the page's order; bad input named, exit code 2, nothing written."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from sme2go.cli import main
from sme2go.readiness.models import ReadinessAssessment
from sme2go.readiness.questionnaire import QUESTIONS, score
from sme2go.registry.models import Company
from tests.e2e.cli_calls import cli_failure, export_rows
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def assess(company: Company, level: int, days_ago: int) -> None:
    given = {q.key: level for q in QUESTIONS}
    result = score(given)
    assessment = ReadinessAssessment.objects.create(company=company, answers=given, organisational=result.organisational,
                                                    product=result.product, overall=result.overall, band=result.band)
    ReadinessAssessment.objects.filter(pk=assessment.pk).update(assessed_at=NOW - datetime.timedelta(days=days_ago))


def run(*args: str) -> tuple[list[dict[str, str]], str]:
    return export_rows("readiness-cohort", *args)


@pytest.fixture
def cohort(partners, ee_company, fi_company):
    """Tehnopol: Aqua Sense (25 -> 75, Export-ready), "=cmd|' /C calc'!A0" (Early stage), Linnavalgus (never
    assessed); Turku: Volttiväylä (50, Developing)."""
    assess(ee_company, 1, days_ago=300)
    assess(ee_company, 3, days_ago=10)
    evil = Company.objects.create(legal_name="=cmd|' /C calc'!A0", country="EE")
    evil.partners.add(partners["Tehnopol"])
    assess(evil, 0, days_ago=5)
    never = Company.objects.create(legal_name="Linnavalgus AS", country="EE")
    never.partners.add(partners["Tehnopol"])
    assess(fi_company, 2, days_ago=40)


def test_the_cohort_goes_out_lowest_score_first_with_its_change(cohort):
    rows, _ = run()
    assert [(r["company"], r["band"], r["overall"]) for r in rows] == [
        ("'=cmd|' /C calc'!A0", "Early stage", "0.0"),  # a formula kept as text
        ("Volttiväylä Oy", "Developing", "50.0"),
        ("Aqua Sense OÜ", "Export-ready", "75.0")]
    aqua = rows[2]
    assert (aqua["first_overall"], aqua["change"], aqua["assessments"]) == ("25.0", "50.0", "2")
    assert aqua["assessed_on"] == timezone.localtime(NOW - datetime.timedelta(days=10)).date().isoformat()
    assert rows[1]["change"] == ""  # assessed once


def test_it_is_the_same_table_as_the_pages_download(cohort, manager):
    for query, options in [("", []), ("?partner=Tehnopol&band=Export-ready", ["--partner", "Tehnopol", "--band",
                                                                             "Export-ready"]),
                           ("?order=-change", ["--order=-change"]), ("?order=name", ["--order", "name"])]:
        page = client_for(manager).get(f"/readiness/download/{query}")
        out = io.StringIO()
        call_command("export", "readiness-cohort", *options, stdout=out)
        assert out.getvalue() == page.content.decode("utf-8-sig"), query


def test_one_partner_and_one_band_in_any_case(cohort):
    assert [r["company"] for r in run("--partner", "tehnopol")[0]] == ["'=cmd|' /C calc'!A0", "Aqua Sense OÜ"]
    assert [r["company"] for r in run("--band", "developing")[0]] == ["Volttiväylä Oy"]
    assert run("--partner", "Turku", "--band", "Export-ready")[0] == []


def test_an_xlsx_file_keeps_text_as_text(cohort, tmp_path):
    target = tmp_path / "cohort.xlsx"
    _, err = run("--format", "xlsx", "-o", str(target))
    assert f"wrote {target} (3 rows)" in err
    sheet = openpyxl.load_workbook(target).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["company_id", "company", "band", "overall", "organisational", "product", "assessed_on",
                         "assessments", "first_overall", "change"]
    assert values[1][1] == "=cmd|' /C calc'!A0" and sheet["B2"].data_type == "s"


def test_an_advisor_may_export_it_a_company_user_may_not(cohort, advisor, company_user, capsys, tmp_path):
    assert len(run("--user", advisor.username)[0]) == 3
    target = tmp_path / "cohort.csv"
    code, err = cli_failure(capsys, ["export", "readiness-cohort", "--user", "rep", "-o", str(target)])
    assert code == 1 and err.startswith("sme2go export readiness-cohort: --user 'rep': ") and err.count("\n") == 1
    assert not target.exists()


@pytest.mark.parametrize(("argv", "message"), [
    (["--band", "Ready"], "--band 'Ready': unknown band (bands: Export-ready, Nearly ready, Developing, Early stage)"),
    (["--partner", "Nowhere"], "--partner 'Nowhere': unknown partner organisation (partners: "),
    (["--order", "best"], "--order 'best': unknown order (orders: score, -score, -change, date, name)"),
    (["--format", "xlsx"], "--format xlsx: XLSX is binary; give a file with -o FILE"),
])
def test_bad_input_is_named_in_one_line_with_exit_code_2_and_nothing_written(cohort, capsys, tmp_path, argv, message):
    target = tmp_path / "cohort.csv"
    output = [] if "xlsx" in argv else ["-o", str(target)]
    code, err = cli_failure(capsys, ["export", "readiness-cohort", *argv, *output])
    assert code == 2
    assert err.startswith(f"sme2go export readiness-cohort: {message}") and err.count("\n") == 1
    assert "Traceback" not in err and not target.exists()


def test_it_has_no_year_option(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["export", "readiness-cohort", "--year", "2026"])
    assert exit_.value.code == 2 and "unrecognized arguments: --year 2026" in capsys.readouterr().err


def test_its_help_names_the_options_with_an_example(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["export", "readiness-cohort", "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    for option in ("--partner", "--band", "--order", "--format", "--output", "--user", "Nearly ready"):
        assert option in out
    assert "Example: sme2go export readiness-cohort --partner Tehnopol" in out
