"""Readiness across a cohort: band counts, medians, improved counts and the weakest questions,
checked against a brute-force computation written out from the docs."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sme2go.readiness.cohort import (
    BAND_NAMES,
    SORTS,
    Scores,
    in_band,
    sort_tracks,
    summarise,
    track,
)
from sme2go.readiness.questionnaire import QUESTIONS, TOP, score

KEYS = [q.key for q in QUESTIONS]
START = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
answer_sets = st.fixed_dictionaries({key: st.integers(0, TOP) for key in KEYS})
# A company's assessments: distinct days, answers drawn freely, in any order.
histories = st.lists(st.tuples(st.integers(0, 700), answer_sets), min_size=1, max_size=4,
                     unique_by=lambda pair: pair[0])
cohorts = st.lists(histories, max_size=25)


def scores_of(day: int, answers: dict[str, int]) -> Scores:
    result = score(answers)
    return Scores(START + datetime.timedelta(days=day), result.organisational, result.product, result.overall,
                  result.band, answers)


def tracks_of(cohort: list[list[tuple[int, dict[str, int]]]]):
    return [track(i, f"Company {i}", [scores_of(day, answers) for day, answers in history])
            for i, history in enumerate(cohort)]


def brute_median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return round(ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2, 1)


@settings(max_examples=150, deadline=None)
@given(cohorts, st.integers(0, 50))
def test_the_summary_matches_a_brute_force_count(cohort, never_assessed):
    latest = [max(history)[1] for history in cohort]  # the latest day's answers
    first = [min(history)[1] for history in cohort]
    summary = summarise(tracks_of(cohort), never_assessed=never_assessed)
    assert summary.assessed == len(cohort) and summary.never_assessed == never_assessed
    assert dict(summary.by_band) == {band: sum(score(a).band == band for a in latest) for band in BAND_NAMES}
    assert [band for band, _ in summary.by_band] == list(BAND_NAMES)
    assert summary.median_overall == brute_median([score(a).overall for a in latest])
    assert summary.median_organisational == brute_median([score(a).organisational for a in latest])
    assert summary.median_product == brute_median([score(a).product for a in latest])
    assert summary.improved == sum(score(a).overall > score(f).overall for a, f in zip(latest, first, strict=True))
    assert summary.reassessed == sum(len(history) > 1 for history in cohort)


@settings(max_examples=150, deadline=None)
@given(cohorts)
def test_the_weakest_questions_are_the_lowest_mean_latest_answers(cohort):
    latest = [max(history)[1] for history in cohort]
    weakest = summarise(tracks_of(cohort), never_assessed=0).weakest
    if not latest:
        assert weakest == ()
        return
    assert sorted(m.question.key for m in weakest) == sorted(KEYS)
    for m in weakest:
        assert m.mean == round(sum(a[m.question.key] for a in latest) / len(latest), 2)
        assert m.weak == sum(a[m.question.key] <= 2 for a in latest) and m.answered == len(latest)
    assert [m.mean for m in weakest] == sorted(m.mean for m in weakest)


def test_ties_between_questions_put_the_heavier_question_first():
    answers = dict.fromkeys(KEYS, 2)
    weakest = summarise([track(1, "A", [scores_of(0, answers)])], never_assessed=0).weakest
    weights = [m.question.weight for m in weakest]
    assert weights == sorted(weights, reverse=True)
    assert weakest[0].question.key == "commitment"  # weight 2, first in the questionnaire


def test_a_company_assessed_once_has_no_change_and_did_not_improve():
    once = track(1, "A", [scores_of(0, dict.fromkeys(KEYS, 1))])
    assert once.change is None and not once.improved and once.first == once.latest
    twice = track(2, "B", [scores_of(300, dict.fromkeys(KEYS, 3)), scores_of(0, dict.fromkeys(KEYS, 1))])
    assert twice.change == 50.0 and twice.improved and twice.assessments == 2


def test_an_empty_cohort_has_no_medians():
    summary = summarise([], never_assessed=7)
    assert summary.median_overall is None and summary.improved == 0 and summary.weakest == ()
    assert dict(summary.by_band) == dict.fromkeys(BAND_NAMES, 0) and summary.never_assessed == 7


def test_a_track_needs_an_assessment():
    with pytest.raises(ValueError, match="at least one assessment"):
        track(1, "A", [])


@settings(max_examples=80, deadline=None)
@given(cohorts, st.sampled_from(["", *BAND_NAMES]))
def test_the_list_keeps_exactly_the_band_chosen_in_each_order(cohort, band):
    tracks = tracks_of(cohort)
    chosen = in_band(tracks, band)
    assert {t.company_id for t in chosen} == {t.company_id for t in tracks if band in ("", t.latest.band)}
    for order in SORTS:
        ordered = sort_tracks(chosen, order)
        assert sorted(t.company_id for t in ordered) == sorted(t.company_id for t in chosen)
    assert [t.latest.overall for t in sort_tracks(chosen, "score")] == sorted(t.latest.overall for t in chosen)
    assert [t.latest.overall for t in sort_tracks(chosen, "-score")] == sorted((t.latest.overall for t in chosen),
                                                                               reverse=True)
    changes = [t.change for t in sort_tracks(chosen, "-change")]
    known = [c for c in changes if c is not None]
    assert known == sorted(known, reverse=True) and changes == known + [None] * (len(changes) - len(known))


def test_an_unknown_order_is_named():
    with pytest.raises(ValueError, match="unknown order 'size'"):
        sort_tracks([], "size")
