"""The REST API: one NinjaAPI, with a router per product area (see each app's api.py)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from sme2go.accounts.api_auth import API_AUTH
from sme2go.api_errors import install_error_handlers, one_value_per_key


class OneValueParser(Parser):
    """A query parameter given more than once reaches the schema as the list of its values, so one
    that takes a single value is refused (422 naming it) instead of quietly taking the last one:
    `?theme=bogus&theme=water` must not answer as if only `water` had been asked. Likewise a key
    given twice in one object of a JSON body is a 400 naming it (`{"name": "x", "name": "y"}`)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return json.loads(request.body, object_pairs_hook=one_value_per_key)  # type: ignore[no-any-return]

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        return {key: data.getlist(key) if key in list_fields or len(data.getlist(key)) > 1 else data[key]
                for key in data}


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 JSON with the letters as they are ("Aqua Sense OÜ", not "O\\u00dc")."""

    json_dumps_params = {"ensure_ascii": False}


def document_body_errors(schema: OpenAPISchema) -> None:
    """List 400 (the body is not JSON) and 413 (the body is too large) for every operation that takes a
    body: any of them may answer both before its own code runs, so no endpoint declares them itself."""
    from sme2go.registry.api_schemas import ErrorOut

    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}"))
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    descriptions = {
        "400": "the body is not JSON: send a JSON object with the header Content-Type: application/json",
        "413": f"the body is larger than {limit_mb:g} MB",
    }
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "requestBody" not in operation:
                continue
            responses: dict[Any, Any] = operation.setdefault("responses", {})
            declared = {str(code) for code in responses}  # ninja keeps an endpoint's own codes as ints
            for code, description in descriptions.items():
                if code in declared:
                    continue
                responses[code] = {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
                }


class SmeNinjaAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document also lists the errors every body-taking operation may answer."""

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_body_errors(schema)
        return schema


# auth applies to every endpoint; the OpenAPI document and /api/docs stay open (ninja serves them unauthenticated).
api = SmeNinjaAPI(
    auth=API_AUTH,
    renderer=ReadableJSONRenderer(),
    parser=OneValueParser(),
    title="sme2go API",
    version="1",
    description=(
        "Companies, solutions, contacts, partners, capabilities, readiness, markets, opportunities, consortia, "
        "training and support, missions, leads and sales, the programme's KPIs.\n\n"
        "Scripts send `Authorization: Bearer <token>` (create a token at /accounts/tokens/ or with "
        "`sme2go tokens create --user U --name N`); in the browser the login session is used. "
        "Errors are JSON: `{\"detail\": \"...\", \"field\": \"...\"}`. See docs/api.md."
    ),
    urls_namespace="api",
)
install_error_handlers(api)


def _register_routers() -> None:
    # Imported here so each app owns its router and this module stays a list. The writes of missions
    # and of training sessions (missions/api_changes.py, support/api_sessions.py) add their endpoints
    # to those apps' routers when imported: GET and POST of one path must share a router.
    import sme2go.missions.api_changes
    import sme2go.support.api_sessions  # noqa: F401
    from sme2go.collaboration.api import router as collaboration_router
    from sme2go.consortia.api import router as consortia_router
    from sme2go.markets.api import router as markets_router
    from sme2go.missions.api import router as missions_router
    from sme2go.opportunities.api import router as opportunities_router
    from sme2go.programme.api import router as programme_router
    from sme2go.readiness.api import router as readiness_router
    from sme2go.registry.api import router as registry_router
    from sme2go.support.api import router as support_router
    from sme2go.taxonomy.api import router as taxonomy_router

    api.add_router("/", taxonomy_router)
    api.add_router("/", registry_router)
    api.add_router("/markets", markets_router)
    api.add_router("/opportunities", opportunities_router)
    api.add_router("/consortia", consortia_router)
    api.add_router("/", collaboration_router)
    api.add_router("/", readiness_router)
    api.add_router("/report", programme_router)
    api.add_router("/", support_router)
    api.add_router("/", missions_router)


_register_routers()
