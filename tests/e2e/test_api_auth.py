"""API authentication: a bearer token for scripts, the login session (with CSRF) for the browser."""

from __future__ import annotations

from django.test import Client

from sme2go.accounts.models import ApiToken
from sme2go.accounts.tokens import revoke_token
from tests.conftest import PASSWORD
from tests.e2e.api_client import call, token_for


def test_it_accepts_a_valid_token_and_records_its_use(advisor, ee_company):
    token = token_for(advisor)
    response = call("get", "/api/companies", token=token)
    assert response.status_code == 200
    assert response.data["count"] == 1
    assert ApiToken.objects.get(user=advisor).last_used_at is not None


def test_it_answers_401_without_a_token(ee_company):
    response = call("get", "/api/companies")
    assert response.status_code == 401
    assert "Bearer" in response.data["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_answers_401_to_a_wrong_or_malformed_token(advisor):
    token_for(advisor)
    assert call("get", "/api/companies", token="s2g_not-a-real-token").status_code == 401
    assert call("get", "/api/companies", Authorization="Basic dXNlcjpwYXNz").status_code == 401
    assert call("post", "/api/companies", token="nope", body={"legal_name": "X", "country": "EE"}).status_code == 401


def test_it_answers_401_once_the_token_is_revoked(advisor):
    token = token_for(advisor)
    assert call("get", "/api/partners", token=token).status_code == 200
    revoke_token(actor=advisor, token_id=ApiToken.objects.get(user=advisor).pk)
    assert call("get", "/api/partners", token=token).status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(advisor):
    token = token_for(advisor)
    advisor.is_active = False
    advisor.save()
    assert call("get", "/api/partners", token=token).status_code == 401


def test_it_writes_with_a_token_without_any_csrf_token(advisor):
    response = call("post", "/api/companies", token=token_for(advisor), body={"legal_name": "Linnalabor OÜ", "country": "EE"})
    assert response.status_code == 201, response.data


def test_the_browser_session_reads_and_needs_csrf_to_write(advisor):
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username=advisor.username, password=PASSWORD)
    assert call("get", "/api/partners", client=browser).status_code == 200

    body = {"legal_name": "Linnalabor OÜ", "country": "EE"}
    refused = call("post", "/api/companies", client=browser, body=body)
    assert refused.status_code == 403
    assert "CSRF" in refused.data["detail"]

    browser.get("/api/docs")  # any page that sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    accepted = call("post", "/api/companies", client=browser, body=body, **{"X-CSRFToken": csrf})
    assert accepted.status_code == 201, accepted.data


def test_an_unknown_api_path_answers_json_404(client):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "no API endpoint at /api/no-such-thing/"
