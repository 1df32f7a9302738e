"""Template context: the current user's role, for navigation."""

from __future__ import annotations

from typing import Any

from sme2go.accounts.scoping import membership_of, role_of


def role(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"user_role": role_of(user), "user_membership": membership_of(user)}
