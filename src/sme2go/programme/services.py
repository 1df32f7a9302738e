"""Setting the programme's targets: all-or-nothing, audited, errors naming the KPI and scope."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from sme2go.accounts import scoping
from sme2go.accounts.audit import record_change
from sme2go.programme.kpis import KPIS
from sme2go.programme.models import KpiTarget
from sme2go.registry.models import Partner

MAX_TARGET = Decimal("1e9")


class TargetErrors(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def field_name(kpi: str, partner: Partner | None) -> str:
    return f"t-{kpi}-{partner.pk if partner else 'programme'}"


def set_targets(*, actor: Any, values: Mapping[str, str]) -> int:
    """Targets from a form's values (`field_name` keys; blank = no target). Returns how many changed."""
    if not scoping.can_set_targets(actor):
        raise PermissionDenied("only the programme manager sets the programme's targets")
    partners: list[Partner | None] = [None, *Partner.objects.all()]
    wanted: dict[tuple[str, int | None], Decimal | None] = {}
    problems = []
    for kpi in KPIS:
        for partner in partners:
            raw = (values.get(field_name(kpi.key, partner)) or "").strip().replace(",", ".")
            scope = partner.short_name if partner else "programme"
            if not raw:
                wanted[(kpi.key, partner.pk if partner else None)] = None
                continue
            try:
                value = Decimal(raw)
            except InvalidOperation:
                problems.append(f"{kpi.label}, {scope}: {raw!r} is not a number")
                continue
            if not value.is_finite() or not 0 <= value <= MAX_TARGET:
                problems.append(f"{kpi.label}, {scope}: must be between 0 and {MAX_TARGET:,.0f}, got {raw}")
                continue
            wanted[(kpi.key, partner.pk if partner else None)] = value.quantize(Decimal("0.1"))
    if problems:
        raise TargetErrors(problems)
    current = {(t.kpi, t.partner_id): t for t in KpiTarget.objects.all()}
    changed = {}
    with transaction.atomic():
        for (kpi_key, partner_id), target_value in wanted.items():
            existing = current.get((kpi_key, partner_id))
            if target_value is None and existing is not None:
                existing.delete()
                changed[f"{kpi_key}/{partner_id or 'programme'}"] = [str(existing.target), None]
            elif target_value is not None and existing is None:
                KpiTarget.objects.create(kpi=kpi_key, partner_id=partner_id, target=target_value)
                changed[f"{kpi_key}/{partner_id or 'programme'}"] = [None, str(target_value)]
            elif target_value is not None and existing is not None and existing.target != target_value:
                changed[f"{kpi_key}/{partner_id or 'programme'}"] = [str(existing.target), str(target_value)]
                existing.target = target_value
                existing.save(update_fields=["target"])
        if changed:
            # The audit trail needs a row to hang on: a target, else the lead partner.
            anchor = KpiTarget.objects.first() or Partner.objects.order_by("-is_lead", "pk").first()
            if anchor is not None:
                record_change(actor=actor, action="programme.targets", obj=anchor,
                              summary=f"changed {len(changed)} target(s)", changes=changed)
    return len(changed)
