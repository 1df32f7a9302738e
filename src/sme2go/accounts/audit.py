"""Recording changes in the audit trail."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from sme2go.accounts.models import AuditEvent


def record_change(*, actor: Any, action: str, obj: Model, summary: str = "", changes: dict | None = None) -> AuditEvent:
    """Write one audit event for `obj`; `actor` may be None for system changes (CLI, import)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        summary=summary[:300],
        changes=changes or {},
    )


def record_update(*, actor: Any, action: str, obj: Model, before: dict, after: dict) -> dict:
    """Record the fields that differ between two snapshots of `obj` (nothing when none do).

    Returns the changed fields with their new values.
    """
    changed = {key: value for key, value in after.items() if before.get(key) != value}
    if changed:
        record_change(
            actor=actor, action=action, obj=obj, summary=f"changed {', '.join(changed)}",
            changes={"before": {key: before.get(key) for key in changed}, "after": changed},
        )
    return changed
