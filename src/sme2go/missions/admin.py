from django.contrib import admin

from sme2go.admin_view_only import ViewOnlyAdmin, ViewOnlyTabularInline
from sme2go.missions.models import Lead, LeadEvent, Meeting, Mission, MissionParticipant


class ParticipantInline(ViewOnlyTabularInline):
    model = MissionParticipant
    raw_id_fields = ("company",)


class MeetingInline(ViewOnlyTabularInline):
    model = Meeting
    raw_id_fields = ("company",)


# Missions, meetings and leads are changed on the product's pages and API (rules and audit trail);
# the admin shows them.
@admin.register(Mission)
class MissionAdmin(ViewOnlyAdmin):
    list_display = ("name", "country", "city", "starts_on", "partner")
    inlines = [ParticipantInline, MeetingInline]


class LeadEventInline(ViewOnlyTabularInline):
    model = LeadEvent
    readonly_fields = ("at",)


@admin.register(Lead)
class LeadAdmin(ViewOnlyAdmin):
    list_display = ("company", "buyer", "country", "stage", "value_eur", "won_on", "partner")
    list_filter = ("stage", "partner")
    raw_id_fields = ("company",)
    inlines = [LeadEventInline]
