"""REST API of consortia: solve an instance (same output as the CLI), list and read saved consortia."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Body, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from sme2go.accounts import scoping
from sme2go.api_errors import refused
from sme2go.consortia.engine import InstanceError, parse_instance, solve
from sme2go.consortia.engine.instance import EXAMPLE_INSTANCE_JSON
from sme2go.consortia.models import Consortium, ConsortiumEvent, ConsortiumMember
from sme2go.registry.api_schemas import ErrorOut

router = Router(tags=["consortia"])

MAX_TIME_LIMIT = 60.0
# The error codes each endpoint can answer (bodies as in api_errors.py), for the OpenAPI document;
# 400 and 413, which any body-taking operation may answer, are added by sme2go.api for all of them.
SOLVE_ERRORS: dict[int, Any] = {401: ErrorOut, 422: ErrorOut}
LIST_ERRORS: dict[int, Any] = {401: ErrorOut}
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class MemberOut(Schema):
    company_id: int
    company: str
    country: str
    role: str
    capabilities: list[str]


class EventOut(Schema):
    kind: str
    from_status: str
    to_status: str
    detail: str
    user: str | None
    at: datetime


class ConsortiumOut(Schema):
    id: int
    name: str
    status: str
    opportunity_id: int | None
    required_capabilities: list[dict[str, Any]]
    lead_company_id: int | None
    target_city: str
    target_country: str
    score: float | None
    created_at: datetime
    members: list[MemberOut] = Field(default_factory=list)
    events: list[EventOut] = Field(default_factory=list)


def _out(consortium: Consortium) -> dict[str, Any]:
    """A consortium with its members and its history, as the consortium page shows them to the
    caller (anyone who may see a consortium sees its history there)."""
    return {
        "id": consortium.pk,
        "name": consortium.name,
        "status": consortium.status,
        "opportunity_id": consortium.opportunity_id,
        "required_capabilities": consortium.required_capabilities,
        "lead_company_id": consortium.lead_company_id,
        "target_city": consortium.target_city,
        "target_country": consortium.target_country,
        "score": consortium.score,
        "created_at": consortium.created_at,
        "members": [
            {"company_id": m.company_id, "company": m.company.legal_name, "country": m.company.country,
             "role": m.role, "capabilities": m.capabilities}
            for m in consortium.members.all()
        ],
        "events": [
            {"kind": e.kind, "from_status": e.from_status, "to_status": e.to_status, "detail": e.detail,
             "user": e.user.get_username() if e.user else None, "at": e.at}
            for e in consortium.events.all()
        ],
    }


def _with_team_and_history(consortia: QuerySet[Consortium]) -> QuerySet[Consortium]:
    return consortia.prefetch_related(
        Prefetch("members", queryset=ConsortiumMember.objects.select_related("company")),
        Prefetch("events", queryset=ConsortiumEvent.objects.select_related("user")),
    )


@router.post("/solve", response={200: dict[str, Any], **SOLVE_ERRORS})
def solve_instance(
    request: HttpRequest,
    instance: dict[str, Any] = Body(..., example=json.loads(EXAMPLE_INSTANCE_JSON)),  # noqa: B008
    top: int = 1,
    time_limit: float = 10.0,
) -> Any:
    """The `top` best consortia of an instance (the JSON of `sme2go consortia solve`, shown in
    the example), same output. `time_limit` in seconds, above 0 and at most 60."""
    if not 1 <= top <= 20:
        raise refused("top: between 1 and 20", "top")
    if not 0 < time_limit <= MAX_TIME_LIMIT:
        raise refused(
            f"time_limit: must be a number of seconds above 0 and at most {MAX_TIME_LIMIT:g}, not {time_limit:g}",
            "time_limit",
        )
    try:
        parsed = parse_instance(instance)
    except InstanceError as error:
        raise refused(str(error), error.field) from None
    return solve(parsed, top_k=top, time_limit=time_limit).as_dict()


@router.get("/", response={200: list[ConsortiumOut], **LIST_ERRORS})
def list_consortia(request: HttpRequest) -> Any:
    """Saved consortia the caller may see, newest first, each with members and history."""
    return [_out(c) for c in _with_team_and_history(scoping.visible_consortia(request.auth))]


@router.get("/{consortium_id}", response={200: ConsortiumOut, **READ_ERRORS})
def get_consortium(request: HttpRequest, consortium_id: int) -> Any:
    """One saved consortium with members and history."""
    consortium = _with_team_and_history(scoping.visible_consortia(request.auth)).filter(pk=consortium_id).first()
    if consortium is None:
        raise HttpError(404, f"consortium {consortium_id} not found")
    return _out(consortium)
