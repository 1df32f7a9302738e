"""REST API of the registry: companies, their solutions, contacts and private notes, and partners.

Thin: every read goes through `accounts.scoping` (and `registry.search`), every write
through `registry.services`. An object the caller may not see answers 404, exactly
like one that does not exist; one they may see but not change answers 403.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from sme2go.accounts import scoping
from sme2go.api_errors import fields_named
from sme2go.registry import rules, services
from sme2go.registry.api_schemas import (
    MAX_PAGE,
    CompanyIn,
    CompanyOut,
    CompanyPage,
    CompanyPatch,
    CompanyStatus,
    ContactIn,
    ContactOut,
    ContactPatch,
    ErrorOut,
    NoteIn,
    NoteOut,
    PartnerOut,
    SolutionIn,
    SolutionOut,
    SolutionPatch,
)
from sme2go.registry.models import Company, Contact, Partner, Solution
from sme2go.registry.search import CompanyQuery, partners_with_company_counts, search_companies
from sme2go.taxonomy import load_taxonomy
from sme2go.taxonomy.model import THEME_IDS

router = Router(tags=["registry"])

READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CHANGE_ERRORS: dict[int, Any] = {**WRITE_ERRORS, 412: ErrorOut}


def _with_version(response: HttpResponse, version: str) -> None:
    """The record's version as its ETag: send it back in If-Match to change only what you read."""
    response["ETag"] = f'"{version}"'


def _version_read(request: HttpRequest) -> str | None:
    """The version the client read (`If-Match: "<ETag>"`), or None (no header, or `*`): save without
    the check, as before versions existed."""
    tag = request.headers.get("If-Match", "").split(",")[0].strip().removeprefix("W/").strip('"')
    return None if tag in ("", "*") else tag


def _change_versioned(request: HttpRequest, response: HttpResponse, what: str, pk: int,
                      update: Callable[[str | None], Any], version_of: Callable[[Any], str]) -> Any:
    """Save with the version the client read (If-Match), answering with the new version as ETag; a
    record someone changed since is a 412 naming the version to read again, and nothing is saved."""
    try:
        saved = update(_version_read(request))
    except services.ChangedMeanwhile as changed:
        raise HttpError(412, f"{what} {pk} was changed since you read it, so nothing was saved: "
                             f"GET it again (ETag \"{changed.version}\") and send your change with that If-Match"
                        ) from None
    _with_version(response, version_of(saved))
    return saved


def _not_found(what: str, pk: int) -> HttpError:
    return HttpError(404, f"{what} {pk} not found")


def _visible_company(request: HttpRequest, company_id: int) -> Company:
    company = scoping.visible_companies(request.auth).filter(pk=company_id).first()
    if company is None:
        raise _not_found("company", company_id)
    return company


def _visible_solution(request: HttpRequest, solution_id: int) -> Solution:
    visible = scoping.visible_companies(request.auth)
    solution = Solution.objects.select_related("company").filter(pk=solution_id, company__in=visible).first()
    if solution is None:
        raise _not_found("solution", solution_id)
    return solution


def _visible_contact(request: HttpRequest, contact_id: int) -> Contact:
    contact = Contact.objects.select_related("company").filter(pk=contact_id).first()
    visible = (
        contact is not None
        and scoping.visible_companies(request.auth).filter(pk=contact.company_id).exists()
        and scoping.can_see_contacts(request.auth, contact.company)
    )
    if not visible:
        raise _not_found("contact", contact_id)
    assert contact is not None
    return contact


def _solutions_of(company: Company) -> Any:
    return company.solutions.prefetch_related("capabilities", "references")


# --- companies -----------------------------------------------------------------------------------


class CompanyFilters(Schema):
    q: str = Field("", description="words that must all occur in name, city, codes, website or description")
    country: str = Field("", description="ISO 3166-1 alpha-2 code, e.g. EE")
    partner: str = Field("", description="supporting partner, by id or short name (e.g. Tehnopol)")
    capability: str = Field("", description="a capability id (water.leak-detection) or a whole theme (water)")
    status: CompanyStatus | None = None
    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"1 to {MAX_PAGE:,}; a page past the last is empty")
    page_size: int = Field(25, ge=1, le=100)


def _company_query(filters: CompanyFilters) -> CompanyQuery:
    partner_id = None
    if filters.partner.strip():
        try:
            partner_id = services.resolve_partners([filters.partner.strip()])[0].pk
        except ValueError as error:
            raise ValidationError({"partner": [str(error)]}) from None
    capability = filters.capability.strip()
    if capability and not (capability in THEME_IDS or load_taxonomy().is_capability(capability)):
        raise ValidationError(
            {"capability": [f"unknown capability or theme id {capability!r} (see GET /api/capabilities)"]}
        )
    country = ""
    if filters.country.strip():
        try:
            country = rules.clean_country(filters.country)
        except ValueError as error:
            raise ValidationError({"country": [str(error)]}) from None
    return CompanyQuery(
        q=filters.q, country=country, partner=partner_id, capability=capability,
        status=filters.status or "",
    )


@router.get("/companies", response={200: CompanyPage, **READ_ERRORS})
def list_companies(request: HttpRequest, filters: Query[CompanyFilters]) -> Any:
    """Companies you may see, filtered and paginated (ordered by legal name)."""
    companies = search_companies(actor=request.auth, query=_company_query(filters))
    count = companies.count()
    start = (filters.page - 1) * filters.page_size
    items = companies.prefetch_related("partners")[start:start + filters.page_size]
    return {
        "count": count,
        "page": filters.page,
        "pages": max(1, math.ceil(count / filters.page_size)),
        "page_size": filters.page_size,
        "items": list(items),
    }


@router.get("/companies/{company_id}", response={200: CompanyOut, **READ_ERRORS})
def get_company(request: HttpRequest, company_id: int, response: HttpResponse) -> Any:
    """One company with its supporting partners; its ETag is the version to send in If-Match."""
    company = _visible_company(request, company_id)
    _with_version(response, services.company_version(company))
    return company


@router.post("/companies", response={201: CompanyOut, **WRITE_ERRORS})
def create_company(request: HttpRequest, payload: CompanyIn) -> Any:
    """Register a company (managers and advisors; an advisor's own partner always supports it)."""
    company = services.create_company(actor=request.auth, data=payload.model_dump(exclude_unset=True))
    return Status(201, company)


@router.patch("/companies/{company_id}", response={200: CompanyOut, **CHANGE_ERRORS})
def update_company(request: HttpRequest, company_id: int, payload: CompanyPatch, response: HttpResponse) -> Any:
    """Change the fields you send; the others stay as they are. With `If-Match: "<ETag>"` (from GET),
    a company someone changed since is refused with 412 and nothing is saved."""
    company = _visible_company(request, company_id)
    data = payload.model_dump(exclude_unset=True)
    return _change_versioned(request, response, "company", company_id, lambda version: services.update_company(
        actor=request.auth, company=company, data=data, version=version), services.company_version)


@router.delete("/companies/{company_id}", response={204: None, **WRITE_ERRORS})
def delete_company(request: HttpRequest, company_id: int) -> Any:
    """Remove a company with its solutions, contacts and notes (programme manager only); a member of
    a consortium is a 422 naming the team, and nothing is removed."""
    with fields_named({"company": "company_id"}):
        services.delete_company(actor=request.auth, company=_visible_company(request, company_id))
    return Status(204, None)


# --- private notes -------------------------------------------------------------------------------


@router.get("/companies/{company_id}/notes", response={200: list[NoteOut], **READ_ERRORS})
def list_notes(request: HttpRequest, company_id: int) -> Any:
    """Private notes you may read: the manager all, an advisor their own partner's, a company user none."""
    company = _visible_company(request, company_id)
    return scoping.visible_notes(request.auth, company).select_related("partner", "author")


@router.post("/companies/{company_id}/notes", response={201: NoteOut, **WRITE_ERRORS})
def add_note(request: HttpRequest, company_id: int, payload: NoteIn) -> Any:
    """Write a private note (advisors for their own partner; the manager for any, default the lead partner)."""
    company = _visible_company(request, company_id)
    partner = None
    if payload.partner_id is not None:
        partner = Partner.objects.filter(pk=payload.partner_id).first()
        if partner is None:
            raise ValidationError({"partner_id": [f"unknown partner organisation {payload.partner_id}"]})
    return Status(201, services.add_note(actor=request.auth, company=company, text=payload.text, partner=partner))


# --- solutions -----------------------------------------------------------------------------------


def _solution_data(payload: SolutionIn | SolutionPatch) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True)
    if payload.capabilities is not None:
        # From the parsed items, not the dump: a level left out is unset there, and its default (1.0) applies.
        data["capabilities"] = {item.capability_id: item.level for item in payload.capabilities}
    return data


@router.get("/companies/{company_id}/solutions", response={200: list[SolutionOut], **READ_ERRORS})
def list_solutions(request: HttpRequest, company_id: int) -> Any:
    """A company's solutions with their capabilities and reference deployments."""
    return _solutions_of(_visible_company(request, company_id))


@router.post("/companies/{company_id}/solutions", response={201: SolutionOut, **WRITE_ERRORS})
def add_solution(request: HttpRequest, company_id: int, payload: SolutionIn) -> Any:
    """Add a solution; capability ids come from GET /api/capabilities."""
    company = _visible_company(request, company_id)
    solution = services.add_solution(actor=request.auth, company=company, data=_solution_data(payload))
    return Status(201, solution)


@router.get("/solutions/{solution_id}", response={200: SolutionOut, **READ_ERRORS})
def get_solution(request: HttpRequest, solution_id: int, response: HttpResponse) -> Any:
    """One solution; its ETag is the version to send in If-Match."""
    solution = _visible_solution(request, solution_id)
    _with_version(response, services.solution_version(solution))
    return solution


@router.patch("/solutions/{solution_id}", response={200: SolutionOut, **CHANGE_ERRORS})
def update_solution(request: HttpRequest, solution_id: int, payload: SolutionPatch, response: HttpResponse) -> Any:
    """Change a solution; `capabilities` and `references`, when sent, replace the stored ones.
    With `If-Match: "<ETag>"` (from GET), a solution someone changed since is refused with 412."""
    solution = _visible_solution(request, solution_id)
    data = _solution_data(payload)
    return _change_versioned(request, response, "solution", solution_id, lambda version: services.update_solution(
        actor=request.auth, solution=solution, data=data, version=version), services.solution_version)


@router.delete("/solutions/{solution_id}", response={204: None, **WRITE_ERRORS})
def delete_solution(request: HttpRequest, solution_id: int) -> Any:
    services.delete_solution(actor=request.auth, solution=_visible_solution(request, solution_id))
    return Status(204, None)


# --- contacts ------------------------------------------------------------------------------------


@router.get("/companies/{company_id}/contacts", response={200: list[ContactOut], **READ_ERRORS})
def list_contacts(request: HttpRequest, company_id: int) -> Any:
    """A company's contact persons (personal data: advisors, the manager and the company itself)."""
    company = _visible_company(request, company_id)
    return scoping.visible_contacts(request.auth, company)


@router.post("/companies/{company_id}/contacts", response={201: ContactOut, **WRITE_ERRORS})
def add_contact(request: HttpRequest, company_id: int, payload: ContactIn) -> Any:
    company = _visible_company(request, company_id)
    contact = services.add_contact(actor=request.auth, company=company, data=payload.model_dump(exclude_unset=True))
    return Status(201, contact)


@router.get("/contacts/{contact_id}", response={200: ContactOut, **READ_ERRORS})
def get_contact(request: HttpRequest, contact_id: int, response: HttpResponse) -> Any:
    """One contact person; its ETag is the version to send in If-Match."""
    contact = _visible_contact(request, contact_id)
    _with_version(response, services.contact_version(contact))
    return contact


@router.patch("/contacts/{contact_id}", response={200: ContactOut, **CHANGE_ERRORS})
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatch, response: HttpResponse) -> Any:
    """Change a contact's fields you send. With `If-Match: "<ETag>"` (from GET), a contact someone
    changed since is refused with 412 and nothing is saved."""
    contact = _visible_contact(request, contact_id)
    data = payload.model_dump(exclude_unset=True)
    return _change_versioned(request, response, "contact", contact_id, lambda version: services.update_contact(
        actor=request.auth, contact=contact, data=data, version=version), services.contact_version)


@router.delete("/contacts/{contact_id}", response={204: None, **WRITE_ERRORS})
def delete_contact(request: HttpRequest, contact_id: int) -> Any:
    services.delete_contact(actor=request.auth, contact=_visible_contact(request, contact_id))
    return Status(204, None)


# --- partners ------------------------------------------------------------------------------------


@router.get("/partners", response={200: list[PartnerOut], 401: ErrorOut})
def list_partners(request: HttpRequest) -> Any:
    """The programme's partner organisations with their budgets and the number of companies they support."""
    return partners_with_company_counts(actor=request.auth)


@router.get("/partners/{partner_id}", response={200: PartnerOut, **READ_ERRORS})
def get_partner(request: HttpRequest, partner_id: int) -> Any:
    partner = partners_with_company_counts(actor=request.auth).filter(pk=partner_id).first()
    if partner is None:
        raise _not_found("partner", partner_id)
    return partner
