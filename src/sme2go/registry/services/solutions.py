"""Solution use cases: add, change and remove a company's solution with its capabilities and
reference deployments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sme2go.accounts import scoping
from sme2go.accounts.audit import record_change, record_update
from sme2go.registry import rules
from sme2go.registry.models import Company, ReferenceDeployment, Solution, SolutionCapability
from sme2go.registry.names import fold_search_text
from sme2go.registry.services._common import LIMITS, _one_line, _reject_unknown, _validate_model
from sme2go.registry.services.versions import _require_version, _version

SOLUTION_FIELDS = ("name", "description", "trl", "capabilities", "references")


def add_solution(*, actor: Any, company: Company, data: Mapping[str, Any]) -> Solution:
    """Add a solution with its capabilities (`{"transportation.parking": 0.8}`) and reference deployments
    (`[{"city": "Tartu", "country": "EE", "year": 2023}]`)."""
    scoping.require_edit(actor, company)
    _reject_unknown(data, SOLUTION_FIELDS)
    solution = Solution(company=company)
    with transaction.atomic():
        _apply_solution_data(solution, data, creating=True)
        record_change(
            actor=actor, action="solution.create", obj=solution, summary=f"{company.legal_name}: {solution.name}",
            changes={"before": {}, "after": _solution_snapshot(solution)},
        )
    return solution


def update_solution(*, actor: Any, solution: Solution, data: Mapping[str, Any], version: str | None = None) -> Solution:
    """Change a solution; `capabilities` and `references`, when present, replace the stored ones.
    `version` (`solution_version()` as the form showed it) refuses a stale save with `ChangedMeanwhile`."""
    scoping.require_edit(actor, solution.company)
    _reject_unknown(data, SOLUTION_FIELDS)
    with transaction.atomic():
        if version is not None:
            _require_version(solution, version, solution_version)
        before = _solution_snapshot(solution)
        _apply_solution_data(solution, data, creating=False)
        record_update(
            actor=actor, action="solution.update", obj=solution, before=before, after=_solution_snapshot(solution)
        )
    return solution


def delete_solution(*, actor: Any, solution: Solution) -> None:
    """Remove a solution with its capabilities and references."""
    scoping.require_edit(actor, solution.company)
    with transaction.atomic():
        record_change(
            actor=actor, action="solution.delete", obj=solution, summary=f"removed {solution.name}",
            changes={"before": _solution_snapshot(solution), "after": {}},
        )
        solution.delete()


def _apply_solution_data(
    solution: Solution, data: Mapping[str, Any], *, creating: bool
) -> None:
    errors: dict[str, list[str | ValidationError]] = {}
    if creating or "name" in data:
        try:
            solution.name = _one_line(LIMITS["solution_name"])(data.get("name"))
        except ValueError as error:
            errors["name"] = [str(error)]
        else:
            if not solution.name:
                errors["name"] = ["This field is required."]
            elif _has_solution_named(solution, solution.name):
                # Also what makes Back-then-Save harmless: the second "Add solution" adds nothing.
                errors["name"] = [f"{solution.company.legal_name} already has a solution named {solution.name!r}"]
    if "description" in data:
        try:
            solution.description = rules.clean_text(
                data["description"], multiline=True, limit=LIMITS["solution_description"])
        except ValueError as error:
            errors["description"] = [str(error)]
    if "trl" in data and data["trl"] not in (None, ""):
        try:
            solution.trl = int(data["trl"])
        except (TypeError, ValueError):
            errors["trl"] = [f"{data['trl']!r} is not a technology readiness level (1-9)"]
    capabilities = None
    if "capabilities" in data:
        try:
            capabilities = rules.clean_capability_levels(data["capabilities"] or {})
        except ValueError as error:
            errors["capabilities"] = [str(error)]
    references = None
    if "references" in data:
        try:
            references = _clean_references(data["references"] or [])
        except ItemError as error:
            errors["references"] = [error]
    if errors:
        raise ValidationError(errors)
    _validate_model(solution, exclude=["company"])
    solution.save()
    if capabilities is not None:
        solution.capabilities.all().delete()
        SolutionCapability.objects.bulk_create(
            SolutionCapability(solution=solution, capability_id=cid, level=level) for cid, level in capabilities.items()
        )
    if references is not None:
        solution.references.all().delete()
        for reference in references:
            reference.solution = solution
        ReferenceDeployment.objects.bulk_create(references)


def _has_solution_named(solution: Solution, name: str) -> bool:
    """Whether another solution of the same company has this name, case and accents aside."""
    key = fold_search_text(name)
    others = Solution.objects.filter(company_id=solution.company_id).exclude(pk=solution.pk)
    return any(fold_search_text(other) == key for other in others.values_list("name", flat=True))


class ItemError(ValidationError):
    """A refused value inside a list field, e.g. the second reference's country. It is listed under the
    list's name (`references`: a form shows it beside its references field), and `path` names the item's
    field for the API (`references[1].country`)."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


def _clean_references(values: Iterable[Mapping[str, Any]]) -> list[ReferenceDeployment]:
    references = []
    for index, value in enumerate(values):
        name = "city"
        try:
            city = rules.clean_text(value.get("city"), limit=LIMITS["reference_city"])
            if not city:
                raise ValueError("the city is required")
            name = "country"
            country = rules.clean_country(str(value.get("country") or ""))
            name = "year"
            year = rules.clean_year(value.get("year"), what="the year")
            name = "description"
            description = rules.clean_text(
                value.get("description"), multiline=True, limit=LIMITS["reference_description"])
        except ValueError as error:
            raise ItemError(f"reference {index + 1}: {error}", path=f"references[{index}].{name}") from None
        references.append(ReferenceDeployment(city=city, country=country, year=year, description=description))
    return references


def _solution_snapshot(solution: Solution) -> dict[str, Any]:
    if solution.pk is None:
        return {}
    return {
        "name": solution.name,
        "description": solution.description,
        "trl": solution.trl,
        "capabilities": {c.capability_id: c.level for c in solution.capabilities.order_by("capability_id")},
        "references": [f"{r.city}, {r.country}" + (f" ({r.year})" if r.year else "") for r in solution.references.all()],
    }


def solution_version(solution: Solution) -> str:
    """A fingerprint of the solution with its capabilities and reference deployments."""
    return _version(_solution_snapshot(solution))
