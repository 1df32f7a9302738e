"""Calling the REST API in tests as a script would: JSON in, JSON out, a bearer token."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from sme2go.accounts.tokens import issue_token


def token_for(user: Any, name: str = "test script") -> str:
    return issue_token(actor=user, user=user, name=name)[1]


def call(method: str, path: str, *, token: str | None = None, body: Any = None, client: Client | None = None,
         **headers: str) -> Any:
    """`call("post", "/api/companies", token=t, body={...})` -> the response, its JSON in `.data`."""
    client = client or Client()
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    kwargs: dict[str, Any] = {"headers": headers}
    if body is not None:
        kwargs.update(data=body if isinstance(body, (str, bytes)) else json.dumps(body), content_type="application/json")
    response = getattr(client, method.lower())(path, **kwargs)
    response.data = json.loads(response.content) if response.content else None
    return response


ERROR_OUT = "#/components/schemas/ErrorOut"

# (method, documented path, path called, caller key in `tokens` or None, body, expected status)
Provocation = tuple[str, str, str, str | None, Any, int]


def no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), f"duplicated keys in the OpenAPI document: {keys}"
    return dict(pairs)


def assert_codes_documented(provocations: list[Provocation], tokens: dict[str, Any]) -> None:
    """Each call answers its expected status, the OpenAPI document lists that status for the endpoint,
    and every error comes with the ErrorOut schema ({"detail", "field"})."""
    # A code listed twice ({"400": ..., "400": ...}) made /api/docs say "duplicated mapping key" and show nothing.
    document = json.loads(Client().get("/api/openapi.json").content, object_pairs_hook=no_duplicate_keys)
    for method, documented, path, caller, body, expected in provocations:
        response = call(method, path, token=tokens[caller] if caller else None, body=body)
        assert response.status_code == expected, (method, path, response.content)
        listed = document["paths"][documented][method]["responses"]
        assert str(expected) in listed, f"{method.upper()} {documented} answers {expected}, not in {sorted(listed)}"
        if expected >= 400:
            assert set(response.data) >= {"detail"}, (method, path, response.data)
            schema = listed[str(expected)]["content"]["application/json"]["schema"]
            assert schema == {"$ref": ERROR_OUT}, (method, documented, expected, schema)
