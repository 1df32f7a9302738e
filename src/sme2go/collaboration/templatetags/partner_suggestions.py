"""Template filter asking accounts.scoping whether the user may see partner suggestions."""

from __future__ import annotations

from typing import Any

from django import template

from sme2go.accounts import scoping

register = template.Library()


@register.filter
def may_see_partner_suggestions(user: Any) -> bool:
    return scoping.can_see_partner_suggestions(user)
