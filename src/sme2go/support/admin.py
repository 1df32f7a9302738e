from django.contrib import admin

from sme2go.admin_view_only import ViewOnlyAdmin, ViewOnlyTabularInline
from sme2go.support.models import Attendance, SupportAction, TrainingModule, TrainingSession


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):
    list_display = ("title", "hours")
    search_fields = ("title",)


class AttendanceInline(ViewOnlyTabularInline):
    model = Attendance
    raw_id_fields = ("company",)


# Sessions, attendance and support actions are changed on the product's pages and API (rules and
# audit trail); the admin shows them. The catalogue of modules stays editable here.
@admin.register(TrainingSession)
class TrainingSessionAdmin(ViewOnlyAdmin):
    list_display = ("module", "partner", "held_on", "place")
    list_filter = ("partner",)
    inlines = [AttendanceInline]


@admin.register(SupportAction)
class SupportActionAdmin(ViewOnlyAdmin):
    list_display = ("company", "kind", "given_on", "hours", "partner")
    list_filter = ("kind", "partner")
    raw_id_fields = ("company",)
