"""The export-readiness questionnaire: scores, bands, next steps and bad answers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sme2go.readiness.questionnaire import (
    BANDS,
    MAX_NEXT_STEPS,
    ORGANISATIONAL,
    PRODUCT,
    QUESTION_BY_KEY,
    QUESTIONS,
    TOP,
    AnswerError,
    score,
)

KEYS = [q.key for q in QUESTIONS]
answer_sets = st.fixed_dictionaries({key: st.integers(0, TOP) for key in KEYS})


def every(value: int) -> dict[str, int]:
    return {key: value for key in KEYS}


def brute_force(answers: dict[str, int], dimension: str) -> float:
    """The documented formula, written out: 100 x weighted answers / weighted maximum."""
    questions = [q for q in QUESTIONS if q.dimension == dimension]
    return 100 * sum(q.weight * answers[q.key] for q in questions) / sum(q.weight * 4 for q in questions)


def test_twelve_questions_six_on_each_side():
    assert len(QUESTIONS) == 12 and len(set(KEYS)) == 12
    assert sum(q.dimension == ORGANISATIONAL for q in QUESTIONS) == 6
    assert sum(q.dimension == PRODUCT for q in QUESTIONS) == 6


def test_all_fully_is_100_export_ready_with_no_next_steps_and_all_zero_is_0_early_stage():
    best, worst = score(every(4)), score(every(0))
    assert (best.organisational, best.product, best.overall, best.band) == (100.0, 100.0, 100.0, "Export-ready")
    assert best.next_steps == () and best.readiness == 1.0
    assert (worst.overall, worst.band, worst.readiness) == (0.0, "Early stage", 0.0)
    assert len(worst.next_steps) == MAX_NEXT_STEPS


@settings(max_examples=200)
@given(answers=answer_sets)
def test_scores_follow_the_formula_and_the_band_follows_the_overall_score(answers):
    result = score(answers)
    assert result.organisational == pytest.approx(brute_force(answers, ORGANISATIONAL), abs=0.0501)
    assert result.product == pytest.approx(brute_force(answers, PRODUCT), abs=0.0501)
    assert result.overall == pytest.approx((result.organisational + result.product) / 2, abs=0.06)
    expected_band = next(name for low, name, _ in BANDS if result.overall >= low)
    assert result.band == expected_band
    weak = [q for q in QUESTIONS if answers[q.key] <= 2]
    assert len(result.next_steps) == min(len(weak), MAX_NEXT_STEPS)
    assert set(result.next_steps) <= {q.next_step for q in weak}


@settings(max_examples=200)
@given(answers=answer_sets, key=st.sampled_from(KEYS))
def test_raising_any_answer_never_lowers_any_score(answers, key):
    if answers[key] == TOP:
        return
    before, after = score(answers), score({**answers, key: answers[key] + 1})
    assert after.organisational >= before.organisational
    assert after.product >= before.product
    assert after.overall >= before.overall


def test_next_steps_start_with_the_largest_weighted_gap():
    answers = every(4)
    answers["commitment"] = 1  # weight 2.0, gap 3 -> 6.0
    answers["pricing"] = 0  # weight 1.0, gap 4 -> 4.0
    answers["plan"] = 2  # weight 1.5, gap 2 -> 3.0
    result = score(answers)
    assert result.next_steps == tuple(QUESTION_BY_KEY[k].next_step for k in ("commitment", "pricing", "plan"))
    assert result.weaker == ORGANISATIONAL


def test_the_weaker_side_is_named():
    answers = every(4)
    answers["reference"] = 0
    assert score(answers).weaker == PRODUCT
    assert score(every(3)).weaker == ""


@pytest.mark.parametrize(
    ("change", "message", "question"),
    [
        ({"plan": None}, "Export plan: choose one answer", "plan"),
        ({"plan": ""}, "Export plan: choose one answer", "plan"),
        ({"reference": 5}, "Proven at home: the answer must be between 0 and 4, got 5", "reference"),
        ({"reference": -1}, "Proven at home: the answer must be between 0 and 4, got -1", "reference"),
        ({"pricing": "lots"}, "Export pricing: the answer must be a whole number 0-4, got 'lots'", "pricing"),
        ({"pricing": 2.5}, "Export pricing: the answer must be a whole number 0-4, got 2.5", "pricing"),
        ({"pricing": True}, "Export pricing: the answer must be a whole number 0-4, got True", "pricing"),
        ({"colour": 3}, "unknown question(s): colour", "colour"),
    ],
)
def test_bad_answers_name_the_question(change, message, question):
    answers: dict[str, object] = {**every(3), **change}
    if change.get("plan", 0) is None:
        del answers["plan"]
    with pytest.raises(AnswerError, match=f"^{re.escape(message)}$") as raised:
        score(answers)
    assert raised.value.question == question


def test_answers_from_a_form_are_whole_number_strings():
    assert score({key: "4" for key in KEYS}).overall == 100.0
