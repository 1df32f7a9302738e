"""The product's own "not found" page, also in development and demo mode.

With DEBUG on, Django answers a view's Http404 with its technical debug page; the
demo runs with DEBUG on, and a company user asking for another company should see
the product's page, not a developer's. With DEBUG off Django uses 404.html anyway.
The API keeps its JSON errors (django-ninja handles those before this runs).
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
