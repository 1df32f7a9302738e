from django.contrib import admin

from sme2go.programme.models import KpiTarget


@admin.register(KpiTarget)
class KpiTargetAdmin(admin.ModelAdmin):
    list_display = ("kpi", "partner", "target")
    list_filter = ("kpi", "partner")
