"""`sme2go demo` step: SYNTHETIC training sessions and support actions for the generated companies,
so that /support/ and /report/ show a programme in motion. Nothing here is real data; every note
and place says so ("synthetic demo record")."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sme2go.registry.models import Company
from sme2go.support.models import (
    Attendance,
    SupportAction,
    SupportKind,
    TrainingModule,
    TrainingSession,
)

MODULES = (
    ("Public procurement abroad", Decimal(6)),
    ("Export pricing", Decimal(3)),
    ("Pitching to city buyers", Decimal(4)),
    ("EU funding and tenders", Decimal(6)),
    ("Data protection for smart-city solutions", Decimal(3)),
)
SYNTHETIC = "synthetic demo record"
UPCOMING = ("Export pricing", "Public procurement abroad", "Data protection for smart-city solutions")


@transaction.atomic
def demo_step(stdout: object, *, supported_share: float = 0.4, sessions: int = 12, seed: int = 2025) -> str:
    """Seeded, once: support actions for a share of the generated companies and training sessions in
    2025-2026, each by a partner that supports the company; returns a summary."""
    generated = list(Company.objects.filter(is_generated=True).prefetch_related("partners").order_by("id"))
    if SupportAction.objects.filter(company__is_generated=True).exists():
        return "Support: synthetic demo support already loaded"
    with_partner = [c for c in generated if c.partners.all()]
    if not with_partner:
        return "Support: no generated companies, no synthetic support"
    rng = random.Random(seed)
    start = datetime.date(2025, 1, 6)
    days = (datetime.date(2026, 10, 30) - start).days
    actions = []
    for company in rng.sample(with_partner, k=int(len(with_partner) * supported_share)):
        partner = rng.choice(list(company.partners.all()))
        for _ in range(rng.randint(1, 4)):
            actions.append(SupportAction(
                company=company, partner=partner, given_on=start + datetime.timedelta(days=rng.randrange(days)),
                kind=rng.choice(SupportKind.values), hours=Decimal(rng.choice((1, 1.5, 2, 3, 4, 6))),
                note=SYNTHETIC,
            ))
    SupportAction.objects.bulk_create(actions)
    modules = [TrainingModule.objects.get_or_create(title=title, defaults={"hours": hours})[0] for title, hours in MODULES]
    by_partner: dict[int, list[Company]] = {}
    for company in with_partner:
        for partner in company.partners.all():
            by_partner.setdefault(partner.pk, []).append(company)
    attendances = []
    for _ in range(sessions):
        partner_id = rng.choice(sorted(by_partner))
        session = TrainingSession.objects.create(
            module=rng.choice(modules), partner_id=partner_id, place=f"online ({SYNTHETIC})",
            held_on=start + datetime.timedelta(days=rng.randrange(days)),
        )
        pool = by_partner[partner_id]
        for company in rng.sample(pool, k=min(len(pool), rng.randint(5, 15))):
            attendances.append(Attendance(session=session, company=company, people=rng.randint(1, 3)))
    Attendance.objects.bulk_create(attendances)
    # Sessions planned in the coming weeks (no one attended yet), so next steps can name the next session.
    today = timezone.localdate()
    for weeks, title in enumerate(UPCOMING, start=1):
        TrainingSession.objects.create(module=next(m for m in modules if m.title == title),
                                       partner_id=rng.choice(sorted(by_partner)), place=f"online ({SYNTHETIC})",
                                       held_on=today + datetime.timedelta(weeks=2 * weeks))
    return (f"Support: SYNTHETIC {len(actions)} support actions and {sessions} training sessions "
            f"({len(attendances)} attendances) for generated companies, {len(UPCOMING)} sessions planned")
