"""Top-level URL map: one include per product area."""

from django.contrib import admin
from django.urls import include, path

from sme2go.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("sme2go.accounts.urls")),
    path("api/", api.urls),
    path("taxonomy/", include("sme2go.taxonomy.urls")),
    path("markets/", include("sme2go.markets.urls")),
    path("opportunities/", include("sme2go.opportunities.urls")),
    path("consortia/", include("sme2go.consortia.urls")),
    path("consortia/", include("sme2go.collaboration.urls")),  # partner suggestions: /consortia/<id>/suggest/
    path("", include("sme2go.registry.urls")),
]
