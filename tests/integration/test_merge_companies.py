"""Merging a duplicate moves every relation, fills empty fields, and can be undone exactly."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from sme2go.accounts.models import AuditEvent, Membership, Role
from sme2go.accounts.scoping import visible_companies
from sme2go.registry.merging import MergeError, merge_companies, preview_merge, undo_merge
from sme2go.registry.models import (
    Company,
    CompanyNote,
    Contact,
    MergeRecord,
    Solution,
    SolutionCapability,
)
from tests.conftest import make_user


def state(company: Company) -> dict:
    """Everything a user could notice about a company and what hangs on it."""
    company.refresh_from_db()
    return {
        "fields": {f.attname: getattr(company, f.attname) for f in Company._meta.concrete_fields if f.name != "updated_at"},
        "partners": sorted(company.partners.values_list("short_name", flat=True)),
        "solutions": sorted(company.solutions.values_list("pk", "name")),
        "capabilities": sorted(SolutionCapability.objects.filter(solution__company=company).values_list("pk", "capability_id")),
        "contacts": sorted(company.contacts.values_list("pk", "email")),
        "notes": sorted(company.notes.values_list("pk", "text")),
        "members": sorted(Membership.objects.filter(company=company).values_list("pk", flat=True)),
    }


@pytest.fixture
def duplicate(partners, django_user_model) -> Company:
    """The same company as `ee_company`, registered by Turku with what Tehnopol did not have."""
    company = Company.objects.create(legal_name="AQUA SENSE OU", country="EE", city="Tallinn",
                                     website="https://www.aquasense.ee", vat="EE101234567", founded_year=2017)
    company.partners.add(partners["Turku"], partners["Tehnopol"])
    solution = Solution.objects.create(company=company, name="Leak radar", trl=8)
    SolutionCapability.objects.create(solution=solution, capability_id="water.leak-detection", level=0.8)
    Contact.objects.create(company=company, name="Liis Tamm", email="liis@aquasense.ee")
    CompanyNote.objects.create(company=company, partner=partners["Turku"], text="met at Slush")
    make_user(django_user_model, "rep-dup", role=Role.COMPANY, company=company)
    return company


def test_it_moves_every_relation_and_fills_empty_fields(manager, ee_company, duplicate, partners):
    Solution.objects.create(company=ee_company, name="Pipe twin")
    merge_companies(keep=ee_company, duplicate=duplicate, actor=manager)

    kept = state(ee_company)
    assert kept["partners"] == ["Tehnopol", "Turku"]
    assert [name for _, name in kept["solutions"]] == ["Leak radar", "Pipe twin"]
    assert len(kept["capabilities"]) == 1
    assert [email for _, email in kept["contacts"]] == ["liis@aquasense.ee"]
    assert [text for _, text in kept["notes"]] == ["met at Slush"]
    assert len(kept["members"]) == 1  # the duplicate's company representative now represents the kept company
    assert ee_company.website == "https://www.aquasense.ee" and ee_company.founded_year == 2017
    assert ee_company.registry_code == "EE123"  # a filled field is never overwritten
    duplicate.refresh_from_db()
    assert duplicate.merged_into == ee_company
    assert not duplicate.solutions.exists() and not duplicate.contacts.exists() and not duplicate.notes.exists()


def test_a_link_the_kept_company_already_has_stays_with_the_duplicate(manager, ee_company, duplicate, partners):
    record = merge_companies(keep=ee_company, duplicate=duplicate, actor=manager)
    assert list(duplicate.partners.values_list("short_name", flat=True)) == ["Tehnopol"]
    assert [entry["model"] for entry in record.snapshot["left"]] == ["registry.company_partners"]


def test_the_merged_away_company_is_counted_once(manager, ee_company, duplicate):
    assert visible_companies(manager).count() == 2
    merge_companies(keep=ee_company, duplicate=duplicate, actor=manager)
    assert list(visible_companies(manager)) == [ee_company]


def test_undo_restores_exactly_the_state_before(manager, ee_company, duplicate):
    Solution.objects.create(company=ee_company, name="Pipe twin")
    before = (state(ee_company), state(duplicate))
    record = merge_companies(keep=ee_company, duplicate=duplicate, actor=manager)
    undo_merge(record=record, actor=manager)
    assert (state(ee_company), state(duplicate)) == before
    record.refresh_from_db()
    assert record.undone_at is not None and record.undone_by == manager


def test_it_records_merge_and_undo_in_the_audit_trail(manager, ee_company, duplicate):
    record = merge_companies(keep=ee_company, duplicate=duplicate, actor=manager, reasons=["same name"])
    undo_merge(record=record, actor=manager)
    actions = list(AuditEvent.objects.filter(object_id=str(ee_company.pk)).order_by("at", "pk").values_list("action", "actor"))
    assert actions == [("merge", manager.pk), ("unmerge", manager.pk)]
    assert record.reasons == ["same name"]


def test_the_preview_shows_what_will_move_and_changes_nothing(manager, ee_company, duplicate):
    before = (state(ee_company), state(duplicate))
    summary = preview_merge(keep=ee_company, duplicate=duplicate, actor=manager)
    assert summary.moved["solutions"] == 1
    assert summary.moved["company notes"] == 1
    assert summary.moved["partner links"] == 1
    assert summary.left["partner links"] == 1
    assert set(summary.filled) == {"website", "vat", "founded_year"}
    assert (state(ee_company), state(duplicate)) == before
    assert not MergeRecord.objects.exists()


def test_it_refuses_to_merge_a_company_into_itself(manager, ee_company):
    with pytest.raises(MergeError, match="into itself"):
        merge_companies(keep=ee_company, duplicate=ee_company, actor=manager)


def test_it_refuses_an_already_merged_company_either_way(manager, ee_company, duplicate, fi_company):
    merge_companies(keep=ee_company, duplicate=duplicate, actor=manager)
    with pytest.raises(MergeError, match="already merged"):
        merge_companies(keep=fi_company, duplicate=duplicate, actor=manager)
    with pytest.raises(MergeError, match="already merged"):
        merge_companies(keep=duplicate, duplicate=fi_company, actor=manager)
    assert MergeRecord.objects.count() == 1


def test_a_merge_can_be_undone_once_and_only_the_latest_into_a_company(manager, ee_company, duplicate, fi_company):
    first = merge_companies(keep=ee_company, duplicate=duplicate, actor=manager)
    second = merge_companies(keep=ee_company, duplicate=fi_company, actor=manager)
    with pytest.raises(MergeError, match="later"):
        undo_merge(record=first, actor=manager)
    undo_merge(record=second, actor=manager)
    undo_merge(record=first, actor=manager)
    with pytest.raises(MergeError, match="already undone"):
        undo_merge(record=first, actor=manager)


def test_a_later_change_to_a_filled_field_survives_the_undo(manager, ee_company, duplicate):
    record = merge_companies(keep=ee_company, duplicate=duplicate, actor=manager)
    ee_company.refresh_from_db()
    ee_company.website = "https://aqua.example"
    ee_company.save()
    undo_merge(record=record, actor=manager)
    ee_company.refresh_from_db()
    assert ee_company.website == "https://aqua.example"
    assert ee_company.vat == ""  # unchanged since the merge: restored


def test_an_advisor_merges_only_companies_their_partner_supports_both_of(advisor, other_advisor, ee_company, duplicate, fi_company):
    with pytest.raises(PermissionDenied):
        merge_companies(keep=ee_company, duplicate=fi_company, actor=advisor)  # Turku's company
    record = merge_companies(keep=ee_company, duplicate=duplicate, actor=advisor)  # Tehnopol supports both
    with pytest.raises(PermissionDenied):
        undo_merge(record=record, actor=other_advisor)  # Turku did not support ee_company
    undo_merge(record=record, actor=advisor)


def test_a_company_user_never_merges(company_user, ee_company, duplicate):
    with pytest.raises(PermissionDenied):
        merge_companies(keep=ee_company, duplicate=duplicate, actor=company_user)
    assert not MergeRecord.objects.exists()
