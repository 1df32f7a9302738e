"""Company use cases: register, change and remove a company, the partners that support it, and
the token that makes sending one Register form twice register one company."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from sme2go.accounts import scoping
from sme2go.accounts.audit import record_change, record_update
from sme2go.registry import rules
from sme2go.registry.models import Company, Partner
from sme2go.registry.names import normalise_legal_name
from sme2go.registry.services._common import LIMITS, _one_line, _reject_unknown, _validate_model
from sme2go.registry.services.versions import _require_version, _version

PROFILE_FIELDS = (
    "legal_name", "country", "city", "registry_code", "vat", "website",
    "size_band", "founded_year", "nace_codes", "description",
)  # fmt: skip
PROGRAMME_FIELDS = ("status", "partners")
COMPANY_FIELDS = PROFILE_FIELDS + PROGRAMME_FIELDS

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
    """Remove a company with its solutions, contacts and notes. Programme manager only.

    A member of a consortium is refused (ValidationError on `company`) and nothing is removed: the
    team's record would lose a member it was proposed with.
    """
    if not scoping.can_delete_company(actor):
        raise PermissionDenied("only the programme manager removes companies")
    teams = sorted({f"{m.consortium.name!r} ({m.consortium_id})"
                    for m in company.consortium_memberships.select_related("consortium")})
    if teams:
        raise ValidationError({"company": [
            f"{company.legal_name} is a member of consortium {', '.join(teams)}: take it off the team "
            "before removing the company; nothing was removed"
        ]})
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


def company_version(company: Company) -> str:
    """A fingerprint of everything the edit form changes; any saved change gives another one."""
    return _version(_company_snapshot(company))
