"""The demo's synthetic readiness assessments and example targets: consistent with the product's own
scoring, spread over time with real improvements, shown in the report, and loaded once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sme2go.programme import demo as targets_demo
from sme2go.programme.kpis import KPI_BY_KEY, programme_report
from sme2go.programme.models import KpiTarget
from sme2go.readiness import demo as readiness_demo
from sme2go.readiness import questionnaire
from sme2go.readiness.models import ReadinessAssessment
from sme2go.registry.demo_loading import load_demo_registry
from sme2go.registry.models import Partner

pytestmark = pytest.mark.django_db


def test_demo_assessments_are_scored_as_the_questionnaire_scores_them_and_load_once():
    load_demo_registry(count=60)
    summary = readiness_demo.demo_step(None)
    assessments = list(ReadinessAssessment.objects.select_related("company"))
    assert summary.startswith(f"Readiness: SYNTHETIC {len(assessments)} export-readiness assessments")
    assert assessments and all(a.company.is_generated for a in assessments)
    for a in assessments:
        result = questionnaire.score(a.answers)
        assert (a.organisational, a.product, a.overall, a.band) == (
            result.organisational, result.product, result.overall, result.band)
        assert readiness_demo.FIRST_DAY <= a.assessed_at <= timezone.now()
    history: dict[int, list[ReadinessAssessment]] = {}
    for a in sorted(assessments, key=lambda a: a.assessed_at):
        history.setdefault(a.company_id, []).append(a)
    repeated = [rows for rows in history.values() if len(rows) > 1]
    assert repeated, "some companies are assessed again"
    for rows in repeated:  # each repeat comes months later with scores not lower
        for before, after in zip(rows, rows[1:], strict=False):
            assert after.assessed_at - before.assessed_at >= datetime.timedelta(days=90)
            assert after.overall >= before.overall
    report = {r.kpi.key: r for r in programme_report().results}
    assert report["companies_assessed"].actual.total == len(history)
    improved = sum(1 for rows in repeated if rows[-1].overall > rows[0].overall)
    assert report["readiness_improved"].actual.total == improved > 0
    assert readiness_demo.demo_step(None) == "Readiness: synthetic demo assessments already loaded"
    assert ReadinessAssessment.objects.count() == len(assessments)


def test_example_targets_fill_the_report_once_and_never_replace_a_managers_targets(partners):
    assert set(targets_demo.PROGRAMME_TARGETS) <= set(KPI_BY_KEY)
    assert targets_demo.demo_step(None).startswith("Programme: EXAMPLE targets for 10 KPIs")
    report = {r.kpi.key: r for r in programme_report().results}
    assert report["companies_supported"].target == 250
    assert report["companies_supported"].partner_targets == {p.short_name: 50 for p in Partner.objects.all()}
    assert report["companies_registered"].target is None  # no example target for it
    count = KpiTarget.objects.count()
    assert targets_demo.demo_step(None) == "Programme: targets already set, left as they are"
    assert KpiTarget.objects.count() == count


def test_the_demo_leaves_targets_alone_when_the_manager_has_set_any(partners):
    KpiTarget.objects.create(kpi="leads_generated", target=12)
    assert targets_demo.demo_step(None) == "Programme: targets already set, left as they are"
    assert list(KpiTarget.objects.values_list("kpi", "target")) == [("leads_generated", 12)]
