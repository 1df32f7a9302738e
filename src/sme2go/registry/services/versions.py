"""Versions against lost updates: a save that names the version its form showed is refused with
`ChangedMeanwhile` when someone saved the record since. Each record's fingerprint
(`company_version`, `solution_version`, `contact_version`) is beside its use cases."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from sme2go.registry.models import Company, Contact, Solution


class ChangedMeanwhile(Exception):
    """Someone saved the record after the form was opened: nothing was written. `current` is the
    record as stored now and `version` its version, for the form to show and send back."""

    def __init__(self, current: Company | Solution | Contact, version: str) -> None:
        super().__init__("someone changed this record since you opened it")
        self.current, self.version = current, version


def _version(snapshot: Mapping[str, Any]) -> str:
    text = json.dumps(snapshot, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _require_version(obj: Any, expected: str, version_of: Callable[[Any], str]) -> None:
    """Lock the stored row (until the caller's transaction ends) and compare its version; on a
    match `obj` is refreshed from it, so the save starts from what is stored."""
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    now = version_of(current)
    if now != expected:
        raise ChangedMeanwhile(current, now)
    obj.refresh_from_db()
