"""Demo data for de-duplication: a few generated companies registered a second time by
another partner, written the way people type (so the duplicates page has work to show)."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from sme2go.registry.dedupe_evaluation import VARIANTS
from sme2go.registry.demo import PARTNERS_BY_COUNTRY
from sme2go.registry.models import Company, Contact, Partner

MARKER = "Registered again by"
COMPANIES_PER_DUPLICATE = 40
SMALLEST_REGISTRY = 100


@transaction.atomic
def load_demo_duplicates(*, count: int | None = None, seed: int = 37) -> int:
    """Create `count` second registrations of generated companies (default: one per 40 generated
    companies, none in a registry of fewer than 100, such as a quick test's); idempotent."""
    if Company.objects.filter(description__startswith=MARKER).exists():
        return 0
    originals = list(Company.objects.filter(is_generated=True, merged_into__isnull=True).order_by("pk"))
    if count is None:
        count = len(originals) // COMPANIES_PER_DUPLICATE if len(originals) >= SMALLEST_REGISTRY else 0
    if not originals or count <= 0:
        return 0
    rng = random.Random(seed)
    partners = {p.short_name: p for p in Partner.objects.all()}
    created = 0
    for original in rng.sample(originals, k=min(count, len(originals))):
        name = original.legal_name
        for operation in rng.sample(sorted(VARIANTS), k=rng.choice((1, 2))):
            name = VARIANTS[operation](name, rng)
        supporters = set(original.partners.values_list("short_name", flat=True))
        others = [s for s in PARTNERS_BY_COUNTRY.get(original.country, ()) if s not in supporters] or ["SISP"]
        # Mostly another partner (only the manager merges those); sometimes the same one twice,
        # which that partner's advisors may merge themselves.
        partner = partners.get(rng.choice(others if rng.random() < 0.67 or not supporters else sorted(supporters)))
        twin = Company.objects.create(
            legal_name=name.strip(), country=original.country, city=original.city,
            registry_code=original.registry_code if rng.random() < 0.3 else "",
            website=original.website.replace("https://www.", "") if rng.random() < 0.5 else "",
            is_generated=True, status=Company.Status.PROSPECT,
            description=f"{MARKER} {partner.name if partner else 'another partner'} (a demo duplicate of #{original.pk}).",
        )
        if partner is not None:
            twin.partners.add(partner)
        Contact.objects.create(company=twin, name=f"Contact at {twin.legal_name}"[:200], role="CEO")
        created += 1
    return created


def demo_step(stdout: Any = None) -> str:
    created = load_demo_duplicates()
    return f"Duplicates: {created} second registrations created for the /duplicates/ page" if created else "Duplicates: already loaded"
