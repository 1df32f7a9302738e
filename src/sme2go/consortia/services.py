"""Use cases of the consortia area that write: save a proposed team, move it through its
statuses, change its members. Proposing teams (read-only) is in `proposals`.

Pages, the API and the CLI call these; every permission check goes through accounts.scoping.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from sme2go.accounts import scoping
from sme2go.accounts.audit import record_change
from sme2go.consortia.engine import (
    Rules,
    ScoredConsortium,
    Weights,
    parse_instance,
    violated_rule,
)
from sme2go.consortia.engine import score as score_of
from sme2go.consortia.instance_builder import RegistryInstance, build_instance
from sme2go.consortia.models import Consortium, ConsortiumEvent, ConsortiumMember
from sme2go.consortia.proposals import Need, capability_names, company_names, default_lead
from sme2go.consortia.team_review import covered_by, no_longer_covered, team_warnings
from sme2go.consortia.wording import rule_sentence
from sme2go.registry.models import Company

# The key of Need.capable_only in a saved consortium's rules JSON (not an engine rule).
CAPABLE_ONLY = "capable_only"


class ConsortiumError(ValueError):
    """A consortium cannot be saved or changed as asked; the message says why."""


class AlreadySaved(ConsortiumError):
    """This rendered proposal was saved before (same proposal token): `consortium` is what it became."""

    def __init__(self, consortium: Consortium) -> None:
        super().__init__(f"This proposal was already saved as “{consortium.name}”.")
        self.consortium = consortium


def new_proposal_token() -> str:
    """A token for one rendered proposal's save form (saving it twice keeps one consortium)."""
    return uuid.uuid4().hex


def same_open_team(need: Need, member_ids: list[str]) -> Consortium | None:
    """An open consortium (not won or lost) of exactly these companies for the same opportunity and
    the same required capabilities, if one is saved already."""
    wanted = {int(m) for m in member_ids if m.isdigit()}
    capabilities = sorted(r.capability for r in need.required)
    candidates = Consortium.objects.exclude(status__in=("won", "lost")).filter(opportunity=need.opportunity)
    for consortium in candidates.filter(members__company_id__in=wanted).distinct().prefetch_related("members"):
        same_members = {m.company_id for m in consortium.members.all()} == wanted
        same_need = sorted(r["capability"] for r in consortium.required_capabilities) == capabilities
        if same_members and same_need:
            return consortium
    return None


def save_consortium(
    *,
    user: Any,
    need: Need,
    rules: Rules,
    weights: Weights,
    member_ids: list[str],
    lead_id: str | None = None,
    name: str = "",
    proposal_token: str = "",
) -> Consortium:
    """Save a proposed team as a Consortium (status proposed) with members, lead and history.

    The team is re-checked against the rules on the companies the user may see. A proposal
    saved before with the same `proposal_token` (Back, then Save again, or a double click), or
    the same team for the same need still open (the proposal page opened again later), raises
    AlreadySaved naming that consortium instead of making a duplicate.
    """
    if not scoping.can_form_consortia(user):
        raise PermissionDenied("only programme staff may save consortia")
    token = proposal_token if re.fullmatch(r"[0-9a-f]{32}", proposal_token) else None
    if token is not None:
        existing = Consortium.objects.filter(proposal_token=token).first()
        if existing is not None:
            raise AlreadySaved(existing)
    existing = same_open_team(need, member_ids)
    if existing is not None:
        raise AlreadySaved(existing)
    built = build_instance(
        companies=scoping.visible_companies(user), required=need.required, rules=rules, weights=weights
    )
    unknown = [m for m in member_ids if m not in built.companies]
    if unknown or not member_ids:
        raise ConsortiumError(f"members: unknown or hidden companies {', '.join(unknown) or '(none given)'}")
    broken = violated_rule(built.instance, member_ids)
    if broken is not None:
        raise ConsortiumError(f"This team breaks a rule. {rule_sentence(broken, capability_names(), company_names(built))}")
    scored = score_of(built.instance, member_ids)
    lead = lead_id or default_lead(built, scored)
    if lead not in scored.members:
        raise ConsortiumError("lead: the lead company must be a member")
    title = name.strip() or _default_name(need, built.companies[lead])
    try:
        return _create(user, need, built, scored, lead, title, token)
    except IntegrityError:
        existing = Consortium.objects.filter(proposal_token=token).first() if token else None
        if existing is None:
            raise
        raise AlreadySaved(existing) from None  # the same proposal saved at the same moment


def _create(
    user: Any, need: Need, built: RegistryInstance, scored: ScoredConsortium, lead: str, title: str,
    token: str | None,
) -> Consortium:
    membership = scoping.membership_of(user)
    with transaction.atomic():
        consortium = Consortium.objects.create(
            name=title[:200],
            opportunity=need.opportunity,
            required_capabilities=[{"capability": r.capability, "weight": r.weight} for r in need.required],
            # With the proposal's "every member brings a required capability", so the team
            # review can warn about members added later that bring none.
            rules=built.instance.rules.to_dict() | {CAPABLE_ONLY: need.capable_only},
            weights=built.instance.weights.to_dict(),
            score=scored.score,
            lead_company=built.companies[lead],
            target_city=need.target_city,
            target_country=need.target_country,
            partner=membership.partner if membership is not None else None,
            created_by=user,
            proposal_token=token,
        )
        for member in scored.members:
            ConsortiumMember.objects.create(
                consortium=consortium,
                company=built.companies[member],
                capabilities=[cap for cap, who in scored.covers.items() if who == member],
                role=ConsortiumMember.Role.LEAD if member == lead else ConsortiumMember.Role.PARTNER,
            )
        names = ", ".join(built.companies[m].legal_name for m in scored.members)
        ConsortiumEvent.objects.create(
            consortium=consortium, kind=ConsortiumEvent.Kind.CREATED, to_status=consortium.status,
            detail=f"proposed with {names}; score {scored.score:.2f}", user=user,
        )
        record_change(actor=user, action="create", obj=consortium, summary=f"consortium {title} proposed")
    return consortium


def _default_name(need: Need, lead: Company) -> str:
    if need.opportunity is not None:
        return f"{lead.legal_name} team for {need.opportunity.title[:120]}"
    names = capability_names()
    return f"{lead.legal_name} team for {', '.join(names.get(r.capability, r.capability) for r in need.required[:3])}"


def change_status(*, user: Any, consortium: Consortium, to_status: str) -> Consortium:
    """Move a consortium along proposed → agreed → offer submitted → won / lost, with history."""
    if not scoping.can_change_consortium(user, consortium):
        raise PermissionDenied("you may not change this consortium")
    with transaction.atomic():
        current = Consortium.objects.select_for_update().get(pk=consortium.pk)
        if to_status not in current.allowed_next():
            allowed = ", ".join(map(Consortium.status_label, current.allowed_next())) or "none (it is closed)"
            raise ConsortiumError(
                f"Status: cannot go from {Consortium.status_label(current.status)} to "
                f"{Consortium.status_label(to_status)}; allowed next: {allowed}"
            )
        ConsortiumEvent.objects.create(
            consortium=current, kind=ConsortiumEvent.Kind.STATUS, from_status=current.status,
            to_status=to_status, user=user,
        )
        record_change(
            actor=user, action="update", obj=current, summary=f"status {current.status} → {to_status}",
            changes={"status": [current.status, to_status]},
        )
        current.status = to_status
        current.save(update_fields=["status", "updated_at"])
    return current


@dataclass(frozen=True)
class TeamReview:
    """A saved team against its stored need and rules: who covers what, and the rules it breaks."""

    covers: dict[int, list[str]]  # member company id -> required capabilities it covers
    warnings: list[str]


@dataclass(frozen=True)
class MembersChanged:
    consortium: Consortium
    review: TeamReview
    no_longer_covered: list[str]  # sentences, e.g. "Smart water metering is no longer covered."


def _team_instance(consortium: Consortium, company_ids: Iterable[int]) -> RegistryInstance:
    """The instance of the consortium's stored need, rules and weights over these companies."""
    rules = {k: v for k, v in consortium.rules.items() if k not in ("lock", "exclude", CAPABLE_ONLY)}
    stored = parse_instance(
        {"required": consortium.required_capabilities, "companies": [], "rules": rules, "weights": consortium.weights}
    )
    return build_instance(
        companies=Company.objects.filter(pk__in=list(company_ids)), required=stored.required,
        rules=stored.rules, weights=stored.weights,
    )


def _review(consortium: Consortium, built: RegistryInstance, members: list[str]) -> TeamReview:
    names = capability_names()
    covers = covered_by(built.instance, members)
    locked = [str(i) for i in consortium.rules.get("lock", [])]  # in the proposal despite capable_only
    return TeamReview(
        covers={int(member): caps for member, caps in covers.items()},
        warnings=team_warnings(
            built.instance, members, names, company_names(built),
            capable_only=consortium.rules.get(CAPABLE_ONLY) is True, locked=locked,
            readiness_source=built.readiness_source,
        ),
    )


def review_team(consortium: Consortium) -> TeamReview:
    """Who covers what in the team as it is now, and the rules it breaks (nothing is forbidden)."""
    member_ids = list(consortium.members.values_list("company_id", flat=True))
    return _review(consortium, _team_instance(consortium, member_ids), [str(i) for i in member_ids])


def change_members(
    *, user: Any, consortium: Consortium, add: list[int] | None = None, remove: list[int] | None = None
) -> MembersChanged:
    """Add or remove members of an open consortium, with one history line per change.

    The lead cannot be removed (choose another lead first); added companies must be visible
    to the user; a closed (won / lost) consortium keeps its team. Rules are not enforced (the
    team is the advisor's decision): afterwards each member's covered capabilities are
    recomputed from the stored need and the companies' solutions, and the result names the
    rules the team breaks and the capabilities it no longer covers.
    """
    if not scoping.can_change_consortium(user, consortium):
        raise PermissionDenied("you may not change this consortium")
    if not consortium.allowed_next():
        raise ConsortiumError(f"members: the consortium is closed ({consortium.get_status_display()})")
    with transaction.atomic():
        current = Consortium.objects.select_for_update().get(pk=consortium.pk)
        before = list(current.members.values_list("company_id", flat=True))
        for company_id in remove or []:
            member = current.members.select_related("company").filter(company_id=company_id).first()
            if member is None:
                raise ConsortiumError(f"members: company {company_id} is not a member")
            if current.lead_company_id == company_id:
                raise ConsortiumError("members: the lead company cannot be removed")
            member.delete()
            ConsortiumEvent.objects.create(
                consortium=current, kind=ConsortiumEvent.Kind.MEMBER_REMOVED, detail=member.company.legal_name, user=user
            )
        visible = scoping.visible_companies(user)
        for company_id in add or []:
            company = visible.filter(pk=company_id).first()
            if company is None:
                raise ConsortiumError(f"members: no company {company_id} you may see")
            if current.members.filter(company=company).exists():
                raise ConsortiumError(f"members: {company.legal_name} is already a member")
            ConsortiumMember.objects.create(consortium=current, company=company)
            ConsortiumEvent.objects.create(
                consortium=current, kind=ConsortiumEvent.Kind.MEMBER_ADDED, detail=company.legal_name, user=user
            )
        record_change(actor=user, action="update", obj=current, summary="members changed",
                      changes={"added": add or [], "removed": remove or []})
        after = list(current.members.values_list("company_id", flat=True))
        built = _team_instance(current, {*before, *after})
        review = _review(current, built, [str(i) for i in after])
        for member in current.members.all():
            member.capabilities = review.covers.get(member.company_id, [])
            member.save(update_fields=["capabilities"])
        lost = no_longer_covered(built.instance, map(str, before), map(str, after), capability_names())
    return MembersChanged(current, review, lost)
