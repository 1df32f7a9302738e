"""Proposing consortia: the best teams for a need among the companies a user may see, each
member explained, and why the strongest outsiders are out.

Read-only: nothing here writes. Saving a proposal and changing a saved team are in `services`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import PermissionDenied

from sme2go.accounts import scoping
from sme2go.collaboration.services import tie_origins
from sme2go.consortia.engine import (
    INFEASIBLE,
    OPTIMAL,
    Requirement,
    Rules,
    ScoredConsortium,
    SolveResult,
    Weights,
    solve,
)
from sme2go.consortia.instance_builder import RegistryInstance, build_instance
from sme2go.consortia.wording import RULE_LABELS, TRL_PROXY, rule_sentence
from sme2go.opportunities.models import Opportunity
from sme2go.registry.models import Company
from sme2go.taxonomy import load_taxonomy

NEAR_MISS_TIME_LIMIT = 3.0


@dataclass(frozen=True)
class Need:
    """What a consortium must offer: required capabilities with weights, and where."""

    required: tuple[Requirement, ...]
    opportunity: Opportunity | None = None
    target_city: str = ""
    target_country: str = ""
    # Proposals only: every member brings a required capability (unless locked in).
    capable_only: bool = False


@dataclass(frozen=True)
class AlsoHas:
    """A required capability a member has (fit ≥ min_fit) that another member covers better."""

    capability: str
    fit: float
    covered_by: Company
    their_fit: float


@dataclass(frozen=True)
class TieReason:
    """A member's tie to another member: its strength in the score, and where it comes from."""

    other: Company
    strength: float
    origin: str  # "2 CORDIS projects, 1 consortium formed in sme2go"; empty for a hand-written instance


@dataclass(frozen=True)
class MemberReason:
    """Why a company is in a proposed consortium."""

    company: Company
    covers: list[tuple[str, float]]  # capabilities it covers, with its fit
    ties: list[TieReason]  # ties to other members
    readiness: float
    also_has: list[AlsoHas] = field(default_factory=list)
    below_min_fit: list[tuple[str, float]] = field(default_factory=list)  # required, 0 < fit < min_fit
    readiness_source: str = TRL_PROXY  # or "assessed <date>"


@dataclass(frozen=True)
class ProposedTeam:
    consortium: ScoredConsortium
    members: list[MemberReason]


@dataclass(frozen=True)
class NearMiss:
    """A strong company outside the best team (proposal 1), and why: a rule it fails or the score
    it costs; `in_proposal` is the number of the listed proposal that holds it, if one does."""

    company: Company
    best_fit: tuple[str, float]
    reason: str
    loss: float | None = None
    in_proposal: int | None = None


@dataclass(frozen=True)
class Proposal:
    built: RegistryInstance
    result: SolveResult
    teams: list[ProposedTeam]
    near_misses: list[NearMiss] = field(default_factory=list)
    # INFEASIBLE only because members must bring a required capability: letting others fill
    # size or countries makes a team possible.
    capable_only_blocks: bool = False
    # Why no team is possible: the solver's reason, or, when companies without a required
    # capability would not help either, the reason over every company (the deeper cause).
    reason: str = ""


def propose_consortia(
    *,
    need: Need,
    rules: Rules,
    weights: Weights,
    top_k: int,
    user: Any,
    time_limit: float = 10.0,
    near_miss_count: int = 3,
) -> Proposal:
    """The top_k consortia among the companies the user may see, each member explained,
    and for the best near-miss companies why they are out."""
    if not scoping.can_propose_consortia(user):
        raise PermissionDenied("you may not form consortia")
    companies = scoping.visible_companies(user)
    built = build_instance(
        companies=companies, required=need.required, rules=rules, weights=weights, capable_only=need.capable_only,
    )
    result = solve(built.instance, top_k=top_k, time_limit=time_limit)
    teams = [ProposedTeam(c, _member_reasons(built, c)) for c in result.consortia]
    misses = _near_misses(built, result, near_miss_count) if result.consortia else []
    blocks, reason = False, result.reason
    if result.status == INFEASIBLE and need.capable_only:
        every = build_instance(companies=companies, required=need.required, rules=rules, weights=weights)
        if len(every.instance.companies) > len(built.instance.companies):
            with_any = solve(every.instance, top_k=1, time_limit=NEAR_MISS_TIME_LIMIT)
            blocks = with_any.status != INFEASIBLE
            reason = result.reason if blocks else with_any.reason
    return Proposal(built=built, result=result, teams=teams, near_misses=misses, capable_only_blocks=blocks,
                    reason=reason)


def company_names(built: RegistryInstance) -> dict[str, str]:
    """Engine id -> legal name, to name companies in the engine's sentences."""
    return {company_id: company.legal_name for company_id, company in built.companies.items()}


def pair_key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _member_reasons(built: RegistryInstance, consortium: ScoredConsortium) -> list[MemberReason]:
    instance = built.instance
    min_fit = instance.rules.min_fit
    reasons = []
    origins = tie_origins(built.companies[m].pk for m in consortium.members)
    for member in consortium.members:
        option = instance.company(member)
        covers = [(cap, option.fit_for(cap)) for cap, who in consortium.covers.items() if who == member]
        also_has = [
            AlsoHas(r.capability, option.fit_for(r.capability), built.companies[who],
                    instance.company(who).fit_for(r.capability))
            for r in instance.required
            if option.fit_for(r.capability) >= min_fit
            and (who := consortium.covers.get(r.capability)) is not None and who != member
        ]
        below = [(r.capability, option.fit_for(r.capability)) for r in instance.required
                 if 0 < option.fit_for(r.capability) < min_fit]
        ties = [
            TieReason(built.companies[other], instance.tie_strength(member, other),
                      origins.get(pair_key(built.companies[member].pk, built.companies[other].pk), ""))
            for other in consortium.members
            if other != member and instance.tie_strength(member, other) > 0
        ]
        reasons.append(MemberReason(built.companies[member], covers, ties, option.readiness, also_has, below,
                                    built.source_of_readiness(member)))
    return reasons


def _near_misses(built: RegistryInstance, result: SolveResult, count: int) -> list[NearMiss]:
    """The `count` outsiders with the best weighted fit, with the rule they fail or the score they cost."""
    instance, rules = built.instance, built.instance.rules
    best = result.consortia[0]
    ranked = []
    for option in instance.companies:
        if option.id in best.members:
            continue
        weighted = [(r.weight * option.fit_for(r.capability), r.capability) for r in instance.required]
        value, capability = max(weighted, default=(0.0, ""))
        if value > 0 and option.fit_for(capability) >= rules.min_fit:
            ranked.append((-value, option.id, capability))
    ranked.sort()
    misses = []
    for _, company_id, capability in ranked[:count]:
        option = instance.company(company_id)
        best_fit = (capability, option.fit_for(capability))
        company = built.companies[company_id]
        if company_id in rules.exclude:
            misses.append(NearMiss(company, best_fit, "you excluded it"))
            continue
        if option.readiness < rules.min_readiness:
            misses.append(NearMiss(company, best_fit, (
                f"{RULE_LABELS['min_readiness']}: readiness {option.readiness:.2f} "
                f"({built.source_of_readiness(company_id)}) "
                f"is below {rules.min_readiness:g}"
            )))
            continue
        with_it = _best_listed(result, company_id) or solve(
            replace(instance, rules=replace(rules, lock=(*rules.lock, company_id))),
            top_k=1, time_limit=NEAR_MISS_TIME_LIMIT,
        )
        if with_it.status == INFEASIBLE or not with_it.consortia:
            reason = rule_sentence(with_it.reason, capability_names(), company_names(built)).removesuffix(".")
            misses.append(NearMiss(company, best_fit, f"cannot join: {reason}"))
            continue
        loss = best.score - with_it.consortia[0].score
        proven = with_it.status == OPTIMAL and result.status == OPTIMAL
        listed = next((n for n, team in enumerate(result.consortia, 1) if company_id in team.members), None)
        if listed is not None:
            listed_loss = best.score - result.consortia[listed - 1].score
            text = f"in proposal {listed}, which " + (
                "scores the same as proposal 1" if listed_loss <= 1e-9
                else f"scores {listed_loss:.2f} less than proposal 1"
            )
        elif loss <= 1e-9:
            text = "an equally good team includes it (tie in score)"
        else:
            text = f"the best team with it scores {loss:.2f} less" + ("" if proven else " (at most, not proven)")
        misses.append(NearMiss(company, best_fit, text, loss, listed))
    return misses


def _best_listed(result: SolveResult, company_id: str) -> SolveResult | None:
    """The best team holding the company, read off a proven list when one of its teams does.

    The list is proven (OPTIMAL): no unlisted team scores more than its last one, so the first
    listed team holding the company is the best team holding it; no re-solve is needed.
    """
    if result.status != OPTIMAL:
        return None
    listed = next((team for team in result.consortia if company_id in team.members), None)
    return replace(result, consortia=(listed,)) if listed is not None else None


def default_lead(built: RegistryInstance, consortium: ScoredConsortium) -> str:
    """The member covering the most weighted fit (ties broken by readiness)."""
    instance = built.instance
    weight = {r.capability: r.weight for r in instance.required}

    def contribution(member: str) -> tuple[float, float]:
        option = instance.company(member)
        covered = sum(weight[cap] * option.fit_for(cap) for cap, who in consortium.covers.items() if who == member)
        return covered, option.readiness

    return max(consortium.members, key=contribution)


def capability_names() -> dict[str, str]:
    """Capability id -> its name in the taxonomy ("water.leak-detection" -> "Leak detection")."""
    return {c.id: c.name for c in load_taxonomy().capabilities}
