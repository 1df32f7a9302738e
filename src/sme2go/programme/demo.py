"""`sme2go demo` step: EXAMPLE programme targets, so that the demo's report compares its (synthetic)
results with targets. They are not the real programme's targets; the manager sets real ones on
/report/targets/."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from sme2go.programme.models import KpiTarget
from sme2go.registry.models import Partner

PROGRAMME_TARGETS = {
    "companies_supported": 250, "companies_assessed": 200, "readiness_improved": 80, "people_trained": 300,
    "support_hours": 2000, "consortia_formed": 10, "companies_on_missions": 40, "leads_generated": 60,
    "companies_first_sale": 15, "sales_value_eur": 1_000_000,
}
SUPPORTED_PER_PARTNER = 50


@transaction.atomic
def demo_step(stdout: object) -> str:
    """Once, and only while no target is set: the example targets, programme-wide and, for unique
    companies supported, per partner."""
    if KpiTarget.objects.exists():
        return "Programme: targets already set, left as they are"
    rows = [KpiTarget(kpi=kpi, partner=None, target=Decimal(value)) for kpi, value in PROGRAMME_TARGETS.items()]
    rows += [KpiTarget(kpi="companies_supported", partner=partner, target=Decimal(SUPPORTED_PER_PARTNER))
             for partner in Partner.objects.order_by("pk")]
    KpiTarget.objects.bulk_create(rows)
    return (f"Programme: EXAMPLE targets for {len(PROGRAMME_TARGETS)} KPIs (not the real programme's; "
            "the manager sets real ones on /report/targets/)")
