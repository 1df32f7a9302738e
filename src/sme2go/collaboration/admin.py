"""Admin for the collaboration history; CompanyPic is where staff say which PIC a company has."""

from __future__ import annotations

from django.contrib import admin

from sme2go.collaboration.models import CompanyPic, CompanyTie, Organisation, Participation


@admin.register(CompanyPic)
class CompanyPicAdmin(admin.ModelAdmin):
    list_display = ("pic", "company")
    search_fields = ("pic", "company__legal_name")
    autocomplete_fields = ("company",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("pic", "name", "country", "type")
    list_filter = ("type", "country")
    search_fields = ("pic", "name")


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("project_rcn", "organisation", "role", "start_year")
    list_filter = ("start_year", "role")
    search_fields = ("project_rcn", "organisation__pic")
    raw_id_fields = ("organisation",)


@admin.register(CompanyTie)
class CompanyTieAdmin(admin.ModelAdmin):
    list_display = ("company_a", "company_b", "strength", "source", "shared_projects", "shared_consortia")
    list_filter = ("source",)
    raw_id_fields = ("company_a", "company_b")
