"""Targets the programme agreed with its funder, programme-wide or per partner."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

from sme2go.registry.models import Partner


class KpiTarget(models.Model):
    """The target of one KPI (kpis.KPIS) for the whole programme (partner empty) or one partner."""

    kpi = models.CharField(max_length=40)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="kpi_targets")
    target = models.DecimalField(max_digits=12, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kpi", "partner"], name="one_target_per_kpi_and_partner"),
            models.UniqueConstraint(fields=["kpi"], condition=models.Q(partner__isnull=True),
                                    name="one_programme_target_per_kpi"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.partner.short_name if self.partner else 'programme'}: {self.target}"
