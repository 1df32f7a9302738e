"""An export imports back cleanly even while the registry holds duplicates not yet merged: each
row carries the company's sme2go id, updates that company, and is not compared with the other
rows for duplicates (that is the /duplicates/ page's work)."""

from __future__ import annotations

import json

import pytest

from sme2go.registry.dedupe_demo import load_demo_duplicates
from sme2go.registry.demo_loading import load_demo_registry
from sme2go.registry.exporting import export_companies
from sme2go.registry.importing import import_companies
from sme2go.registry.merging import merge_companies
from sme2go.registry.models import Company
from tests.company_files import csv_bytes


@pytest.fixture
def twins(partners):
    """The same company registered twice: same name, country and registry code."""
    first = Company.objects.create(legal_name="Baltsense AB", country="SE", registry_code="SE100", city="Malmö")
    second = Company.objects.create(legal_name="Baltsense AB", country="SE", registry_code="SE100", city="Lund")
    return first, second


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_an_export_with_unmerged_duplicates_imports_back_with_no_problems(twins, manager, file_format):
    data = export_companies(actor=manager, file_format=file_format)
    report = import_companies(actor=manager, data=data, filename=f"export.{file_format}", dry_run=True)
    assert report.problems == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_a_demo_export_imports_back_unchanged(partners, manager):
    load_demo_registry(count=120)
    assert load_demo_duplicates() == 3
    report = import_companies(actor=manager, data=export_companies(actor=manager, file_format="csv"),
                              filename="demo.csv", dry_run=True)
    assert report.problems == [] and report.unchanged == Company.objects.filter(merged_into=None).count()


def test_each_row_updates_the_company_its_id_names_even_renamed(twins, manager):
    first, second = twins
    rows = json.loads(export_companies(actor=manager, file_format="json"))
    by_city = {row["city"]: row for row in rows}
    by_city["Lund"]["legal_name"] = "Baltsense Lund AB"
    by_city["Lund"]["registry_code"] = "SE200"
    report = import_companies(actor=manager, data=json.dumps(rows).encode(), filename="edited.json")
    assert report.problems == [] and (report.created, report.updated, report.unchanged) == (0, 1, 1)
    second.refresh_from_db()
    assert (second.legal_name, second.registry_code) == ("Baltsense Lund AB", "SE200")
    assert Company.objects.count() == 2


def test_a_hand_made_row_repeating_an_exported_company_is_still_a_duplicate(twins, manager):
    exported = export_companies(actor=manager, file_format="csv").decode("utf-8-sig")
    extra = "Baltsense AB,SE,Malmö,SE100" + "," * (exported.splitlines()[0].count(",") - 3)
    report = import_companies(actor=manager, data=(exported + extra + "\n").encode(), filename="f.csv", dry_run=True)
    assert [(p.row, p.column) for p in report.problems] == [(4, "legal_name"), (4, "registry_code")]
    assert "is also on row 2" in report.problems[0].reason

    sme2go_id = str(twins[0].sme2go_id)
    twice = csv_bytes([{"legal_name": "A Oy", "country": "FI", "sme2go_id": sme2go_id},
                       {"legal_name": "B Oy", "country": "FI", "sme2go_id": sme2go_id.upper()}])
    report = import_companies(actor=manager, data=twice, filename="twice.csv", dry_run=True)
    assert [(p.row, p.column, p.reason) for p in report.problems] == [
        (3, "sme2go_id", f"sme2go id {sme2go_id} is also on row 2")]


def test_a_row_of_a_company_merged_since_the_export_updates_the_company_it_was_merged_into(twins, manager):
    first, second = twins
    data = export_companies(actor=manager, file_format="csv")
    merge_companies(keep=first, duplicate=second, actor=manager)
    report = import_companies(actor=manager, data=data, filename="old.csv", dry_run=True)
    assert [(p.row, p.column) for p in report.problems] == [(3, "legal_name")]
    assert report.problems[0].reason == ("Baltsense AB was merged into another company since this file was "
                                         "exported, and row 2 updates that company already: keep one of the two rows")


def test_an_unreadable_sme2go_id_is_named(manager, partners):
    report = import_companies(actor=manager, filename="f.csv", dry_run=True, data=csv_bytes(
        [{"legal_name": "A Oy", "country": "FI", "sme2go_id": "17"}]))
    assert [(p.row, p.column) for p in report.problems] == [(2, "sme2go_id")]
    assert report.problems[0].reason.startswith("'17' is not an sme2go id")
