"""Export -> import into an empty registry -> export gives the same file, in CSV, XLSX and JSON."""

from __future__ import annotations

import io

import openpyxl
import pytest

from sme2go.registry.demo_loading import load_demo_registry
from sme2go.registry.exporting import export_companies
from sme2go.registry.importing import import_companies
from sme2go.registry.models import (
    Company,
    Contact,
    ReferenceDeployment,
    Solution,
    SolutionCapability,
)

TRICKY = "<b>Bold</b> & \"quoted\", semi;colon | pipe '; DROP TABLE registry_company; -- =1+1"


def sheet_values(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def registry(partners):
    load_demo_registry(count=40, seed=7)
    company = Company.objects.create(legal_name=TRICKY, country="EE", city="Tõrva", description=f"line 1\n{TRICKY}",
                                     nace_codes=["62.01", "35.1"], founded_year=1999, size_band="small")
    company.partners.add(partners["Tehnopol"], partners["Turku"])
    for name in ("Zeta platform", "alpha sensor"):
        solution = Solution.objects.create(company=company, name=name, description=TRICKY, trl=4)
        SolutionCapability.objects.create(solution=solution, capability_id="energy.smart-metering", level=0.123456789)
        ReferenceDeployment.objects.create(solution=solution, city="Tartu", country="EE", year=2021)
        ReferenceDeployment.objects.create(solution=solution, city="Pärnu", country="EE")
    Contact.objects.create(company=company, name="Liis Tamm", role="CEO", email="liis@x.ee", consent_to_contact=True)
    Contact.objects.create(company=company, name="Liis Tamm", role="CTO", email="liis2@x.ee")
    return Company.objects.count()


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_an_export_imports_back_unchanged(registry, manager, file_format):
    first = export_companies(actor=manager, file_format=file_format)
    counts = (Solution.objects.count(), SolutionCapability.objects.count(), ReferenceDeployment.objects.count(),
              Contact.objects.count())
    Company.objects.all().delete()
    assert Solution.objects.count() == 0

    report = import_companies(actor=manager, data=first, filename=f"export.{file_format}")
    assert report.problems == [] and report.created == registry
    assert counts == (Solution.objects.count(), SolutionCapability.objects.count(),
                      ReferenceDeployment.objects.count(), Contact.objects.count())
    second = export_companies(actor=manager, file_format=file_format)
    if file_format == "xlsx":  # the zip carries timestamps; the cells must be identical
        assert sheet_values(second) == sheet_values(first)
    else:
        assert second == first
    assert Company.objects.get(country="EE", city="Tõrva").legal_name == TRICKY


def test_importing_an_export_again_changes_and_duplicates_nothing(registry, manager):
    data = export_companies(actor=manager, file_format="csv")
    report = import_companies(actor=manager, data=data, filename="again.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 0, registry)
    assert report.summary().endswith(f"0 created, 0 updated, {registry} unchanged.")
    assert Company.objects.count() == registry
    assert export_companies(actor=manager, file_format="csv") == data


def test_an_export_holds_only_what_the_user_may_see(registry, company_user, ee_company):
    exported = export_companies(actor=company_user, file_format="json").decode()
    assert "Aqua Sense OÜ" in exported and TRICKY.split()[0] not in exported
