"""REST API of export readiness: the questionnaire, a company's assessments, and a new assessment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, StrictInt

from sme2go.accounts import scoping
from sme2go.api_errors import refused
from sme2go.api_fields import partner_filter
from sme2go.readiness import cohort, questionnaire, services
from sme2go.readiness.models import ReadinessAssessment
from sme2go.registry.api_schemas import ErrorOut, InputSchema

router = Router(tags=["export readiness"])
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class QuestionOut(Schema):
    key: str
    dimension: str
    label: str
    text: str
    weight: float


class AssessmentOut(Schema):
    id: int
    assessed_at: str
    assessed_by: str | None
    organisational: float
    product: float
    overall: float
    band: str
    next_steps: list[str]
    answers: dict[str, int]


class AnswersIn(InputSchema):
    """Every question's answer, 0 (not at all) to 4 (fully), by question key."""

    answers: dict[str, StrictInt] = Field(description="question key -> answer 0-4 (GET /readiness/questionnaire)")


def _out(assessment: ReadinessAssessment) -> dict[str, Any]:
    result = services.result_of(assessment)
    return {
        "id": assessment.pk, "assessed_at": assessment.assessed_at.isoformat(timespec="seconds"),
        "assessed_by": assessment.assessed_by.get_username() if assessment.assessed_by else None,
        "organisational": assessment.organisational, "product": assessment.product, "overall": assessment.overall,
        "band": assessment.band, "next_steps": list(result.next_steps), "answers": assessment.answers,
    }


def _company(request: HttpRequest, company_id: int) -> Any:
    company = scoping.visible_companies(request.auth).filter(pk=company_id).first()
    if company is None:
        raise HttpError(404, f"company {company_id} not found")
    return company


@router.get("/readiness/questionnaire", response={200: list[QuestionOut], 401: ErrorOut})
def questions(request: HttpRequest) -> Any:
    """The twelve questions, in order, with their side (organisational or product) and weight."""
    return [{"key": q.key, "dimension": q.dimension, "label": q.label, "text": q.text, "weight": q.weight}
            for q in questionnaire.QUESTIONS]


@router.get("/companies/{company_id}/readiness", response={200: list[AssessmentOut], **ERRORS})
def history(request: HttpRequest, company_id: int) -> Any:
    """The company's assessments, newest first, each with its band and next steps."""
    return [_out(a) for a in services.history(_company(request, company_id))]


def answer_field(question: str | None) -> str:
    """The `field` of a refused answer: `answers.<key>`, `answers[""]` for a key that is the empty
    string, `answers` for the answers as a whole."""
    if question is None:
        return "answers"
    return 'answers[""]' if question == "" else f"answers.{question}"


@router.post("/companies/{company_id}/readiness", response={201: AssessmentOut, **ERRORS})
def assess(request: HttpRequest, company_id: int, body: AnswersIn) -> Any:
    """Assess the company (its advisors, the manager, or the company itself); 422 names the question."""
    company = _company(request, company_id)
    try:
        assessment = services.assess(actor=request.auth, company=company, answers=body.answers)
    except questionnaire.AnswerError as error:
        raise refused(str(error), answer_field(error.question)) from None
    return Status(201, _out(assessment))


class BandCount(Schema):
    band: str
    companies: int


class WeakQuestionOut(Schema):
    key: str
    label: str
    mean_answer: float
    answered_2_or_less: int
    answered: int


class CohortCompanyOut(Schema):
    company_id: int
    company: str
    band: str
    overall: float
    organisational: float
    product: float
    assessed_at: str
    assessments: int
    change: float | None


class CohortOut(Schema):
    assessed: int
    never_assessed: int
    by_band: list[BandCount]
    median_overall: float | None
    median_organisational: float | None
    median_product: float | None
    improved: int
    reassessed: int
    weakest_questions: list[WeakQuestionOut]
    companies: list[CohortCompanyOut]


class CohortFilters(Schema):
    partner: str = Field("", description="a partner's id or short name; empty: every partner's companies")
    band: str = Field("", description="only the companies listed in this band (the summary stays the cohort's)")
    order: str = Field("score", description="score, -score, -change, date or name")


@router.get("/readiness/cohort", response={200: CohortOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def cohort_of(request: HttpRequest, filters: Query[CohortFilters]) -> Any:
    """The /readiness/ page as data (staff): the partner's companies by band of their latest assessment,
    the medians, how many improved, the weakest questions, and the companies in the band and order asked."""
    if filters.band and filters.band not in cohort.BAND_NAMES:
        raise ValidationError({"band": [f"unknown band {filters.band!r}; choose one of {', '.join(cohort.BAND_NAMES)}"]})
    if filters.order not in cohort.SORTS:
        raise ValidationError({"order": [f"unknown order {filters.order!r}; choose one of {', '.join(cohort.SORTS)}"]})
    partner_id = partner_filter(filters.partner)
    tracks, never_assessed = services.cohort_tracks(actor=request.auth, partner_id=partner_id)
    summary = cohort.summarise(tracks, never_assessed=never_assessed)
    return {
        "assessed": summary.assessed, "never_assessed": summary.never_assessed,
        "by_band": [{"band": band, "companies": n} for band, n in summary.by_band],
        "median_overall": summary.median_overall, "median_organisational": summary.median_organisational,
        "median_product": summary.median_product, "improved": summary.improved, "reassessed": summary.reassessed,
        "weakest_questions": [{"key": m.question.key, "label": m.question.label, "mean_answer": m.mean,
                               "answered_2_or_less": m.weak, "answered": m.answered} for m in summary.weakest],
        "companies": [{"company_id": t.company_id, "company": t.name, "band": t.latest.band,
                       "overall": t.latest.overall, "organisational": t.latest.organisational,
                       "product": t.latest.product, "assessed_at": t.latest.assessed_at.isoformat(timespec="seconds"),
                       "assessments": t.assessments, "change": t.change}
                      for t in cohort.sort_tracks(cohort.in_band(tracks, filters.band), filters.order)],
    }
