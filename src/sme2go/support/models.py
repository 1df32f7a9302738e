"""Training and support: the modules and sessions partners run, who attended, and every support
action an advisor gives. "Unique companies supported" is counted from here (kpis.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from sme2go.registry.models import Company, Partner


class TrainingModule(models.Model):
    """A course in the programme's catalogue (e.g. "Public procurement abroad")."""

    title = models.CharField(max_length=200, unique=True)
    hours = models.DecimalField(max_digits=5, decimal_places=1, default=0,
                                validators=[MinValueValidator(0), MaxValueValidator(200)])
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    """One run of a module, organised by a partner."""

    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="sessions")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="training_sessions")
    held_on = models.DateField()
    place = models.CharField(max_length=200, help_text='a city, or "online"')
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.module} ({self.held_on:%Y-%m-%d}, {self.place})"


class Attendance(models.Model):
    """A company at a session, with how many of its people came."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="attendances")
    people = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(50)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "company"], name="one_attendance_per_company")]


class SupportKind(models.TextChoices):
    ADVICE = "advice", "Advice"
    COACHING = "coaching", "Coaching"
    MARKET_STUDY = "market_study", "Market study"
    MATCHMAKING = "matchmaking", "Matchmaking"
    TENDER = "tender", "Help with a tender or offer"
    MISSION = "mission", "Mission preparation"
    OTHER = "other", "Other"


class SupportAction(models.Model):
    """One piece of support an advisor gave a company."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="support_actions")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="support_actions")
    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    given_on = models.DateField()
    kind = models.CharField(max_length=20, choices=SupportKind.choices)
    hours = models.DecimalField(max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(0), MaxValueValidator(200)])
    note = models.TextField(blank=True, help_text="for the programme's staff; the company does not see it")

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.company} ({self.given_on:%Y-%m-%d})"
