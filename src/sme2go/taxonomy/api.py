"""REST API: the capability taxonomy."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from sme2go.registry.api_schemas import ErrorOut
from sme2go.taxonomy import load_taxonomy
from sme2go.taxonomy.model import THEME_IDS

router = Router(tags=["capabilities"])


class CapabilityOut(Schema):
    id: str
    theme: str
    name: str


@router.get("/capabilities", response={200: list[CapabilityOut], 401: ErrorOut, 422: ErrorOut})
def list_capabilities(request: HttpRequest, theme: str | None = None) -> Any:
    """Every capability of the taxonomy, optionally of one theme (an unknown theme is a 422, as elsewhere)."""
    theme = (theme or "").strip() or None
    if theme is not None and theme not in THEME_IDS:
        # An empty list would look like a theme without capabilities.
        raise ValidationError({"theme": [f"unknown theme {theme!r}; expected one of {', '.join(THEME_IDS)}"]})
    return [
        {"id": c.id, "theme": c.theme_id, "name": c.name}
        for c in load_taxonomy().capabilities
        if theme is None or c.theme_id == theme
    ]
