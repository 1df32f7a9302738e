"""`sme2go dedupe`: list candidate duplicate companies with their score and reasons."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sme2go.registry.dedupe import DEFAULT_THRESHOLD
from sme2go.registry.merging import find_duplicate_candidates


def threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CommandError(f"--threshold {text!r}: a number between 0 and 1 is needed") from None
    if not 0 < value <= 1:
        raise CommandError(f"--threshold {text}: must be above 0 and at most 1")
    return value


class Command(BaseCommand):
    help = (
        "List companies that are probably one company registered twice (same registry code or VAT "
        "number, same website domain, same or similar name), best match first. Merge them on the "
        "/duplicates/ page, where every merge can be undone.\n\n"
        "Example: sme2go dedupe --threshold 0.9 --json"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--threshold", type=str, default=str(DEFAULT_THRESHOLD),
                            help=f"lowest score listed, above 0 and at most 1 (default {DEFAULT_THRESHOLD})")
        parser.add_argument("--json", action="store_true", help="print JSON (one object per pair) instead of a table")
        parser.add_argument("--limit", type=int, default=None, help="list at most this many pairs")
        parser.add_argument("--user", metavar="USERNAME", help="only the companies this user sees (default: operator, all)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"--user {options['user']!r}: no such user") from None
        try:
            pairs = find_duplicate_candidates(user=user, threshold=threshold(options["threshold"]), limit=options["limit"])
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps([
                {"score": p.candidate.score, "name_similarity": p.candidate.name_similarity, "reasons": list(p.candidate.reasons),
                 "companies": [{"id": c.pk, "legal_name": c.legal_name, "country": c.country} for c in p.companies]}
                for p in pairs
            ], ensure_ascii=False, indent=2))  # fmt: skip
            return
        if not pairs:
            self.stdout.write("No candidate duplicates.")
            return
        self.stdout.write(f"{'score':>5}  {'id':>6}  {'company':<40}  {'id':>6}  {'company':<40}  reasons")
        for pair in pairs:
            first, second = pair.companies
            self.stdout.write(f"{pair.candidate.score:5.2f}  {first.pk:>6}  {first.legal_name[:40]:<40}  "
                              f"{second.pk:>6}  {second.legal_name[:40]:<40}  {'; '.join(pair.candidate.reasons)}")
        self.stdout.write(f"\n{len(pairs)} candidate pairs. Merge them on the /duplicates/ page.")
