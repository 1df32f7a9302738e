"""A merge moves rows of other apps' models that point at Company, found generically; a row
that would break a unique or check rule stays with the duplicate and comes back on undo."""

from __future__ import annotations

from sme2go.collaboration.models import CompanyPic, CompanyTie
from sme2go.registry.merging import merge_companies, undo_merge
from sme2go.registry.models import Company


def test_it_moves_other_apps_rows_and_leaves_the_conflicting_ones(manager, ee_company):
    duplicate = Company.objects.create(legal_name="Aqua Sense", country="EE")
    third = Company.objects.create(legal_name="Zeta Oy", country="FI")
    assert ee_company.pk < duplicate.pk < third.pk
    pic = CompanyPic.objects.create(company=duplicate, pic="999888777")
    tie_between_the_two = CompanyTie.objects.create(company_a=ee_company, company_b=duplicate, strength=1, source="cordis")
    tie_with_third = CompanyTie.objects.create(company_a=duplicate, company_b=third, strength=2, source="cordis")

    record = merge_companies(keep=ee_company, duplicate=duplicate, actor=manager)

    pic.refresh_from_db()
    assert pic.company_id == ee_company.pk
    tie_with_third.refresh_from_db()
    assert (tie_with_third.company_a_id, tie_with_third.company_b_id) == (ee_company.pk, third.pk)
    tie_between_the_two.refresh_from_db()  # (kept, kept) would break the tie's rules: it stays as it was
    assert (tie_between_the_two.company_a_id, tie_between_the_two.company_b_id) == (ee_company.pk, duplicate.pk)
    assert any(entry["model"] == "collaboration.companytie" for entry in record.snapshot["left"])

    undo_merge(record=record, actor=manager)
    pic.refresh_from_db()
    tie_with_third.refresh_from_db()
    assert pic.company_id == duplicate.pk
    assert (tie_with_third.company_a_id, tie_with_third.company_b_id) == (duplicate.pk, third.pk)
