"""The demo's synthetic support: seeded, labelled, loaded once, each by a partner of the company."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sme2go.registry.demo_loading import load_demo_registry
from sme2go.support.demo import SYNTHETIC, UPCOMING, demo_step
from sme2go.support.kpis import support_kpis
from sme2go.support.models import Attendance, SupportAction, TrainingSession

pytestmark = pytest.mark.django_db


def test_the_demo_support_is_synthetic_labelled_and_loaded_once():
    load_demo_registry(count=60)
    summary = demo_step(None)
    assert summary.startswith("Support: SYNTHETIC")
    actions = list(SupportAction.objects.select_related("company", "partner"))
    assert actions and all(a.note == SYNTHETIC and a.company.is_generated for a in actions)
    assert all(a.company.partners.filter(pk=a.partner_id).exists() for a in actions)
    for attendance in Attendance.objects.select_related("session", "company"):
        assert attendance.company.partners.filter(pk=attendance.session.partner_id).exists()
    assert all(SYNTHETIC in s.place for s in TrainingSession.objects.all())
    planned = TrainingSession.objects.filter(held_on__gt=timezone.localdate())
    assert sorted(s.module.title for s in planned) == sorted(UPCOMING)  # planned, so next steps can name them
    assert not Attendance.objects.filter(session__in=planned).exists()  # nobody attended the future yet
    before = (SupportAction.objects.count(), Attendance.objects.count(), support_kpis().companies)
    assert demo_step(None) == "Support: synthetic demo support already loaded"
    assert (SupportAction.objects.count(), Attendance.objects.count(), support_kpis().companies) == before
    assert 0 < before[2] <= 60
