"""The services (pages and API) apply the same text rules as imports: control characters,
line breaks in one-line fields and lengths are refused, naming the field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sme2go.registry import services


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("city", "Tal\x07linn", "contains control character 0x07 at position 4"),
    ("legal_name", "Two\nlines Oy", "contains a line break"),
    ("description", "d" * 10_001, "too long: 10,001 characters, at most 10,000"),
    ("registry_code", "1" * 41, "too long: 41 characters, at most 40"),
])
def test_a_company_field_breaking_a_text_rule_is_refused_by_name(manager, ee_company, field, value, reason):
    with pytest.raises(ValidationError) as error:
        services.update_company(actor=manager, company=ee_company, data={field: value})
    assert reason in error.value.message_dict[field][0]


def test_a_soft_line_break_in_a_description_is_stored_as_a_line_break(manager, ee_company):
    services.update_company(actor=manager, company=ee_company, data={"description": "one\x0btwo\r\nthree"})
    ee_company.refresh_from_db()
    assert ee_company.description == "one\ntwo\nthree"


def test_solution_and_contact_text_rules_name_the_field(manager, ee_company):
    with pytest.raises(ValidationError) as error:
        services.add_solution(actor=manager, company=ee_company, data={"name": "Radar\x1b", "references": [
            {"city": "Kemi", "country": "FI", "year": 2099}]})
    assert "name" in error.value.message_dict and "references" in error.value.message_dict
    assert error.value.message_dict["references"][0].startswith("reference 1: the year must be between 1800 and")
    with pytest.raises(ValidationError) as error:
        services.add_contact(actor=manager, company=ee_company, data={"name": "Liis", "role": "r" * 121})
    assert error.value.message_dict["role"] == ["too long: 121 characters, at most 120"]
