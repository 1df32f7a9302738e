from django.contrib import admin

from sme2go.readiness.models import ReadinessAssessment


@admin.register(ReadinessAssessment)
class ReadinessAssessmentAdmin(admin.ModelAdmin):
    list_display = ("company", "assessed_at", "overall", "band", "assessed_by")
    list_filter = ("band",)
    search_fields = ("company__legal_name",)
    readonly_fields = ("assessed_at",)
