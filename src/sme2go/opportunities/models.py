"""Opportunities: real projects (World Bank to start with) with sectors, capability themes and places."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, OrderBy
from django.db.models.lookups import IsNull

from sme2go.markets.models import Country
from sme2go.opportunities.search import search_text_of

# The fields a search reads, folded into `search_text` on every save.
SEARCHED_FIELDS = ("title", "objective", "implementing_agency", "country_name")


def _list_order(column: str, *, descending: bool) -> tuple[Any, ...]:
    """An index for one sort of the list (services.SORTS): empty values last, written
    `column IS NULL` first because SQLite cannot index NULLS LAST; ties by external id, so a
    page of ids is read from the index alone."""
    return IsNull(F(column), True), OrderBy(F(column), descending=descending), F("external_id")


class Opportunity(models.Model):
    """A project or tender a consortium could bid for."""

    class Status(models.TextChoices):
        PIPELINE = "Pipeline", "Pipeline"
        ACTIVE = "Active", "Active"
        CLOSED = "Closed", "Closed"
        DROPPED = "Dropped", "Dropped"

    source = models.CharField(max_length=20, default="worldbank")
    external_id = models.CharField(max_length=40)
    title = models.CharField(max_length=500)
    objective = models.TextField(blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.SET_NULL, null=True, blank=True, related_name="opportunities"
    )
    iso3 = models.CharField(max_length=3, blank=True, db_index=True)
    country_name = models.CharField(max_length=120, blank=True)
    region = models.CharField(max_length=120, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    implementing_agency = models.CharField(max_length=500, blank=True)
    amount_usd = models.BigIntegerField(
        null=True, blank=True, help_text="Total commitment in US dollars", db_index=True
    )
    project_cost_usd = models.BigIntegerField(null=True, blank=True)
    approval_date = models.DateField(null=True, blank=True, db_index=True)
    closing_date = models.DateField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-approval_date", "external_id"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="one_opportunity_per_source_id")
        ]
        indexes = [
            models.Index(*_list_order("approval_date", descending=True), name="opportunity_newest"),
            models.Index(*_list_order("approval_date", descending=False), name="opportunity_oldest"),
            models.Index(*_list_order("amount_usd", descending=True), name="opportunity_largest"),
            models.Index(*_list_order("amount_usd", descending=False), name="opportunity_smallest"),
        ]

    def __str__(self) -> str:
        return f"{self.external_id} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, with `search_text` folded from the searched fields (the search index follows it)."""
        self.search_text = search_text_of(*(getattr(self, name) for name in SEARCHED_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class OpportunitySector(models.Model):
    """A sector of the opportunity with the share of its money (World Bank sector percentages)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="sectors")
    sector = models.CharField(max_length=200)
    major_sector = models.CharField(max_length=200, blank=True)
    percent = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-percent", "sector"]


class OpportunityTheme(models.Model):
    """A capability theme the opportunity needs, with its share (shares of one opportunity sum to 1)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="themes")
    theme_id = models.CharField(max_length=40, db_index=True)
    share = models.FloatField()
    method = models.CharField(
        max_length=10, default="sector", help_text="'sector' (cross-walk) or 'keyword' (title/objective)"
    )

    class Meta:
        ordering = ["-share", "theme_id"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "theme_id"], name="one_share_per_opportunity_theme")
        ]


class OpportunityLocation(models.Model):
    """A place where the project works."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="locations")
    place = models.CharField(max_length=200)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    admin1 = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["place"]
