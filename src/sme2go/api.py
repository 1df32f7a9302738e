"""The REST API: one NinjaAPI, with a router per product area (see each app's api.py)."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from sme2go.accounts.api_auth import API_AUTH
from sme2go.api_errors import install_error_handlers


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 JSON with the letters as they are ("Aqua Sense OÜ", not "O\\u00dc")."""

    json_dumps_params = {"ensure_ascii": False}


# auth applies to every endpoint; the OpenAPI document and /api/docs stay open (ninja serves them unauthenticated).
api = NinjaAPI(
    auth=API_AUTH,
    renderer=ReadableJSONRenderer(),
    title="sme2go API",
    version="1",
    description=(
        "Companies, solutions, contacts, partners, capabilities, markets and consortia.\n\n"
        "Scripts send `Authorization: Bearer <token>` (create a token at /accounts/tokens/ or with "
        "`sme2go tokens create --user U --name N`); in the browser the login session is used. "
        "Errors are JSON: `{\"detail\": \"...\", \"field\": \"...\"}`. See docs/api.md."
    ),
    urls_namespace="api",
)
install_error_handlers(api)


def _register_routers() -> None:
    # Imported here so each app owns its router and this module stays a list.
    from sme2go.collaboration.api import router as collaboration_router
    from sme2go.consortia.api import router as consortia_router
    from sme2go.markets.api import router as markets_router
    from sme2go.opportunities.api import router as opportunities_router
    from sme2go.registry.api import router as registry_router
    from sme2go.taxonomy.api import router as taxonomy_router

    api.add_router("/", taxonomy_router)
    api.add_router("/", registry_router)
    api.add_router("/markets", markets_router)
    api.add_router("/opportunities", opportunities_router)
    api.add_router("/consortia", consortia_router)
    api.add_router("/", collaboration_router)


_register_routers()
