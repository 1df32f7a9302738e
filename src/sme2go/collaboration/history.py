"""Collaboration history: who took part in which project, in a compact array form.

Pure: no Django. Reads CORDIS-format files (one row per project and organisation,
and one row per project and programme part) and keeps them as two CSR indexes
(project -> organisations, organisation -> projects) over integer ids, so that
the partner-suggestion engine can walk the co-participation graph with numpy.

`pic` values are kept as strings exactly as they appear in the files.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

PARTICIPATION_COLUMNS = ("rcn", "role", "pic", "type", "country", "start_year")
PROGRAMME_PART_COLUMNS = ("rcn", "programme_part")
COORDINATOR_ROLE = "coordinator"


class HistoryError(ValueError):
    """A participation or programme-part file that cannot be read; names the line and field."""


@dataclass(frozen=True)
class Participation:
    """One organisation in one project (one row of the participations file)."""

    rcn: str
    pic: str
    role: str
    type: str
    country: str
    start_year: int


@dataclass(frozen=True)
class History:
    """Projects and their members as CSR arrays over integer ids.

    Organisation i has pic `pics[i]`; its projects are
    `org_projects[org_ptr[i]:org_ptr[i + 1]]`. Project j has id `project_ids[j]`,
    started in `project_years[j]`, belongs to `project_parts[j]` (possibly several
    programme parts, possibly none) and its members are
    `project_orgs[project_ptr[j]:project_ptr[j + 1]]`, with
    `project_coordinator` marking, entry by entry, the coordinators.
    """

    pics: tuple[str, ...]
    countries: tuple[str, ...]
    types: tuple[str, ...]
    project_ids: tuple[str, ...]
    project_years: IntArray
    project_parts: tuple[tuple[str, ...], ...]
    project_ptr: IntArray
    project_orgs: IntArray
    project_coordinator: BoolArray
    org_ptr: IntArray
    org_projects: IntArray

    @property
    def org_count(self) -> int:
        return len(self.pics)

    @property
    def project_count(self) -> int:
        return len(self.project_ids)

    def index_of(self) -> dict[str, int]:
        """Map each pic to its organisation id."""
        return {pic: i for i, pic in enumerate(self.pics)}

    def members(self, project: int) -> IntArray:
        return self.project_orgs[self.project_ptr[project] : self.project_ptr[project + 1]]

    def projects_of(self, org: int) -> IntArray:
        return self.org_projects[self.org_ptr[org] : self.org_ptr[org + 1]]

    def participations(self) -> Iterator[Participation]:
        """Yield the history back as participations (project order, then file order)."""
        for j, rcn in enumerate(self.project_ids):
            lo, hi = int(self.project_ptr[j]), int(self.project_ptr[j + 1])
            for pos in range(lo, hi):
                org = int(self.project_orgs[pos])
                yield Participation(
                    rcn=rcn,
                    pic=self.pics[org],
                    role=COORDINATOR_ROLE if self.project_coordinator[pos] else "participant",
                    type=self.types[org],
                    country=self.countries[org],
                    start_year=int(self.project_years[j]),
                )

    def until(self, last_year: int) -> History:
        """The history as it was known after `last_year`: only projects started up to then."""
        keep = [j for j in range(self.project_count) if self.project_years[j] <= last_year]
        parts = {self.project_ids[j]: self.project_parts[j] for j in keep}
        rows = [p for p in self.participations() if p.start_year <= last_year]
        return build_history(rows, [(rcn, part) for rcn, ps in parts.items() for part in ps])


def build_history(
    participations: Iterable[Participation], programme_parts: Iterable[tuple[str, str]] = ()
) -> History:
    """Build the compact history from participations and (rcn, programme_part) pairs.

    An organisation keeps the country and type of its first row. A project's start
    year is that of its first row. Programme parts of unknown projects are ignored.
    """
    pic_index: dict[str, int] = {}
    pics: list[str] = []
    countries: list[str] = []
    types: list[str] = []
    project_index: dict[str, int] = {}
    project_ids: list[str] = []
    years: list[int] = []
    members: list[list[tuple[int, bool]]] = []
    for row in participations:
        org = pic_index.get(row.pic)
        if org is None:
            org = pic_index[row.pic] = len(pics)
            pics.append(row.pic)
            countries.append(row.country)
            types.append(row.type)
        project = project_index.get(row.rcn)
        if project is None:
            project = project_index[row.rcn] = len(project_ids)
            project_ids.append(row.rcn)
            years.append(row.start_year)
            members.append([])
        if all(org != seen for seen, _ in members[project]):
            members[project].append((org, row.role == COORDINATOR_ROLE))
    parts: list[list[str]] = [[] for _ in project_ids]
    for rcn, part in programme_parts:
        project = project_index.get(rcn)
        if project is not None and part not in parts[project]:
            parts[project].append(part)

    sizes = np.array([len(m) for m in members], dtype=np.int64)
    project_ptr = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    project_orgs = np.array([org for m in members for org, _ in m], dtype=np.int64)
    coordinator = np.array([is_coord for m in members for _, is_coord in m], dtype=np.bool_)
    entry_project = np.repeat(np.arange(len(project_ids), dtype=np.int64), sizes)
    order = np.argsort(project_orgs, kind="stable")
    org_projects = entry_project[order]
    org_sizes = np.bincount(project_orgs, minlength=len(pics)).astype(np.int64)
    org_ptr = np.concatenate([[0], np.cumsum(org_sizes)]).astype(np.int64)
    return History(
        pics=tuple(pics),
        countries=tuple(countries),
        types=tuple(types),
        project_ids=tuple(project_ids),
        project_years=np.array(years, dtype=np.int64),
        project_parts=tuple(tuple(p) for p in parts),
        project_ptr=project_ptr,
        project_orgs=project_orgs,
        project_coordinator=coordinator,
        org_ptr=org_ptr,
        org_projects=org_projects,
    )


def _open_text(source: str | Path | IO[str]) -> IO[str]:
    if not isinstance(source, str | Path):
        return source
    path = Path(source)
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _rows(source: str | Path | IO[str], required: tuple[str, ...], what: str) -> Iterator[tuple[int, dict[str, str]]]:
    handle = _open_text(source)
    try:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise HistoryError(f"{what}: missing column(s) {', '.join(missing)}")
        yield from enumerate(reader, start=2)
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        raise HistoryError(f"{what}: cannot read: {exc}") from exc
    finally:
        if handle is not source:
            handle.close()


def read_participations(source: str | Path | IO[str]) -> list[Participation]:
    """Read a CORDIS participations CSV (optionally .gz), checking every row.

    Raises HistoryError naming the line and field of the first bad row.
    """
    rows: list[Participation] = []
    for line, row in _rows(source, PARTICIPATION_COLUMNS, "participations"):
        for field in ("rcn", "pic", "start_year"):
            if not (row.get(field) or "").strip():
                raise HistoryError(f"participations line {line}: field {field} is empty")
        try:
            year = int(float(row["start_year"]))
        except ValueError:
            raise HistoryError(
                f"participations line {line}: field start_year is not a year: {row['start_year']!r}"
            ) from None
        rows.append(
            Participation(
                rcn=row["rcn"].strip(),
                pic=row["pic"].strip(),
                role=(row.get("role") or "").strip(),
                type=(row.get("type") or "").strip(),
                country=(row.get("country") or "").strip(),
                start_year=year,
            )
        )
    return rows


def read_programme_parts(source: str | Path | IO[str]) -> list[tuple[str, str]]:
    """Read a CORDIS programme-parts CSV (rcn, programme_part), optionally .gz."""
    pairs: list[tuple[str, str]] = []
    for line, row in _rows(source, PROGRAMME_PART_COLUMNS, "programme parts"):
        rcn, part = (row.get("rcn") or "").strip(), (row.get("programme_part") or "").strip()
        if not rcn or not part:
            raise HistoryError(f"programme parts line {line}: rcn and programme_part must not be empty")
        pairs.append((rcn, part))
    return pairs


def load_history(
    participations: str | Path | IO[str], programme_parts: str | Path | IO[str] | None = None
) -> History:
    """Load a history from CORDIS-format files (see `read_participations`)."""
    parts = read_programme_parts(programme_parts) if programme_parts is not None else []
    return build_history(read_participations(participations), parts)
