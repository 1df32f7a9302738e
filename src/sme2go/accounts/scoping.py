"""Who may see and change what. Every page, API endpoint and CLI command asks here.

- programme manager: everything;
- advisor: reads every company, edits the companies their partner supports,
  reads only their own partner's private notes;
- company representative: only their own company.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from sme2go.accounts.models import Membership, Role
from sme2go.registry.models import Company, CompanyNote


def membership_of(user: Any) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def role_of(user: Any) -> str | None:
    """The user's programme role; a superuser without a membership counts as manager."""
    membership = membership_of(user)
    if membership is not None:
        return membership.role
    if user is not None and user.is_authenticated and user.is_superuser:
        return Role.MANAGER
    return None


def visible_companies(user: Any) -> QuerySet[Company]:
    """The companies this user may see (merged-away records excluded)."""
    role = role_of(user)
    live = Company.objects.filter(merged_into__isnull=True)
    if role in (Role.MANAGER, Role.ADVISOR):
        return live
    if role == Role.COMPANY:
        membership = membership_of(user)
        assert membership is not None
        return live.filter(pk=membership.company_id)
    return live.none()


def can_edit_company(user: Any, company: Company) -> bool:
    role = role_of(user)
    if role == Role.MANAGER:
        return True
    membership = membership_of(user)
    if role == Role.ADVISOR and membership is not None:
        return company.partners.filter(pk=membership.partner_id).exists()
    if role == Role.COMPANY and membership is not None:
        return company.pk == membership.company_id
    return False


def can_create_company(user: Any) -> bool:
    return role_of(user) in (Role.MANAGER, Role.ADVISOR)


def visible_notes(user: Any, company: Company) -> QuerySet[CompanyNote]:
    """Private notes: the manager sees all, an advisor only their partner's, a company none."""
    role = role_of(user)
    notes = company.notes.all()
    if role == Role.MANAGER:
        return notes
    membership = membership_of(user)
    if role == Role.ADVISOR and membership is not None:
        return notes.filter(partner_id=membership.partner_id)
    return notes.none()


def require_edit(user: Any, company: Company) -> None:
    if not can_edit_company(user, company):
        raise PermissionDenied(f"you may not change {company.legal_name}")
