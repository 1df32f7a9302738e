"""Who a user is in the programme, API tokens and the audit trail."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


class Role:
    """Programme roles (plain strings, so the type checker sees `str`)."""

    MANAGER = "manager"
    ADVISOR = "advisor"
    COMPANY = "company"
    choices = [(MANAGER, "Programme manager"), (ADVISOR, "Advisor"), (COMPANY, "Company representative")]


class Membership(models.Model):
    """A user's role: an advisor belongs to one partner, a company user to one company."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    role = models.CharField(max_length=10, choices=Role.choices)
    partner = models.ForeignKey("registry.Partner", null=True, blank=True, on_delete=models.PROTECT)
    company = models.ForeignKey("registry.Company", null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role="manager")
                    | models.Q(role="advisor", partner__isnull=False)
                    | models.Q(role="company", company__isnull=False)
                ),
                name="membership_scope_matches_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A token for scripts. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str) -> tuple[ApiToken, str]:  # type: ignore[no-untyped-def]
        token = "s2g_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=cls.digest_of(token)), token


class AuditEvent(models.Model):
    """One change to stored data: who, what, when, and the fields before and after."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
