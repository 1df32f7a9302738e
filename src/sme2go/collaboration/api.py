"""REST API of partner suggestions: who most likely completes a saved consortium or a team of companies."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field, StrictInt, StrictStr

from sme2go.accounts import scoping
from sme2go.api_errors import refused
from sme2go.collaboration.completion import (
    MAX_SUGGESTIONS,
    Completion,
    CompletionError,
    suggest_for_consortium,
    suggest_to_complete,
)
from sme2go.registry.api_schemas import ErrorOut, InputSchema

router = Router(tags=["partner suggestions"])
# The error codes each endpoint can answer (bodies as in api_errors.py), for the OpenAPI document;
# 400 and 413, which any body-taking operation may answer, are added by sme2go.api for all of them.
TEAM_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
CONSORTIUM_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

# A registry id: a positive database integer (a larger one overflowed the database: 500).
CompanyId = Annotated[StrictInt, Field(ge=1, le=2**63 - 1)]


class SuggestionOut(Schema):
    company_id: int
    company: str
    country: str
    score: float
    reasons: list[str]


class CompletionOut(Schema):
    member_ids: list[int]
    members_with_history: int
    candidates: int
    suggestions: list[SuggestionOut]


class TeamIn(InputSchema):
    """A team to complete; an unknown field and a value of the wrong type (`"k": "5"`, `true` as an id)
    are refused with 422 naming the field."""

    company_ids: list[CompanyId] = Field(description="registry ids of the team's companies")
    k: StrictInt = Field(10, description=f"how many suggestions (1-{MAX_SUGGESTIONS})")
    countries: list[StrictStr] = Field(
        default_factory=list, description="only suggest companies of these countries (two-letter codes: EE, FI)"
    )


def _out(completion: Completion) -> dict[str, Any]:
    return {
        "member_ids": [m.pk for m in completion.members],
        "members_with_history": completion.members_with_history,
        "candidates": completion.candidates,
        "suggestions": [
            {"company_id": s.company.pk, "company": s.company.legal_name, "country": s.company.country,
             "score": s.score, "reasons": list(s.reasons)}
            for s in completion.suggestions
        ],
    }


@router.post("/partner-suggestions", response={200: CompletionOut, **TEAM_ERRORS})
def suggest_for_team(request: HttpRequest, team: TeamIn) -> Any:
    """The k visible companies most likely to complete a team of registry companies, best first, with reasons."""
    try:
        return _out(suggest_to_complete(user=request.auth, company_ids=team.company_ids, k=team.k,
                                        countries=team.countries))
    except CompletionError as error:
        raise refused(str(error), error.field) from None


@router.get("/consortia/{consortium_id}/partner-suggestions", response={200: CompletionOut, **CONSORTIUM_ERRORS})
def suggest_for_saved_consortium(request: HttpRequest, consortium_id: int, k: int = 10, countries: str = "") -> Any:
    """The k visible companies most likely to complete a saved consortium (`countries`: comma-separated
    two-letter codes)."""
    consortium = scoping.visible_consortia(request.auth).filter(pk=consortium_id).first()
    if consortium is None:
        raise HttpError(404, f"consortium {consortium_id} not found")
    try:
        completion = suggest_for_consortium(user=request.auth, consortium=consortium, k=k,
                                            countries=countries.split(","))
    except CompletionError as error:
        raise refused(str(error), error.field) from None
    return _out(completion)
