"""The demo's synthetic missions and leads: labelled, consistent with the product's rules, loaded once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sme2go.missions.demo import SYNTHETIC, demo_step
from sme2go.missions.models import Lead, Meeting, Mission
from sme2go.registry.demo_loading import load_demo_registry

pytestmark = pytest.mark.django_db


def test_the_demo_missions_are_synthetic_follow_the_rules_and_load_once():
    load_demo_registry(count=60)
    assert demo_step(None).startswith("Missions: SYNTHETIC 4 missions")
    assert all(SYNTHETIC in m.description for m in Mission.objects.all())
    for meeting in Meeting.objects.select_related("mission"):
        assert meeting.mission.starts_on <= meeting.held_on <= meeting.mission.ends_on
        assert meeting.mission.participants.filter(company=meeting.company).exists()
    leads = list(Lead.objects.all())
    assert leads and all(SYNTHETIC in lead.description for lead in leads)
    assert all((lead.stage == "won") == (lead.won_on is not None) for lead in leads)
    assert all(lead.won_on <= timezone.localdate() for lead in leads if lead.won_on)
    counts = (Mission.objects.count(), Meeting.objects.count(), Lead.objects.count())
    assert demo_step(None) == "Missions: synthetic demo missions already loaded"
    assert (Mission.objects.count(), Meeting.objects.count(), Lead.objects.count()) == counts
