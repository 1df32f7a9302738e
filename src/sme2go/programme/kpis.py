"""The programme's KPIs, computed from what the product records, with their targets.

Each KPI is a tally of facts (tally.py): companies are counted once in the total however
many partners they work with; per partner, a company counts for each partner that supports
it (registry links, or the partner that gave the support), so partner columns may add up to
more than the total.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models.functions import Coalesce

from sme2go.collaboration.services import consortia_that_tie
from sme2go.consortia.models import Consortium, ConsortiumEvent
from sme2go.missions.models import Lead, MissionParticipant, Stage
from sme2go.missions.services import first_sales
from sme2go.programme.models import KpiTarget
from sme2go.programme.tally import Fact, Tally, tally
from sme2go.readiness.models import ReadinessAssessment
from sme2go.registry.models import Company, Partner
from sme2go.support.models import Attendance, SupportAction


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    unit: str
    meaning: str
    facts: Callable[[Partners], Iterator[Fact]]
    distinct: bool = True


@dataclass
class Partners:
    """The partners' short names, and which partners support each company (read once per report)."""

    names: dict[int, str]
    _links: dict[int, list[int]] | None = None

    @property
    def of_company(self) -> dict[int, list[int]]:
        if self._links is None:
            self._links = {}
            for company, partner in Company.partners.through.objects.values_list("company_id", "partner_id"):
                self._links.setdefault(company, []).append(partner)
        return self._links

    def company_facts(self, company: int, year: int) -> Iterator[Fact]:
        """One fact per partner that supports the company (one without a partner if none does)."""
        partners = self.of_company.get(company) or []
        if not partners:
            yield Fact(company, None, year)
        for partner in partners:
            yield Fact(company, self.names[partner], year)


def registered(partners: Partners) -> Iterator[Fact]:
    for pk, created in Company.objects.filter(merged_into__isnull=True).values_list("pk", "created_at"):
        yield from partners.company_facts(pk, created.year)


def supported(partners: Partners) -> Iterator[Fact]:
    owner = Coalesce("company__merged_into_id", "company_id")
    for company, partner, day in SupportAction.objects.annotate(owner=owner).values_list("owner", "partner_id", "given_on"):
        yield Fact(company, partners.names[partner], day.year)
    for company, partner, day in Attendance.objects.annotate(owner=owner).values_list(
        "owner", "session__partner_id", "session__held_on"
    ):
        yield Fact(company, partners.names[partner], day.year)


def assessed(partners: Partners) -> Iterator[Fact]:
    for company, when in ReadinessAssessment.objects.values_list("company_id", "assessed_at"):
        yield from partners.company_facts(company, when.year)


def readiness_improved(partners: Partners) -> Iterator[Fact]:
    """Companies whose latest assessment scores higher than their first; the year of the latest."""
    history: dict[int, list[tuple[datetime.datetime, int, float]]] = {}
    for company, when, pk, overall in ReadinessAssessment.objects.values_list("company_id", "assessed_at", "pk",
                                                                              "overall"):
        history.setdefault(company, []).append((when, pk, overall))
    for company, rows in history.items():
        rows.sort()
        if len(rows) > 1 and rows[-1][2] > rows[0][2]:
            yield from partners.company_facts(company, rows[-1][0].year)


def people_trained(partners: Partners) -> Iterator[Fact]:
    for pk, partner, day, people in Attendance.objects.values_list("pk", "session__partner_id", "session__held_on",
                                                                   "people"):
        yield Fact(pk, partners.names[partner], day.year, people)


def support_hours(partners: Partners) -> Iterator[Fact]:
    for pk, partner, day, hours in SupportAction.objects.values_list("pk", "partner_id", "given_on", "hours"):
        yield Fact(pk, partners.names[partner], day.year, hours)


def _consortium_facts(consortia: Iterable[tuple[int, int | None, datetime.datetime]], partners: Partners,
                      ) -> Iterator[Fact]:
    for pk, partner, when in consortia:
        yield Fact(pk, partners.names.get(partner) if partner is not None else None, when.year)


def consortia_formed(partners: Partners) -> Iterator[Fact]:
    yield from _consortium_facts(consortia_that_tie().values_list("pk", "partner_id", "created_at"), partners)


def consortia_won(partners: Partners) -> Iterator[Fact]:
    """Won consortia, in the year they were marked won (their creation year if the history has no such line)."""
    won_at = dict(ConsortiumEvent.objects.filter(kind=ConsortiumEvent.Kind.STATUS, to_status="won")
                  .order_by("at").values_list("consortium_id", "at"))
    rows = Consortium.objects.filter(status="won").values_list("pk", "partner_id", "created_at")
    yield from _consortium_facts(((pk, partner, won_at.get(pk, created)) for pk, partner, created in rows), partners)


def on_missions(partners: Partners) -> Iterator[Fact]:
    for company, partner, day in MissionParticipant.objects.values_list("company_id", "mission__partner_id",
                                                                         "mission__starts_on"):
        yield Fact(company, partners.names[partner], day.year)


def leads_generated(partners: Partners) -> Iterator[Fact]:
    for pk, partner, created in Lead.objects.values_list("pk", "partner_id", "created_at"):
        yield Fact(pk, partners.names[partner], created.year)


def first_export_sales(partners: Partners) -> Iterator[Fact]:
    """Companies with a first export sale, in the year of that sale, for the partner that followed it."""
    for company, lead in first_sales().items():
        assert lead.won_on is not None
        yield Fact(company, partners.names[lead.partner_id], lead.won_on.year)


def sales_value(partners: Partners) -> Iterator[Fact]:
    for pk, partner, day, value in Lead.objects.filter(stage=Stage.WON, won_on__isnull=False).values_list(
        "pk", "partner_id", "won_on", "value_eur"
    ):
        yield Fact(pk, partners.names[partner], day.year, value)


KPIS: tuple[Kpi, ...] = (
    Kpi("companies_registered", "Companies registered", "companies",
        "companies in the registry, duplicates merged (per partner: the companies it supports)", registered),
    Kpi("companies_supported", "Unique companies supported", "companies",
        "companies that received a support action or attended a training session", supported),
    Kpi("companies_assessed", "Companies assessed for export readiness", "companies",
        "companies with at least one readiness assessment", assessed),
    Kpi("readiness_improved", "Companies whose export readiness rose", "companies",
        "latest readiness assessment above the first", readiness_improved),
    Kpi("people_trained", "People trained", "people", "people at training sessions", people_trained, distinct=False),
    Kpi("support_hours", "Hours of support", "hours", "hours of logged support actions", support_hours,
        distinct=False),
    Kpi("consortia_formed", "Consortia formed", "consortia",
        "agreed, offer submitted, won, or lost after having been agreed", consortia_formed),
    Kpi("consortia_won", "Consortia won", "consortia", "consortia marked won", consortia_won),
    Kpi("companies_on_missions", "Companies on export missions", "companies",
        "companies that took part in an export mission (per partner: the organiser)", on_missions),
    Kpi("leads_generated", "Export leads", "leads", "leads added to the pipeline", leads_generated),
    Kpi("companies_first_sale", "Companies with a first export sale", "companies",
        "companies with a won lead, counted in the year of their first sale", first_export_sales),
    Kpi("sales_value_eur", "Export sales won (EUR)", "EUR", "value of won leads, in the year of the sale",
        sales_value, distinct=False),
)
KPI_BY_KEY = {k.key: k for k in KPIS}


@dataclass(frozen=True)
class KpiResult:
    kpi: Kpi
    actual: Tally
    target: Decimal | None  # programme-wide
    partner_targets: dict[str, Decimal]

    @property
    def share_of_target(self) -> float | None:
        """Actual / target as a fraction (None without a target or with a target of 0)."""
        if not self.target:
            return None
        return float(self.actual.total) / float(self.target)


@dataclass(frozen=True)
class Budget:
    partner: str
    name: str
    budget_eur: Decimal
    erdf_eur: Decimal


@dataclass(frozen=True)
class ProgrammeReport:
    generated_on: datetime.date
    results: tuple[KpiResult, ...]
    partners: tuple[str, ...]  # short names, in the partners' order
    years: tuple[int, ...]
    budgets: tuple[Budget, ...]

    @property
    def erdf_total(self) -> Decimal:
        return sum((b.erdf_eur for b in self.budgets), start=Decimal(0))

    @property
    def budget_total(self) -> Decimal:
        return sum((b.budget_eur for b in self.budgets), start=Decimal(0))

    def result(self, key: str) -> KpiResult:
        return next(r for r in self.results if r.kpi.key == key)

    @property
    def erdf_per_company_supported(self) -> Decimal | None:
        supported = self.result("companies_supported").actual.total
        return (self.erdf_total / Decimal(supported)).quantize(Decimal(1)) if supported else None


def targets() -> dict[tuple[str, str | None], Decimal]:
    """(kpi, partner short name or None) -> target."""
    return {(kpi, short): value for kpi, short, value in KpiTarget.objects.values_list("kpi", "partner__short_name",
                                                                                         "target")}


def programme_report(today: datetime.date | None = None) -> ProgrammeReport:
    """Every KPI's actuals (total, per partner, per year) beside its targets, and the budgets."""
    partners = list(Partner.objects.all())
    lookup = Partners({p.pk: p.short_name for p in partners})
    goal = targets()
    results = []
    for kpi in KPIS:
        actual = tally(kpi.facts(lookup), distinct=kpi.distinct)
        results.append(KpiResult(
            kpi=kpi, actual=actual, target=goal.get((kpi.key, None)),
            partner_targets={short: v for (key, short), v in goal.items() if key == kpi.key and short is not None},
        ))
    years = sorted({y for r in results for y in r.actual.by_year})
    return ProgrammeReport(
        generated_on=today or datetime.date.today(),
        results=tuple(results),
        partners=tuple(p.short_name for p in partners),
        years=tuple(years),
        budgets=tuple(Budget(p.short_name, p.name, p.budget_eur, p.erdf_eur) for p in partners),
    )
