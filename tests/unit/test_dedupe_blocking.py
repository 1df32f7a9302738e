"""Blocking never loses a pair: `find_candidates` equals scoring every pair (the oracle)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from sme2go.registry.dedupe import (
    CompanyRecord,
    DedupeSettings,
    find_candidates,
    find_candidates_brute_force,
)
from sme2go.registry.dedupe_evaluation import VARIANTS, organisation_names

REAL_NAMES = [name for name, _ in organisation_names()]


@st.composite
def realistic_records(draw: st.DrawFn) -> list[CompanyRecord]:
    """Real Interreg names and variants of them, with codes and websites sometimes shared."""
    rng = random.Random(draw(st.integers(0, 10**9)))
    names = [rng.choice(REAL_NAMES) for _ in range(draw(st.integers(1, 12)))]
    records = []
    for index in range(draw(st.integers(2, 30))):
        name = rng.choice(names)
        for operation in rng.sample(sorted(VARIANTS), k=rng.randrange(3)):
            name = VARIANTS[operation](name, rng)
        records.append(CompanyRecord(
            id=index + 1, legal_name=name, country=rng.choice(("SE", "SE", "FI", "")),
            website=rng.choice(("", "", "www.a.se", "https://b.se/x", "facebook.com/c")),
            registry_code=rng.choice(("", "", "", "556000-0001", "SE5560000002")),
            vat=rng.choice(("", "", "", "SE556000000101")),
        ))
    return records


WORDS = st.sampled_from(["kommun", "region", "AB", "Oy", "kalmar", "kalmr", "vatten", "vaten", "och", "i", "Ö", "x"])
random_names = st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=8)), min_size=0, max_size=4).map(" ".join)
arbitrary_records = st.lists(
    st.builds(CompanyRecord, id=st.just(0), legal_name=random_names, country=st.sampled_from(["SE", "EE", ""]),
              website=st.sampled_from(["", "x.se", "www.x.se"]), registry_code=st.sampled_from(["", "1", "SE1", "2"])),
    min_size=2, max_size=25,
).map(lambda records: [CompanyRecord(i + 1, r.legal_name, r.country, r.website, r.registry_code) for i, r in enumerate(records)])


def check(records: list[CompanyRecord], rule: DedupeSettings) -> None:
    assert find_candidates(records, settings=rule) == find_candidates_brute_force(records, settings=rule)


@settings(max_examples=150, deadline=None)
@given(realistic_records(), st.sampled_from([0.5, 0.7, 0.85, 0.95]), st.integers(1, 4))
def test_it_finds_every_pair_of_realistic_records(records, threshold, common_word_min):
    check(records, DedupeSettings(threshold=threshold, common_word_min=common_word_min))


@settings(max_examples=150, deadline=None)
@given(arbitrary_records, st.sampled_from([0.01, 0.6, 0.85]), st.integers(1, 3))
def test_it_finds_every_pair_of_arbitrary_records(records, threshold, common_word_min):
    check(records, DedupeSettings(threshold=threshold, common_word_min=common_word_min))


def score_every_pair(records: list[CompanyRecord], rule: DedupeSettings) -> list:
    """The oracle without any shortcut: every pair fully scored."""
    from itertools import combinations

    from sme2go.registry.dedupe import _prepare, _score, _share_name_key

    prepared = _prepare(records, rule)
    scored = (_score(a, b, name_compared=_share_name_key(a, b)) for a, b in combinations(prepared, 2))
    return sorted((c for c in scored if c.score >= rule.threshold), key=lambda c: (-c.score, c.first_id, c.second_id))


@settings(max_examples=150, deadline=None)
@given(realistic_records(), st.sampled_from([0.01, 0.5, 0.62, 0.63, 0.85, 0.9, 0.95]))
def test_the_cheap_check_before_scoring_never_drops_a_pair(records, threshold):
    rule = DedupeSettings(threshold=threshold)
    assert find_candidates_brute_force(records, settings=rule) == score_every_pair(records, rule)


@settings(max_examples=100, deadline=None)
@given(arbitrary_records, st.sampled_from([0.01, 0.6, 0.85, 0.9]))
def test_the_cheap_check_never_drops_a_pair_of_arbitrary_records(records, threshold):
    rule = DedupeSettings(threshold=threshold)
    assert find_candidates_brute_force(records, settings=rule) == score_every_pair(records, rule)
