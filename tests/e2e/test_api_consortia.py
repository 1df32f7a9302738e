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


def test_a_company_representative_gets_the_history_the_consortium_page_shows(client, advisor, django_user_model):
    from tests.conftest import make_user

    companies = small_registry()
    save(client, advisor, companies)
    consortium_id = call("get", "/api/consortia/", token=token_for(advisor)).data[0]["id"]
    client.post(f"/consortia/{consortium_id}/status/", {"status": "agreed"})
    rep = make_user(django_user_model, "aqua-rep", role="company", company=companies["aqua"])
    client.force_login(rep)
    assert "Status changed: Proposed → Agreed" in client.get(f"/consortia/{consortium_id}/").content.decode()
    # The list said "events": [] (no history), while the page showed it.
    for path in ("/api/consortia/", f"/api/consortia/{consortium_id}"):
        data = call("get", path, token=token_for(rep)).data
        one = data[0] if isinstance(data, list) else data
        assert [(e["kind"], e["from_status"], e["to_status"]) for e in one["events"]] == [
            ("created", "", "proposed"), ("status", "proposed", "agreed")
        ], path


def test_misspelled_keys_are_refused_naming_the_path(advisor):
    bad = {**INSTANCE, "companies": [{**INSTANCE["companies"][0], "fits": {"water.metering": 1}}]}
    response = call("post", "/api/consortia/solve", token=token_for(advisor), body=bad)
    assert response.status_code == 422
    assert response.data["field"] == "companies[0].fits"
    assert 'unknown key (did you mean "fit"?); expected one of id, country, readiness, fit, name' in response.data["detail"]


@pytest.mark.parametrize("limit", ["nan", "inf", "0", "-1", "61"])
def test_a_time_limit_that_is_not_a_positive_number_is_refused(advisor, limit):
    response = call("post", f"/api/consortia/solve?top=2&time_limit={limit}", token=token_for(advisor), body=INSTANCE)
    assert response.status_code == 422
    assert response.data["field"] == "time_limit"


def test_the_openapi_document_shows_an_example_instance_that_solves(advisor):
    operation = call("get", "/api/openapi.json").data["paths"]["/api/consortia/solve"]["post"]
    example = operation["requestBody"]["content"]["application/json"]["schema"]["example"]
    assert {"required", "companies", "ties", "rules", "weights"} <= set(example)
    response = call("post", "/api/consortia/solve?top=2", token=token_for(advisor), body=example)
    assert response.status_code == 200 and response.data["status"] == "OPTIMAL"
