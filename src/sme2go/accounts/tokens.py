"""API tokens for scripts: issue one (shown once), list them, revoke one.

Used alike by `sme2go tokens ...` and the page /accounts/tokens/. A revoked
token is deleted, so its digest no longer matches and the API answers 401.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from sme2go.accounts.audit import record_change
from sme2go.accounts.models import ApiToken

MAX_NAME_LENGTH = ApiToken._meta.get_field("name").max_length or 100


def issue_token(*, actor: Any, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the stored record and the token text (never stored).

    `actor` is who asks: the user themselves, or None for the command line (an administrator).
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": ["give the token a name, e.g. 'nightly export'"]})
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError({"name": [f"the name is longer than {MAX_NAME_LENGTH} characters"]})
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied("you may only create tokens for yourself")
    with transaction.atomic():
        api_token, token = ApiToken.issue(user=user, name=name)
        record_change(actor=actor, action="token.create", obj=api_token, summary=f"API token '{name}' for {user}")
    return api_token, token


def tokens_of(*, user: Any | None) -> QuerySet[ApiToken]:
    """The tokens of one user, or every token when `user` is None (command line)."""
    tokens = ApiToken.objects.select_related("user").order_by("created_at", "pk")
    return tokens if user is None else tokens.filter(user=user)


def revoke_token(*, actor: Any, token_id: int) -> ApiToken:
    """Revoke (delete) a token. A user may revoke only their own; `actor=None` is the command line.

    Raises ApiToken.DoesNotExist when there is no such token (or it is not the actor's).
    """
    with transaction.atomic():
        tokens = ApiToken.objects.select_for_update()
        api_token = tokens.get(pk=token_id) if actor is None else tokens.get(pk=token_id, user=actor)
        record_change(
            actor=actor,
            action="token.revoke",
            obj=api_token,
            summary=f"API token '{api_token.name}' of {api_token.user} revoked",
        )
        api_token.delete()
    return api_token
