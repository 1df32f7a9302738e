"""The labelled set is built deterministically from real names, and the engine beats the baselines on it."""

from __future__ import annotations

from sme2go.registry.dedupe import find_candidates
from sme2go.registry.dedupe_evaluation import (
    evaluate,
    labelled_records,
    organisation_names,
    pairs_of,
    pairs_with_equal_key,
    split_by_organisation,
    true_pairs,
)
from sme2go.registry.names import normalise_legal_name


def test_it_ships_the_real_names_with_their_organisations():
    names = organisation_names()
    assert len(names) == 588
    assert ("Göteborgs kommun", "Göteborgs Stad") in names
    assert ("Malmö Universitet", "Malmö Universitet") in names  # a different body from Malmö stad


def test_it_builds_the_same_set_every_time():
    assert labelled_records() == labelled_records()
    assert labelled_records(seed=1) != labelled_records()


def test_the_halves_share_no_organisation():
    development, test = split_by_organisation(labelled_records())
    assert not {i.organisation for i in development} & {i.organisation for i in test}


def test_the_engine_finds_most_true_pairs_and_few_false_ones_on_the_held_out_half():
    _, test = split_by_organisation(labelled_records())
    records = [item.record for item in test]
    truth = true_pairs(test)
    engine = evaluate(pairs_of(find_candidates(records)), truth)
    normalised = evaluate(pairs_with_equal_key(records, lambda r: normalise_legal_name(r.legal_name)), truth)
    assert engine.recall > normalised.recall + 0.3
    assert engine.precision >= 0.95 and engine.f1 > normalised.f1
