"""Build the engine's Instance from the registry, so the page and the CLI solve one computation.

- fit(c, r): the company's highest SolutionCapability level for capability r over its solutions.
- readiness(c): the overall score of the company's latest export-readiness assessment / 100
  (readiness app); for a company not assessed yet, a documented PROXY: the highest TRL of its
  solutions divided by 9 (0 without solutions). `RegistryInstance.readiness_source` says which,
  and pages show it beside the number ("assessed 2026-11-28" or "TRL proxy").
- country: the company's country; ties: `collaboration.services.ties_among` (shared
  CORDIS projects and consortia formed in sme2go).
Engine company ids are the registry primary keys as strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db.models import Max, QuerySet

from sme2go.collaboration.services import ties_among
from sme2go.consortia.engine import CompanyOption, Instance, Requirement, Rules, Tie, Weights
from sme2go.consortia.wording import TRL_PROXY
from sme2go.opportunities.models import Opportunity
from sme2go.readiness.services import latest_readiness
from sme2go.registry.models import Company, Solution, SolutionCapability
from sme2go.taxonomy import load_taxonomy

READINESS_PROXY = "highest solution TRL / 9"
MAX_TRL = 9


@dataclass(frozen=True)
class RegistryInstance:
    """An engine instance and the registry companies behind its ids."""

    instance: Instance
    companies: dict[str, Company]
    readiness_source: dict[str, str] = field(default_factory=dict)  # company id -> "assessed <date>" | "TRL proxy"

    def source_of_readiness(self, company_id: str) -> str:
        return self.readiness_source.get(company_id, TRL_PROXY)


def capabilities_for_opportunity(opportunity: Opportunity, *, top_themes: int = 2) -> list[str]:
    """The capabilities of the opportunity's top themes (by share), to pre-fill a need."""
    taxonomy = load_taxonomy()
    themes = [t.theme_id for t in opportunity.themes.order_by("-share", "theme_id")[:top_themes]]
    result: list[str] = []
    for theme_id in themes:
        try:
            result.extend(c.id for c in taxonomy.theme(theme_id).capabilities)
        except KeyError:
            continue
    return result


def capability_fits(capability_ids: list[str], companies: QuerySet[Company] | None = None) -> dict[int, dict[str, float]]:
    """Company id -> {capability: fit} for the given capabilities (of `companies`, or of every company):
    fit(c, r) is the company's highest SolutionCapability level for r over its solutions."""
    rows = SolutionCapability.objects.filter(capability_id__in=capability_ids)
    if companies is not None:
        rows = rows.filter(solution__company__in=companies)
    fits: dict[int, dict[str, float]] = {}
    for row in rows.values("solution__company_id", "capability_id").annotate(level=Max("level")):
        fits.setdefault(row["solution__company_id"], {})[row["capability_id"]] = float(row["level"])
    return fits


def build_instance(
    *,
    companies: QuerySet[Company],
    required: tuple[Requirement, ...],
    rules: Rules,
    weights: Weights,
    capable_only: bool = False,
) -> RegistryInstance:
    """The instance over `companies` (already scoped to what the user may see); with
    `capable_only`, only companies with a fit ≥ min_fit for some required capability, and the
    locked ones, are candidates (no member joins just for its ties or its country)."""
    capability_ids = [r.capability for r in required]
    by_id = {str(c.pk): c for c in companies.order_by("pk")}
    fits: dict[str, dict[str, float]] = {company_id: {} for company_id in by_id}
    for company_id, levels in capability_fits(capability_ids, companies).items():
        fits[str(company_id)] = levels
    if capable_only:
        bring = {c for c, fit in fits.items() if any(level >= rules.min_fit for level in fit.values())}
        by_id = {c: company for c, company in by_id.items() if c in bring or c in rules.lock}
    readiness, source = readiness_of(by_id)
    options = tuple(
        CompanyOption(
            id=company_id,
            country=company.country,
            readiness=readiness[company_id],
            fit=fits[company_id],
            name=company.legal_name,
        )
        for company_id, company in by_id.items()
    )
    ties = tuple(
        Tie(a=str(a), b=str(b), strength=float(strength))
        for a, b, strength in ties_among(int(k) for k in by_id)
        if str(a) in by_id and str(b) in by_id and strength >= 0
    )
    known = set(by_id)
    rules = replace(
        rules,
        lock=tuple(i for i in rules.lock if i in known),
        exclude=tuple(i for i in rules.exclude if i in known and i not in rules.lock),
    )
    return RegistryInstance(
        instance=Instance(required=required, companies=options, ties=ties, rules=rules, weights=weights),
        companies=by_id,
        readiness_source=source,
    )


def readiness_of(companies: dict[str, Company]) -> tuple[dict[str, float], dict[str, str]]:
    """Each company's readiness 0-1 and where it comes from: its latest assessment, else the TRL proxy."""
    pks = [company.pk for company in companies.values()]
    assessed = latest_readiness(pks)
    best_trl = dict(
        Solution.objects.filter(company_id__in=pks).values("company_id").annotate(best=Max("trl"))
        .values_list("company_id", "best")
    )
    readiness, source = {}, {}
    for company_id, company in companies.items():
        latest = assessed.get(company.pk)
        if latest is not None:
            readiness[company_id] = min(1.0, max(0.0, latest.overall / 100.0))
            source[company_id] = f"assessed {latest.assessed_at:%Y-%m-%d}"
        else:
            readiness[company_id] = min(1.0, (best_trl.get(company.pk) or 0) / MAX_TRL)
            source[company_id] = TRL_PROXY
    return readiness, source
