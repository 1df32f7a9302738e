"""Any sequence of merges, undone in reverse order, leaves every company exactly as it was;
a refused merge changes nothing (hypothesis, on the real database)."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.registry.merging import MergeError, merge_companies, undo_merge
from sme2go.registry.models import Company, CompanyNote, Contact, Solution

FIELDS = ("city", "registry_code", "vat", "website", "founded_year", "nace_codes", "description")
VALUES = {"city": "Tartu", "registry_code": "EE999", "vat": "EE1", "website": "x.ee", "founded_year": 2019,
          "nace_codes": ["62.01"], "description": "Sensors"}  # fmt: skip

company_specs = st.lists(
    st.tuples(st.sets(st.sampled_from(FIELDS)), st.sets(st.sampled_from(["SISP", "Tehnopol", "Turku"])),
              st.integers(0, 2), st.integers(0, 2), st.booleans()),
    min_size=2, max_size=5,
)
merges = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=6)


def snapshot() -> dict:
    return {
        company.pk: (
            {name: getattr(company, name) for name in ("legal_name", "merged_into_id", *FIELDS)},
            sorted(company.partners.values_list("short_name", flat=True)),
            sorted(company.solutions.values_list("pk", flat=True)),
            sorted(company.contacts.values_list("pk", flat=True)),
            sorted(company.notes.values_list("pk", flat=True)),
        )
        for company in Company.objects.order_by("pk")
    }


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=company_specs, steps=merges)
def test_undoing_every_merge_in_reverse_restores_everything(partners, manager, specs, steps):
    with transaction.atomic():
        companies = []
        for index, (filled, supporters, solutions, contacts, note) in enumerate(specs):
            company = Company.objects.create(legal_name=f"Company {index}", country="EE",
                                             **{name: VALUES[name] for name in filled})
            company.partners.set([partners[s] for s in supporters])
            for n in range(solutions):
                Solution.objects.create(company=company, name=f"Solution {index}.{n}")
            for n in range(contacts):
                Contact.objects.create(company=company, name=f"Contact {index}.{n}")
            if note:
                CompanyNote.objects.create(company=company, partner=partners["Turku"], text=f"note {index}")
            companies.append(company)
        before = snapshot()
        done = []
        for keep, duplicate in steps:
            if keep >= len(companies) or duplicate >= len(companies):
                continue
            state = snapshot()
            try:
                done.append(merge_companies(keep=companies[keep], duplicate=companies[duplicate], actor=manager))
            except MergeError:
                assert snapshot() == state  # a refused merge changes nothing
        for record in reversed(done):
            undo_merge(record=record, actor=manager)
        assert snapshot() == before
        transaction.set_rollback(True)
