"""A key given twice in one object of a JSON body is a 400 naming it, and nothing is stored: the last
value was quietly kept (`{"name": "x", "name": "y"}` added a contact named "y")."""

from __future__ import annotations

import pytest

from sme2go.readiness.models import ReadinessAssessment
from tests.e2e.api_client import call, token_for

pytestmark = pytest.mark.django_db


def test_a_key_given_twice_is_refused_naming_it(manager, ee_company):
    response = call("post", f"/api/companies/{ee_company.pk}/contacts", token=token_for(manager),
                    body=b'{"name": "Mari", "role": "CEO", "name": "Jaan"}')
    assert response.status_code == 400
    assert response.data == {
        "detail": "the key 'name' is given twice in one object of the request body: give it once", "field": None}
    assert not ee_company.contacts.exists()


def test_a_key_given_twice_inside_a_nested_object_is_refused_too(advisor, ee_company):
    response = call("post", f"/api/companies/{ee_company.pk}/readiness", token=token_for(advisor),
                    body=b'{"answers": {"reference": 1, "reference": 4}}')
    assert response.status_code == 400
    assert "'reference' is given twice" in response.data["detail"]
    assert not ReadinessAssessment.objects.exists()
