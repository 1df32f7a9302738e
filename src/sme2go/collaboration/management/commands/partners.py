"""`sme2go partners suggest|ties`: rank the organisations most likely to complete partial consortia;
recompute the ties between registry companies.

Bad input (a missing or unreadable file, a malformed query or weights file, an output
that cannot be written) is a one-line error naming the option, exit code 2.
"""

from __future__ import annotations

import sys
import time
from argparse import RawDescriptionHelpFormatter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)

from sme2go.cli_files import bad_input, input_file, output_file
from sme2go.collaboration.history import HistoryError, load_history
from sme2go.collaboration.model import PartnerModel, shipped_model
from sme2go.collaboration.queries import (
    NamedQuery,
    QueryError,
    answer_line,
    check_against_history,
    parse_queries,
)
from sme2go.collaboration.suggest import METHODS, PartnerSuggester

CORDIS_FILES = "--participations h2020_participations.csv.gz --programme-parts h2020_programme_parts.csv.gz"
SUGGEST_EXAMPLE = (
    "Example (the CORDIS files of Horizon 2020 projects, as published on data.europa.eu):\n"
    "  sme2go partners suggest " + CORDIS_FILES + " --queries queries.jsonl --k 10 -o suggestions.jsonl\n"
    "  echo '{\"id\": \"q1\", \"programme_part\": \"SC4\", \"members\": [\"999993953\"], "
    "\"candidate_countries\": [\"EE\", \"FI\"]}' | sme2go partners suggest " + CORDIS_FILES + " --queries -"
)
TIES_EXAMPLE = "Example:\n  sme2go partners ties"


class _HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Keeps the examples' line breaks in --help."""


class Command(BaseCommand):
    help = (
        "Partner suggestions learned from collaboration history (CORDIS-format files).\n"
        "`suggest` reads one JSON query per line and writes one JSON line of suggestions per query, best first;\n"
        "`ties` recomputes the ties between registry companies (shared CORDIS projects, agreed consortia).\n\n"
        "Example: sme2go partners ties\n"
        "Example: sme2go partners suggest " + CORDIS_FILES + " --queries queries.jsonl --k 10"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, subcommand, formatter_class=_HelpFormatter, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        suggest = sub.add_parser(
            "suggest",
            help="suggest partners for each query of a JSON-lines file",
            description=(
                'Query line: {"id": "q1", "programme_part": "SC4", "members": ["999993953"], '
                '"candidate_countries": ["EE", "FI", "SE"], "candidate_types": ["PRC"]}\n'
                'Output line: {"id": "q1", "suggestions": [{"pic": ..., "score": ..., "reasons": [...]}]}\n'
                "Bad input exits with code 2; member pics unknown to the history are warned about on stderr."
            ),
            epilog=SUGGEST_EXAMPLE,
            formatter_class=RawDescriptionHelpFormatter,
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
            epilog=TIES_EXAMPLE,
            formatter_class=RawDescriptionHelpFormatter,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "ties":
            from sme2go.collaboration.services import recompute_ties

            self.stdout.write(f"{recompute_ties():,} company ties")
            return
        self.suggest(options)

    def suggest(self, options: dict[str, Any]) -> None:
        if options["k"] < 1:
            raise bad_input(f"--k {options['k']}: must be at least 1")
        participations = input_file(options["participations"], "--participations")
        parts = input_file(options["programme_parts"], "--programme-parts") if options.get("programme_parts") else None
        output = output_file(options["output"], "-o") if options.get("output") else None
        queries = read_queries(options["queries"], default_k=options["k"])
        weights = read_weights(options["weights"]) if options["method"] == "learned" else None
        started = time.perf_counter()
        try:
            history = load_history(participations, parts)
        except HistoryError as exc:
            raise bad_input(str(exc)) from None
        try:
            warnings = check_against_history(
                queries, known_parts={p for ps in history.project_parts for p in ps}, known_pics=set(history.pics)
            )
        except QueryError as exc:
            raise bad_input(f"{queries_label(options['queries'])}: {exc}") from None
        for warning in warnings:
            self.stderr.write(f"warning: {warning}")
        suggester = PartnerSuggester(history, weights)
        lines = [answer_line(q.id, suggester.suggest(q.query, options["method"])) for q in queries]
        out = "\n".join(lines) + ("\n" if lines else "")
        if output is not None:
            try:
                output.write_text(out, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"-o {options['output']}: cannot write: {exc.strerror or exc}") from None
        else:
            self.stdout.write(out, ending="")
        self.stderr.write(
            f"{len(queries):,} queries against {history.project_count:,} projects and "
            f"{history.org_count:,} organisations in {time.perf_counter() - started:.1f} s"
        )


def read_queries(value: str, *, default_k: int) -> list[NamedQuery]:
    """The queries of --queries (a file, or standard input for '-'); exit code 2 naming the line."""
    try:
        if value == "-":
            binary = getattr(sys.stdin, "buffer", None)
            lines = utf8_lines(binary.read()) if binary is not None else sys.stdin
        else:
            lines = utf8_lines(input_file(value, "--queries").read_bytes())
        return parse_queries(lines, default_k=default_k)
    except QueryError as exc:
        raise bad_input(f"{queries_label(value)}: {exc}") from None
    except OSError as exc:
        raise bad_input(f"{queries_label(value)}: cannot read: {exc.strerror or exc}") from None


def queries_label(value: str) -> str:
    """How an error names --queries: `--queries q.jsonl`, or `--queries - (standard input)`."""
    return "--queries - (standard input)" if value == "-" else f"--queries {value}"


def utf8_lines(data: bytes) -> Iterable[str]:
    """The lines of a UTF-8 text; QueryError naming the first line that is not UTF-8."""
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise QueryError(
                f"line {number}: not UTF-8 text (byte {raw[exc.start]:#04x} at column {exc.start + 1}); "
                "save the file as UTF-8"
            ) from None


def read_weights(value: str | None) -> PartnerModel:
    """The model of --weights, or the shipped one; exit code 2 saying what is wrong with the file."""
    if not value:
        return shipped_model()
    path: Path = input_file(value, "--weights")
    try:
        return PartnerModel.from_json(path.read_text("utf-8"))
    except UnicodeDecodeError:
        raise bad_input(f"--weights {value}: not UTF-8 text") from None
    except ValueError as exc:
        raise bad_input(f"--weights {value}: {exc}") from None
    except OSError as exc:
        raise bad_input(f"--weights {value}: cannot read: {exc.strerror or exc}") from None
