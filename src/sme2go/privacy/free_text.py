"""The free text people type into sme2go, searched for a person's mentions and scrubbed of them.

`FREE_TEXT` lists every field where an advisor or a company types prose that may name a person
(notes, outcomes, descriptions, the organisation met). Copies of that text also sit in the audit
trail (before/after snapshots, summaries), so the audit events of those kinds of object are
searched too. Matching is `privacy.mentions`: the e-mail, or a full name of two words or more,
as whole words, ignoring case and accents.

The search reads each field in Python (no database folds accents the same way on SQLite and
PostgreSQL), a few thousand rows at a time; one combined expression per row keeps it to about
a second per hundred thousand rows. Permission is checked by the callers (`privacy.services`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.urls import reverse

from sme2go.accounts.models import AuditEvent
from sme2go.consortia.models import ConsortiumEvent
from sme2go.missions.models import Lead, LeadEvent, Meeting, Mission
from sme2go.privacy.mentions import Finder, Mentioned, erase_everywhere, strings_in
from sme2go.registry.models import Company, CompanyNote, ReferenceDeployment, Solution
from sme2go.support.models import SupportAction, TrainingModule

ROWS_AT_A_TIME = 2000


@dataclass(frozen=True)
class FreeTextField:
    """One field people type prose into, with the page where it is read."""

    model: type[models.Model]
    name: str
    where: str  # what a reader calls the object: "Mission meeting"
    link: Callable[[Any], str]
    related: tuple[str, ...] = ()  # loaded with the object, for its link
    also_saved: tuple[str, ...] = ()  # fields that follow the text (derived search text, update time)

    @property
    def label(self) -> str:
        return self.model._meta.label


def _company_page(company_id: int, part: str = "") -> str:
    return reverse("registry:company_detail", args=[company_id]) + part


FREE_TEXT: tuple[FreeTextField, ...] = (
    FreeTextField(Company, "description", "Company", lambda c: _company_page(c.pk),
                  also_saved=("search_text", "updated_at")),
    FreeTextField(CompanyNote, "text", "Private note", lambda n: _company_page(n.company_id, "#notes")),
    FreeTextField(Solution, "description", "Solution",
                  lambda s: reverse("registry:solution_edit", args=[s.company_id, s.pk])),
    FreeTextField(ReferenceDeployment, "description", "Reference deployment",
                  lambda r: reverse("registry:solution_edit", args=[r.solution.company_id, r.solution_id]),
                  related=("solution",)),
    FreeTextField(SupportAction, "note", "Support action", lambda a: _company_page(a.company_id, "#support")),
    FreeTextField(TrainingModule, "description", "Training module", lambda m: reverse("support:overview")),
    FreeTextField(Mission, "description", "Export mission",
                  lambda m: reverse("missions:mission_detail", args=[m.pk])),
    FreeTextField(Meeting, "counterpart", "Mission meeting",
                  lambda m: reverse("missions:meeting_edit", args=[m.mission_id, m.pk])),
    FreeTextField(Meeting, "outcome", "Mission meeting",
                  lambda m: reverse("missions:meeting_edit", args=[m.mission_id, m.pk])),
    FreeTextField(Lead, "buyer", "Lead", lambda lead: reverse("missions:lead_detail", args=[lead.pk]),
                  also_saved=("updated_at",)),
    FreeTextField(Lead, "description", "Lead", lambda lead: reverse("missions:lead_detail", args=[lead.pk]),
                  also_saved=("updated_at",)),
    FreeTextField(LeadEvent, "note", "Lead history", lambda e: reverse("missions:lead_detail", args=[e.lead_id])),
    FreeTextField(ConsortiumEvent, "detail", "Consortium history",
                  lambda e: reverse("consortia:detail", args=[e.consortium_id])),
)
AUDITED_KINDS = sorted({place.label for place in FREE_TEXT})


@dataclass(frozen=True)
class Mention:
    """A free-text field that mentions a person, with each mention in its context."""

    where: str
    object_type: str
    object_id: int
    field: str
    link: str
    excerpts: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"where": self.where, "object": self.object_type, "id": self.object_id, "field": self.field,
                "link": self.link, "excerpts": list(self.excerpts)}


@dataclass(frozen=True)
class AuditCopy:
    """An audit event of a free-text object whose summary or snapshot mentions a person."""

    event_id: int
    at: datetime.datetime
    action: str
    object_type: str
    object_id: str
    excerpts: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(timespec="seconds"), "action": self.action, "object": self.object_type,
                "id": self.object_id, "excerpts": list(self.excerpts)}


@dataclass
class Mentions:
    """Where free text mentions one person."""

    fields: list[Mention] = field(default_factory=list)
    audit_copies: list[AuditCopy] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.audit_copies)


def find_mentions(people: list[Mentioned]) -> dict[Mentioned, Mentions]:
    """Every free-text field and audit copy that mentions each person, in one pass over the text.

    People who are not looked for (no e-mail and no full name) get nothing."""
    finder = Finder(people)
    found: dict[Mentioned, Mentions] = {person: Mentions() for person in people}
    if not finder.people:
        return found
    for place, hits in _fields_mentioning(finder).items():
        objects = place.model.objects.select_related(*place.related).in_bulk(list(hits))
        for pk, text in hits.items():
            for person in finder.mentioned_in(text):
                found[person].fields.append(Mention(place.where, place.label, pk, place.name,
                                                    place.link(objects[pk]), tuple(person.excerpts(text))))
    for event in _audit_events_mentioning(finder):
        texts = _texts_of(event)
        for person in _people_in(finder, texts):
            excerpts = tuple(e for text in texts for e in person.excerpts(text))
            found[person].audit_copies.append(AuditCopy(event.pk, event.at, event.action, event.object_type,
                                                        event.object_id, excerpts))
    return found


@dataclass(frozen=True)
class Scrubbed:
    """What an erasure changed: the free-text fields (object, id, field) and the audit events."""

    fields: list[tuple[str, int, str]]
    audit_events: int


def erase_mentions(person: Mentioned) -> Scrubbed:
    """Replace every mention of the person in free text, and in the audit copies of it, by
    "[erased]". Runs inside the caller's transaction (the erasure is all or nothing)."""
    assert transaction.get_connection().in_atomic_block, "erase inside the erasure's transaction"
    if not person:
        return Scrubbed([], 0)
    finder = Finder([person])
    fields: list[tuple[str, int, str]] = []
    for place, hits in _fields_mentioning(finder).items():
        limit = place.model._meta.get_field(place.name).max_length
        for obj in place.model.objects.select_for_update().filter(pk__in=list(hits)).order_by("pk"):
            before = getattr(obj, place.name)
            after = person.erase(before)
            if after == before:  # changed since the scan
                continue
            # "[erased]" can be longer than a short name: a field with a length limit keeps its start.
            setattr(obj, place.name, after[:limit] if limit else after)
            obj.save(update_fields=[place.name, *place.also_saved])
            fields.append((place.label, obj.pk, place.name))
    events = _audit_events_mentioning(finder)
    for event in AuditEvent.objects.select_for_update().filter(pk__in=[e.pk for e in events]):
        event.summary = person.erase(event.summary)[:300]
        event.changes = erase_everywhere(event.changes, person)
        event.save(update_fields=["summary", "changes"])
    return Scrubbed(fields, len(events))


def _fields_mentioning(finder: Finder) -> dict[FreeTextField, dict[int, str]]:
    """For each free-text field, the rows (id -> text) that mention one of the people."""
    hits: dict[FreeTextField, dict[int, str]] = {}
    for place, pk, text in _texts():
        if finder.mentioned_in(text):
            hits.setdefault(place, {})[pk] = text
    return hits


def _texts() -> Iterator[tuple[FreeTextField, int, str]]:
    for place in FREE_TEXT:
        rows = (place.model.objects.exclude(**{place.name: ""}).order_by("pk").values_list("pk", place.name)
                .iterator(chunk_size=ROWS_AT_A_TIME))
        for pk, text in rows:
            yield place, pk, text


def _audit_events_mentioning(finder: Finder) -> list[AuditEvent]:
    """Audit events about free-text objects (their snapshots copy the text) that mention someone."""
    found = []
    events = (AuditEvent.objects.filter(object_type__in=AUDITED_KINDS).order_by("at", "pk")
              .only("pk", "at", "action", "object_type", "object_id", "summary", "changes")
              .iterator(chunk_size=ROWS_AT_A_TIME))
    for event in events:
        if _people_in(finder, _texts_of(event)):
            found.append(event)
    return found


def _texts_of(event: AuditEvent) -> list[str]:
    return [event.summary, *strings_in(event.changes)]


def _people_in(finder: Finder, texts: list[str]) -> list[Mentioned]:
    """The people any of the texts mentions (each text on its own: a name never spans two)."""
    mentioned = {person for text in texts for person in finder.mentioned_in(text)}
    return [person for person in finder.people if person in mentioned]
