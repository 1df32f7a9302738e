"""`sme2go demo` step: SYNTHETIC export missions, meetings and leads for the generated companies, so
that /missions/, /leads/ and the report show a pipeline. Nothing here is real data: every mission
description and lead description says "synthetic demo record"."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sme2go.missions.models import Lead, LeadEvent, Meeting, Mission, MissionParticipant, Stage
from sme2go.registry.models import Company, Partner

SYNTHETIC = "synthetic demo record"
DESTINATIONS = (("Nairobi smart water", "KE", "Nairobi"), ("Kigali smart mobility", "RW", "Kigali"),
                ("Accra digital city services", "GH", "Accra"), ("Hanoi urban energy", "VN", "Hanoi"))
BUYERS = ("City water utility", "Municipal transport authority", "City council IT department",
          "Regional energy company", "Smart-city integrator")
STAGES = (Stage.IDENTIFIED, Stage.CONTACTED, Stage.PROPOSAL, Stage.NEGOTIATION, Stage.WON, Stage.LOST)
WEIGHTS = (4, 4, 3, 2, 2, 2)


@transaction.atomic
def demo_step(stdout: object, *, seed: int = 2026) -> str:
    """Seeded, once: four missions of 6-10 generated companies, 1-3 meetings each, and leads from
    about half of the meetings, spread over the pipeline's stages."""
    if Mission.objects.filter(description__contains=SYNTHETIC).exists():
        return "Missions: synthetic demo missions already loaded"
    partners = list(Partner.objects.all())
    generated = list(Company.objects.filter(is_generated=True).prefetch_related("partners").order_by("id"))
    if not partners or len(generated) < 10:
        return "Missions: no generated companies, no synthetic missions"
    rng = random.Random(seed)
    meetings = leads = 0
    for number, (name, country, city) in enumerate(DESTINATIONS):
        start = datetime.date(2025, 3, 2) + datetime.timedelta(days=140 * number)
        mission = Mission.objects.create(name=name, country=country, city=city, starts_on=start,
                                         ends_on=start + datetime.timedelta(days=4), partner=partners[number % len(partners)],
                                         description=f"Export mission ({SYNTHETIC}).")
        for company in rng.sample(generated, k=rng.randint(6, 10)):
            MissionParticipant.objects.create(mission=mission, company=company)
            for _ in range(rng.randint(1, 3)):
                buyer = f"{rng.choice(BUYERS)}, {city}"
                day = start + datetime.timedelta(days=rng.randint(0, 4))
                Meeting.objects.create(mission=mission, company=company, counterpart=buyer, held_on=day,
                                       outcome=f"Interested in a pilot ({SYNTHETIC}).")
                meetings += 1
                if rng.random() < 0.5:
                    continue
                stage = rng.choices(STAGES, WEIGHTS)[0]
                sale = min(day + datetime.timedelta(days=rng.randint(60, 240)), timezone.localdate())
                won_on = sale if stage == Stage.WON else None
                follow_partner = next(iter(company.partners.all()), mission.partner)
                lead = Lead.objects.create(
                    company=company, mission=mission, partner=follow_partner, buyer=buyer, country=country,
                    value_eur=Decimal(rng.randrange(5, 200) * 1000), stage=stage, won_on=won_on,
                    description=f"Pilot of the company's solution ({SYNTHETIC}).",
                    follow_up_on=None if stage in (Stage.WON, Stage.LOST) else day + datetime.timedelta(days=90),
                )
                LeadEvent.objects.create(lead=lead, to_stage=stage, note=SYNTHETIC)
                leads += 1
    return f"Missions: SYNTHETIC {len(DESTINATIONS)} missions, {meetings} meetings and {leads} leads"
