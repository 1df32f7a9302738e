"""Use cases of the collaboration area: import the history, recompute ties, read ties."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import Q, QuerySet

from sme2go.collaboration import history as engine
from sme2go.collaboration.history import (
    History,
    build_history,
    read_participations,
    read_programme_parts,
)
from sme2go.collaboration.models import CompanyPic, CompanyTie, Organisation, Participation
from sme2go.collaboration.suggest import counted
from sme2go.registry.bulk_writes import update_rows

BATCH = 5000
# Projects of the demo's synthetic history (collaboration.demo) have ids "SYN-<year>-<number>".
SYNTHETIC_PROJECT_PREFIX = "SYN-"
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ParticipationImport:
    """What `import_participations` did."""

    rows: int
    organisations_created: int
    organisations_updated: int
    participations_created: int
    participations_updated: int
    participations_unchanged: int
    ties: int

    def summary(self) -> str:
        return (
            f"{self.rows:,} rows: {self.participations_created:,} participations created, "
            f"{self.participations_updated:,} updated, {self.participations_unchanged:,} unchanged; "
            f"{self.organisations_created:,} organisations created, {self.organisations_updated:,} updated; "
            f"{self.ties:,} company ties"
        )


def import_participations(
    *,
    participations: str | Path | IO[str],
    programme_parts: str | Path | IO[str] | None = None,
    progress: Progress | None = None,
) -> ParticipationImport:
    """Import CORDIS-format participations (and programme parts), then recompute the company ties.

    Every row is checked before anything is stored; a bad row raises HistoryError
    naming its line and field and nothing is written. Importing the same file twice
    changes nothing: organisations are matched by PIC and participations by
    (project, organisation).
    """
    rows = read_participations(participations)
    parts: dict[str, list[str]] = defaultdict(list)
    for rcn, part in read_programme_parts(programme_parts) if programme_parts is not None else []:
        if part not in parts[rcn]:
            parts[rcn].append(part)
    report = progress or (lambda stage, done, total: None)
    with transaction.atomic():
        org_ids, orgs_created, orgs_updated = _store_organisations(rows)
        created, updated, unchanged = _store_participations(rows, parts, org_ids, report)
        ties = recompute_ties()
    return ParticipationImport(
        rows=len(rows),
        organisations_created=orgs_created,
        organisations_updated=orgs_updated,
        participations_created=created,
        participations_updated=updated,
        participations_unchanged=unchanged,
        ties=ties,
    )


def _store_organisations(rows: list[engine.Participation]) -> tuple[dict[str, int], int, int]:
    first: dict[str, engine.Participation] = {}
    for row in rows:
        first.setdefault(row.pic, row)
    # Plain tuples, not model instances: comparing ~30k rows must stay cheap.
    existing = {pic: (pk, country, type_) for pk, pic, country, type_ in
                Organisation.objects.values_list("id", "pic", "country", "type")}
    new = [Organisation(pic=pic, country=r.country, type=r.type) for pic, r in first.items() if pic not in existing]
    changed = [
        (pk, first[pic].country, first[pic].type)
        for pic, (pk, country, type_) in existing.items()
        if pic in first and (country, type_) != (first[pic].country, first[pic].type)
    ]
    Organisation.objects.bulk_create(new, batch_size=BATCH)
    update_rows(Organisation, ("country", "type"), changed)
    ids = dict(Organisation.objects.values_list("pic", "id"))
    return ids, len(new), len(changed)


def _store_participations(
    rows: list[engine.Participation], parts: dict[str, list[str]], org_ids: dict[str, int], report: Progress
) -> tuple[int, int, int]:
    existing = {
        (rcn, org): (pk, role, stored_parts, year)
        for pk, rcn, org, role, stored_parts, year in Participation.objects.values_list(
            "id", "project_rcn", "organisation_id", "role", "programme_parts", "start_year"
        )
    }
    new: list[Participation] = []
    changed: list[tuple[int, str, list[str], int]] = []  # (id, role, programme parts, start year)
    unchanged = 0
    seen: set[tuple[str, int]] = set()
    for row in rows:
        key = (row.rcn, org_ids[row.pic])
        if key in seen:
            continue
        seen.add(key)
        values = (row.role, parts.get(row.rcn, []), row.start_year)
        old = existing.get(key)
        if old is not None and old[1:] == values:
            unchanged += 1
            continue
        if old is None:
            new.append(Participation(
                project_rcn=row.rcn, organisation_id=key[1], role=values[0], programme_parts=values[1],
                start_year=values[2],
            ))  # fmt: skip
        else:
            changed.append((old[0], *values))
    total = len(new) + len(changed)
    for start in range(0, len(new), BATCH):
        Participation.objects.bulk_create(new[start : start + BATCH])
        report("storing", min(start + BATCH, len(new)), total)
    for start in range(0, len(changed), BATCH):
        # One prepared UPDATE per row: bulk_update's CASE statements took 38 s for 91,000 rows.
        update_rows(Participation, ("role", "programme_parts", "start_year"), changed[start : start + BATCH])
        report("storing", len(new) + min(start + BATCH, len(changed)), total)
    return len(new), len(changed), unchanged


# A proposal is only the engine's idea; from "agreed" on, the companies chose to work together.
STATUSES_OF_FORMED_TEAMS = ("agreed", "offer_submitted", "won")


def consortia_that_tie() -> QuerySet[Any]:
    """The consortia formed in sme2go whose companies chose to work together: agreed, offer
    submitted or won, or lost after having been agreed (their history shows a change to
    "agreed", or from "agreed" or "offer submitted" to "lost"). A proposal that went
    straight to "lost" never formed a team and ties nobody."""
    from sme2go.consortia.models import Consortium, ConsortiumEvent

    agreed_once = ConsortiumEvent.objects.filter(kind=ConsortiumEvent.Kind.STATUS).filter(
        Q(to_status="agreed") | Q(from_status__in=("agreed", "offer_submitted"), to_status="lost")
    )
    return Consortium.objects.filter(
        Q(status__in=STATUSES_OF_FORMED_TEAMS) | Q(status="lost", pk__in=agreed_once.values("consortium_id"))
    )


def agreed_consortia(*, exclude: int | None = None) -> dict[int, tuple[int, list[int]]]:
    """consortium id -> (created year, member company ids) of the consortia formed in the
    product that tie their members (`consortia_that_tie`; all but `exclude`)."""
    from sme2go.consortia.models import ConsortiumMember

    teams: dict[int, tuple[int, list[int]]] = {}
    rows = ConsortiumMember.objects.filter(consortium__in=consortia_that_tie())
    if exclude is not None:
        rows = rows.exclude(consortium_id=exclude)
    for consortium, created, company in rows.values_list("consortium_id", "consortium__created_at", "company_id"):
        teams.setdefault(consortium, (created.year, []))[1].append(company)
    return teams


def recompute_ties() -> int:
    """Rebuild every CompanyTie from shared CORDIS projects and consortia formed in sme2go.

    Two registry companies are tied when organisations with their PICs took part
    in the same project (one count per project) or sit in the same consortium formed
    in sme2go that ties them (`consortia_that_tie`, one count per consortium). Returns the
    number of ties.
    """
    company_of = dict(CompanyPic.objects.values_list("pic", "company_id"))
    projects: dict[str, set[int]] = defaultdict(set)
    rows = Participation.objects.filter(organisation__pic__in=CompanyPic.objects.values("pic"))
    for rcn, pic in rows.values_list("project_rcn", "organisation__pic"):
        if pic in company_of:
            projects[rcn].add(company_of[pic])
    shared_projects: Counter[tuple[int, int]] = Counter()
    for companies in projects.values():
        shared_projects.update(combinations(sorted(companies), 2))
    shared_consortia: Counter[tuple[int, int]] = Counter()
    for _, members in agreed_consortia().values():
        shared_consortia.update(combinations(sorted(set(members)), 2))
    ties = [
        CompanyTie(
            company_a_id=a,
            company_b_id=b,
            strength=float(shared_projects[(a, b)] + shared_consortia[(a, b)]),
            source=CompanyTie.Source.CORDIS if shared_projects[(a, b)] else CompanyTie.Source.CONSORTIUM,
            shared_projects=shared_projects[(a, b)],
            shared_consortia=shared_consortia[(a, b)],
        )
        for a, b in sorted(set(shared_projects) | set(shared_consortia))
    ]
    with transaction.atomic():
        CompanyTie.objects.all().delete()
        CompanyTie.objects.bulk_create(ties, batch_size=BATCH)
    return len(ties)


def ties_among(company_ids: Iterable[int]) -> list[tuple[int, int, float]]:
    """(company_a, company_b, strength) of every tie between the given companies, a < b."""
    ids = set(company_ids)
    ties = CompanyTie.objects.values_list("company_a_id", "company_b_id", "strength")
    if len(ids) <= 500:
        ties = ties.filter(company_a_id__in=ids, company_b_id__in=ids)
    # Beyond a few hundred ids, one pass over the ties beats two huge IN (...) lists.
    return [(a, b, strength) for a, b, strength in ties if a in ids and b in ids]


def tie_origins(company_ids: Iterable[int]) -> dict[tuple[int, int], str]:
    """Where each tie between the given companies comes from, in words, keyed (company_a, company_b), a < b:
    "2 CORDIS projects, 1 consortium formed in sme2go"."""
    ids = set(company_ids)
    rows = CompanyTie.objects.filter(company_a_id__in=ids, company_b_id__in=ids).values_list(
        "company_a_id", "company_b_id", "shared_projects", "shared_consortia"
    )
    rows = list(rows)
    synthetic = _synthetic_projects_shared({i for a, b, projects, _ in rows if projects for i in (a, b)})
    origins: dict[tuple[int, int], str] = {}
    for a, b, projects, consortia in rows:
        made_up = min(synthetic.get((a, b), 0), projects)
        parts = [counted(projects - made_up, "CORDIS project")] if projects > made_up else []
        if made_up:
            parts.append(counted(made_up, "synthetic demo project"))
        if consortia:
            parts.append(counted(consortia, "consortium formed in sme2go", "consortia formed in sme2go"))
        origins[(a, b)] = ", ".join(parts)
    return origins


def _synthetic_projects_shared(company_ids: set[int]) -> dict[tuple[int, int], int]:
    """Projects of the demo's synthetic history (rcn "SYN-…") each pair of the companies shares,
    keyed (a, b), a < b: the demo's ties must not pass for real CORDIS projects."""
    if not company_ids:
        return {}
    company_of = dict(CompanyPic.objects.filter(company_id__in=company_ids).values_list("pic", "company_id"))
    teams: defaultdict[str, set[int]] = defaultdict(set)
    for rcn, pic in Participation.objects.filter(
        organisation__pic__in=list(company_of), project_rcn__startswith=SYNTHETIC_PROJECT_PREFIX
    ).values_list("project_rcn", "organisation__pic"):
        teams[rcn].add(company_of[pic])
    return dict(Counter(pair for team in teams.values() for pair in combinations(sorted(team), 2)))


def stored_participations() -> tuple[list[engine.Participation], list[tuple[str, str]]]:
    """The imported participations as the pure engine's rows, and the sorted (project, programme part) pairs."""
    rows = [
        engine.Participation(rcn=rcn, pic=pic, role=role, type=type_, country=country, start_year=year)
        for rcn, pic, role, type_, country, year in Participation.objects.order_by("project_rcn", "id").values_list(
            "project_rcn", "organisation__pic", "role", "organisation__type", "organisation__country", "start_year"
        )
    ]
    parts = {
        (rcn, part)
        for rcn, project_parts in Participation.objects.values_list("project_rcn", "programme_parts")
        for part in project_parts
    }
    return rows, sorted(parts)


def stored_history() -> History:
    """The imported history as the pure engine's History (for suggestions inside the product)."""
    return build_history(*stored_participations())
