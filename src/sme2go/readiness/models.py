"""Export-readiness assessments: one row per questionnaire filled in, kept as the company's history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sme2go.registry.models import Company


class ReadinessAssessment(models.Model):
    """A scored questionnaire (questionnaire.py). Never edited: a new assessment is a new row."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="readiness_assessments")
    assessed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answers = models.JSONField(help_text="question key -> answer 0-4")
    organisational = models.FloatField(help_text="organisational readiness, 0-100")
    product = models.FloatField(help_text="product readiness, 0-100")
    overall = models.FloatField(help_text="mean of the two, 0-100")
    band = models.CharField(max_length=40)

    class Meta:
        ordering = ["-assessed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.company} {self.assessed_at:%Y-%m-%d}: {self.overall:.0f} ({self.band})"
