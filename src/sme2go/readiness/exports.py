"""`sme2go export readiness-cohort`: the companies of the cohort page (/readiness/) with their latest
scores, as a table; the page's CSV / XLSX download is the same table."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Iterator, Sequence
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from sme2go.cli_exports import TableExport
from sme2go.cli_files import bad_input
from sme2go.readiness import cohort, services

DEFAULT_ORDER = "score"


class ExportReadinessCohort(TableExport):
    help = (
        "Export the readiness cohort (the companies assessed, as the /readiness/ page lists them: latest band, "
        "overall, organisational and product score, date, how many assessments, the first overall score and "
        "the change) to CSV or XLSX, of one partner's companies and one band if asked, the lowest score first "
        "unless --order says otherwise. For the programme's staff (--user) or the operator.\n\n"
        "Example: sme2go export readiness-cohort --partner Tehnopol --band 'Nearly ready' -o cohort.csv"
    )
    title = "readiness"
    headers = ("company_id", "company", "band", "overall", "organisational", "product", "assessed_on",
               "assessments", "first_overall", "change")
    year_help = None  # a cohort is every company's latest assessment, whenever it was

    def __init__(self, *, band: str = "", order: str = DEFAULT_ORDER) -> None:
        self.band = band
        self.order = order

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--band", metavar="BAND",
                            help=f"only the companies whose latest assessment is in BAND ({', '.join(cohort.BAND_NAMES)})")
        parser.add_argument("--order", metavar="ORDER", default=DEFAULT_ORDER,
                            help="; ".join(f"{key}: {text}" for key, text in cohort.SORTS.items())
                            + f" (default {DEFAULT_ORDER}; write --order=-score for a leading minus)")

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        chosen = ExportReadinessCohort(band=band_option(options.get("band")), order=order_option(options.get("order")))
        TableExport.run(chosen, command, options)

    def rows(self, *, actor: Any, partner_id: int | None, year: int | None) -> Iterator[Sequence[object]]:
        tracks, _ = services.cohort_tracks(actor=actor, partner_id=partner_id)
        for t in cohort.sort_tracks(cohort.in_band(tracks, self.band), self.order):
            yield (t.company_id, t.name, t.latest.band, t.latest.overall, t.latest.organisational, t.latest.product,
                   timezone.localtime(t.latest.assessed_at).date(), t.assessments, t.first.overall,
                   "" if t.change is None else t.change)


def band_option(value: str | None) -> str:
    """The band named by --band, in any case ("" when not given); an unknown one is bad input."""
    if not value:
        return ""
    for band in cohort.BAND_NAMES:
        if band.casefold() == value.strip().casefold():
            return band
    raise bad_input(f"--band {value!r}: unknown band (bands: {', '.join(cohort.BAND_NAMES)})")


def order_option(value: str | None) -> str:
    if not value:
        return DEFAULT_ORDER
    if value not in cohort.SORTS:
        raise bad_input(f"--order {value!r}: unknown order (orders: {', '.join(cohort.SORTS)})")
    return value
