"""Private notes: what a partner organisation's advisors write about a company for themselves."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sme2go.accounts import scoping
from sme2go.accounts.audit import record_change
from sme2go.registry.models import Company, CompanyNote, Partner
from sme2go.registry.services._common import LIMITS


def add_note(*, actor: Any, company: Company, text: str, partner: Partner | None = None) -> CompanyNote:
    """Write a private note for a partner organisation: an advisor for their own partner, the manager
    for any (default: the lead partner). Only that partner's advisors and the manager will read it."""
    note_partner = scoping.note_partner_for(actor, company, partner)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ["A note cannot be empty."]})
    if len(text) > LIMITS["note"]:
        raise ValidationError({"text": [f"too long: {len(text):,} characters, at most {LIMITS['note']:,}"]})
    with transaction.atomic():
        note = CompanyNote.objects.create(
            company=company, partner=note_partner, text=text,
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
        # The audit trail records that a note was written, not its private text.
        record_change(
            actor=actor, action="note.create", obj=note, summary=f"{company.legal_name}: note for {note_partner.short_name}",
            changes={"before": {}, "after": {"partner": note_partner.short_name, "length": len(text)}},
        )
    return note
