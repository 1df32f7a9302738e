"""`sme2go partners suggest`: rank the organisations most likely to complete partial consortia."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sme2go.collaboration.history import HistoryError, load_history
from sme2go.collaboration.queries import QueryError, answer_line, parse_queries
from sme2go.collaboration.suggest import METHODS, PartnerSuggester, Weights, shipped_weights


class Command(BaseCommand):
    help = (
        "Partner suggestions learned from collaboration history (CORDIS-format files). "
        "`suggest` reads one JSON query per line and writes one JSON line of suggestions per query, best first; "
        "`ties` recomputes the ties between registry companies (shared CORDIS projects, agreed consortia).\n\n"
        "Example: sme2go partners suggest --participations h2020_participations.csv.gz "
        "--programme-parts h2020_programme_parts.csv.gz --queries queries.jsonl --k 10"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        suggest = sub.add_parser(
            "suggest",
            help="suggest partners for each query of a JSON-lines file",
            description=(
                'Query line: {"id": "q1", "programme_part": "SC4", "members": ["999993953"], '
                '"candidate_countries": ["EE", "FI", "SE"], "candidate_types": ["PRC"]}. '
                'Output line: {"id": "q1", "suggestions": [{"pic": ..., "score": ..., "reasons": [...]}]}.'
            ),
        )
        suggest.add_argument("--participations", required=True, help="CORDIS participations CSV (.csv or .csv.gz)")
        suggest.add_argument("--programme-parts", help="CORDIS rcn,programme_part CSV (.csv or .csv.gz)")
        suggest.add_argument("--queries", required=True, help="JSON-lines queries ('-' reads standard input)")
        suggest.add_argument("--k", type=int, default=10, help="suggestions per query (default 10)")
        suggest.add_argument("--method", choices=METHODS, default="learned", help="ranking method (default learned)")
        suggest.add_argument("--weights", help="weights JSON for the learned method (default: the shipped weights)")
        suggest.add_argument("-o", "--output", help="write to this file (default standard output)")
        sub.add_parser(
            "ties",
            help="recompute the ties between registry companies",
            description="Rebuild CompanyTie from imported participations (companies with a PIC) and agreed consortia.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "ties":
            from sme2go.collaboration.services import recompute_ties

            self.stdout.write(f"{recompute_ties():,} company ties")
            return
        self.suggest(options)

    def suggest(self, options: dict[str, Any]) -> None:
        if options["k"] < 1:
            raise CommandError("--k must be at least 1")
        for flag in ("participations", "programme_parts"):
            if options.get(flag) and not Path(options[flag]).is_file():
                raise CommandError(f"--{flag.replace('_', '-')} {options[flag]}: no such file")
        try:
            if options["queries"] == "-":
                queries = parse_queries(sys.stdin, default_k=options["k"])
            else:
                path = Path(options["queries"])
                if not path.is_file():
                    raise CommandError(f"--queries {path}: no such file")
                with path.open(encoding="utf-8") as handle:
                    queries = parse_queries(handle, default_k=options["k"])
        except QueryError as exc:
            raise CommandError(f"--queries {options['queries']}: {exc}") from None
        weights = None
        if options["method"] == "learned":
            try:
                weights = (
                    Weights.from_json(Path(options["weights"]).read_text("utf-8"))
                    if options.get("weights")
                    else shipped_weights()
                )
            except (OSError, ValueError, KeyError) as exc:
                raise CommandError(f"--weights: {exc}") from None
        started = time.perf_counter()
        try:
            history = load_history(options["participations"], options.get("programme_parts"))
        except HistoryError as exc:
            raise CommandError(str(exc)) from None
        suggester = PartnerSuggester(history, weights)
        lines = [answer_line(q.id, suggester.suggest(q.query, options["method"])) for q in queries]
        out = "\n".join(lines) + ("\n" if lines else "")
        if options.get("output"):
            Path(options["output"]).write_text(out, encoding="utf-8")
        else:
            self.stdout.write(out, ending="")
        self.stderr.write(
            f"{len(queries):,} queries against {history.project_count:,} projects and "
            f"{history.org_count:,} organisations in {time.perf_counter() - started:.1f} s"
        )
