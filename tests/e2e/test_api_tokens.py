"""API tokens: the /accounts/tokens/ page and `sme2go tokens create|list|revoke`."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from sme2go.accounts.models import ApiToken
from sme2go.accounts.tokens import issue_token
from tests.conftest import PASSWORD
from tests.e2e.api_client import call


def logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_page_creates_a_token_shown_once_that_works_for_the_api(advisor):
    browser = logged_in(advisor)
    created = browser.post("/accounts/tokens/", {"name": "nightly export"})
    assert created.status_code == 200
    token = re.search(r'id="new-token">(s2g_[^<]+)<', created.content.decode()).group(1)
    assert call("get", "/api/partners", token=token).status_code == 200

    again = browser.get("/accounts/tokens/").content.decode()
    assert "nightly export" in again
    assert token not in again  # shown only once
    assert ApiToken.objects.get(user=advisor).digest != token


def test_the_page_refuses_a_token_without_a_name(advisor):
    response = logged_in(advisor).post("/accounts/tokens/", {"name": "   "})
    assert response.status_code == 400
    assert "name" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_revokes_their_own_token_but_not_anothers(advisor, other_advisor):
    own, own_token = issue_token(actor=advisor, user=advisor, name="mine")
    theirs, their_token = issue_token(actor=other_advisor, user=other_advisor, name="theirs")
    browser = logged_in(advisor)

    assert "theirs" not in browser.get("/accounts/tokens/").content.decode()
    browser.post(f"/accounts/tokens/{theirs.pk}/revoke/", follow=True)
    assert call("get", "/api/partners", token=their_token).status_code == 200

    page = browser.post(f"/accounts/tokens/{own.pk}/revoke/", follow=True)
    assert "revoked" in page.content.decode()
    assert call("get", "/api/partners", token=own_token).status_code == 401


def test_the_page_needs_a_login(db):
    response = Client().get("/accounts/tokens/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_command_creates_lists_and_revokes_tokens(advisor):
    out = StringIO()
    call_command("tokens", "create", "--user", advisor.username, "--name", "ci", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    assert token.startswith("s2g_")
    assert call("get", "/api/partners", token=token).status_code == 200

    listing = StringIO()
    call_command("tokens", "list", stdout=listing)
    row = next(line for line in listing.getvalue().splitlines() if " ci " in line)
    assert advisor.username in row
    assert token not in listing.getvalue()

    token_id = ApiToken.objects.get(name="ci").pk
    call_command("tokens", "revoke", str(token_id), stdout=StringIO())
    assert call("get", "/api/partners", token=token).status_code == 401


def test_the_command_names_what_is_wrong(db):
    with pytest.raises(CommandError, match="no user named 'ghost'"):
        call_command("tokens", "create", "--user", "ghost", "--name", "x")
    with pytest.raises(CommandError, match="no API token with id 42"):
        call_command("tokens", "revoke", "42")
