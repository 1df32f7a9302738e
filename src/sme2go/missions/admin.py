from django.contrib import admin

from sme2go.missions.models import Lead, LeadEvent, Meeting, Mission, MissionParticipant


class ParticipantInline(admin.TabularInline):
    model = MissionParticipant
    raw_id_fields = ("company",)


class MeetingInline(admin.TabularInline):
    model = Meeting
    raw_id_fields = ("company",)


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "city", "starts_on", "partner")
    inlines = [ParticipantInline, MeetingInline]


class LeadEventInline(admin.TabularInline):
    model = LeadEvent
    readonly_fields = ("at",)


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("company", "buyer", "country", "stage", "value_eur", "won_on", "partner")
    list_filter = ("stage", "partner")
    raw_id_fields = ("company",)
    inlines = [LeadEventInline]
