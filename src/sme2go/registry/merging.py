"""De-duplication use cases: find candidate pairs, merge one company into another, undo a merge.

A merge moves every row that points at the duplicate (solutions, contacts, private notes,
partner links, and whatever other apps add: the relations are found through Django's
model meta-data, so a new model with a foreign key to Company is covered without a
change here). A row that cannot move without breaking a unique rule (the kept company
already has that partner, that PIC, ...) stays on the duplicate, and the record says so.
Empty fields of the kept company are filled from the duplicate. The MergeRecord keeps the
moved row ids and the values before, so `undo_merge` puts everything back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from sme2go.accounts.audit import record_change
from sme2go.accounts.scoping import (
    can_merge,
    can_review_duplicates,
    can_undo_merge,
    visible_companies,
)
from sme2go.registry.dedupe import (
    CompanyRecord,
    DedupeSettings,
    DuplicateCandidate,
    find_candidates,
)
from sme2go.registry.models import Company, MergeRecord

# Fields a merge never copies: identity, derived values, bookkeeping.
NOT_FILLED = {"id", "name_key", "search_text", "created_at", "updated_at", "merged_into", "is_generated", "status"}


class MergeError(ValueError):
    """A merge or undo that cannot be done; the message says why."""


@dataclass(frozen=True)
class DuplicatePair:
    """A candidate pair for a person: the engine's score and reasons, both companies, and
    whether this person may merge them."""

    candidate: DuplicateCandidate
    first: Company
    second: Company
    may_merge: bool

    @property
    def companies(self) -> tuple[Company, Company]:
        return self.first, self.second


@dataclass
class MergeSummary:
    """What a merge moves (or moved): `moved` and `left` map a relation label to row counts."""

    moved: dict[str, int] = field(default_factory=dict)
    left: dict[str, int] = field(default_factory=dict)
    filled: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def find_duplicate_candidates(*, user: Any, threshold: float | None = None, limit: int | None = None) -> list[DuplicatePair]:
    """Candidate duplicate pairs among the companies `user` sees, best first.

    `user` None is the operator at the command line (every company).
    """
    if user is not None and not can_review_duplicates(user):
        raise PermissionDenied("only the programme manager and advisors review duplicates")
    companies = Company.objects.filter(merged_into__isnull=True) if user is None else visible_companies(user)
    rows = companies.values_list("pk", "legal_name", "country", "website", "registry_code", "vat")
    records = [CompanyRecord(pk, name, country, website, code, vat) for pk, name, country, website, code, vat in rows]
    settings = DedupeSettings() if threshold is None else DedupeSettings(threshold=threshold)
    candidates = find_candidates(records, settings=settings)[:limit]
    ids = {c.first_id for c in candidates} | {c.second_id for c in candidates}
    by_id = Company.objects.prefetch_related("partners").in_bulk(ids)
    return [
        DuplicatePair(c, by_id[c.first_id], by_id[c.second_id],
                      user is None or can_merge(user, by_id[c.first_id], by_id[c.second_id]))
        for c in candidates
    ]


def _relations() -> Iterator[models.ForeignKey]:
    """Every foreign key that points at Company (including hidden ones and M2M link tables),
    except the merge history itself and the merge chain."""
    for relation in Company._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        foreign_key = relation.field  # type: ignore[union-attr]
        if foreign_key.model is MergeRecord or foreign_key.name == "merged_into":
            continue
        yield foreign_key


def _label(foreign_key: models.ForeignKey) -> str:
    """What a person calls the rows: `solutions`, `partner links`, `company ties (company_a)`."""
    meta = foreign_key.model._meta
    if meta.auto_created:  # the link table of a many-to-many relation
        other = next(f for f in meta.fields if f.is_relation and f is not foreign_key and f.name != "id")
        return f"{other.related_model._meta.verbose_name} links"
    to_company = [f for f in meta.fields if f.is_relation and f.related_model is Company]
    label = str(meta.verbose_name_plural)
    return f"{label} ({foreign_key.name})" if len(to_company) > 1 else label


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _check_pair(keep: Company, duplicate: Company) -> None:
    if keep.pk == duplicate.pk:
        raise MergeError(f"cannot merge {keep.legal_name} into itself")
    for company in (keep, duplicate):
        if company.merged_into_id is not None:
            raise MergeError(f"{company.legal_name} was already merged into another company")


def _merge(keep: Company, duplicate: Company) -> tuple[MergeSummary, dict[str, Any]]:
    summary = MergeSummary()
    snapshot: dict[str, Any] = {
        "moved": [], "left": [], "filled": {},
        "partners_before": {"keep": sorted(keep.partners.values_list("pk", flat=True)),
                            "duplicate": sorted(duplicate.partners.values_list("pk", flat=True))},
    }  # fmt: skip
    for foreign_key in _relations():
        manager = foreign_key.model._base_manager
        moved, left = [], []
        for pk in manager.filter(**{foreign_key.attname: duplicate.pk}).order_by("pk").values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    manager.filter(pk=pk).update(**{foreign_key.attname: keep.pk})
                moved.append(pk)
            except IntegrityError:
                left.append(pk)
        for key, pks in (("moved", moved), ("left", left)):
            if pks:
                snapshot[key].append({"model": foreign_key.model._meta.label_lower, "field": foreign_key.name,
                                      "label": _label(foreign_key), "pks": pks})
                getattr(summary, key)[_label(foreign_key)] = len(pks)
    for company_field in Company._meta.concrete_fields:
        name = company_field.attname
        if company_field.name in NOT_FILLED:
            continue
        before, offered = getattr(keep, name), getattr(duplicate, name)
        if _empty(before) and not _empty(offered):
            setattr(keep, name, offered)
            snapshot["filled"][name] = {"before": before, "after": offered}
            summary.filled[name] = (before, offered)
    keep.save()
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "updated_at"])
    return summary, snapshot


class _DryRun(Exception):
    pass


def preview_merge(*, keep: Company, duplicate: Company, actor: Any) -> MergeSummary:
    """What `merge_companies` would move and fill, by doing it and rolling it back."""
    _require_merge(actor, keep, duplicate)
    _check_pair(keep, duplicate)
    summary = MergeSummary()
    try:
        with transaction.atomic():
            summary, _ = _merge(Company.objects.get(pk=keep.pk), Company.objects.get(pk=duplicate.pk))
            raise _DryRun
    except _DryRun:
        pass
    return summary


def _require_merge(actor: Any, keep: Company, duplicate: Company) -> None:
    if actor is not None and not can_merge(actor, keep, duplicate):
        raise PermissionDenied(
            f"you may not merge {duplicate.legal_name} into {keep.legal_name}: only the programme manager, "
            "or an advisor of a partner that supports both companies"
        )


def merge_companies(*, keep: Company, duplicate: Company, actor: Any, reasons: list[str] | None = None) -> MergeRecord:
    """Merge `duplicate` into `keep`: every relation moves, empty fields of `keep` are filled,
    `duplicate.merged_into = keep`, and a MergeRecord remembers it all for `undo_merge`.

    `actor` None is the operator at the command line. Raises MergeError for a company merged
    into itself or an already merged company, PermissionDenied for a user without the right.
    """
    _require_merge(actor, keep, duplicate)
    with transaction.atomic():
        # Lock both rows in one order (by id), so two opposite merges wait rather than deadlock.
        locked = {c.pk: c for c in Company.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk")}
        if keep.pk not in locked or duplicate.pk not in locked:
            raise MergeError("one of the companies no longer exists")
        keep, duplicate = locked[keep.pk], locked[duplicate.pk]
        _check_pair(keep, duplicate)
        summary, snapshot = _merge(keep, duplicate)
        record = MergeRecord.objects.create(
            keep=keep, duplicate=duplicate, actor=_user_or_none(actor), reasons=list(reasons or []), snapshot=snapshot
        )
        record_change(
            actor=actor, action="merge", obj=keep,
            summary=f"merged {duplicate.legal_name} (#{duplicate.pk}) into {keep.legal_name}",
            changes={"merge_record": record.pk, "duplicate": duplicate.pk, "moved": summary.moved,
                     "left": summary.left, "filled": snapshot["filled"]},
        )  # fmt: skip
    return record


def live_company_id(pk: int, *, max_hops: int = 100) -> int | None:
    """The company a record lives on in now: itself if it was never merged away, else the end of
    its merges (514 into 513, then 513 into 520: 520). None for an unknown id, or when the chain
    loops or runs longer than `max_hops` (records changed by hand), so a page never spins."""
    seen: set[int] = set()
    current = pk
    while current not in seen and len(seen) <= max_hops:
        seen.add(current)
        found = list(Company.objects.filter(pk=current).values_list("merged_into_id", flat=True))
        if not found:
            return None
        if found[0] is None:
            return current
        current = found[0]
    return None


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def may_undo(actor: Any, record: MergeRecord) -> bool:
    if actor is None:
        return True
    partners = record.snapshot.get("partners_before", {})
    return can_undo_merge(actor, partners.get("keep", []), partners.get("duplicate", []))


def undo_merge(*, record: MergeRecord, actor: Any) -> MergeRecord:
    """Put back the state before `record`: moved rows return to the duplicate, filled fields of
    the kept company get their old values, and the duplicate is a company of its own again.

    Only the latest merge into a company can be undone (undo the later ones first): a later
    merge may have built on this one.
    """
    if not may_undo(actor, record):
        raise PermissionDenied("you may not undo this merge: only the programme manager, or an advisor of a partner "
                               "that supported both companies")
    with transaction.atomic():
        record = MergeRecord.objects.select_for_update().get(pk=record.pk)
        if record.undone_at is not None:
            raise MergeError("this merge was already undone")
        locked = Company.objects.select_for_update().filter(pk__in=[record.keep_id, record.duplicate_id]).order_by("pk")
        by_id = {company.pk: company for company in locked}
        keep, duplicate = by_id[record.keep_id], by_id[record.duplicate_id]
        if keep.merged_into_id is not None:
            raise MergeError(f"{keep.legal_name} was merged into another company since: undo that merge first")
        later = MergeRecord.objects.filter(keep=keep, undone_at__isnull=True, pk__gt=record.pk).first()
        if later is not None:
            raise MergeError(f"{later.duplicate.legal_name} was merged into {keep.legal_name} later: undo that merge first")
        try:
            restored = _restore(record, keep, duplicate)
        except IntegrityError as error:
            raise MergeError(f"cannot undo: a row no longer fits back ({error})") from error
        record.undone_at = timezone.now()
        record.undone_by = _user_or_none(actor)
        record.save(update_fields=["undone_at", "undone_by"])
        record_change(
            actor=actor, action="unmerge", obj=keep,
            summary=f"undid the merge of {duplicate.legal_name} (#{duplicate.pk}) into {keep.legal_name}",
            changes={"merge_record": record.pk, "restored": restored},
        )  # fmt: skip
    return record


def _restore(record: MergeRecord, keep: Company, duplicate: Company) -> dict[str, int]:
    restored: dict[str, int] = {}
    for entry in record.snapshot.get("moved", []):
        model = apps.get_model(entry["model"])
        foreign_key = model._meta.get_field(entry["field"])
        count = model._base_manager.filter(pk__in=entry["pks"], **{foreign_key.attname: keep.pk}).update(
            **{foreign_key.attname: duplicate.pk}
        )
        restored[f"{entry['model']}.{entry['field']}"] = count
    changed = False
    for name, values in record.snapshot.get("filled", {}).items():
        if getattr(keep, name) == values["after"]:  # changed since? then the newer value stays
            setattr(keep, name, values["before"])
            changed = True
    if changed:
        keep.save()
    duplicate.merged_into = None
    duplicate.save(update_fields=["merged_into", "updated_at"])
    return restored


def visible_merges(*, user: Any) -> list[tuple[MergeRecord, bool]]:
    """Merge records for the merges page, newest first, each with whether `user` may undo it."""
    if user is not None and not can_review_duplicates(user):
        raise PermissionDenied("only the programme manager and advisors see merges")
    records = MergeRecord.objects.select_related("keep", "duplicate", "actor", "undone_by")
    return [(record, record.undone_at is None and may_undo(user, record)) for record in records]
