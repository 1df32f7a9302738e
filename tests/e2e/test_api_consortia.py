"""POST /api/consortia/solve gives the CLI's output; saved consortia are listed per scope."""

from __future__ import annotations

import pytest

from tests.e2e.api_client import call, token_for
from tests.e2e.test_consortia_cli import INSTANCE
from tests.e2e.test_consortia_save_and_status import save
from tests.integration.consortia_registry import small_registry

pytestmark = pytest.mark.django_db


def test_it_solves_an_instance_like_the_cli(advisor):
    response = call("post", "/api/consortia/solve?top=2", token=token_for(advisor), body=INSTANCE)
    assert response.status_code == 200, response.data
    assert response.data["status"] == "OPTIMAL"
    assert [c["members"] for c in response.data["consortia"]][0] == ["c1", "c2"]
    assert response.data["bound"] == response.data["consortia"][0]["score"]


def test_it_names_the_bad_field(advisor):
    bad = {**INSTANCE, "rules": {"min_size": 4, "max_size": 2}}
    response = call("post", "/api/consortia/solve", token=token_for(advisor), body=bad)
    assert response.status_code == 422
    assert response.data["field"] == "rules.min_size"


def test_it_needs_a_caller():
    assert call("post", "/api/consortia/solve", body=INSTANCE).status_code == 401


def test_it_lists_and_reads_saved_consortia_in_scope(client, advisor, company_user):
    companies = small_registry()
    save(client, advisor, companies)
    listed = call("get", "/api/consortia/", token=token_for(advisor)).data
    assert [c["name"] for c in listed] == ["Leak team"]
    one = call("get", f"/api/consortia/{listed[0]['id']}", token=token_for(advisor)).data
    assert {m["company"] for m in one["members"]} == {"Aqua Leak OÜ", "Meter Oy"}
    assert one["events"][0]["kind"] == "created"
    # The company user's company (Aqua Sense OÜ) is not a member.
    assert call("get", "/api/consortia/", token=token_for(company_user)).data == []
    assert call("get", f"/api/consortia/{listed[0]['id']}", token=token_for(company_user)).status_code == 404
