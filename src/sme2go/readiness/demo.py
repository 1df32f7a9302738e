"""`sme2go demo` step: SYNTHETIC export-readiness assessments for a share of the generated companies,
some of them repeated months later with better answers, so that company pages show a history,
consortium proposals use assessed readiness, and the report counts companies assessed and improved.
The companies are generated (labelled so); their answers are drawn from a seeded generator."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from sme2go.readiness import questionnaire
from sme2go.readiness.models import ReadinessAssessment
from sme2go.registry.models import Company

FIRST_DAY = datetime.datetime(2025, 1, 13, 10, 0, tzinfo=datetime.UTC)
LAST_FIRST_ASSESSMENT_DAYS = 420  # first assessments spread over 2025 and early 2026


def answers_for(rng: random.Random, level: float) -> dict[str, int]:
    """One answer per question around the company's level (0-4)."""
    return {q.key: min(4, max(0, round(rng.gauss(level, 0.8)))) for q in questionnaire.QUESTIONS}


def improved(rng: random.Random, answers: dict[str, int]) -> dict[str, int]:
    """The next assessment: two to four of the weakest answers a step higher (work on the next steps)."""
    better = dict(answers)
    for key in sorted(better, key=lambda k: (better[k], k))[: rng.randint(2, 4)]:
        better[key] = min(4, better[key] + 1)
    return better


@transaction.atomic
def demo_step(stdout: object, *, assessed_share: float = 0.35, seed: int = 2027) -> str:
    """Seeded, once: a first assessment for a share of the generated companies, a second for about
    60 % of them 3-9 months later, a third for about 20 % (none later than today)."""
    if ReadinessAssessment.objects.filter(company__is_generated=True).exists():
        return "Readiness: synthetic demo assessments already loaded"
    generated = list(Company.objects.filter(is_generated=True).order_by("id"))
    if not generated:
        return "Readiness: no generated companies, no synthetic assessments"
    rng = random.Random(seed)
    now = timezone.now()
    planned: list[tuple[Company, dict[str, int], datetime.datetime]] = []
    for company in rng.sample(generated, k=int(len(generated) * assessed_share)):
        answers = answers_for(rng, rng.uniform(0.8, 3.2))
        when = FIRST_DAY + datetime.timedelta(days=rng.randrange(LAST_FIRST_ASSESSMENT_DAYS))
        planned.append((company, answers, when))
        for chance in (0.6, 0.33):  # a second for 60 %, a third for a third of those
            if rng.random() >= chance:
                break
            answers, when = improved(rng, answers), when + datetime.timedelta(days=rng.randint(90, 270))
            if when > now:  # never an assessment in the future
                break
            planned.append((company, answers, when))
    rows = []
    for company, answers, _ in planned:
        result = questionnaire.score(answers)
        rows.append(ReadinessAssessment(company=company, answers=answers, organisational=result.organisational,
                                        product=result.product, overall=result.overall, band=result.band))
    created = ReadinessAssessment.objects.bulk_create(rows)
    for row, (_, _, when) in zip(created, planned, strict=True):  # assessed_at is set on create
        ReadinessAssessment.objects.filter(pk=row.pk).update(assessed_at=when)
    companies = len({company.pk for company, _, _ in planned})
    return (f"Readiness: SYNTHETIC {len(rows)} export-readiness assessments of {companies} generated companies "
            "(2025-2026, some repeated with better answers)")
