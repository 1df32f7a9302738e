"""Every endpoint that takes a body may answer 400 (not JSON) and 413 (over 5 MB): the OpenAPI document
lists both with the error schema, and a 400 says what to send (JSON, Content-Type: application/json)."""

from __future__ import annotations

from django.test import Client

from sme2go.registry.models import Company
from tests.e2e.api_client import call, token_for

ERROR_OUT = {"$ref": "#/components/schemas/ErrorOut"}


def test_the_openapi_document_lists_400_and_413_for_every_operation_with_a_body(db):
    document = Client().get("/api/openapi.json").json()
    company_post = document["paths"]["/api/companies"]["post"]["responses"]
    for code in ("400", "413"):
        assert company_post[code]["content"]["application/json"]["schema"] == ERROR_OUT
        assert company_post[code]["description"]
    with_body = [(path, method, operation) for path, item in document["paths"].items()
                 for method, operation in item.items() if "requestBody" in operation]
    assert len(with_body) >= 8  # companies, solutions, contacts (post, patch), notes, consortia ...
    for path, method, operation in with_body:
        assert {"400", "413"} <= set(operation["responses"]), (method, path)
    company_get = document["paths"]["/api/companies"]["get"]["responses"]
    assert "400" not in company_get and "413" not in company_get


def test_a_form_encoded_post_is_told_to_send_json(manager):
    token = token_for(manager)
    response = Client().post("/api/companies", data={"legal_name": "Aqua OÜ", "country": "EE"},
                             headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "JSON" in detail and "Content-Type: application/json" in detail
    assert "multipart/form-data" in detail  # what this request sent
    assert Company.objects.count() == 0


def test_broken_json_is_told_where_it_breaks(manager):
    response = call("post", "/api/companies", token=token_for(manager), body='{"legal_name": "Aqua OÜ",')
    assert response.status_code == 400
    assert "JSON" in response.data["detail"] and "line 1 column" in response.data["detail"]
    assert response.data["field"] is None


def test_the_body_limit_answers_413_as_documented(manager, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = call("post", "/api/companies", token=token_for(manager),
                    body={"legal_name": "Aqua OÜ", "country": "EE", "description": "x" * 2000})
    assert response.status_code == 413
    assert "larger than" in response.data["detail"]


def test_an_endpoint_that_declares_400_itself_keeps_its_own_and_gets_no_second_400():
    from sme2go.api import document_body_errors

    own = {"description": "the endpoint's own"}
    schema = {"paths": {"/x": {"post": {"requestBody": {}, "responses": {200: {}, 400: own}}}}}
    document_body_errors(schema)  # type: ignore[arg-type]
    responses = schema["paths"]["/x"]["post"]["responses"]
    assert responses[400] is own and "400" not in responses  # one 400: a second key broke /api/docs
    assert "413" in responses
