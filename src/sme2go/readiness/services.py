"""Use cases of export readiness: assess a company, read its history, the latest scores for many, a cohort."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from sme2go.accounts import scoping
from sme2go.accounts.audit import record_change
from sme2go.readiness import cohort, questionnaire
from sme2go.readiness.models import ReadinessAssessment
from sme2go.registry.models import Company, Partner


def can_assess(user: Any, company: Company) -> bool:
    """Who may fill in the questionnaire: whoever may edit the company (its advisors, the programme
    manager, and the company's own representative, as a self-assessment)."""
    return scoping.can_edit_company(user, company)


def assess(*, actor: Any, company: Company, answers: Mapping[str, object]) -> ReadinessAssessment:
    """Score the answers and store them as the company's newest assessment (questionnaire.AnswerError
    names the first wrong answer; nothing is stored then)."""
    if not can_assess(actor, company):
        raise PermissionDenied("you may not assess this company")
    checked = questionnaire.check_answers(answers)
    result = questionnaire.score(checked)
    with transaction.atomic():
        assessment = ReadinessAssessment.objects.create(
            company=company,
            assessed_by=actor if getattr(actor, "is_authenticated", False) else None,
            answers=checked,
            organisational=result.organisational,
            product=result.product,
            overall=result.overall,
            band=result.band,
        )
        record_change(actor=actor, action="readiness.assess", obj=assessment,
                      summary=f"{company.legal_name}: {result.overall:.0f} ({result.band})",
                      changes={"company": company.pk, "answers": checked})
    return assessment


def history(company: Company) -> list[ReadinessAssessment]:
    """The company's assessments, newest first."""
    return list(company.readiness_assessments.select_related("assessed_by"))


def result_of(assessment: ReadinessAssessment) -> questionnaire.Result:
    """The full result (band meaning, next steps) of a stored assessment, from its answers."""
    return questionnaire.score(assessment.answers)


def latest_readiness(company_ids: Iterable[int]) -> dict[int, ReadinessAssessment]:
    """Each company's newest assessment (companies without one are absent)."""
    latest: dict[int, ReadinessAssessment] = {}
    for assessment in ReadinessAssessment.objects.filter(company_id__in=list(company_ids)).order_by(
        "company_id", "-assessed_at", "-pk"
    ):
        latest.setdefault(assessment.company_id, assessment)
    return latest


def cohort_tracks(*, actor: Any, partner_id: int | None) -> tuple[list[cohort.Track], int]:
    """The readiness tracks of a partner's companies (every company when partner_id is None) and how many
    of them were never assessed. Merged-away companies are left out (their assessments moved to the
    company kept). PermissionDenied unless `actor` is programme staff or None (the operator, on the command line)."""
    if actor is not None and not scoping.can_see_readiness_cohort(actor):
        raise PermissionDenied("the readiness of a cohort is for the programme's staff")
    companies = Company.objects.filter(merged_into__isnull=True)
    if partner_id is not None:
        companies = companies.filter(partners__id=partner_id)
    names = dict(companies.values_list("pk", "legal_name"))
    history: dict[int, list[cohort.Scores]] = {}
    rows = ReadinessAssessment.objects.filter(company__in=companies).order_by("company_id", "assessed_at", "pk")
    for company_id, when, organisational, product, overall, band, answers in rows.values_list(
        "company_id", "assessed_at", "organisational", "product", "overall", "band", "answers"
    ):
        history.setdefault(company_id, []).append(cohort.Scores(when, organisational, product, overall, band, answers))
    tracks = [cohort.track(pk, names[pk], scores) for pk, scores in history.items()]
    return tracks, len(names) - len(tracks)


NO_PARTNER = "No partner"


def cohort_groups(*, partner_id: int | None) -> list[tuple[str, set[int]]]:
    """The companies of each partner, by short name (only the partner `partner_id` when given), as
    (short name, company ids) in short-name order, merged-away records left out; then ("No partner", ids)
    for the companies no partner supports, when not filtered and there are any. A partner without
    companies is there, with none."""
    partners = Partner.objects.order_by("short_name")
    if partner_id is not None:
        partners = partners.filter(pk=partner_id)
    groups: dict[int, tuple[str, set[int]]] = {pk: (name, set()) for pk, name in partners.values_list("pk", "short_name")}
    links = Company.partners.through.objects.filter(company__merged_into__isnull=True, partner_id__in=list(groups))
    for company_id, linked_partner in links.values_list("company_id", "partner_id"):
        groups[linked_partner][1].add(company_id)
    result = list(groups.values())
    if partner_id is None:
        alone = set(Company.objects.filter(merged_into__isnull=True, partners__isnull=True).values_list("pk", flat=True))
        if alone:
            result.append((NO_PARTNER, alone))
    return result
