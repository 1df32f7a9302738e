"""A mission's meeting corrected and then removed in Chromium with JavaScript off: the date error
shows beside the field, removal asks first, Cancel keeps the meeting."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sme2go.accounts.models import AuditEvent
from sme2go.missions.models import Meeting, Mission, MissionParticipant
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_organiser_corrects_a_meeting_then_removes_it_after_confirming(
    ee_company, partners, advisor, browser, live_server, transactional_db
):
    today = timezone.localdate()
    mission = Mission.objects.create(name="Nairobi smart water", country="KE", city="Nairobi",
                                     starts_on=today - datetime.timedelta(days=10),
                                     ends_on=today - datetime.timedelta(days=6), partner=partners["Tehnopol"])
    MissionParticipant.objects.create(mission=mission, company=ee_company)
    meeting = Meeting.objects.create(mission=mission, company=ee_company, counterpart="Nairobi Watr",
                                     held_on=mission.starts_on)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, advisor.username)
        page.goto(f"/missions/{mission.pk}/")
        page.get_by_role("link", name="Edit Aqua Sense OÜ's meeting with Nairobi Watr").click()
        expect(page.get_by_role("heading", name="Edit the meeting")).to_be_visible()

        page.get_by_label("Met:", exact=True).fill("Nairobi Water")
        page.get_by_label("On:", exact=True).fill(today.isoformat())
        page.get_by_label("Outcome:", exact=True).fill("wants a pilot")
        page.get_by_role("button", name="Save the meeting").click()
        expect(page.get_by_role("alert")).to_contain_text("Please correct the fields marked below")
        expect(page.locator("#id_held_on_error")).to_contain_text(f"{today:%Y-%m-%d} is outside the mission")
        expect(page.get_by_label("Met:", exact=True)).to_have_value("Nairobi Water")  # what was typed is kept

        page.get_by_label("On:", exact=True).fill(str(mission.starts_on + datetime.timedelta(days=1)))
        page.get_by_role("button", name="Save the meeting").click()
        expect(page.get_by_role("status")).to_contain_text("Saved Aqua Sense OÜ's meeting with Nairobi Water.")
        expect(page.locator(f"#meeting-{meeting.pk}")).to_contain_text("wants a pilot")
        assert AuditEvent.objects.get(action="missions.meeting_change").changes["after"]["counterpart"] == \
            "Nairobi Water"

        page.get_by_role("link", name="Edit Aqua Sense OÜ's meeting with Nairobi Water").click()
        page.get_by_role("button", name="Remove this meeting").click()
        expect(page.get_by_role("alertdialog")).to_contain_text(
            "Remove Aqua Sense OÜ's meeting with Nairobi Water on")
        page.get_by_role("link", name="Cancel").click()
        expect(page.get_by_role("button", name="Save the meeting")).to_be_visible()
        assert Meeting.objects.filter(pk=meeting.pk).exists()

        page.get_by_role("button", name="Remove this meeting").click()
        page.get_by_role("button", name="Yes, remove the meeting").click()
        expect(page.get_by_role("status")).to_contain_text("Removed Aqua Sense OÜ's meeting with Nairobi Water")
        expect(page.locator("#meetings")).to_contain_text("No meetings recorded.")
        assert not Meeting.objects.exists()
        assert AuditEvent.objects.filter(action="missions.meeting_delete", actor=advisor).exists()
    finally:
        context.close()
