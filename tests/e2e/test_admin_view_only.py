"""The Django admin shows missions, leads, training sessions and support actions but changes none of
them: their changes go through the product's pages and API, which keep the rules and the audit trail."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from sme2go.missions.models import Lead, Meeting, Mission
from sme2go.support.models import SupportAction, TrainingModule, TrainingSession

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def admin_client_logged_in(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    return client


@pytest.fixture
def records(ee_company, partners):
    mission = Mission.objects.create(name="Nairobi", country="KE", starts_on=DAY, ends_on=DAY,
                                     partner=partners["Tehnopol"])
    mission.participants.create(company=ee_company)
    Meeting.objects.create(mission=mission, company=ee_company, counterpart="City water utility", held_on=DAY)
    module = TrainingModule.objects.create(title="Export pricing")
    return {
        "missions/mission": mission,
        "missions/lead": Lead.objects.create(company=ee_company, partner=partners["Tehnopol"], buyer="City",
                                             country="KE", value_eur=1),
        "support/trainingsession": TrainingSession.objects.create(module=module, partner=partners["Tehnopol"],
                                                                  held_on=DAY, place="Tallinn"),
        "support/supportaction": SupportAction.objects.create(company=ee_company, partner=partners["Tehnopol"],
                                                              given_on=DAY, kind="advice", hours=Decimal(1)),
    }


def test_the_admin_shows_these_records_and_changes_none(admin_client_logged_in, records):
    client = admin_client_logged_in
    for path, record in records.items():
        change = f"/admin/{path}/{record.pk}/change/"
        page = client.get(change)
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode(), path
        assert client.post(change, {}).status_code == 403, path
        assert client.get(f"/admin/{path}/add/").status_code == 403, path
        assert client.post(f"/admin/{path}/{record.pk}/delete/", {"post": "yes"}).status_code == 403, path
    assert Meeting.objects.get().counterpart == "City water utility"
    assert records["missions/lead"].__class__.objects.get().stage == "identified"


def test_the_training_catalogue_stays_editable_in_the_admin(admin_client_logged_in, records):
    assert admin_client_logged_in.get("/admin/support/trainingmodule/add/").status_code == 200
