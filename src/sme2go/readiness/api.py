"""REST API of export readiness: the questionnaire, a company's assessments, and a new assessment."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, StrictInt

from sme2go.accounts import scoping
from sme2go.api_errors import refused
from sme2go.readiness import questionnaire, services
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


@router.post("/companies/{company_id}/readiness", response={201: AssessmentOut, **ERRORS})
def assess(request: HttpRequest, company_id: int, body: AnswersIn) -> Any:
    """Assess the company (its advisors, the manager, or the company itself); 422 names the question."""
    company = _company(request, company_id)
    try:
        assessment = services.assess(actor=request.auth, company=company, answers=body.answers)
    except questionnaire.AnswerError as error:
        raise refused(str(error), f"answers.{error.question}" if error.question else "answers") from None
    return Status(201, _out(assessment))
