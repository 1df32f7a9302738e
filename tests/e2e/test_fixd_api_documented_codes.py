"""The OpenAPI document lists, for the consortia, partner-suggestion and markets endpoints, every
status code they answer, each error with the ErrorOut schema ({"detail", "field"}): a code the test
provokes that the document does not list fails. (GET /api/consortia/{id} listed only 200 while
answering 404 and 422; no endpoint listed 401; partner suggestions listed neither 401, 403 nor 404.)"""

from __future__ import annotations

import pytest

from tests.conftest import make_user
from tests.e2e.api_client import assert_codes_documented, call, token_for
from tests.e2e.market_data import load_markets
from tests.e2e.test_consortia_cli import INSTANCE
from tests.e2e.test_consortia_save_and_status import save
from tests.integration.consortia_registry import small_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(client, advisor, django_user_model):
    companies = small_registry()
    save(client, advisor, companies)
    consortium_id = call("get", "/api/consortia/", token=token_for(advisor)).data[0]["id"]
    rep = make_user(django_user_model, "aqua-rep", role="company", company=companies["aqua"])
    load_markets()
    return {"advisor": token_for(advisor), "rep": token_for(rep), "id": consortium_id,
            "team": [companies["aqua"].pk, companies["meter"].pk]}


def provocations(s):
    """(method, documented path, called path, caller, body) -> the code expected."""
    c, team = s["id"], s["team"]
    suggestions = "/api/consortia/{consortium_id}/partner-suggestions"
    return [
        ("post", "/api/consortia/solve", "/api/consortia/solve", "advisor", INSTANCE, 200),
        ("post", "/api/consortia/solve", "/api/consortia/solve", None, INSTANCE, 401),
        ("post", "/api/consortia/solve", "/api/consortia/solve", "advisor", "{not json", 400),
        ("post", "/api/consortia/solve", "/api/consortia/solve?top=0", "advisor", INSTANCE, 422),
        ("get", "/api/consortia/", "/api/consortia/", "advisor", None, 200),
        ("get", "/api/consortia/", "/api/consortia/", None, None, 401),
        ("get", "/api/consortia/{consortium_id}", f"/api/consortia/{c}", "advisor", None, 200),
        ("get", "/api/consortia/{consortium_id}", f"/api/consortia/{c}", None, None, 401),
        ("get", "/api/consortia/{consortium_id}", f"/api/consortia/{c + 100}", "advisor", None, 404),
        ("get", "/api/consortia/{consortium_id}", "/api/consortia/null%2Cnull", "advisor", None, 422),
        ("post", "/api/partner-suggestions", "/api/partner-suggestions", "advisor", {"company_ids": team}, 200),
        ("post", "/api/partner-suggestions", "/api/partner-suggestions", None, {"company_ids": team}, 401),
        ("post", "/api/partner-suggestions", "/api/partner-suggestions", "rep", {"company_ids": team[:1]}, 403),
        ("post", "/api/partner-suggestions", "/api/partner-suggestions", "advisor", "{not json", 400),
        ("post", "/api/partner-suggestions", "/api/partner-suggestions", "advisor", {"company_ids": []}, 422),
        ("get", suggestions, f"/api/consortia/{c}/partner-suggestions", "advisor", None, 200),
        ("get", suggestions, f"/api/consortia/{c}/partner-suggestions", None, None, 401),
        ("get", suggestions, f"/api/consortia/{c}/partner-suggestions", "rep", None, 403),
        ("get", suggestions, f"/api/consortia/{c + 100}/partner-suggestions", "advisor", None, 404),
        ("get", suggestions, f"/api/consortia/{c}/partner-suggestions?k=0", "advisor", None, 422),
        ("get", "/api/markets/ranking", "/api/markets/ranking?top=3", "rep", None, 200),
        ("get", "/api/markets/ranking", "/api/markets/ranking", None, None, 401),
        ("get", "/api/markets/ranking", "/api/markets/ranking?theme=bogus", "rep", None, 422),
        ("get", "/api/markets/countries/{iso3}", "/api/markets/countries/EST", "rep", None, 200),
        ("get", "/api/markets/countries/{iso3}", "/api/markets/countries/EST", None, None, 401),
        ("get", "/api/markets/countries/{iso3}", "/api/markets/countries/XXX", "rep", None, 404),
        ("get", "/api/markets/countries/{iso3}", "/api/markets/countries/EST?as_of=1", "rep", None, 422),
    ]



def test_every_code_these_endpoints_answer_is_documented_with_the_error_schema(setting):
    assert_codes_documented(provocations(setting), setting)


def test_an_error_an_endpoint_returns_itself_is_the_usual_pair_without_nulls(setting):
    response = call("post", "/api/consortia/solve?top=0", token=setting["advisor"], body=INSTANCE)
    assert response.data == {"detail": "top: between 1 and 20", "field": "top"}
    response = call("post", "/api/partner-suggestions", token=setting["advisor"], body={"company_ids": []})
    assert response.data == {"detail": "give at least one member company", "field": "company_ids"}
