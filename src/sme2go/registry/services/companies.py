"""Registry use cases: create and change companies, solutions, contacts and private notes.

Every page, API endpoint and CLI command changes the registry through these
functions. Each one checks permissions through `accounts.scoping`, validates the
input (raising `django.core.exceptions.ValidationError` whose error dict names the
field), writes the change in one transaction and records an `AuditEvent` with the
fields before and after.

`data` arguments are mappings of field name to value; for updates only the keys
present are changed. Unknown keys are an error, so a typo never passes silently.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from sme2go.accounts import scoping
from sme2go.accounts.audit import record_change, record_update
from sme2go.registry import rules
from sme2go.registry.models import (
    Company,
    CompanyNote,
    Contact,
    Partner,
    ReferenceDeployment,
    Solution,
    SolutionCapability,
)
from sme2go.registry.names import fold_search_text, normalise_legal_name

PROFILE_FIELDS = (
    "legal_name", "country", "city", "registry_code", "vat", "website",
    "size_band", "founded_year", "nace_codes", "description",
)  # fmt: skip
PROGRAMME_FIELDS = ("status", "partners")
COMPANY_FIELDS = PROFILE_FIELDS + PROGRAMME_FIELDS
SOLUTION_FIELDS = ("name", "description", "trl", "capabilities", "references")
CONTACT_FIELDS = ("name", "role", "email", "consent_to_contact")

LIMITS = rules.MAX_LENGTH


def _one_line(limit: int) -> Callable[[Any], str]:
    """A one-line text field: control characters and line breaks refused, spaces collapsed."""
    return lambda v: " ".join(rules.clean_text(v, limit=limit).split())


# Field cleaners: normalise a raw value or raise ValueError with the reason.
COMPANY_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "legal_name": _one_line(LIMITS["legal_name"]),
    "country": rules.clean_country,
    "city": lambda v: rules.clean_text(v, limit=LIMITS["city"]),
    "registry_code": lambda v: rules.clean_text(v, limit=LIMITS["registry_code"]),
    "vat": lambda v: rules.clean_text(v, limit=LIMITS["vat"]).upper().replace(" ", ""),
    "website": lambda v: rules.clean_website(rules.clean_text(v, limit=LIMITS["website"])),
    "size_band": lambda v: str(v or "").strip().lower(),
    "founded_year": rules.clean_founded_year,
    "nace_codes": rules.clean_nace_codes,
    "description": lambda v: rules.clean_text(v, multiline=True, limit=LIMITS["description"]),
    "status": lambda v: str(v or "").strip().lower(),
}


# ---------------------------------------------------------------- companies


class AlreadyRegistered(Exception):
    """This rendered Register form was sent before (Back, then Register again, or a double
    click): `company` is the company it registered, and nothing new was created."""

    def __init__(self, company: Company) -> None:
        super().__init__(f"this form already registered {company.legal_name}")
        self.company = company


def new_registration_token() -> str:
    """A token for one rendered Register form: sending that form twice registers one company."""
    return uuid.uuid4().hex


def create_company(*, actor: Any, data: Mapping[str, Any], registration_token: str = "") -> Company:
    """Register a company. Managers and advisors only; an advisor's own partner always supports it.

    `registration_token` (`new_registration_token()`, from the rendered form) makes sending the
    same form again raise `AlreadyRegistered` with the company it registered the first time.

    Example: `create_company(actor=advisor, data={"legal_name": "Aqua Sense OÜ", "country": "EE"})`.
    """
    if not scoping.can_create_company(actor):
        raise PermissionDenied("only advisors and the programme manager register companies")
    _reject_unknown(data, COMPANY_FIELDS)
    token = registration_token if re.fullmatch(r"[0-9a-f]{32}", registration_token) else None
    company = Company(status=Company.Status.PROSPECT)
    values, partners = _clean_company_data(data, required=("legal_name", "country"))
    for name, value in values.items():
        setattr(company, name, value)
    if token is not None:
        _refuse_registered_before(token, company.legal_name)
        # The same form used again for another company (Back, then a new name): no token.
        company.registration_token = token if not Company.objects.filter(registration_token=token).exists() else None
    _refuse_other_partners(actor, partners or [], supporting=[])
    own = scoping.advisor_partner(actor)
    if own is not None and own not in (partners or []):
        partners = [*(partners or []), own]
    _validate_model(company, exclude=["name_key", "search_text", "merged_into", "registration_token"])
    try:
        with transaction.atomic():
            company.save()
            if partners is not None:
                company.partners.set(partners)
            record_change(
                actor=actor, action="company.create", obj=company, summary=f"registered {company.legal_name}",
                changes={"before": {}, "after": _company_snapshot(company)},
            )
    except IntegrityError:
        if company.registration_token is None:
            raise
        _refuse_registered_before(token, company.legal_name)  # the same form sent twice at once
        raise
    return company


def _refuse_registered_before(token: str | None, legal_name: str) -> None:
    """AlreadyRegistered when this form registered a company of this name before."""
    earlier = Company.objects.filter(registration_token=token).first()
    if earlier is not None and normalise_legal_name(earlier.legal_name) == normalise_legal_name(legal_name):
        raise AlreadyRegistered(earlier)


def update_company(*, actor: Any, company: Company, data: Mapping[str, Any], version: str | None = None) -> Company:
    """Change the fields present in `data`. Status and partners are changed only by managers and advisors;
    an advisor adds or removes only their own partner organisation.

    `version` is `company_version()` of the company as the form showed it: when someone saved the
    company since, nothing is written and `ChangedMeanwhile` says so (a lost update otherwise).
    """
    scoping.require_edit(actor, company)
    _reject_unknown(data, COMPANY_FIELDS)
    with transaction.atomic():
        if version is not None:
            _require_version(company, version, company_version)
        before = _company_snapshot(company)
        if not scoping.can_change_programme_fields(actor):
            refused = [
                name for name in PROGRAMME_FIELDS
                if name in data and _comparable(name, data[name]) != before[name]
            ]
            if refused:
                raise PermissionDenied(f"a company representative may not change {', '.join(refused)}")
            data = {k: v for k, v in data.items() if k not in PROGRAMME_FIELDS}
        values, partners = _clean_company_data(data, required=())
        for name, value in values.items():
            setattr(company, name, value)
        own = scoping.advisor_partner(actor)
        if partners is not None:
            _refuse_other_partners(actor, partners, supporting=list(company.partners.all()))
        if partners is not None and own is not None:
            # An advisor decides only about their own partner's support; the others stay as they are.
            current = list(company.partners.all())
            partners = [p for p in current if p.pk != own.pk] + ([own] if own in partners else [])
        _validate_model(company, exclude=["name_key", "search_text", "merged_into"])
        company.save()
        if partners is not None:
            company.partners.set(partners)
        record_update(
            actor=actor, action="company.update", obj=company, before=before, after=_company_snapshot(company)
        )
    return company


def delete_company(*, actor: Any, company: Company) -> None:
    """Remove a company with its solutions, contacts and notes. Programme manager only."""
    if not scoping.can_delete_company(actor):
        raise PermissionDenied("only the programme manager removes companies")
    with transaction.atomic():
        record_change(
            actor=actor, action="company.delete", obj=company, summary=f"removed {company.legal_name}",
            changes={"before": _company_snapshot(company), "after": {}},
        )
        company.delete()


def _clean_company_data(
    data: Mapping[str, Any], *, required: Iterable[str]
) -> tuple[dict[str, Any], list[Partner] | None]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name in required:
        if not str(data.get(name) or "").strip():
            errors.setdefault(name, []).append("This field is required.")
    for name, raw in data.items():
        if name == "partners" or name in errors:
            continue
        try:
            values[name] = COMPANY_CLEANERS[name](raw)
        except ValueError as error:
            errors.setdefault(name, []).append(str(error))
    if "legal_name" in values and not values["legal_name"]:
        errors.setdefault("legal_name", []).append("This field is required.")
    partners = None
    if "partners" in data:
        try:
            partners = resolve_partners(data["partners"])
        except ValueError as error:
            errors["partners"] = [str(error)]
    if errors:
        raise ValidationError(errors)
    return values, partners


def _refuse_other_partners(actor: Any, partners: Iterable[Partner], *, supporting: Iterable[Partner]) -> None:
    """An advisor adds only their own partner's support: naming another partner that does not
    support the company yet is an error (as in imports); naming one that does keeps it."""
    linkable = scoping.linkable_partner_ids(actor)
    if linkable is None:
        return
    current = {p.pk for p in supporting}
    others = [p.short_name for p in partners if p.pk not in linkable and p.pk not in current]
    if others:
        own = scoping.advisor_partner(actor)
        raise ValidationError({"partners": [
            f"{', '.join(others)} {'does' if len(others) == 1 else 'do'} not support this company; you may add only "
            f"{own.short_name if own else 'no partner'}'s support (ask the other partners' advisors or the programme manager)"
        ]})


def resolve_partners(values: Iterable[Any] | None) -> list[Partner]:
    """Partners given as instances, primary keys or short names; an unknown one is an error."""
    found: list[Partner] = []
    for value in values or ():
        if isinstance(value, Partner):
            partner: Partner | None = value
        elif isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            partner = Partner.objects.filter(pk=int(value)).first()
        else:
            partner = Partner.objects.filter(short_name__iexact=str(value).strip()).first()
        if partner is None:
            raise ValueError(f"unknown partner organisation {value!r}")
        if partner not in found:
            found.append(partner)
    return found


def _company_snapshot(company: Company) -> dict[str, Any]:
    snapshot = {name: getattr(company, name) for name in PROFILE_FIELDS + ("status",)}
    snapshot["partners"] = sorted(p.short_name for p in company.partners.all()) if company.pk else []
    return snapshot


def _comparable(name: str, value: Any) -> Any:
    if name == "partners":
        try:
            return sorted(p.short_name for p in resolve_partners(value))
        except ValueError:
            return value
    return str(value or "").strip().lower()


# ---------------------------------------------------------------- solutions


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


# ---------------------------------------------------------------- contacts and notes


def add_contact(*, actor: Any, company: Company, data: Mapping[str, Any]) -> Contact:
    """Add a contact person (name required; e-mail checked; consent to be contacted defaults to no)."""
    scoping.require_edit(actor, company)
    _reject_unknown(data, CONTACT_FIELDS)
    contact = Contact(company=company)
    with transaction.atomic():
        _apply_contact_data(contact, data, creating=True)
        record_change(
            actor=actor, action="contact.create", obj=contact, summary=f"{company.legal_name}: {contact.name}",
            changes={"before": {}, "after": _contact_snapshot(contact)},
        )
    return contact


def update_contact(*, actor: Any, contact: Contact, data: Mapping[str, Any], version: str | None = None) -> Contact:
    """Change a contact person's fields present in `data`. `version` (`contact_version()` as the
    form showed it) refuses a stale save with `ChangedMeanwhile`."""
    scoping.require_edit(actor, contact.company)
    _reject_unknown(data, CONTACT_FIELDS)
    with transaction.atomic():
        if version is not None:
            _require_version(contact, version, contact_version)
        before = _contact_snapshot(contact)
        _apply_contact_data(contact, data, creating=False)
        record_update(
            actor=actor, action="contact.update", obj=contact, before=before, after=_contact_snapshot(contact)
        )
    return contact


def delete_contact(*, actor: Any, contact: Contact) -> None:
    """Remove a contact person."""
    scoping.require_edit(actor, contact.company)
    with transaction.atomic():
        record_change(
            actor=actor, action="contact.delete", obj=contact, summary=f"removed {contact.name}",
            changes={"before": _contact_snapshot(contact), "after": {}},
        )
        contact.delete()


def _apply_contact_data(contact: Contact, data: Mapping[str, Any], *, creating: bool) -> None:
    errors: dict[str, list[str]] = {}
    cleaners = {"name": _one_line(LIMITS["contact_name"]),
                "role": lambda v: rules.clean_text(v, limit=LIMITS["contact_role"]),
                "email": lambda v: rules.clean_text(v, limit=LIMITS["contact_email"])}
    for name, clean in cleaners.items():
        if name in data or (creating and name == "name"):
            try:
                setattr(contact, name, clean(data.get(name)))
            except ValueError as error:
                errors[name] = [str(error)]
    if not errors and _has_same_contact(contact):
        # Also what makes Back-then-Save harmless: the second "Add contact" adds nothing.
        what = f"{contact.name} ({contact.email})" if contact.email else contact.name
        errors["name"] = [f"{contact.company.legal_name} already has the contact {what}"]
    if errors:
        raise ValidationError(errors)
    if "consent_to_contact" in data:
        contact.consent_to_contact = bool(data["consent_to_contact"])
    _validate_model(contact, exclude=["company"])
    contact.save()


def _has_same_contact(contact: Contact) -> bool:
    """Whether another contact of the same company has this name (case and accents aside) and
    e-mail (case aside): the same person entered twice."""
    key = (fold_search_text(contact.name), (contact.email or "").strip().casefold())
    others = Contact.objects.filter(company_id=contact.company_id).exclude(pk=contact.pk)
    return any((fold_search_text(name), (email or "").strip().casefold()) == key
               for name, email in others.values_list("name", "email"))


def _contact_snapshot(contact: Contact) -> dict[str, Any]:
    return {name: getattr(contact, name) for name in CONTACT_FIELDS}


def add_note(*, actor: Any, company: Company, text: str, partner: Partner | None = None) -> CompanyNote:
    """Write a private note for a partner organisation: an advisor for their own partner, the manager
    for any (default: the lead partner). Only that partner's advisors and the manager will read it."""
    note_partner = scoping.note_partner_for(actor, company, partner)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ["A note cannot be empty."]})
    if len(text) > LIMITS["note"]:
        raise ValidationError({"text": [f"too long: {len(text):,} characters, at most {LIMITS['note']:,}"]})
    with transaction.atomic():
        note = CompanyNote.objects.create(
            company=company, partner=note_partner, text=text,
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
        # The audit trail records that a note was written, not its private text.
        record_change(
            actor=actor, action="note.create", obj=note, summary=f"{company.legal_name}: note for {note_partner.short_name}",
            changes={"before": {}, "after": {"partner": note_partner.short_name, "length": len(text)}},
        )
    return note


# ---------------------------------------------------------------- versions (lost updates)


class ChangedMeanwhile(Exception):
    """Someone saved the record after the form was opened: nothing was written. `current` is the
    record as stored now and `version` its version, for the form to show and send back."""

    def __init__(self, current: Company | Solution | Contact, version: str) -> None:
        super().__init__("someone changed this record since you opened it")
        self.current, self.version = current, version


def _version(snapshot: Mapping[str, Any]) -> str:
    text = json.dumps(snapshot, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def company_version(company: Company) -> str:
    """A fingerprint of everything the edit form changes; any saved change gives another one."""
    return _version(_company_snapshot(company))


def solution_version(solution: Solution) -> str:
    """A fingerprint of the solution with its capabilities and reference deployments."""
    return _version(_solution_snapshot(solution))


def contact_version(contact: Contact) -> str:
    return _version(_contact_snapshot(contact))


def _require_version(obj: Any, expected: str, version_of: Callable[[Any], str]) -> None:
    """Lock the stored row (until the caller's transaction ends) and compare its version; on a
    match `obj` is refreshed from it, so the save starts from what is stored."""
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    now = version_of(current)
    if now != expected:
        raise ChangedMeanwhile(current, now)
    obj.refresh_from_db()


def what_saving_would_change(*, actor: Any, record: Company | Solution | Contact,
                             data: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Field -> (as stored, after saving `data`) for each field that saving `data` onto the stored
    `record` would change. Nothing is written: the save runs in a transaction that is rolled back."""
    update: Callable[..., Any]
    snapshot: Callable[[Any], dict[str, Any]]
    if isinstance(record, Company):
        update, snapshot, keyword = update_company, _company_snapshot, "company"
    elif isinstance(record, Solution):
        update, snapshot, keyword = update_solution, _solution_snapshot, "solution"
    else:
        update, snapshot, keyword = update_contact, _contact_snapshot, "contact"
    fresh = type(record).objects.get(pk=record.pk)
    before = snapshot(fresh)
    after: dict[str, Any] = {}
    try:
        with transaction.atomic():
            update(actor=actor, data=data, **{keyword: fresh})
            after = snapshot(fresh)
            raise _RollBack
    except (_RollBack, ValidationError, PermissionDenied):
        pass
    return {name: (before[name], value) for name, value in after.items() if before.get(name) != value}


class _RollBack(Exception):
    pass


# ---------------------------------------------------------------- shared


def _reject_unknown(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError({name: [f"unknown field {name!r}"] for name in unknown})


def _validate_model(obj: Any, *, exclude: list[str]) -> None:
    """Model-level checks (lengths, choices, ranges, e-mail format), errors keyed by field."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None
