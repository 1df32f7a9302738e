"""The menu tells staff how many follow-ups are due in their pipeline, and links to them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sme2go.missions.models import Lead, Stage
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def due_leads(ee_company, fi_company, partners):
    for company, partner, stage, follow_up in (
        (ee_company, "Tehnopol", Stage.CONTACTED, YESTERDAY),
        (ee_company, "Tehnopol", Stage.PROPOSAL, YESTERDAY),
        (ee_company, "Tehnopol", Stage.LOST, YESTERDAY),  # lost: nothing to follow up
        (ee_company, "Tehnopol", Stage.CONTACTED, YESTERDAY + datetime.timedelta(days=30)),  # not yet
        (fi_company, "Turku", Stage.CONTACTED, YESTERDAY),
    ):
        Lead.objects.create(company=company, partner=partners[partner], buyer="City", country="KE", value_eur=1,
                            stage=stage, follow_up_on=follow_up)


def test_each_advisor_sees_their_partners_follow_ups_and_the_manager_all(advisor, other_advisor, manager,
                                                                          due_leads):
    tehnopol = client_for(advisor).get("/partners/").content.decode()
    assert '<a class="due" href="/leads/?partner=Tehnopol&amp;due=on"' in tehnopol and ">2 due</a>" in tehnopol
    assert ">1 due</a>" in client_for(other_advisor).get("/partners/").content.decode()
    everyone = client_for(manager).get("/partners/").content.decode()
    assert '<a class="due" href="/leads/?due=on"' in everyone and ">3 due</a>" in everyone
    listed = client_for(advisor).get("/leads/?partner=Tehnopol&due=on").content.decode()
    assert "2 leads" in listed


def test_nothing_due_no_badge_and_company_users_never_see_one(advisor, company_user, ee_company):
    assert 'class="due"' not in client_for(advisor).get("/partners/").content.decode()
    Lead.objects.create(company=ee_company, partner=advisor.membership.partner, buyer="City", country="KE",
                        value_eur=1, follow_up_on=YESTERDAY)
    assert 'class="due"' not in client_for(company_user).get("/").content.decode()
