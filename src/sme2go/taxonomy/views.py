"""Browsing the capability taxonomy and its cross-walks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sme2go.taxonomy import load_taxonomy


@login_required
def theme_list(request: HttpRequest) -> HttpResponse:
    taxonomy = load_taxonomy()
    by_theme = {
        theme.id: {
            "worldbank": [row for row in taxonomy.worldbank_sectors if row.theme_id == theme.id],
            "cpv": [row for row in taxonomy.cpv if row.theme_id == theme.id],
            "nace": [row for row in taxonomy.nace if row.theme_id == theme.id],
        }
        for theme in taxonomy.themes
    }
    rows = [
        {"theme": theme, "giffinger": taxonomy.giffinger[theme.giffinger], **by_theme[theme.id]}
        for theme in taxonomy.themes
    ]
    return render(request, "taxonomy/theme_list.html", {"rows": rows})
