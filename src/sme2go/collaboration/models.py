"""Collaboration history (CORDIS participations) and the ties between registry companies it implies."""

from __future__ import annotations

from django.db import models

from sme2go.registry.models import Company


class Organisation(models.Model):
    """An organisation of the collaboration history, identified by its EU participant code (PIC)."""

    pic = models.CharField("PIC", max_length=20, unique=True, help_text="kept exactly as in the source file")
    country = models.CharField(max_length=2, blank=True, db_index=True)
    type = models.CharField(max_length=3, blank=True, help_text="PRC, HES, REC, PUB or OTH")
    name = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pic"]

    def __str__(self) -> str:
        return self.name or self.pic


class Participation(models.Model):
    """One organisation in one project of the history."""

    project_rcn = models.CharField("project (CORDIS rcn)", max_length=20, db_index=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(max_length=20, blank=True)
    programme_parts = models.JSONField(default=list, blank=True)
    start_year = models.PositiveSmallIntegerField(db_index=True)

    class Meta:
        ordering = ["project_rcn", "organisation"]
        constraints = [
            models.UniqueConstraint(fields=["project_rcn", "organisation"], name="one_participation_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.project_rcn}"


class CompanyPic(models.Model):
    """Says that a registry company is the history's organisation with this PIC (a company may have several)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="pics")
    pic = models.CharField("PIC", max_length=20, unique=True)

    class Meta:
        ordering = ["pic"]
        verbose_name = "company PIC"
        verbose_name_plural = "company PICs"

    def __str__(self) -> str:
        return f"{self.company} = PIC {self.pic}"


class CompanyTie(models.Model):
    """Two registry companies that have worked together (company_a.id < company_b.id).

    strength = shared CORDIS projects + consortia formed together in sme2go;
    source is "cordis" when any CORDIS project is shared, else "consortium".
    Rebuilt by `services.recompute_ties()`.
    """

    class Source(models.TextChoices):
        CORDIS = "cordis", "CORDIS projects"
        CONSORTIUM = "consortium", "Consortia formed in sme2go"

    company_a = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    company_b = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    strength = models.FloatField()
    source = models.CharField(max_length=10, choices=Source.choices)
    shared_projects = models.PositiveIntegerField(default=0)
    shared_consortia = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["company_a", "company_b"]
        constraints = [
            models.UniqueConstraint(fields=["company_a", "company_b"], name="one_tie_per_pair"),
            models.CheckConstraint(condition=models.Q(company_a__lt=models.F("company_b")), name="tie_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.company_a} - {self.company_b} ({self.strength:g})"
