"""import_companies: dry runs change nothing, imports are all-or-nothing, partial on request."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from sme2go.accounts.models import AuditEvent
from sme2go.registry.importing import import_companies
from sme2go.registry.models import Company, Solution, SolutionCapability
from tests.company_files import company_rows, csv_bytes


def test_it_changes_nothing_in_a_dry_run(manager, ee_company):
    rows = company_rows(20)
    rows[5]["country"] = "Narnia"
    report = import_companies(actor=manager, data=csv_bytes(rows), filename="f.csv", dry_run=True)
    assert not report.stored and report.rows_read == 20
    assert [(p.row, p.column) for p in report.problems] == [(7, "country")]
    assert (report.created, report.updated) == (19, 0)
    assert "Nothing was changed" in report.summary()
    assert Company.objects.count() == 1 and not AuditEvent.objects.filter(action="import").exists()


def test_it_stores_nothing_when_one_row_in_a_thousand_is_bad(manager):
    rows = company_rows(1000)
    rows[736]["founded_year"] = "next year"
    report = import_companies(actor=manager, data=csv_bytes(rows), filename="f.csv")
    assert not report.stored and Company.objects.count() == 0
    (problem,) = report.problems
    assert (problem.row, problem.column) == (738, "founded_year")
    assert "row 738, founded_year: 'next year' is not a year" == str(problem)
    assert report.summary().startswith("Nothing was imported: 1 problem in 1 row.")


def test_it_stores_the_good_rows_in_partial_mode(manager):
    rows = company_rows(10)
    rows[2]["capabilities"] = "water.teleportation:0.5"
    rows[9]["legal_name"] = rows[0]["legal_name"]
    rows[9]["registry_code"] = ""
    report = import_companies(actor=manager, data=csv_bytes(rows), filename="f.csv", all_or_nothing=False)
    assert report.stored and report.created == 8 and report.rejected_rows == 2
    assert [p.row for p in report.problems] == [4, 11]
    assert Company.objects.count() == 8
    assert not Company.objects.filter(legal_name=rows[2]["legal_name"]).exists()


def test_it_stores_companies_with_solutions_derived_fields_and_an_audit_event(manager, partners):
    report = import_companies(actor=manager, data=csv_bytes(company_rows(3)), filename="f.csv",
                              partner=partners["Turku"])
    assert report.stored and report.created == 3
    company = Company.objects.get(registry_code="FI-TES-00001")
    assert company.name_key == "testfirm 00001" and "turku" in company.search_text
    assert [p.short_name for p in company.partners.all()] == ["Turku"]
    solution = Solution.objects.get(company=company)
    assert solution.name == "Leak radar 1"
    assert list(SolutionCapability.objects.filter(solution=solution).values_list("capability_id", "level")) == [
        ("water.leak-detection", 0.5)]
    event = AuditEvent.objects.get(action="import")
    assert event.actor == manager and event.changes["created"] == 3


def test_it_updates_existing_companies_instead_of_duplicating_them(manager, ee_company):
    rows = [
        {"legal_name": "Aqua Sense OÜ", "country": "EE", "city": "Tartu", "registry_code": "EE123"},
        {"legal_name": "AQUA SENSE", "country": "FI", "city": "Espoo", "registry_code": ""},  # another country
    ]
    report = import_companies(actor=manager, data=csv_bytes(rows), filename="f.csv")
    assert (report.created, report.updated) == (1, 1)
    ee_company.refresh_from_db()
    assert ee_company.city == "Tartu" and "tartu" in ee_company.search_text
    by_name = import_companies(actor=manager, filename="g.csv", data=csv_bytes(
        [{"Company name": "aqua-sense oü", "Country": "ee", "Website": "aquasense.ee"}]))
    assert by_name.updated == 1 and Company.objects.count() == 2
    ee_company.refresh_from_db()
    assert ee_company.website == "https://aquasense.ee" and ee_company.city == "Tartu"  # city column absent: kept


def test_it_updates_solutions_by_name_and_never_deletes(manager):
    first = company_rows(1)
    import_companies(actor=manager, data=csv_bytes(first), filename="f.csv")
    first[0]["capabilities"] = "water.leak-detection:0.9|water.smart-water-metering:0.4"
    again = import_companies(actor=manager, data=csv_bytes(first), filename="f.csv")
    assert again.updated == 1
    solution = Solution.objects.get()
    assert dict(solution.capabilities.values_list("capability_id", "level")) == {
        "water.leak-detection": 0.9, "water.smart-water-metering": 0.4}


def test_an_advisor_links_imports_to_their_partner_and_may_not_change_others(advisor, fi_company, partners):
    rows = [{"legal_name": "Uus Firma OÜ", "country": "EE", "city": ""},
            {"legal_name": "Volttiväylä Oy", "country": "FI", "registry_code": "FI456", "city": "Oulu"}]
    report = import_companies(actor=advisor, data=csv_bytes(rows), filename="f.csv")
    assert not report.stored
    assert report.problems[0].row == 3 and "you may not change it" in report.problems[0].reason
    report = import_companies(actor=advisor, data=csv_bytes(rows[:1]), filename="f.csv")
    assert report.stored
    assert [p.short_name for p in Company.objects.get(legal_name="Uus Firma OÜ").partners.all()] == ["Tehnopol"]
    with pytest.raises(PermissionDenied):
        import_companies(actor=advisor, data=csv_bytes(rows[:1]), filename="f.csv", partner=partners["Turku"])


def test_a_company_user_may_not_import(company_user):
    with pytest.raises(PermissionDenied):
        import_companies(actor=company_user, data=csv_bytes(company_rows(1)), filename="f.csv")


def test_it_reports_an_unreadable_file_without_storing(manager):
    report = import_companies(actor=manager, data=b'legal_name,country\n"A Oy,FI\n', filename="f.csv")
    assert not report.stored and "unterminated quoted field" in report.problems[0].reason
    report = import_companies(actor=manager, data=b"Yritys;Kotimaa\nA;FI\n", filename="f.csv")
    assert {p.column for p in report.problems} == {"legal_name", "country"}
    report = import_companies(actor=manager, data=b"Yritys;Kotimaa\nA;FI\n", filename="f.csv",
                              mapping={"yritys": "legal_name", "Kotimaa": "country"})
    assert report.stored and report.created == 1


def test_it_stores_html_and_sql_literally(manager):
    text = "<script>alert('x')</script>\"; DROP TABLE registry_company; --"
    rows = [{"legal_name": text, "country": "EE", "description": text}]
    assert import_companies(actor=manager, data=csv_bytes(rows), filename="f.csv").stored
    company = Company.objects.get()
    assert company.legal_name == text and company.description == text
