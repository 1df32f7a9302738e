"""Storing the demo programme: real partners, generated companies, demo logins."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from sme2go.accounts.models import Membership, Role
from sme2go.registry.demo import PROGRAMME_PARTNERS, generate_companies
from sme2go.registry.models import (
    Company,
    Contact,
    Partner,
    ReferenceDeployment,
    Solution,
    SolutionCapability,
)

DEMO_PASSWORD = "demo-sme2go"


def ensure_partners() -> dict[str, Partner]:
    partners = {}
    for index, (name, short, country, website, budget, erdf) in enumerate(PROGRAMME_PARTNERS):
        partner, _ = Partner.objects.update_or_create(
            short_name=short,
            defaults=dict(name=name, country=country, website=website, budget_eur=budget, erdf_eur=erdf, is_lead=index == 0),
        )
        partners[short] = partner
    return partners


@transaction.atomic
def load_demo_registry(*, count: int = 500, seed: int = 2024) -> int:
    """Create the partners and `count` generated companies unless generated ones exist. Returns companies created."""
    partners = ensure_partners()
    if Company.objects.filter(is_generated=True).exists():
        return 0
    for generated in generate_companies(count, seed=seed):
        company = Company(
            legal_name=generated.legal_name, country=generated.country, city=generated.city,
            registry_code=generated.registry_code, website=generated.website, size_band=generated.size_band,
            founded_year=generated.founded_year, nace_codes=generated.nace_codes, description=generated.description,
            status=generated.status, is_generated=True,
        )
        company.save()
        company.partners.set([partners[short] for short in generated.partners])
        for spec in generated.solutions:
            solution = Solution.objects.create(company=company, name=spec.name, description=spec.description, trl=spec.trl)
            SolutionCapability.objects.bulk_create(
                SolutionCapability(solution=solution, capability_id=cap, level=level)
                for cap, level in spec.capabilities.items()
            )
            ReferenceDeployment.objects.bulk_create(
                ReferenceDeployment(solution=solution, city=city, country=cc, year=year)
                for city, cc, year in spec.references
            )
        Contact.objects.bulk_create(
            Contact(company=company, name=name, role=role, email=email, consent_to_contact=consent)
            for name, role, email, consent in generated.contacts
        )
    return count


def ensure_demo_users() -> list[tuple[str, str]]:
    """The demo logins (user name, what they are); all share DEMO_PASSWORD."""
    User = get_user_model()
    logins: list[tuple[str, str]] = []

    def ensure(username: str, *, role: str, partner: Partner | None = None, company: Company | None = None,
               staff: bool = False) -> None:
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": staff, "is_superuser": staff})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.update_or_create(user=user, defaults={"role": role, "partner": partner, "company": company})
        what = {"manager": "programme manager (and Django admin)", "advisor": f"advisor at {partner}",
                "company": f"representative of {company}"}[role]
        logins.append((username, what))

    ensure("manager", role=Role.MANAGER, staff=True)
    for partner in Partner.objects.order_by("-is_lead", "name"):
        ensure(f"advisor-{partner.short_name.lower()}", role=Role.ADVISOR, partner=partner)
    first = Company.objects.filter(is_generated=True).order_by("pk").first()
    if first is not None:
        ensure("company", role=Role.COMPANY, company=first)
    return logins
