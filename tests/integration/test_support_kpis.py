"""Unique companies supported: against a brute-force count, across partners, periods and merges."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.registry.demo_loading import ensure_partners
from sme2go.registry.models import Company
from sme2go.support.kpis import support_kpis
from sme2go.support.models import Attendance, SupportAction, TrainingModule, TrainingSession

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)
day = st.integers(0, 700).map(lambda d: START + datetime.timedelta(days=d))
actions = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2), day), max_size=12)  # company, partner, date
attendances = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), max_size=10)  # company, session
sessions = st.lists(st.tuples(st.integers(0, 2), day), min_size=4, max_size=4)  # partner, date
period = st.tuples(st.none() | day, st.none() | day)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=actions, attendances=attendances, sessions=sessions, period=period)
def test_unique_companies_supported_equals_a_brute_force_count(actions, attendances, sessions, period):
    SupportAction.objects.all().delete()
    TrainingSession.objects.all().delete()
    partners = list(ensure_partners().values())[:3]
    companies = [Company.objects.get_or_create(legal_name=f"Firm {i}", country="EE")[0] for i in range(6)]
    module, _ = TrainingModule.objects.get_or_create(title="Tenders abroad")
    held = [TrainingSession.objects.create(module=module, partner=partners[p], held_on=d, place="online")
            for p, d in sessions]
    for c, p, d in actions:
        SupportAction.objects.create(company=companies[c], partner=partners[p], given_on=d, kind="advice", hours=1)
    for c, s in set(attendances):
        Attendance.objects.create(session=held[s], company=companies[c])
    start, end = period

    def inside(d: datetime.date) -> bool:
        return (start is None or d >= start) and (end is None or d <= end)

    pairs = {(c, p) for c, p, d in actions if inside(d)}
    pairs |= {(c, sessions[s][0]) for c, s in set(attendances) if inside(sessions[s][1])}
    kpis = support_kpis(start, end)
    assert kpis.companies == len({c for c, _ in pairs})
    expected = {}
    for c, p in pairs:
        expected.setdefault(partners[p].short_name, set()).add(c)
    assert kpis.by_partner == {name: len(cs) for name, cs in sorted(expected.items())}
    assert kpis.actions == sum(inside(d) for _, _, d in actions)
    assert kpis.hours == Decimal(kpis.actions)


def test_a_company_supported_by_two_partners_counts_once_and_a_merged_one_as_its_survivor(partners):
    tehnopol, turku = partners["Tehnopol"], partners["Turku"]
    keep = Company.objects.create(legal_name="Aqua Sense OÜ", country="EE")
    twin = Company.objects.create(legal_name="Aqua Sense OU", country="EE")
    day_one = datetime.date(2026, 3, 1)
    SupportAction.objects.create(company=keep, partner=tehnopol, given_on=day_one, kind="advice", hours=2)
    SupportAction.objects.create(company=keep, partner=turku, given_on=day_one, kind="coaching", hours=3)
    SupportAction.objects.create(company=twin, partner=turku, given_on=day_one, kind="advice", hours=1)
    assert support_kpis().companies == 2
    twin.merged_into = keep  # as a merge leaves a row that could not move
    twin.save()
    kpis = support_kpis()
    assert kpis.companies == 1
    assert kpis.by_partner == {"Tehnopol": 1, "Turku": 1}
    assert kpis.actions == 3 and kpis.hours == Decimal("6.0")


def test_support_on_the_first_and_last_day_of_the_period_counts(partners):
    first, last = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    for name, day_given in (("Early Oy", first), ("Late Oy", last), ("Before Oy", datetime.date(2025, 12, 31))):
        company = Company.objects.create(legal_name=name, country="FI")
        SupportAction.objects.create(company=company, partner=partners["Turku"], given_on=day_given, kind="advice",
                                     hours=1)
    module = TrainingModule.objects.create(title="Pricing for export")
    session = TrainingSession.objects.create(module=module, partner=partners["Tehnopol"], held_on=last, place="Tallinn")
    Attendance.objects.create(session=session, company=Company.objects.create(legal_name="Trained OÜ", country="EE"),
                              people=3)
    kpis = support_kpis(first, last)
    assert kpis.companies == 3 and kpis.by_partner == {"Tehnopol": 1, "Turku": 2}
    assert (kpis.attendances, kpis.people_trained) == (1, 3)
