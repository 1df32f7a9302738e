"""Django admin for staff: the registry's tables as they are stored."""

from __future__ import annotations

from django.contrib import admin

from sme2go.registry.models import (
    Company,
    CompanyNote,
    Contact,
    Partner,
    ReferenceDeployment,
    Solution,
    SolutionCapability,
)


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "country", "budget_eur", "erdf_eur", "is_lead")


class SolutionInline(admin.TabularInline):
    model = Solution
    extra = 0
    fields = ("name", "trl")
    show_change_link = True


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "country", "city", "status", "is_generated", "merged_into")
    list_filter = ("status", "country", "is_generated", "partners")
    search_fields = ("legal_name", "registry_code", "vat", "city")
    filter_horizontal = ("partners",)
    raw_id_fields = ("merged_into",)
    readonly_fields = ("name_key", "search_text", "created_at", "updated_at")
    list_select_related = ("merged_into",)
    inlines = [SolutionInline, ContactInline]
    show_full_result_count = False  # counting 50,000 rows on every page is wasted work


class SolutionCapabilityInline(admin.TabularInline):
    model = SolutionCapability
    extra = 0


class ReferenceDeploymentInline(admin.TabularInline):
    model = ReferenceDeployment
    extra = 0


@admin.register(Solution)
class SolutionAdmin(admin.ModelAdmin):
    list_display = ("name", "company", "trl")
    search_fields = ("name", "company__legal_name")
    raw_id_fields = ("company",)
    list_select_related = ("company",)
    inlines = [SolutionCapabilityInline, ReferenceDeploymentInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "email", "consent_to_contact", "company")
    search_fields = ("name", "email", "company__legal_name")
    raw_id_fields = ("company",)
    list_select_related = ("company",)


@admin.register(CompanyNote)
class CompanyNoteAdmin(admin.ModelAdmin):
    list_display = ("company", "partner", "author", "created_at")
    list_filter = ("partner",)
    raw_id_fields = ("company",)
    list_select_related = ("company", "partner", "author")
