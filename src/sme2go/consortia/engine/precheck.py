"""Rules that cannot be met, found before solving, and the companies that may join at all."""

from __future__ import annotations

from sme2go.consortia.engine.instance import CompanyOption, Instance


def eligible_companies(instance: Instance) -> list[CompanyOption]:
    """Companies not excluded and ready enough (min_readiness), in instance order."""
    rules = instance.rules
    excluded = set(rules.exclude)
    return [c for c in instance.companies if c.id not in excluded and c.readiness >= rules.min_readiness]


def infeasibility_reason(instance: Instance) -> str | None:
    """A sentence naming a rule no consortium can meet, or None if none is evident.

    Example: "cover_all: no eligible company covers water.leak-detection with fit ≥ 0.3".
    None does not prove feasibility (rules may still clash together; the solver decides).
    """
    rules = instance.rules
    for company_id in rules.lock:
        readiness = instance.company(company_id).readiness
        if readiness < rules.min_readiness:
            return (
                f"min_readiness: locked company {company_id} has readiness {readiness:g}, "
                f"below min_readiness {rules.min_readiness:g}"
            )
    if len(rules.lock) > rules.max_size:
        return f"max_size: {len(rules.lock)} companies are locked but max_size is {rules.max_size}"
    if rules.min_countries > rules.max_size:
        return f"min_countries: {rules.min_countries} countries cannot fit in max_size {rules.max_size}"
    eligible = eligible_companies(instance)
    if len(eligible) < rules.min_size:
        return (
            f"min_size: only {len(eligible)} eligible companies (not excluded, readiness ≥ "
            f"{rules.min_readiness:g}), but min_size is {rules.min_size}"
        )
    countries = sorted({c.country for c in eligible})
    if len(countries) < rules.min_countries:
        return (
            f"min_countries: eligible companies span only {len(countries)} countries "
            f"({', '.join(countries) or 'none'}), but min_countries is {rules.min_countries}"
        )
    if rules.cover_all:
        for requirement in instance.required:
            if not any(c.fit_for(requirement.capability) >= rules.min_fit for c in eligible):
                return (
                    f"cover_all: no eligible company covers {requirement.capability} "
                    f"with fit ≥ {rules.min_fit:g}"
                )
    return None
