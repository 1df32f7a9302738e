"""Consortia formed in the product: the team, what each member covers, and the history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sme2go.opportunities.models import Opportunity
from sme2go.registry.models import Company, Partner


class Consortium(models.Model):
    """A team of companies that makes a joint offer for an opportunity or a hand-written need."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        OFFER_SUBMITTED = "offer_submitted", "Offer submitted"
        WON = "won", "Won"
        LOST = "lost", "Lost"

    # proposed → agreed → offer submitted → won / lost; a team can fall apart (lost) at any open step.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        "proposed": ("agreed", "lost"),
        "agreed": ("offer_submitted", "lost"),
        "offer_submitted": ("won", "lost"),
        "won": (),
        "lost": (),
    }

    name = models.CharField(max_length=200)
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.SET_NULL, null=True, blank=True, related_name="consortia"
    )
    required_capabilities = models.JSONField(
        default=list, help_text='[{"capability": "water.leak-detection", "weight": 3.0}, ...]'
    )
    rules = models.JSONField(default=dict, blank=True, help_text="the formation rules used")
    weights = models.JSONField(default=dict, blank=True, help_text="the objective weights used")
    score = models.FloatField(null=True, blank=True, help_text="score of the team when it was proposed")
    lead_company = models.ForeignKey(
        Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="led_consortia"
    )
    target_city = models.CharField(max_length=120, blank=True)
    target_country = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="consortia",
        help_text="the programme partner that formed it",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    proposal_token = models.CharField(
        max_length=32, unique=True, null=True, blank=True, editable=False,
        help_text="the token of the rendered proposal it was saved from: saving that proposal again "
        "(Back, then Save) opens this consortium instead of making a duplicate",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "consortia"

    def __str__(self) -> str:
        return self.name

    def allowed_next(self) -> tuple[str, ...]:
        return self.TRANSITIONS.get(self.status, ())

    def asks_before_team_change(self) -> bool:
        """A team its members have agreed on, or made their offer with, changes only after a question
        (the pages ask without JavaScript: the same POST again with confirmed=yes); a proposed team
        changes in one click."""
        return self.status in (self.Status.AGREED, self.Status.OFFER_SUBMITTED)

    @classmethod
    def status_label(cls, status: str) -> str:
        """"offer_submitted" -> "Offer submitted" (an unknown value stays as it is)."""
        return dict(cls.Status.choices).get(status, status)


class ConsortiumMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        PARTNER = "partner", "Partner"

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="members")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="consortium_memberships")
    capabilities = models.JSONField(default=list, blank=True, help_text="required capabilities it covers")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        ordering = ["consortium", "-role", "company__legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["consortium", "company"], name="one_membership_per_consortium")
        ]

    def __str__(self) -> str:
        return f"{self.company} in {self.consortium}"


class ConsortiumEvent(models.Model):
    """One line of a consortium's history: created, status changed, member added or removed."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        STATUS = "status", "Status changed"
        MEMBER_ADDED = "member_added", "Member added"
        MEMBER_REMOVED = "member_removed", "Member removed"

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    detail = models.TextField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.consortium}: {self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def from_status_label(self) -> str:
        return Consortium.status_label(self.from_status) if self.from_status else ""

    @property
    def to_status_label(self) -> str:
        return Consortium.status_label(self.to_status) if self.to_status else ""
