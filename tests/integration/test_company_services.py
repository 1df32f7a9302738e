"""Registry use cases: permissions, validation naming the field, audit trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sme2go.accounts.models import AuditEvent
from sme2go.registry import services
from sme2go.registry.models import Company


def test_it_registers_a_company_supported_by_the_advisors_partner(advisor, partners):
    company = services.create_company(
        actor=advisor,
        data={"legal_name": "  Tark  Linn OÜ ", "country": "ee", "website": "tarklinn.ee", "nace_codes": "62.01, J63.11"},
    )
    company.refresh_from_db()
    assert company.legal_name == "Tark Linn OÜ"
    assert company.country == "EE"
    assert company.website == "https://tarklinn.ee"
    assert company.nace_codes == ["62.01", "63.11"]
    assert list(company.partners.all()) == [partners["Tehnopol"]]
    event = AuditEvent.objects.get(action="company.create")
    assert event.actor == advisor
    assert event.changes["after"]["legal_name"] == "Tark Linn OÜ"


def test_it_names_every_bad_field(manager):
    with pytest.raises(ValidationError) as caught:
        services.create_company(
            actor=manager,
            data={"legal_name": "", "country": "XX", "founded_year": 3000, "website": "not a site", "nace_codes": "6201"},
        )
    assert set(caught.value.message_dict) == {"legal_name", "country", "founded_year", "website", "nace_codes"}
    assert "XX" in caught.value.message_dict["country"][0]
    assert Company.objects.count() == 0


def test_it_rejects_unknown_fields(manager):
    with pytest.raises(ValidationError) as caught:
        services.create_company(actor=manager, data={"legal_name": "A", "country": "EE", "colour": "red"})
    assert "colour" in caught.value.message_dict


def test_it_refuses_company_users_creating_companies(company_user):
    with pytest.raises(PermissionDenied):
        services.create_company(actor=company_user, data={"legal_name": "B Oy", "country": "FI"})


def test_it_records_only_changed_fields_before_and_after(advisor, ee_company):
    services.update_company(actor=advisor, company=ee_company, data={"city": "Tartu", "country": "EE"})
    event = AuditEvent.objects.get(action="company.update")
    assert event.changes == {"before": {"city": "Tallinn"}, "after": {"city": "Tartu"}}


def test_it_refuses_an_advisor_editing_another_partners_company(advisor, fi_company):
    with pytest.raises(PermissionDenied):
        services.update_company(actor=advisor, company=fi_company, data={"city": "Espoo"})
    fi_company.refresh_from_db()
    assert fi_company.city == "Turku"


def test_it_lets_an_advisor_change_only_their_own_partners_support(advisor, ee_company, partners):
    ee_company.partners.add(partners["Turku"])
    # VSP is not theirs to add: refused, naming the field, and nothing changes.
    with pytest.raises(ValidationError) as error:
        services.update_company(actor=advisor, company=ee_company, data={"partners": ["VSP", "Tehnopol"]})
    assert error.value.message_dict["partners"][0].startswith("VSP does not support this company; you may add only Tehnopol's")
    assert sorted(p.short_name for p in ee_company.partners.all()) == ["Tehnopol", "Turku"]
    services.update_company(actor=advisor, company=ee_company, data={"partners": ["Turku"]})
    # Tehnopol withdrew (the advisor's own), Turku stays (not theirs to remove).
    assert sorted(p.short_name for p in ee_company.partners.all()) == ["Turku"]


def test_it_lets_a_company_user_edit_the_profile_but_not_the_status(company_user, ee_company):
    services.update_company(actor=company_user, company=ee_company, data={"description": "Leak detection", "status": "prospect"})
    ee_company.refresh_from_db()
    assert ee_company.description == "Leak detection"
    with pytest.raises(PermissionDenied):
        services.update_company(actor=company_user, company=ee_company, data={"status": "alumni"})
