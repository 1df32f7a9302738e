"""`sme2go export leads`: the lead pipeline a user may see, as a table."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils import timezone

from sme2go.cli_exports import TableExport
from sme2go.missions.queries import find_leads
from sme2go.missions.services import first_sales


class ExportLeads(TableExport):
    help = (
        "Export the export leads (company, buyer, country, value, stage, sale date, next follow-up, partner, "
        "mission, whether it is the company's first export sale) to CSV or XLSX, the latest changed first, "
        "of one partner or added in one year if asked.\n\n"
        "Example: sme2go export leads --partner Tehnopol --year 2026 -o leads.csv"
    )
    title = "leads"
    headers = ("id", "company_id", "company", "buyer", "country", "value_eur", "stage", "won_on", "follow_up_on",
               "partner", "mission", "first_sale", "created_at", "description")
    year_help = "only leads added in YYYY"

    def rows(self, *, actor: Any, partner_id: int | None, year: int | None) -> Iterator[Sequence[object]]:
        leads = list(find_leads(actor=actor, today=timezone.localdate(), partner_id=partner_id, added_in=year))
        firsts = {lead.pk for lead in first_sales(sorted({lead.company_id for lead in leads})).values()}
        for lead in leads:
            yield (lead.pk, lead.company_id, lead.company.legal_name, lead.buyer, lead.country, lead.value_eur,
                   lead.stage, lead.won_on, lead.follow_up_on, lead.partner.short_name,
                   lead.mission.name if lead.mission else "", "yes" if lead.pk in firsts else "",
                   timezone.localtime(lead.created_at).isoformat(timespec="seconds"), lead.description)
