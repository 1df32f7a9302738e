"""A mission removed in Chromium with JavaScript off and put back with the message's Undo: the page
asks first, Cancel keeps the mission, Undo brings back its companies and meetings."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sme2go.accounts.models import AuditEvent
from sme2go.missions.models import Meeting, Mission, MissionParticipant
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_organiser_removes_a_mission_after_confirming_and_undoes_it(
    ee_company, fi_company, partners, advisor, browser, live_server, transactional_db
):
    today = timezone.localdate()
    mission = Mission.objects.create(name="Nairobi smart water", country="KE", city="Nairobi", starts_on=today,
                                     ends_on=today + datetime.timedelta(days=4), partner=partners["Tehnopol"])
    for company in (ee_company, fi_company):
        MissionParticipant.objects.create(mission=mission, company=company)
    meeting = Meeting.objects.create(mission=mission, company=ee_company, counterpart="Nairobi Water", held_on=today)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, advisor.username)
        page.goto(f"/missions/{mission.pk}/")
        page.get_by_role("button", name="Remove mission").click()
        expect(page.get_by_role("alertdialog")).to_contain_text(
            "with its 2 companies and 1 meeting?")
        page.get_by_role("link", name="Cancel").click()
        expect(page.get_by_role("heading", name="Nairobi smart water")).to_be_visible()
        assert Mission.objects.filter(pk=mission.pk).exists()

        page.get_by_role("button", name="Remove mission").click()
        page.get_by_role("button", name="Yes, remove the mission").click()
        expect(page.get_by_role("status")).to_contain_text("Removed the mission Nairobi smart water")
        expect(page.get_by_role("heading", name="Export missions")).to_be_visible()
        assert not Mission.objects.exists() and not Meeting.objects.exists()

        page.get_by_role("status").get_by_role("button", name="Undo").click()
        expect(page.get_by_role("status")).to_contain_text("Undone: the mission Nairobi smart water is back")
        expect(page.locator("#participants")).to_contain_text("Volttiväylä Oy")
        expect(page.locator(f"#meeting-{meeting.pk}")).to_contain_text("Nairobi Water")
        assert MissionParticipant.objects.filter(mission_id=mission.pk).count() == 2
        assert AuditEvent.objects.filter(action="missions.restore", actor=advisor).exists()
    finally:
        context.close()
