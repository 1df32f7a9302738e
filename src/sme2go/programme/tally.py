"""Counting facts into a KPI's total, per partner and per year. Pure: no Django.

A fact is one thing that happened: a company supported by a partner in a year, 12 people
trained at a partner's session in a year. A KPI either counts **distinct** keys (companies:
each once in the total, once per partner, once per year) or **sums** amounts (people, hours).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

Number = int | Decimal


@dataclass(frozen=True)
class Fact:
    key: object  # what is counted once (a company id) for distinct KPIs; anything for sums
    partner: str | None  # the partner's short name, or None when no partner is attributed
    year: int
    amount: Number = 1


@dataclass(frozen=True)
class Tally:
    total: Number
    by_partner: dict[str, Number] = field(default_factory=dict)
    by_year: dict[int, Number] = field(default_factory=dict)


def tally(facts: Iterable[Fact], *, distinct: bool) -> Tally:
    """Distinct keys (each counted once per scope) or summed amounts, in total, per partner, per year."""
    facts = list(facts)
    if distinct:
        total: Number = len({f.key for f in facts})
        partners: dict[str, set[object]] = {}
        years: dict[int, set[object]] = {}
        for f in facts:
            if f.partner is not None:
                partners.setdefault(f.partner, set()).add(f.key)
            years.setdefault(f.year, set()).add(f.key)
        return Tally(total, {p: len(k) for p, k in sorted(partners.items())},
                     {y: len(k) for y, k in sorted(years.items())})
    summed: dict[str, Number] = {}
    per_year: dict[int, Number] = {}
    for f in facts:
        if f.partner is not None:
            summed[f.partner] = summed.get(f.partner, 0) + f.amount
        per_year[f.year] = per_year.get(f.year, 0) + f.amount
    return Tally(sum((f.amount for f in facts), start=0), dict(sorted(summed.items())), dict(sorted(per_year.items())))
