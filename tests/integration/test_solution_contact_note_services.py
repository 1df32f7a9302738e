"""Solutions, contacts and private notes through the registry use cases."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sme2go.accounts import scoping
from sme2go.accounts.models import AuditEvent
from sme2go.registry import services


def test_it_adds_a_solution_with_capabilities_and_references(company_user, ee_company):
    solution = services.add_solution(
        actor=company_user, company=ee_company,
        data={"name": "LeakFinder", "trl": "8", "capabilities": {"water.leak-detection": 0.9},
              "references": [{"city": "Tartu", "country": "ee", "year": 2023}]},
    )
    assert solution.trl == 8
    assert {c.capability_id: c.level for c in solution.capabilities.all()} == {"water.leak-detection": 0.9}
    assert [(r.city, r.country, r.year) for r in solution.references.all()] == [("Tartu", "EE", 2023)]
    assert AuditEvent.objects.filter(action="solution.create", object_id=str(solution.pk)).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "X", "capabilities": {"water.teleportation": 0.5}}, "capabilities"),
        ({"name": "X", "capabilities": {"water.leak-detection": 1.5}}, "capabilities"),
        ({"name": "X", "trl": 12}, "trl"),
        ({"name": ""}, "name"),
        ({"name": "X", "references": [{"city": "", "country": "EE"}]}, "references"),
    ],
)
def test_it_refuses_a_bad_solution_naming_the_field(manager, ee_company, data, field):
    with pytest.raises(ValidationError) as caught:
        services.add_solution(actor=manager, company=ee_company, data=data)
    assert field in caught.value.message_dict
    assert ee_company.solutions.count() == 0


def test_it_replaces_capabilities_on_update(manager, ee_company):
    solution = services.add_solution(actor=manager, company=ee_company, data={"name": "S", "capabilities": {"water.leak-detection": 0.5}})
    services.update_solution(actor=manager, solution=solution, data={"capabilities": {"energy.grid-analytics": 0.7}})
    assert [c.capability_id for c in solution.capabilities.all()] == ["energy.grid-analytics"]


def test_it_checks_contact_emails(advisor, ee_company):
    with pytest.raises(ValidationError) as caught:
        services.add_contact(actor=advisor, company=ee_company, data={"name": "Liis Tamm", "email": "liis@"})
    assert "email" in caught.value.message_dict
    contact = services.add_contact(actor=advisor, company=ee_company, data={"name": "Liis Tamm", "email": "liis@aqua.ee", "consent_to_contact": True})
    services.update_contact(actor=advisor, contact=contact, data={"role": "CEO"})
    contact.refresh_from_db()
    assert (contact.role, contact.consent_to_contact) == ("CEO", True)


def test_it_refuses_contacts_on_another_partners_company(advisor, fi_company):
    with pytest.raises(PermissionDenied):
        services.add_contact(actor=advisor, company=fi_company, data={"name": "Mikko"})


def test_it_keeps_private_notes_within_the_writing_partner(advisor, other_advisor, manager, fi_company, company_user):
    # An advisor may note about a company supported by another partner; the note is theirs.
    note = services.add_note(actor=advisor, company=fi_company, text="Met at Slush, wants intro to Nairobi")
    assert note.partner.short_name == "Tehnopol"
    assert list(scoping.visible_notes(advisor, fi_company)) == [note]
    assert list(scoping.visible_notes(other_advisor, fi_company)) == []
    assert list(scoping.visible_notes(manager, fi_company)) == [note]
    with pytest.raises(PermissionDenied):
        services.add_note(actor=company_user, company=fi_company, text="hi")
    with pytest.raises(PermissionDenied):
        services.add_note(actor=advisor, company=fi_company, text="hi", partner=fi_company.partners.get())
    with pytest.raises(ValidationError):
        services.add_note(actor=advisor, company=fi_company, text="   ")
