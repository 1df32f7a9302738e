"""How the REST API knows who is calling: a bearer token for scripts, the session for the browser.

Both are tried in order (`NinjaAPI(auth=API_AUTH)`); whichever recognises the
caller sets `request.auth` to the user. A request neither recognises gets 401.

- `ApiTokenAuth`: `Authorization: Bearer s2g_...`, looked up by its SHA-256
  digest in `ApiToken` (the token itself is never stored); marks the token used.
- `BrowserSessionAuth`: the logged-in Django session. Unsafe methods (POST,
  PATCH, DELETE) need the CSRF token, as for any form of the site, because the
  browser sends the session cookie on its own.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from sme2go.accounts.models import ApiToken

# Writing last_used_at on every call would turn each read into a write; once a minute is enough to tell
# a token in use from a forgotten one.
LAST_USED_RESOLUTION_SECONDS = 60


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` checked against the stored digests of active users' tokens."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        token = token.strip()
        if not token:
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        last = api_token.last_used_at
        if last is None or (now - last).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


class BrowserSessionAuth(SessionAuth):
    """The browser's login session; CSRF is checked for unsafe methods of a logged-in session.

    Unlike ninja's SessionAuth, a request without a logged-in session is simply not
    recognised (so a script that forgot its token gets 401, not a confusing CSRF 403).
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        if key is None:
            return None
        return super().authenticate(request, key)


API_AUTH = [ApiTokenAuth(), BrowserSessionAuth()]
