"""Tallying facts into a KPI: against a brute-force count."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sme2go.programme.tally import Fact, tally

facts = st.lists(
    st.builds(Fact, key=st.integers(0, 6), partner=st.sampled_from([None, "Tehnopol", "Turku", "Ideon"]),
              year=st.integers(2024, 2026), amount=st.integers(1, 9)),
    max_size=25,
)


@given(facts=facts)
def test_distinct_counts_each_key_once_per_scope(facts):
    t = tally(facts, distinct=True)
    assert t.total == len({f.key for f in facts})
    for partner in {f.partner for f in facts} - {None}:
        assert t.by_partner[partner] == len({f.key for f in facts if f.partner == partner})
    for year in {f.year for f in facts}:
        assert t.by_year[year] == len({f.key for f in facts if f.year == year})
    assert None not in t.by_partner


@given(facts=facts)
def test_sums_add_every_amount_once(facts):
    t = tally(facts, distinct=False)
    assert t.total == sum(f.amount for f in facts)
    assert sum(t.by_year.values()) == t.total
    assert sum(t.by_partner.values()) == sum(f.amount for f in facts if f.partner is not None)


def test_a_company_of_two_partners_counts_once_in_the_total_and_once_for_each():
    two = [Fact(1, "Tehnopol", 2026), Fact(1, "Turku", 2026), Fact(2, "Turku", 2025)]
    t = tally(two, distinct=True)
    assert (t.total, t.by_partner, t.by_year) == (2, {"Tehnopol": 1, "Turku": 2}, {2025: 1, 2026: 1})
    hours = tally([Fact(None, "Turku", 2026, Decimal("2.5")), Fact(None, None, 2026, Decimal(1))], distinct=False)
    assert hours.total == Decimal("3.5") and hours.by_partner == {"Turku": Decimal("2.5")}
