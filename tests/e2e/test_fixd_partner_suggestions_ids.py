"""POST /api/partner-suggestions refuses an id that is no database id (0, negative, beyond 2**63 - 1)
with 422 naming it (company_ids[0]); 10**30 used to be a 500 OverflowError on SQLite."""

from __future__ import annotations

import pytest

from tests.e2e.api_client import call, token_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", [10**30, 2**63, 0, -5])
def test_an_id_out_of_range_is_a_422_naming_it(manager, ee_company, bad):
    response = call("post", "/api/partner-suggestions", token=token_for(manager),
                    body={"company_ids": [ee_company.pk, bad]})
    assert response.status_code == 422, response.content
    assert response.data["field"] == "company_ids[1]"
    assert "greater than or equal to 1" in response.data["detail"] or "less than or equal to" in response.data["detail"]


def test_the_largest_database_id_is_just_not_found(manager):
    response = call("post", "/api/partner-suggestions", token=token_for(manager), body={"company_ids": [2**63 - 1]})
    assert response.status_code == 422
    assert response.data == {"detail": f"no visible company with id {2**63 - 1}", "field": "company_ids"}


@pytest.mark.parametrize("path", ["/api/consortia/{id}", "/api/consortia/{id}/partner-suggestions"])
def test_an_id_beyond_the_database_in_a_path_is_not_found(manager, path):
    response = call("get", path.format(id=10**30), token=token_for(manager))
    assert response.status_code == 404, response.content
