"""What saving a form would change, worked out without writing: for the page that shows a
`ChangedMeanwhile` save beside what is stored now."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from sme2go.registry.models import Company, Contact, Solution
from sme2go.registry.services.companies import _company_snapshot, update_company
from sme2go.registry.services.contacts import _contact_snapshot, update_contact
from sme2go.registry.services.solutions import _solution_snapshot, update_solution


def what_saving_would_change(*, actor: Any, record: Company | Solution | Contact,
                             data: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Field -> (as stored, after saving `data`) for each field that saving `data` onto the stored
    `record` would change. Nothing is written: the save runs in a transaction that is rolled back."""
    update: Callable[..., Any]
    snapshot: Callable[[Any], dict[str, Any]]
    if isinstance(record, Company):
        update, snapshot, keyword = update_company, _company_snapshot, "company"
    elif isinstance(record, Solution):
        update, snapshot, keyword = update_solution, _solution_snapshot, "solution"
    else:
        update, snapshot, keyword = update_contact, _contact_snapshot, "contact"
    fresh = type(record).objects.get(pk=record.pk)
    before = snapshot(fresh)
    after: dict[str, Any] = {}
    try:
        with transaction.atomic():
            update(actor=actor, data=data, **{keyword: fresh})
            after = snapshot(fresh)
            raise _RollBack
    except (_RollBack, ValidationError, PermissionDenied):
        pass
    return {name: (before[name], value) for name, value in after.items() if before.get(name) != value}


class _RollBack(Exception):
    pass
