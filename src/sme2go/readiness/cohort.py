"""Export readiness across a cohort of companies (a partner's, or the whole programme's). Pure: no Django.

From each company's first and latest assessment (`Track`), `summarise` gives what an advisor
compares a cohort by:

- how many companies are in each band of their LATEST assessment, and how many were never assessed;
- the median organisational, product and overall score of the latest assessments;
- how many improved: latest overall score above the first (as the programme's KPI counts them);
- the weakest questions: the mean latest answer per question, lowest first; that is what the
  cohort should be trained on.

`in_band` and `sort_tracks` pick and order the companies listed; `bands_per_group` counts the bands
of each partner's companies (the page's chart).
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sme2go.readiness import questionnaire


@dataclass(frozen=True)
class Scores:
    """One stored assessment, as the cohort needs it."""

    assessed_at: datetime.datetime
    organisational: float
    product: float
    overall: float
    band: str
    answers: Mapping[str, int]


@dataclass(frozen=True)
class Track:
    """A company's readiness over time: its first and latest assessment (the same one when assessed once)."""

    company_id: int
    name: str
    first: Scores
    latest: Scores
    assessments: int

    @property
    def change(self) -> float | None:
        """Latest overall minus first overall; None when assessed only once."""
        return round(self.latest.overall - self.first.overall, 1) if self.assessments > 1 else None

    @property
    def improved(self) -> bool:
        return self.latest.overall > self.first.overall


@dataclass(frozen=True)
class QuestionMean:
    question: questionnaire.Question
    mean: float  # mean latest answer, 0-4
    weak: int  # companies whose latest answer is WEAK (2) or lower
    answered: int


@dataclass(frozen=True)
class Summary:
    assessed: int
    never_assessed: int
    by_band: tuple[tuple[str, int], ...]  # every band, in questionnaire.BANDS order (best first)
    median_organisational: float | None  # None when nobody was assessed
    median_product: float | None
    median_overall: float | None
    improved: int
    reassessed: int  # companies assessed more than once
    weakest: tuple[QuestionMean, ...]  # every question answered by someone, the lowest mean first


BAND_NAMES = tuple(name for _, name, _ in questionnaire.BANDS)
SORTS = {
    "score": "lowest score first",
    "-score": "highest score first",
    "-change": "most improved first",
    "date": "longest since assessed first",
    "name": "company name",
}


def track(company_id: int, name: str, history: Sequence[Scores]) -> Track:
    """A company's track from its assessments (any order; the earliest is the first, the newest the latest).

    >>> a = Scores(datetime.datetime(2025, 1, 1), 40.0, 30.0, 35.0, "Developing", {})
    >>> b = Scores(datetime.datetime(2026, 1, 1), 60.0, 50.0, 55.0, "Nearly ready", {})
    >>> track(1, "Aqua Sense", [b, a]).change
    20.0
    """
    if not history:
        raise ValueError("a track needs at least one assessment")
    ordered = sorted(history, key=lambda s: s.assessed_at)
    return Track(company_id, name, ordered[0], ordered[-1], len(ordered))


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def weakest_questions(tracks: Iterable[Track]) -> tuple[QuestionMean, ...]:
    """The mean latest answer per question, lowest first; ties: the heavier question, then questionnaire order."""
    answers: dict[str, list[int]] = {q.key: [] for q in questionnaire.QUESTIONS}
    for t in tracks:
        for key, value in t.latest.answers.items():
            if key in answers:
                answers[key].append(value)
    means = [
        QuestionMean(q, round(statistics.fmean(answers[q.key]), 2), sum(1 for a in answers[q.key] if a <= questionnaire.WEAK),
                     len(answers[q.key]))
        for q in questionnaire.QUESTIONS if answers[q.key]
    ]
    order = {q.key: i for i, q in enumerate(questionnaire.QUESTIONS)}
    return tuple(sorted(means, key=lambda m: (m.mean, -m.question.weight, order[m.question.key])))


def summarise(tracks: Sequence[Track], *, never_assessed: int) -> Summary:
    """The cohort at a glance (see the module docstring); `never_assessed` counts its companies without an assessment."""
    counts = dict.fromkeys(BAND_NAMES, 0)
    for t in tracks:
        counts[t.latest.band] = counts.get(t.latest.band, 0) + 1
    return Summary(
        assessed=len(tracks),
        never_assessed=never_assessed,
        by_band=tuple(counts.items()),
        median_organisational=_median([t.latest.organisational for t in tracks]),
        median_product=_median([t.latest.product for t in tracks]),
        median_overall=_median([t.latest.overall for t in tracks]),
        improved=sum(1 for t in tracks if t.improved),
        reassessed=sum(1 for t in tracks if t.assessments > 1),
        weakest=weakest_questions(tracks),
    )


def in_band(tracks: Iterable[Track], band: str) -> list[Track]:
    """The companies whose latest assessment is in `band` (all when band is "")."""
    return [t for t in tracks if not band or t.latest.band == band]


def sort_tracks(tracks: Iterable[Track], order: str) -> list[Track]:
    """Order the companies listed by one of SORTS (ValueError otherwise); the name breaks ties."""
    if order not in SORTS:
        raise ValueError(f"unknown order {order!r}: choose one of {', '.join(SORTS)}")
    by_name = sorted(tracks, key=lambda t: (t.name.casefold(), t.company_id))
    if order == "score":
        return sorted(by_name, key=lambda t: t.latest.overall)
    if order == "-score":
        return sorted(by_name, key=lambda t: -t.latest.overall)
    if order == "-change":  # companies assessed once (no change) last
        return sorted(by_name, key=lambda t: (t.change is None, -(t.change or 0.0)))
    if order == "date":
        return sorted(by_name, key=lambda t: t.latest.assessed_at)
    return by_name


@dataclass(frozen=True)
class GroupBands:
    """The band counts of a group of companies (a partner's), as `Summary.by_band` and `never_assessed`."""

    name: str
    by_band: tuple[tuple[str, int], ...]  # every band, in questionnaire.BANDS order
    never_assessed: int

    @property
    def companies(self) -> int:
        return sum(n for _, n in self.by_band) + self.never_assessed


def bands_per_group(tracks: Iterable[Track], groups: Iterable[tuple[str, Collection[int]]]) -> tuple[GroupBands, ...]:
    """For each (name, company ids) group, in the order given, how many of its companies are in each band
    of their latest assessment and how many have no track (never assessed). A company may be in several
    groups (supported by two partners); a group may be empty.

    >>> a = Scores(datetime.datetime(2025, 1, 1), 40.0, 30.0, 35.0, "Developing", {})
    >>> bands_per_group([track(1, "Aqua Sense", [a])], [("Tehnopol", {1, 2})])[0].never_assessed
    1
    """
    band_of = {t.company_id: t.latest.band for t in tracks}
    result = []
    for name, company_ids in groups:
        counts = dict.fromkeys(BAND_NAMES, 0)
        never = 0
        for company_id in set(company_ids):
            if company_id in band_of:
                counts[band_of[company_id]] = counts.get(band_of[company_id], 0) + 1
            else:
                never += 1
        result.append(GroupBands(name, tuple(counts.items()), never))
    return tuple(result)
