"""Template filters of the consortium pages: capabilities by their name, not their id."""

from __future__ import annotations

from django import template

from sme2go.taxonomy import load_taxonomy

register = template.Library()


@register.filter
def capability_name(capability_id: str) -> str:
    """ "water.leak-detection" -> "Leak detection" (an id the taxonomy does not know stays as it is)."""
    taxonomy = load_taxonomy()
    return taxonomy.capability(capability_id).name if taxonomy.is_capability(capability_id) else capability_id
