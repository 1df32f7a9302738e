"""Export missions, leads and sales.

A mission takes companies to a foreign market; each meeting there may become a lead; a lead
moves through a pipeline of stages until it is won (a sale, with its value and date) or lost,
and its outcome is followed up months later. A company's first export sale is its earliest
won lead.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from sme2go.registry.models import Company, Partner


class Mission(models.Model):
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 of the destination")
    city = models.CharField(max_length=120, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="missions", help_text="who organises it")
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.city + ', ' if self.city else ''}{self.country}, {self.starts_on:%Y-%m-%d})"


class MissionParticipant(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="participants")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="missions_joined")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mission", "company"], name="one_seat_per_company")]


class Meeting(models.Model):
    """A meeting a participant had on a mission, with a buyer or partner organisation."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="meetings")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="mission_meetings")
    counterpart = models.CharField(max_length=200, help_text="the organisation met (a city, utility, integrator, ...)")
    held_on = models.DateField()
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["held_on", "pk"]


class Stage(models.TextChoices):
    IDENTIFIED = "identified", "Identified"
    CONTACTED = "contacted", "Contacted"
    PROPOSAL = "proposal", "Proposal sent"
    NEGOTIATION = "negotiation", "Negotiation"
    WON = "won", "Won (sale)"
    LOST = "lost", "Lost"


OPEN_STAGES = (Stage.IDENTIFIED, Stage.CONTACTED, Stage.PROPOSAL, Stage.NEGOTIATION)


class Lead(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="leads")
    mission = models.ForeignKey(Mission, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="leads", help_text="who follows it")
    buyer = models.CharField(max_length=200, help_text="the buying organisation")
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 of the buyer")
    description = models.TextField(blank=True)
    value_eur = models.DecimalField("value (EUR)", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.IDENTIFIED, db_index=True)
    won_on = models.DateField(null=True, blank=True, help_text="the date of the sale, when won")
    follow_up_on = models.DateField(null=True, blank=True, help_text="when to check on it next")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.company} → {self.buyer} ({self.get_stage_display()})"

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class LeadEvent(models.Model):
    """One line of a lead's history: a stage change or a follow-up note."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(max_length=16, blank=True)
    to_stage = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
