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
