"""Use case: which registry companies most likely complete a team of registry companies.

The same engine as `sme2go partners suggest` (suggest.PartnerSuggester with the
shipped weights), asked about registry companies instead of PICs:

- the history is the imported CORDIS participations plus every consortium formed in
  sme2go that its members agreed to (services.consortia_that_tie, as for CompanyTie:
  agreed, offer submitted, won, or lost after having been agreed), each such consortium
  one more project of its companies;
- a registry company is the history's organisations with its PICs (CompanyPic); a
  company without a PIC that sits in an agreed consortium is the organisation
  ``sme2go:<company id>``;
- the team's members are all PICs of its companies; candidates are the other
  companies the user may see (accounts.scoping), each scored by its best PIC;
- reasons: the engine's (shared projects, programme activity) plus the company ties
  (CompanyTie) to the team's members, by name.

A consortium formed in sme2go counts as a project of the year it was created, but not
later than the last CORDIS year imported, so that the years between the CORDIS files
and today do not fade every CORDIS tie (the model's recency signals were fitted on
CORDIS alone).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from threading import Lock
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, Sum

from sme2go.accounts import scoping
from sme2go.collaboration import history as engine
from sme2go.collaboration.history import History, build_history
from sme2go.collaboration.model import shipped_model
from sme2go.collaboration.models import CompanyPic, CompanyTie, Participation
from sme2go.collaboration.services import (
    agreed_consortia,
    consortia_that_tie,
    stored_participations,
    tie_origins,
)
from sme2go.collaboration.suggest import PartnerQuery, PartnerSuggester, reasons_for
from sme2go.consortia.engine import Rules
from sme2go.consortia.instance_builder import capability_fits
from sme2go.consortia.proposals import capability_names
from sme2go.registry.models import Company
from sme2go.registry.rules import iso_country_codes

PRODUCT_PIC_PREFIX = "sme2go:"
MAX_SUGGESTIONS = 50


class CompletionError(ValueError):
    """A team that cannot be completed as asked (names the field)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CompanySuggestion:
    company: Company
    score: float  # the model's log-linear score (the API's "score"); pages show `share` instead
    reasons: tuple[str, ...]
    # The model is a softmax over candidates: exp(score) / the sum over the suggestions shown is this
    # company's share of the likelihood among them (the ratio of two shares is a likelihood ratio).
    share: float = 0.0


@dataclass(frozen=True)
class BroughtCapability:
    """A required capability of a saved consortium that a suggested company brings (fit ≥ min_fit)."""

    name: str  # from the taxonomy
    fit: float
    team_lacks: bool  # no member has a fit of at least min_fit for it


@dataclass(frozen=True)
class Completion:
    """Suggestions for one team, best first, and what the engine knew about the team."""

    members: list[Company]
    suggestions: list[CompanySuggestion]
    members_with_history: int  # members the collaboration history knows (by PIC or agreed consortium)
    candidates: int  # visible companies the history knows, members excluded
    # A saved consortium only: per suggested company, the required capabilities it brings (empty: none).
    brings: dict[int, tuple[BroughtCapability, ...]] | None = None
    min_fit: float | None = None
    left_out: int = 0  # candidates left out because they bring no required capability


def product_pic(company_id: int) -> str:
    return f"{PRODUCT_PIC_PREFIX}{company_id}"


def team_history(*, exclude_consortium: int | None = None) -> tuple[History, dict[str, int]]:
    """The history the engine ranks with, and pic -> registry company id."""
    company_of = dict(CompanyPic.objects.values_list("pic", "company_id"))
    rows, parts = stored_participations()
    last_cordis_year = max((r.start_year for r in rows), default=None)
    teams = agreed_consortia(exclude=exclude_consortium)
    pics_of: dict[int, list[str]] = defaultdict(list)
    for pic, company in company_of.items():
        pics_of[company].append(pic)
    involved = {c for _, members in teams.values() for c in members}
    countries = dict(Company.objects.filter(pk__in=involved).values_list("id", "country"))
    known_types = dict(
        Participation.objects.filter(organisation__pic__in=list(company_of)).values_list(
            "organisation__pic", "organisation__type"
        )
    )
    for consortium, (year, members) in sorted(teams.items()):
        if last_cordis_year is not None:
            year = min(year, last_cordis_year)
        for company in members:
            pics = sorted(pics_of.get(company, [])) or [product_pic(company)]
            pic = pics[0]
            company_of.setdefault(pic, company)
            rows.append(engine.Participation(
                rcn=f"sme2go-consortium-{consortium}", pic=pic, role="participant",
                type=known_types.get(pic, "PRC"), country=countries.get(company, ""), start_year=year,
            ))
    return build_history(rows, parts), company_of


_cache_lock = Lock()
_cache: dict[tuple[Any, ...], tuple[PartnerSuggester, dict[str, int]]] = {}


def _fingerprint(exclude_consortium: int | None) -> tuple[Any, ...]:
    """Changes whenever the history, the PICs or the agreed consortia change."""
    participations = Participation.objects.aggregate(
        n=Count("id"), last=Max("id"), years=Sum("start_year"), coordinators=Count("id", filter=Q(role="coordinator"))
    )
    pics = CompanyPic.objects.aggregate(n=Count("id"), last=Max("id"))
    consortia = consortia_that_tie().aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    return (exclude_consortium, *participations.values(), *pics.values(), *consortia.values())


def forget_history() -> None:
    """Drop the cached history (the next suggestion rebuilds it from the database)."""
    with _cache_lock:
        _cache.clear()


def _suggester(exclude_consortium: int | None) -> tuple[PartnerSuggester, dict[str, int]]:
    key = _fingerprint(exclude_consortium)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is None:
        history, company_of = team_history(exclude_consortium=exclude_consortium)
        cached = (PartnerSuggester(history, shipped_model()), company_of)
        with _cache_lock:
            _cache.clear()  # one history at a time: it is the biggest object of the process
            _cache[key] = cached
    return cached


def country_codes(countries: Iterable[str]) -> set[str]:
    """The asked countries as ISO codes (`" se"` -> `SE`); blanks are skipped, and anything else
    than a two-letter code the product knows is a CompletionError on "countries"."""
    codes = set()
    for value in (c.strip() for c in countries):
        if not value:
            continue
        if value.upper() not in iso_country_codes():
            raise CompletionError(f"{value!r} is not a two-letter country code (EE, FI, SE, …)", "countries")
        codes.add(value.upper())
    return codes


def suggest_to_complete(
    *,
    user: Any,
    company_ids: Iterable[int],
    k: int = 10,
    countries: Iterable[str] = (),
    exclude_consortium: int | None = None,
    only: Collection[int] | None = None,
) -> Completion:
    """The k visible registry companies most likely to complete the team `company_ids`, best first.

    PermissionDenied for users who may not see suggestions; CompletionError (naming the
    field) for an empty team, a member the user may not see, k outside 1..50, or a
    country that is not a two-letter ISO code. With `only`, companies not in it are left out
    (filtered, not re-ranked: the rest keep the model's order).
    """
    if not scoping.can_see_partner_suggestions(user):
        raise PermissionDenied("partner suggestions are for the programme manager and advisors")
    ids = list(dict.fromkeys(int(i) for i in company_ids))
    if not ids:
        raise CompletionError("give at least one member company", "company_ids")
    if not 1 <= k <= MAX_SUGGESTIONS:
        raise CompletionError(f"must be a whole number between 1 and {MAX_SUGGESTIONS}, got {k}", "k")
    visible = scoping.visible_companies(user)
    members = {c.pk: c for c in visible.filter(pk__in=ids)}
    missing = [i for i in ids if i not in members]
    if missing:
        raise CompletionError(f"no visible company with id {missing[0]}", "company_ids")
    wanted_countries = country_codes(countries)

    suggester, company_of = _suggester(exclude_consortium)
    pics_by_company: dict[int, list[str]] = defaultdict(list)
    for pic, owner in company_of.items():
        pics_by_company[owner].append(pic)
    member_pics = tuple(sorted(p for m in members for p in pics_by_company.get(m, []) + [product_pic(m)]))
    query = PartnerQuery(members=member_pics)
    signals = suggester.graph.signals(
        member_pics=query.members, programme_parts=(), countries=None, types=None, with_ppr=True
    )
    scores = suggester.learned_scores(signals, query.members)
    best: dict[int, tuple[float, int]] = {}  # company -> (score, position of its best PIC)
    for position, org in enumerate(signals.candidates):
        company = company_of.get(suggester.history.pics[int(org)])
        if company is None or company in members:
            continue
        score = float(scores[position])
        if company not in best or score > best[company][0]:
            best[company] = (score, position)
    candidates = {
        c.pk: c for c in visible.filter(pk__in=list(best)).exclude(pk__in=list(members))
        if not wanted_countries or c.country in wanted_countries
    }
    kept = [c for c in candidates if only is None or c in only]
    ranked = sorted(kept, key=lambda c: (-best[c][0], candidates[c].legal_name, c))[:k]
    ties = _ties_to_members(ranked, members)
    together = suggester.graph.projects_together(
        query.members, [int(signals.candidates[best[c][1]]) for c in ranked]
    )
    shares = likelihood_shares([best[c][0] for c in ranked])
    suggestions = [
        CompanySuggestion(
            company=candidates[c],
            score=round(best[c][0], 4),
            reasons=tuple(ties.get(c, [])) + reasons_for(signals.values, best[c][1], (), projects_together=projects),
            share=share,
        )
        for c, projects, share in zip(ranked, together, shares, strict=True)
    ]
    known_members = sum(1 for m in members if pics_by_company.get(m))
    return Completion(
        members=sorted(members.values(), key=lambda c: c.legal_name),
        suggestions=suggestions,
        members_with_history=known_members,
        candidates=len(candidates),
        left_out=len(candidates) - len(kept),
    )


def likelihood_shares(scores: list[float]) -> list[float]:
    """Softmax of the scores: each one's share of the likelihood among them (they sum to 1)."""
    if not scores:
        return []
    top = max(scores)
    weights = [math.exp(score - top) for score in scores]
    total = sum(weights)
    return [w / total for w in weights]


def _ties_to_members(candidates: list[int], members: dict[int, Company]) -> dict[int, list[str]]:
    """Per candidate, one line per CompanyTie with a member: "tied to X: 2 CORDIS projects, 1 consortium formed
    in sme2go"."""
    if not candidates:
        return {}
    wanted, member_ids = set(candidates), set(members)
    out: dict[int, list[str]] = defaultdict(list)
    origins = tie_origins(wanted | member_ids)
    rows = CompanyTie.objects.filter(company_a_id__in=wanted | member_ids, company_b_id__in=wanted | member_ids)
    for a, b in rows.order_by("-strength", "company_a_id", "company_b_id").values_list("company_a_id", "company_b_id"):
        for candidate, member in ((a, b), (b, a)):
            if candidate in wanted and member in member_ids:
                out[candidate].append(f"tied to {members[member].legal_name}: {origins[(a, b)]}")
    return out


def suggest_for_consortium(
    *, user: Any, consortium: Any, k: int = 10, countries: Iterable[str] = (), bringing_only: bool = False
) -> Completion:
    """Suggestions to complete a saved consortium (its own agreement is left out of the history), each
    with the required capabilities it brings; with `bringing_only`, only companies that bring at least
    one (a fit of at least the consortium's min_fit), in the model's order."""
    if not scoping.visible_consortia(user).filter(pk=consortium.pk).exists():
        raise PermissionDenied("you may not see this consortium")
    company_ids = list(consortium.members.values_list("company_id", flat=True))
    required = [r["capability"] for r in consortium.required_capabilities]
    min_fit = float(consortium.rules.get("min_fit", Rules().min_fit))
    fits = required_fits(required, min_fit)
    completion = suggest_to_complete(
        user=user, company_ids=company_ids, k=k, countries=countries, exclude_consortium=consortium.pk,
        only={c for c, levels in fits.items() if levels} if bringing_only else None,
    )
    names = capability_names()
    members = set(company_ids)
    covered = {cap for c in members for cap in fits.get(c, {})}
    brings = {
        s.company.pk: tuple(
            BroughtCapability(name=names.get(cap, cap), fit=level, team_lacks=cap not in covered)
            for cap, level in sorted(fits.get(s.company.pk, {}).items(), key=lambda item: (-item[1], item[0]))
        )
        for s in completion.suggestions
    }
    return replace(completion, brings=brings, min_fit=min_fit)


def required_fits(capabilities: list[str], min_fit: float) -> dict[int, dict[str, float]]:
    """Company id -> {required capability: fit} for the fits of at least min_fit; fit as in the
    consortium engine (the highest level of the capability over the company's solutions)."""
    at_least = {company_id: {cap: level for cap, level in levels.items() if level >= min_fit}
                for company_id, levels in capability_fits(capabilities).items()}
    return {company_id: levels for company_id, levels in at_least.items() if levels}
