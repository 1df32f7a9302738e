"""Which training modules of the catalogue (support.TrainingModule) address a weak readiness answer.

The mapping is data: question key -> module titles, edited here when the catalogue changes. A title
that is not in the catalogue is simply not shown, so a programme with another catalogue sees fewer
links, never an error. Questions without a module here get none (commitment, for one, is the
board's decision, not a course).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from sme2go.support.models import TrainingModule, TrainingSession

MODULES_FOR_QUESTION: dict[str, tuple[str, ...]] = {
    "people": ("Public procurement abroad",),  # its advice: "book language or tender training"
    "finance": ("EU funding and tenders",),
    "sales_channels": ("Public procurement abroad", "EU funding and tenders"),
    "compliance": ("Data protection for smart-city solutions",),
    "advantage": ("Pitching to city buyers",),
    "pricing": ("Export pricing",),
}


@dataclass(frozen=True)
class Training:
    """A module that addresses a question, with its next session when one is planned."""

    module: TrainingModule
    next_session: TrainingSession | None


def training_for(question_keys: Iterable[str], *, today: datetime.date) -> dict[str, list[Training]]:
    """For each question key, the catalogue's modules that address it, each with its next session on or
    after `today` (any partner's); questions with none are absent. Two queries, whatever the number of keys."""
    wanted = {key: MODULES_FOR_QUESTION.get(key, ()) for key in question_keys}
    titles = {title for modules in wanted.values() for title in modules}
    modules = {m.title: m for m in TrainingModule.objects.filter(title__in=titles)}
    upcoming: dict[int, TrainingSession] = {}
    for session in TrainingSession.objects.filter(module__in=modules.values(), held_on__gte=today).select_related(
        "partner"
    ).order_by("held_on", "pk"):
        upcoming.setdefault(session.module_id, session)
    found: dict[str, list[Training]] = {}
    for key, module_titles in wanted.items():
        offers = [Training(modules[t], upcoming.get(modules[t].pk)) for t in module_titles if t in modules]
        if offers:
            found[key] = offers
    return found
