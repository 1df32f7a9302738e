"""REST API: the capability taxonomy."""

from __future__ import annotations

from ninja import Router, Schema

from sme2go.taxonomy import load_taxonomy

router = Router(tags=["capabilities"])


class CapabilityOut(Schema):
    id: str
    theme: str
    name: str


@router.get("/capabilities", response=list[CapabilityOut])
def list_capabilities(request, theme: str | None = None):  # type: ignore[no-untyped-def]
    """Every capability of the taxonomy, optionally of one theme."""
    return [
        {"id": c.id, "theme": c.theme_id, "name": c.name}
        for c in load_taxonomy().capabilities
        if theme is None or c.theme_id == theme
    ]
