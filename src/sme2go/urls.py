"""Top-level URL map: one include per product area."""

from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path

from sme2go.api import api


def api_not_found(request: HttpRequest) -> JsonResponse:
    """An /api/ path no endpoint serves: a JSON 404 like the API's other errors, not a page."""
    return JsonResponse({"detail": f"no API endpoint at {request.path}"}, status=404)


urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("sme2go.accounts.urls")),
    path("api/", api.urls),
    re_path(r"^api/", api_not_found),
    path("taxonomy/", include("sme2go.taxonomy.urls")),
    path("markets/", include("sme2go.markets.urls")),
    path("opportunities/", include("sme2go.opportunities.urls")),
    path("consortia/", include("sme2go.consortia.urls")),
    path("report/", include("sme2go.programme.urls")),
    path("privacy/", include("sme2go.privacy.urls")),
    path("consortia/", include("sme2go.collaboration.urls")),  # partner suggestions: /consortia/<id>/suggest/
    path("", include("sme2go.readiness.urls")),  # /readiness/, /companies/<id>/readiness/
    path("", include("sme2go.support.urls")),  # /support/, /companies/<id>/support/new/
    path("", include("sme2go.missions.urls")),  # /missions/, /leads/, /companies/<id>/leads/new/
    path("", include("sme2go.registry.urls")),
]
