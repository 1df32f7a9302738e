"""The list's pages, read as ids from the sort's index then fetched, are the pages of the plain
ordered query: every sort, empty dates and amounts last, ties by external id."""

from __future__ import annotations

import datetime as dt

import pytest

from sme2go.opportunities.models import Opportunity
from sme2go.opportunities.services import (
    SORTS,
    OpportunityFilter,
    opportunity_page,
    search_opportunities,
)
from tests.e2e.api_client import call, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(db):
    dates = [dt.date(2020, 1, 1), dt.date(2021, 6, 1), None, dt.date(2020, 1, 1), None]
    amounts = [5_000_000, None, 1_000_000, 5_000_000, None]
    for i in range(30):
        Opportunity.objects.create(
            external_id=f"P{(i * 7) % 30:03d}", title=f"Water project {i}", status="Active",
            approval_date=dates[i % 5], amount_usd=amounts[(i // 2) % 5],
        )  # fmt: skip


def by_hand(sort: str) -> list[str]:
    """The order SORTS promises, computed in Python: empty values last, then by external id."""
    column = "approval_date" if "date" in sort else "amount_usd"
    rows = list(Opportunity.objects.values_list(column, "external_id"))
    present = sorted((r for r in rows if r[0] is not None), key=lambda r: r[1])
    present.sort(key=lambda r: r[0], reverse=sort.startswith("-"))
    return [r[1] for r in present] + sorted(r[1] for r in rows if r[0] is None)


@pytest.mark.parametrize("sort", list(SORTS))
def test_every_page_is_the_slice_of_the_sorted_list(projects, sort):
    found = search_opportunities(OpportunityFilter(sort=sort))
    expected = by_hand(sort)
    assert list(found.values_list("external_id", flat=True)) == expected
    for start in (0, 7, 25, 29, 30, 40):
        assert [o.external_id for o in opportunity_page(found, start=start, size=7)] == expected[start : start + 7]


def test_a_page_past_the_last_is_empty_in_the_api(projects, advisor):
    body = call("get", "/api/opportunities?page=5&page_size=10", token=token_for(advisor)).json()
    assert body["count"] == 30 and body["pages"] == 3 and body["items"] == []


@pytest.mark.parametrize("sort", ["-approval_date", "approval_date"])
def test_a_year_range_keeps_the_date_order(projects, sort):
    found = search_opportunities(OpportunityFilter(sort=sort, approved_from=2020, approved_to=2021))
    dated = [pid for pid in by_hand(sort) if Opportunity.objects.get(external_id=pid).approval_date is not None]
    assert list(found.values_list("external_id", flat=True)) == dated
    assert [o.external_id for o in opportunity_page(found, start=3, size=5)] == dated[3:8]
