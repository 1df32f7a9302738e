"""`sme2go export support-actions`: every support action a user may see, as a table."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sme2go.accounts import scoping
from sme2go.cli_exports import TableExport
from sme2go.support.queries import find_support_actions


class ExportSupportActions(TableExport):
    help = (
        "Export the support actions (date, company, partner, kind, hours; the staff's note and advisor for "
        "staff and the operator) to CSV or XLSX, newest first, of one partner or one year if asked.\n\n"
        "Example: sme2go export support-actions --partner Tehnopol --year 2026 -o support.csv"
    )
    title = "support actions"
    headers = ("id", "given_on", "company_id", "company", "partner", "kind", "hours", "note", "advisor")
    year_help = "only support given in YYYY"

    def rows(self, *, actor: Any, partner_id: int | None, year: int | None) -> Iterator[Sequence[object]]:
        staff = actor is None or scoping.can_see_support(actor)
        for action in find_support_actions(actor=actor, partner_id=partner_id, year=year):
            yield (action.pk, action.given_on, action.company_id, action.company.legal_name,
                   action.partner.short_name, action.kind, action.hours, action.note if staff else "",
                   (action.advisor.get_username() if action.advisor else "") if staff else "")
