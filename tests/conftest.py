"""Shared fixtures: the demo partners and one user of each role."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sme2go.accounts.models import Membership, Role
from sme2go.registry.demo_loading import ensure_partners
from sme2go.registry.models import Company, Partner

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """PBKDF2 at production strength costs ~0.3 s per user; tests only need a hash that verifies."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def partners(db) -> dict[str, Partner]:
    return ensure_partners()


def make_user(django_user_model, username: str, *, role: str, partner=None, company=None):
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=user, role=role, partner=partner, company=company)
    return user


@pytest.fixture
def manager(db, django_user_model):
    return make_user(django_user_model, "manager", role=Role.MANAGER)


@pytest.fixture
def advisor(partners, django_user_model):
    """An advisor at Tallinn Science Park Tehnopol."""
    return make_user(django_user_model, "advisor-ee", role=Role.ADVISOR, partner=partners["Tehnopol"])


@pytest.fixture
def other_advisor(partners, django_user_model):
    """An advisor at Turku Science Park."""
    return make_user(django_user_model, "advisor-fi", role=Role.ADVISOR, partner=partners["Turku"])


@pytest.fixture
def ee_company(partners) -> Company:
    company = Company.objects.create(legal_name="Aqua Sense OÜ", country="EE", city="Tallinn", registry_code="EE123")
    company.partners.add(partners["Tehnopol"])
    return company


@pytest.fixture
def fi_company(partners) -> Company:
    company = Company.objects.create(legal_name="Volttiväylä Oy", country="FI", city="Turku", registry_code="FI456")
    company.partners.add(partners["Turku"])
    return company


@pytest.fixture
def company_user(ee_company, django_user_model):
    return make_user(django_user_model, "rep", role=Role.COMPANY, company=ee_company)


@pytest.fixture
def demo(db) -> None:
    """The demo's data (real partners and markets, 40 generated companies, support, missions, leads) and its
    users `manager`, `advisor-tehnopol` and `company`, loaded as `sme2go demo` does."""
    call_command("demo", "--no-serve", "--companies", "40")
