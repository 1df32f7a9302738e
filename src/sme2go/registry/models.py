"""The registry: partner organisations, companies, their solutions and contacts."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.db.models.lookups import IsNull

from sme2go.registry.names import normalise_legal_name, search_text_of


class Partner(models.Model):
    """A partner organisation of the programme (a science park, incubator or cluster)."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, unique=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    website = models.URLField(blank=True)
    budget_eur = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    erdf_eur = models.DecimalField("ERDF funding (EUR)", max_digits=12, decimal_places=2, default=0)
    is_lead = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# What the company search looks in; stored folded (case and accents ignored) in `search_text`.
SEARCHED_FIELDS = ("legal_name", "city", "registry_code", "vat", "website", "description")


class Company(models.Model):
    class SizeBand(models.TextChoices):
        MICRO = "micro", "Micro (<10)"
        SMALL = "small", "Small (10-49)"
        MEDIUM = "medium", "Medium (50-249)"
        LARGE = "large", "Large (250+)"

    class Status(models.TextChoices):
        PROSPECT = "prospect", "Prospect"
        ACTIVE = "active", "Active in programme"
        ALUMNI = "alumni", "Alumni"
        INACTIVE = "inactive", "Inactive"

    legal_name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2", db_index=True)
    city = models.CharField(max_length=120, blank=True)
    registry_code = models.CharField(max_length=40, blank=True, db_index=True)
    vat = models.CharField("VAT number", max_length=40, blank=True)
    website = models.CharField(max_length=200, blank=True)
    size_band = models.CharField(max_length=10, choices=SizeBand.choices, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    nace_codes = models.JSONField(default=list, blank=True, help_text="NACE Rev.2 codes")
    description = models.TextField(blank=True)
    partners = models.ManyToManyField(Partner, related_name="companies", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROSPECT, db_index=True)
    is_generated = models.BooleanField(
        default=False, help_text="Synthetic record from the seeded demo generator, not a real company"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    # The company's identifier in files: every export writes it (`sme2go_id`), and an imported row
    # carrying it updates this company even when its name or registry code changed in the file;
    # an import into another registry keeps it, so the two stay one company across exports.
    sme2go_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The rendered "Register a company" form it came from: sending that form again (Back, then
    # Register) opens this company instead of registering a second one.
    registration_token = models.CharField(max_length=32, unique=True, null=True, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name_plural = "companies"
        indexes = [
            models.Index(fields=["legal_name"]),
            # The company list pages live companies by name; this lets PostgreSQL walk the
            # index instead of sorting every row (a deep page at 50,000 companies).
            models.Index(fields=["legal_name", "id"], name="company_live_by_name",
                         condition=models.Q(merged_into__isnull=True)),
            # ... and by the list's other orders (search.sort_order), each then by name.
            models.Index(fields=["country", "legal_name", "id"], name="company_live_by_country",
                         condition=models.Q(merged_into__isnull=True)),
            # Unknown years last, in both directions (SQLite has no NULLS LAST in an index).
            models.Index(IsNull(F("founded_year"), True), F("founded_year"), F("legal_name"), F("id"),
                         name="company_live_oldest", condition=models.Q(merged_into__isnull=True)),
            models.Index(IsNull(F("founded_year"), True), F("founded_year").desc(), F("legal_name"), F("id"),
                         name="company_live_newest", condition=models.Q(merged_into__isnull=True)),
            models.Index(fields=["-updated_at", "legal_name", "id"], name="company_live_by_update",
                         condition=models.Q(merged_into__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def refresh_derived_fields(self) -> None:
        """Recompute the normalised name and the search text from the stored fields."""
        self.name_key = normalise_legal_name(self.legal_name)
        self.search_text = search_text_of(*(getattr(self, name) for name in SEARCHED_FIELDS))

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.refresh_derived_fields()
        super().save(*args, **kwargs)


class CompanyNote(models.Model):
    """An advisor's private note: visible only to the writing partner and the programme manager."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="notes")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class Solution(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="solutions")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    trl = models.PositiveSmallIntegerField(
        "TRL", default=7, validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text="Technology readiness level, 1-9",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SolutionCapability(models.Model):
    """How well a solution delivers one taxonomy capability (level 0-1)."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="capabilities")
    capability_id = models.CharField(max_length=80, db_index=True)
    level = models.FloatField(validators=[MinValueValidator(0.0), MaxValueValidator(1.0)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["solution", "capability_id"], name="one_level_per_capability"),
        ]


class ReferenceDeployment(models.Model):
    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="references")
    city = models.CharField(max_length=120)
    country = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)


class Contact(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    consent_to_contact = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MergeRecord(models.Model):
    """One merge of a duplicate company into the one kept, with what moved, so it can be undone."""

    keep = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="merges_kept")
    duplicate = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="merges_absorbed")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    reasons = models.JSONField(default=list, blank=True, help_text="why the pair was proposed")
    snapshot = models.JSONField(default=dict, help_text="rows moved, rows left, fields filled and their values before")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.duplicate} merged into {self.keep}"
