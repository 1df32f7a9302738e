"""The product's own "not found" page for a view's 404, also in development mode.

The demo and production run with DEBUG off (settings.py), so Django itself answers any 404
with 404.html and a server error with 500.html. In development (DEBUG on) Django would
answer a view's Http404 with its technical page; a company user asking for another company
should still see the product's page. An address no URL pattern matches keeps Django's debug
page in development, where it helps the developer. The API keeps its JSON errors
(django-ninja handles those before this runs).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


class ProductNotFoundPage:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and isinstance(exception, Http404) and not request.path.startswith("/api/"):
            return render(request, "404.html", status=404)
        return None
