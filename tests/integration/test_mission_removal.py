"""Removing an export mission (`missions.services.delete_mission`) and undoing it
(`restore_mission`): who may, what is refused and why, all or nothing, and the audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import pre_delete
from django.utils import timezone

from sme2go.accounts.models import AuditEvent
from sme2go.missions import services
from sme2go.missions.models import Lead, Meeting, Mission, MissionParticipant, Stage
from sme2go.registry.models import Company

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def mission(partners, ee_company, fi_company) -> Mission:
    """A Tehnopol mission to Nairobi, both companies on it, two meetings of the Estonian one."""
    mission = Mission.objects.create(name="Nairobi smart water", country="KE", city="Nairobi", starts_on=TODAY,
                                     ends_on=TODAY + datetime.timedelta(days=4), partner=partners["Tehnopol"],
                                     description="utilities\nand the county")
    MissionParticipant.objects.create(mission=mission, company=ee_company)
    MissionParticipant.objects.create(mission=mission, company=fi_company)
    Meeting.objects.create(mission=mission, company=ee_company, counterpart="Nairobi Water", held_on=TODAY,
                           outcome="wants a pilot")
    Meeting.objects.create(mission=mission, company=fi_company, counterpart="Kenya Power",
                           held_on=TODAY + datetime.timedelta(days=1))
    return mission


def rows(mission_id: int) -> tuple[list, list, list]:
    """The mission, its seats and its meetings as stored, every field: what an undo must bring back."""
    return (list(Mission.objects.filter(pk=mission_id).values()),
            list(MissionParticipant.objects.filter(mission_id=mission_id).order_by("pk").values()),
            list(Meeting.objects.filter(mission_id=mission_id).order_by("pk").values()))


def test_the_organiser_removes_a_mission_with_its_seats_and_meetings_and_the_audit_keeps_them(advisor, mission):
    pk = mission.pk
    event = services.delete_mission(actor=advisor, mission=mission)
    assert not Mission.objects.exists() and not MissionParticipant.objects.exists() and not Meeting.objects.exists()
    assert (event.action, event.actor, event.object_type, event.object_id) == (
        "missions.delete", advisor, "missions.Mission", str(pk))
    assert event.summary.startswith("removed Nairobi smart water (Nairobi, KE, ")
    assert event.summary.endswith("with 2 companies and 2 meetings")
    kept = event.changes
    assert kept["mission"] | {"id": 0, "partner": 0} == {
        "id": 0, "name": "Nairobi smart water", "country": "KE", "city": "Nairobi", "starts_on": str(TODAY),
        "ends_on": str(TODAY + datetime.timedelta(days=4)), "partner": 0, "description": "utilities\nand the county",
        "created_by": None}
    assert [seat["company"] for seat in kept["participants"]] == ["Aqua Sense OÜ", "Volttiväylä Oy"]
    assert [(m["counterpart"], m["outcome"]) for m in kept["meetings"]] == [("Nairobi Water", "wants a pilot"),
                                                                           ("Kenya Power", "")]


def test_undo_puts_back_the_mission_its_seats_and_meetings_exactly_with_their_ids(advisor, manager, mission):
    mission.created_by = advisor
    mission.save()
    pk, before = mission.pk, rows(mission.pk)
    event = services.delete_mission(actor=advisor, mission=mission)
    assert rows(pk) == ([], [], [])
    restored = services.restore_mission(actor=manager, event=event)
    assert restored.pk == pk and rows(pk) == before
    undo = AuditEvent.objects.get(action="missions.restore")
    assert (undo.actor, undo.object_id, undo.changes) == (manager, str(pk), {"undoes": event.pk})
    # The mission is as usable as before: a new meeting and a new mission get fresh ids.
    later = services.create_mission(actor=advisor, name="Kigali", country="RW", city="", starts_on=TODAY,
                                    ends_on=TODAY)
    assert later.pk > pk


def test_an_undo_is_done_once(advisor, mission):
    event = services.delete_mission(actor=advisor, mission=mission)
    services.restore_mission(actor=advisor, event=event)
    with pytest.raises(services.NotRestored, match="the mission Nairobi smart water was already put back"):
        services.restore_mission(actor=advisor, event=event)
    assert Mission.objects.count() == 1 and AuditEvent.objects.filter(action="missions.restore").count() == 1


def test_undo_is_refused_naming_a_company_removed_or_merged_since(advisor, mission, ee_company, fi_company):
    pk, fi_id = mission.pk, fi_company.pk
    event = services.delete_mission(actor=advisor, mission=mission)
    fi_company.delete()
    with pytest.raises(services.NotRestored, match="Volttiväylä Oy was removed from the registry since"):
        services.restore_mission(actor=advisor, event=event)
    keep = Company.objects.create(legal_name="Aqua Sense AS", country="EE")
    Company.objects.filter(pk=ee_company.pk).update(merged_into=keep)
    Company.objects.create(pk=fi_id, legal_name="Volttiväylä Oy", country="FI")
    with pytest.raises(services.NotRestored, match="Aqua Sense OÜ was merged into another company since: undo the merge"):
        services.restore_mission(actor=advisor, event=event)
    assert rows(pk) == ([], [], []) and not AuditEvent.objects.filter(action="missions.restore").exists()


@pytest.mark.parametrize(("stages", "words"), [
    ([Stage.IDENTIFIED], "1 lead came from this mission: a lead keeps the mission it came from"),
    ([Stage.WON, Stage.LOST, Stage.PROPOSAL], "3 leads came from this mission (1 of them a sale)"),
    ([Stage.WON, Stage.WON], "2 leads came from this mission (2 of them sales)"),
])
def test_a_mission_that_leads_came_from_stays_and_nothing_changes(advisor, mission, ee_company, stages, words):
    for stage in stages:
        Lead.objects.create(company=ee_company, mission=mission, partner=mission.partner, buyer="Nairobi Water",
                            country="KE", value_eur=100, stage=stage,
                            won_on=TODAY if stage == Stage.WON else None)
    before = rows(mission.pk)
    with pytest.raises(ValidationError) as refused:
        services.delete_mission(actor=advisor, mission=mission)
    message = refused.value.message_dict["mission"][0]
    assert words in message and message.endswith("correct its name, place or dates instead")
    assert rows(mission.pk) == before and Lead.objects.filter(mission=mission).count() == len(stages)
    assert not AuditEvent.objects.filter(action="missions.delete").exists()


def test_only_the_organiser_and_the_manager_remove_or_put_back_a_mission(advisor, other_advisor, manager,
                                                                         company_user, mission):
    pk, before = mission.pk, rows(mission.pk)
    for someone in (other_advisor, company_user):
        with pytest.raises(PermissionDenied):
            services.delete_mission(actor=someone, mission=mission)
    assert rows(mission.pk) == before
    event = services.delete_mission(actor=manager, mission=mission)
    for someone in (other_advisor, company_user):
        with pytest.raises(PermissionDenied):
            services.restore_mission(actor=someone, event=event)
    assert rows(pk) == ([], [], [])


def test_a_removal_that_fails_midway_leaves_everything_as_it_was(advisor, mission):
    """The meetings and seats go before the mission itself: a failure there must take them back too."""
    before = rows(mission.pk)

    def fail(sender, instance, **kwargs):
        raise RuntimeError("the database went away")

    pre_delete.connect(fail, sender=Mission)
    try:
        with pytest.raises(RuntimeError):
            services.delete_mission(actor=advisor, mission=mission)
    finally:
        pre_delete.disconnect(fail, sender=Mission)
    assert rows(mission.pk) == before and not AuditEvent.objects.filter(action="missions.delete").exists()


def test_an_undo_that_fails_midway_puts_back_nothing_and_can_be_tried_again(advisor, mission, monkeypatch):
    """The audit event is written last, after every row is back: a failure there takes them all back."""
    pk, before = mission.pk, rows(mission.pk)
    event = services.delete_mission(actor=advisor, mission=mission)

    def fail(**kwargs):
        raise RuntimeError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(services, "record_change", fail)
        with pytest.raises(RuntimeError):
            services.restore_mission(actor=advisor, event=event)
    assert rows(pk) == ([], [], []) and not AuditEvent.objects.filter(action="missions.restore").exists()
    services.restore_mission(actor=advisor, event=event)
    assert rows(pk) == before


def test_an_empty_mission_is_removed_and_put_back_too(advisor, partners):
    empty = services.create_mission(actor=advisor, name="Kigali", country="RW", city="", starts_on=TODAY,
                                    ends_on=TODAY)
    event = services.delete_mission(actor=advisor, mission=empty)
    assert event.summary.endswith("with 0 companies and 0 meetings") and not Mission.objects.exists()
    assert services.restore_mission(actor=advisor, event=event).created_by == advisor
