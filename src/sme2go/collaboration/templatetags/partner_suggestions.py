"""Template filters of the partner-suggestion pages."""

from __future__ import annotations

from typing import Any

from django import template

from sme2go.accounts import scoping

register = template.Library()


@register.filter
def may_see_partner_suggestions(user: Any) -> bool:
    return scoping.can_see_partner_suggestions(user)


@register.filter
def link_for(links: dict[int, str], company_id: int) -> str:
    """`{{ add_links|link_for:company.pk }}`: the link of one suggested company ("" if none)."""
    return links.get(company_id, "")
