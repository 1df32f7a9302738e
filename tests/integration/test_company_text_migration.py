"""Migration 0008 cleans control characters out of text stored before the rules refused them,
so an export of such data imports back and an XLSX export holds the same text."""

from __future__ import annotations

import importlib

from django.apps import apps

from sme2go.registry.exporting import export_companies
from sme2go.registry.importing import import_companies
from sme2go.registry.models import Company, Contact, Solution

migration = importlib.import_module("sme2go.registry.migrations.0008_text_without_control_characters")


def test_stored_control_characters_are_cleaned_and_the_export_then_imports_back(manager, ee_company):
    Company.objects.filter(pk=ee_company.pk).update(legal_name="Aqua\x07 Sense OÜ", description="one\x0btwo\x1b")
    solution = Solution.objects.create(company=ee_company, name="Radar\x0b2", description="a\x0cb")
    contact = Contact.objects.create(company=ee_company, name="Liis\x07 Tamm")
    before = export_companies(actor=manager, file_format="csv")
    assert import_companies(actor=manager, data=before, filename="f.csv", dry_run=True).problems != []

    migration.clean_stored_text(apps, None)

    ee_company.refresh_from_db()
    solution.refresh_from_db()
    contact.refresh_from_db()
    assert (ee_company.legal_name, ee_company.description) == ("Aqua Sense OÜ", "one\ntwo")
    assert (solution.name, solution.description, contact.name) == ("Radar 2", "a\nb", "Liis Tamm")
    report = import_companies(actor=manager, data=export_companies(actor=manager, file_format="csv"),
                              filename="f.csv", dry_run=True)
    assert report.problems == [] and report.unchanged == 1
