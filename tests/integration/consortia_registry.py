"""A small registry for consortium tests: six companies in EE, FI and SE with two capabilities."""

from __future__ import annotations

from sme2go.collaboration.models import CompanyTie
from sme2go.registry.models import Company, Solution, SolutionCapability

LEAK = "water.leak-detection"
METER = "water.smart-water-metering"


def add_company(name: str, country: str, *, trl: int, fits: dict[str, float], second: dict[str, float] | None = None) -> Company:
    company = Company.objects.create(legal_name=name, country=country, city="X")
    solution = Solution.objects.create(company=company, name=f"{name} main", trl=trl)
    for capability, level in fits.items():
        SolutionCapability.objects.create(solution=solution, capability_id=capability, level=level)
    if second is not None:
        other = Solution.objects.create(company=company, name=f"{name} pilot", trl=max(1, trl - 3))
        for capability, level in second.items():
            SolutionCapability.objects.create(solution=other, capability_id=capability, level=level)
    return company


def small_registry() -> dict[str, Company]:
    companies = {
        "aqua": add_company("Aqua Leak OÜ", "EE", trl=9, fits={LEAK: 0.9}),
        "meter": add_company("Meter Oy", "FI", trl=8, fits={METER: 0.8}, second={LEAK: 0.5}),
        "both": add_company("Both AB", "SE", trl=6, fits={LEAK: 0.6, METER: 0.6}),
        "weak": add_company("Weak Water AB", "SE", trl=9, fits={LEAK: 0.2}),
        "unready": add_company("Unready OÜ", "EE", trl=3, fits={LEAK: 1.0, METER: 1.0}),
        "other": add_company("Parking Oy", "FI", trl=7, fits={"mobility.parking": 0.9}),
    }
    a, b = sorted((companies["aqua"].pk, companies["meter"].pk))
    CompanyTie.objects.create(company_a_id=a, company_b_id=b, strength=2.0, source="cordis", shared_projects=2)
    return companies
