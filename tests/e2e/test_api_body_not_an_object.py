"""A body that is JSON but not an object (a list, a number, null) is told so: the 422 says the
request body must be a JSON object. (It said "Input should be a valid dictionary or object to
extract fields from", with no field: the client could not tell what "input" was.)"""

from __future__ import annotations

import pytest

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
