"""The OpenAPI document and the interactive docs, which must work offline (no CDN)."""

from __future__ import annotations

import re

from django.test import Client

EXPECTED_OPERATIONS = {
    ("/api/companies", "get"), ("/api/companies", "post"),
    ("/api/companies/{company_id}", "get"), ("/api/companies/{company_id}", "patch"),
    ("/api/companies/{company_id}", "delete"),
    ("/api/companies/{company_id}/solutions", "get"), ("/api/companies/{company_id}/solutions", "post"),
    ("/api/solutions/{solution_id}", "patch"), ("/api/solutions/{solution_id}", "delete"),
    ("/api/companies/{company_id}/contacts", "get"), ("/api/companies/{company_id}/contacts", "post"),
    ("/api/contacts/{contact_id}", "patch"), ("/api/contacts/{contact_id}", "delete"),
    ("/api/companies/{company_id}/notes", "get"), ("/api/companies/{company_id}/notes", "post"),
    ("/api/partners", "get"), ("/api/partners/{partner_id}", "get"),
    ("/api/capabilities", "get"),
    ("/api/support/modules", "get"), ("/api/support/sessions", "get"), ("/api/support/sessions/{session_id}", "get"),
    ("/api/companies/{company_id}/support-actions", "get"), ("/api/companies/{company_id}/support-actions", "post"),
    ("/api/missions", "get"), ("/api/missions/{mission_id}", "get"),
    ("/api/leads", "get"), ("/api/leads/{lead_id}", "get"), ("/api/companies/{company_id}/leads", "post"),
    ("/api/leads/{lead_id}/move", "post"), ("/api/companies/{company_id}/first-sale", "get"),
}


def test_the_openapi_document_lists_the_endpoints_and_both_ways_to_authenticate(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    operations = {(path, method) for path, item in document["paths"].items() for method in item}
    assert EXPECTED_OPERATIONS <= operations
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    assert any(s.get("in") == "cookie" for s in schemes.values())
    company_post = document["paths"]["/api/companies"]["post"]
    assert {"201", "403", "422"} <= set(company_post["responses"])


def test_the_interactive_docs_load_every_asset_from_this_server(db):
    client = Client()
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by sme2go (the docs must work offline)"
        response = client.get(asset)
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) > 100, asset
    assert "cdn" not in html.lower()
