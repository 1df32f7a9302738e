"""Account pages: a user's own API tokens (thin: the rules live in accounts/tokens.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sme2go.accounts.models import ApiToken
from sme2go.accounts.tokens import issue_token, revoke_token, tokens_of


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; POST creates one and shows it once, on this response only."""
    context: dict = {"name": "", "errors": []}
    status = 200
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            api_token, token = issue_token(actor=request.user, user=request.user, name=name)
        except ValidationError as exc:
            context.update(name=name, errors=exc.messages)
            status = 400
        else:
            context.update(new_token=token, new_token_record=api_token)
    context["tokens"] = tokens_of(user=request.user)
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        api_token = revoke_token(actor=request.user, token_id=token_id)
    except ApiToken.DoesNotExist:
        # Someone else's token looks exactly like a missing one.
        messages.error(request, "No such token.")
        return redirect("accounts:tokens")
    messages.success(request, f"Token '{api_token.name}' revoked; scripts using it now get 401.")
    return redirect("accounts:tokens")
