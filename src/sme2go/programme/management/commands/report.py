"""`sme2go report`: the programme's report from the command line (for a monthly job or a funder's request)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sme2go.cli_files import bad_input, output_file
from sme2go.programme.exports import as_json, csv_text
from sme2go.programme.kpis import programme_report
from sme2go.programme.report_pdf import render_pdf


class Command(BaseCommand):
    help = (
        "Write the programme's report: every KPI against its targets, per partner and per year, with the "
        "budgets, as PDF (with charts), CSV or JSON (docs/programme.md).\n\n"
        "Example: sme2go report --format pdf -o report.pdf"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("pdf", "csv", "json"), default="csv",
                            help="pdf (needs -o), csv or json (default csv)")
        parser.add_argument("-o", "--output", help="file to write (default: standard output, not for pdf)")

    def handle(self, *args: Any, **options: Any) -> None:
        kind, target = options["format"], options["output"]
        if kind == "pdf" and not target:
            raise bad_input("--format pdf: a PDF is a file; give -o FILE, e.g. -o report.pdf")
        path = output_file(target, "-o") if target else None
        report = programme_report(timezone.localdate())
        if kind == "pdf":
            data = render_pdf(report)
        else:
            text = csv_text(report) if kind == "csv" else json.dumps(as_json(report), indent=2, ensure_ascii=False) + "\n"
            if path is None:
                self.stdout.write(text, ending="")
                return
            data = text.encode("utf-8")
        assert path is not None
        path.write_bytes(data)
        self.stderr.write(f"wrote {path} ({len(data):,} bytes, {len(report.results)} KPIs)")
