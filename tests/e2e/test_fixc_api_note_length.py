"""A private note has a length limit (5,000 characters, as the company page's note form): a longer one
is refused with 422 naming `text` and nothing is stored, through the API and the service alike."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sme2go.registry import services
from sme2go.registry.models import CompanyNote
from tests.e2e.api_client import call, token_for


def test_a_note_over_the_limit_is_refused_naming_text(advisor, ee_company):
    token = token_for(advisor)
    too_long = call("post", f"/api/companies/{ee_company.pk}/notes", token=token, body={"text": "x" * 5_001})
    assert too_long.status_code == 422, too_long.data
    assert too_long.data["field"] == "text"
    assert "5000" in too_long.data["detail"]
    huge = call("post", f"/api/companies/{ee_company.pk}/notes", token=token, body={"text": "x" * 4_000_000})
    assert huge.status_code == 422 and huge.data["field"] == "text"
    assert CompanyNote.objects.count() == 0
    at_limit = call("post", f"/api/companies/{ee_company.pk}/notes", token=token, body={"text": "x" * 5_000})
    assert at_limit.status_code == 201, at_limit.data


def test_the_service_refuses_a_note_over_the_limit(advisor, ee_company):
    with pytest.raises(ValidationError) as refused:
        services.add_note(actor=advisor, company=ee_company, text="y" * 5_001)
    assert "text" in refused.value.message_dict
    assert "5,000" in refused.value.message_dict["text"][0]
    assert CompanyNote.objects.count() == 0
