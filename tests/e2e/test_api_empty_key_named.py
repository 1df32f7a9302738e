"""A body key that is the empty string (`{"": 1}`) is named in the 422 like any other key: `[""]`.
(Ninja's unknown-field error, the consortium instance and the readiness answers all answered
`"field": null` or a detail naming nothing: "unknown question(s): ", ": unknown key; ...".)"""

from __future__ import annotations

import pytest

from tests.e2e.api_client import call, token_for
from tests.e2e.test_consortia_cli import INSTANCE

pytestmark = pytest.mark.django_db


def test_an_unknown_field_with_no_name_is_named(manager, ee_company):
    response = call("patch", f"/api/companies/{ee_company.pk}", token=token_for(manager), body={"": None})
    assert response.status_code == 422
    assert response.data == {"detail": "Extra inputs are not permitted", "field": '[""]'}


def test_a_consortium_instance_names_a_key_with_no_name(advisor):
    token = token_for(advisor)
    top = call("post", "/api/consortia/solve", token=token, body={**INSTANCE, "": 1})
    assert top.status_code == 422
    assert top.data["field"] == '[""]'
    assert top.data["detail"].startswith('[""]: unknown key; expected one of required, companies')
    nested = call("post", "/api/consortia/solve", token=token, body={**INSTANCE, "rules": {"": 1}})
    assert nested.status_code == 422
    assert nested.data["field"] == 'rules[""]'


def test_readiness_names_an_answer_to_a_question_with_no_name(advisor, ee_company):
    response = call("post", f"/api/companies/{ee_company.pk}/readiness", token=token_for(advisor),
                    body={"answers": {"": 1}})
    assert response.status_code == 422
    assert response.data == {"detail": 'unknown question(s): ""', "field": 'answers[""]'}
