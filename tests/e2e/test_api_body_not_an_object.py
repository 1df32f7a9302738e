"""A body that is JSON but not an object (a list, a number, null), or no body, is told so: the 422 says the
request body must be a JSON object. (It said "Input should be a valid dictionary or object to
extract fields from", with no field: the client could not tell what "input" was.)"""

from __future__ import annotations

import pytest
from django.test import Client

from sme2go.registry.models import Company
from tests.e2e.api_client import call, token_for

pytestmark = pytest.mark.django_db

MESSAGE = 'the request body must be a JSON object ({"name": value, ...}), not a list or a single value'


@pytest.mark.parametrize("body", ["[1, 2]", "0.2", "null", "false", '"Aqua"'])
def test_a_body_that_is_not_an_object_is_told_to_send_one_and_nothing_changes(manager, ee_company, body):
    response = call("patch", f"/api/companies/{ee_company.pk}", token=token_for(manager), body=body)
    assert response.status_code == 422
    assert response.data == {"detail": MESSAGE, "field": None}
    assert Company.objects.get().legal_name == "Aqua Sense OÜ"


def test_the_consortium_solver_says_the_same(advisor):
    response = call("post", "/api/consortia/solve", token=token_for(advisor), body="[]")
    assert response.status_code == 422
    assert response.data == {"detail": MESSAGE, "field": None}


@pytest.mark.parametrize("content_type", ["application/json", ""])
def test_an_empty_body_is_told_to_send_an_object_and_nothing_is_added(manager, ee_company, content_type):
    headers = {"Authorization": f"Bearer {token_for(manager)}"}
    response = Client().generic("POST", f"/api/companies/{ee_company.pk}/contacts", b"",
                                content_type=content_type, headers=headers)
    assert response.status_code == 422
    assert response.json() == {
        "detail": 'the request body is empty: send a JSON object ({"name": value, ...}) with the header '
                  "Content-Type: application/json",
        "field": None,
    }
    assert not ee_company.contacts.exists()
