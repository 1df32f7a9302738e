"""Two people merging the same pair in opposite directions at once: one merge wins, the other
is refused with a message, nothing is half-written (PostgreSQL: real row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from sme2go.registry.merging import MergeError, merge_companies
from sme2go.registry.models import Company, MergeRecord, Solution


@pytest.mark.django_db(transaction=True)
def test_opposite_merges_at_the_same_time_leave_one_company(partners, manager):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers without row locks; the race needs PostgreSQL")
    a = Company.objects.create(legal_name="Aqua Sense OÜ", country="EE")
    b = Company.objects.create(legal_name="AQUA SENSE", country="EE")
    Solution.objects.create(company=a, name="Pipe twin")
    Solution.objects.create(company=b, name="Leak radar")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def merge(keep: Company, duplicate: Company) -> None:
        try:
            start.wait()
            merge_companies(keep=keep, duplicate=duplicate, actor=manager)
            outcomes.append("merged")
        except MergeError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=merge, args=pair) for pair in ((a, b), (b, a))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes)[-1] == "merged" and "already merged" in sorted(outcomes)[0]
    assert MergeRecord.objects.count() == 1
    live = Company.objects.filter(merged_into__isnull=True)
    assert live.count() == 1
    assert sorted(live.get().solutions.values_list("name", flat=True)) == ["Leak radar", "Pipe twin"]
