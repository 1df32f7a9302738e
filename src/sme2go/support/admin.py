from django.contrib import admin

from sme2go.support.models import Attendance, SupportAction, TrainingModule, TrainingSession


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):
    list_display = ("title", "hours")
    search_fields = ("title",)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    raw_id_fields = ("company",)


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ("module", "partner", "held_on", "place")
    list_filter = ("partner",)
    inlines = [AttendanceInline]


@admin.register(SupportAction)
class SupportActionAdmin(admin.ModelAdmin):
    list_display = ("company", "kind", "given_on", "hours", "partner")
    list_filter = ("kind", "partner")
    raw_id_fields = ("company",)
