"""Finding the one company a user means by what they typed: an id, a name, or "name (id)"."""

from __future__ import annotations

import pytest

from sme2go.registry.models import Company
from sme2go.registry.search import CompanyNotFound, company_named

pytestmark = pytest.mark.django_db


def test_a_name_matches_whatever_the_case_of_its_nordic_letters(manager, ee_company, fi_company):
    assert company_named(manager, "AQUA SENSE OÜ") == ee_company  # SQLite's LIKE alone would miss Ü/ü
    assert company_named(manager, "aqua sense oü") == ee_company
    assert company_named(manager, "VOLTTIVÄYLÄ") == fi_company  # the only name containing it
    assert company_named(manager, f"  {fi_company.pk} ") == fi_company


def test_a_name_typed_without_its_accents_finds_the_company(manager, ee_company, fi_company):
    gridwise = Company.objects.create(legal_name="Gridwise OÜ", country="EE")
    assert company_named(manager, "Gridwise OU") == gridwise
    assert company_named(manager, "gridwise ou") == gridwise
    assert company_named(manager, "volttivayla") == fi_company  # the only name containing it
    assert company_named(manager, "AQUA SENSE OU") == ee_company
    assert company_named(manager, f"Gridwise OU ({gridwise.pk})") == gridwise


def test_companies_of_the_same_name_are_told_apart_by_id_and_city(manager):
    malmo = Company.objects.create(legal_name="Baltsense AB", country="SE", city="Malmö")
    lund = Company.objects.create(legal_name="Baltsense AB", country="SE", city="Lund")
    nowhere = Company.objects.create(legal_name="BALTSENSE AB", country="SE")
    Company.objects.create(legal_name="Baltsense AB Service", country="SE", city="Lund")
    expected = (f"3 companies are named 'Baltsense AB': Baltsense AB ({malmo.pk}, Malmö), "
                f"Baltsense AB ({lund.pk}, Lund), BALTSENSE AB ({nowhere.pk}); give the registry id")
    with pytest.raises(CompanyNotFound) as same_name:
        company_named(manager, "baltsense ab")
    assert str(same_name.value) == expected and "full name" not in expected
    nowhere.delete()
    with pytest.raises(CompanyNotFound, match=r"^2 companies are named 'Baltsense AB': .*; give the registry id$"):
        company_named(manager, "Baltsense AB")
    Company.objects.filter(legal_name="Baltsense AB Service").delete()
    with pytest.raises(CompanyNotFound, match=r"^2 companies are named 'Baltsense AB': "):
        company_named(manager, "baltsen")  # a part of the name, but the full name would not help either


def test_an_exact_name_wins_over_names_that_contain_it(manager):
    short = Company.objects.create(legal_name="Meri AB", country="SE")
    Company.objects.create(legal_name="Meri AB Service", country="SE")
    assert company_named(manager, "meri ab") == short
    with pytest.raises(CompanyNotFound, match=r"'Meri' matches Meri AB \(\d+\), Meri AB Service \(\d+\);"):
        company_named(manager, "Meri")


def test_name_and_id_in_brackets_as_the_pages_write_them(manager):
    first = Company.objects.create(legal_name="Twin Oy", country="FI")
    second = Company.objects.create(legal_name="Twin Oy", country="FI")
    with pytest.raises(CompanyNotFound, match="give the registry id"):
        company_named(manager, "Twin Oy")  # two companies carry the name
    assert company_named(manager, f"Twin Oy ({second.pk})") == second
    assert company_named(manager, f"twin oy({first.pk})") == first
    # A name that itself ends in brackets is a name, not an id of another company.
    dated = Company.objects.create(legal_name=f"Studio ({first.pk})", country="EE")
    assert company_named(manager, f"Studio ({first.pk})") == dated


def test_nobody_finds_a_company_they_may_not_see(company_user, ee_company, fi_company):
    assert company_named(company_user, "Aqua") == ee_company
    with pytest.raises(CompanyNotFound, match="no company you may see is named like 'Volttiväylä'"):
        company_named(company_user, "Volttiväylä")
    with pytest.raises(CompanyNotFound, match=f"no company {fi_company.pk} that you may see"):
        company_named(company_user, str(fi_company.pk))
    with pytest.raises(CompanyNotFound, match="no company you may see"):
        company_named(company_user, f"Volttiväylä Oy ({fi_company.pk})")
    with pytest.raises(CompanyNotFound, match="give a registry id or a company name"):
        company_named(company_user, "   ")
