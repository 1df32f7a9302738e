"""Validation helpers the registry services share: text limits, one-line text, unknown fields,
model-level checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError

from sme2go.registry import rules

LIMITS = rules.MAX_LENGTH


def _one_line(limit: int) -> Callable[[Any], str]:
    """A one-line text field: control characters and line breaks refused, spaces collapsed."""
    return lambda v: " ".join(rules.clean_text(v, limit=limit).split())


def _reject_unknown(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError({name: [f"unknown field {name!r}"] for name in unknown})


def _validate_model(obj: Any, *, exclude: list[str]) -> None:
    """Model-level checks (lengths, choices, ranges, e-mail format), errors keyed by field."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None
