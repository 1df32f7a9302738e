"""The Team field of /consortia/suggest/: what the user typed, read as registry companies."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sme2go.collaboration.completion import CompletionError
from sme2go.registry.models import Company
from sme2go.registry.search import CompanyNotFound, company_named

IDS_ONLY = re.compile(r"[\d,\s]*\d[\d,\s]*")


def team_entries(values: Iterable[str]) -> list[str]:
    """One company per line (or per ";"), each a name or a registry id; a line of ids only
    ("12, 15 17", as the consortium pages link here) is several ids."""
    entries: list[str] = []
    for value in values:
        for line in re.split(r"[\n;]", value):
            line = line.strip()
            if IDS_ONLY.fullmatch(line):
                entries.extend(re.findall(r"\d+", line))
            elif line:
                entries.append(line)
    return entries


class TeamNotFound(CompanyNotFound):
    """Entries of the Team field that name no single visible company: one message per entry in
    `problems` (each lists its candidates), so that every ambiguous name is reported at once."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def typed_team(user: Any, values: Iterable[str]) -> list[Company]:
    """The companies the user typed, in order, each once. CompletionError on "company" when
    nothing was typed; TeamNotFound listing every entry that names no single visible company
    (with its candidates). A line that is no one name but has commas is read as a
    comma-separated list ("Aqua Sense OÜ, Gata AB, 40")."""
    entries = team_entries(values)
    if not entries:
        raise CompletionError("give at least one company", "company")
    team: dict[int, Company] = {}
    problems: list[str] = []
    for entry in entries:
        try:
            companies = _companies_in(user, entry)
        except TeamNotFound as error:
            problems.extend(error.problems)
            continue
        for company in companies:
            team.setdefault(company.pk, company)
    if problems:
        raise TeamNotFound(problems)
    return list(team.values())


def _companies_in(user: Any, entry: str) -> list[Company]:
    try:
        return [company_named(user, entry)]
    except CompanyNotFound as whole:
        parts = [part.strip() for part in entry.split(",") if part.strip()]
        if len(parts) < 2 or whole.candidates:  # one name, or a name with commas that several companies match
            raise TeamNotFound([str(whole)]) from None
    found, problems = [], []
    for part in parts:
        try:
            found.append(company_named(user, part))
        except CompanyNotFound as error:
            problems.append(str(error))
    if problems:
        raise TeamNotFound(problems)
    return found
