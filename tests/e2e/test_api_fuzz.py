"""Every operation of the OpenAPI document, fuzzed by schemathesis as the manager, an advisor, a company
user and a caller without a valid token, on a programme with one record of each kind: no answer is a
5xx, every status is one the document lists for the operation, every body, content type and header
matches what the document says, a request the document forbids is refused, and a refused write
leaves every stored record as it was. Requests are built from the document both as it allows
(positive) and as it forbids (negative); in a path, an id is most often one of a stored record.

Bounded and deterministic (derandomized, no example database); each request runs in a savepoint that
is rolled back, so one write never changes what the next request finds."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sme2go.accounts.models import ApiToken
from tests.conftest import make_user
from tests.e2e.api_client import token_for
from tests.e2e.api_fuzz_data import build_programme, known_ids

pytestmark = pytest.mark.django_db

APP = get_wsgi_application()
DOCUMENT = schemathesis.openapi.from_wsgi("/api/openapi.json", APP)
READS = DOCUMENT.include(method="GET")
WRITES = DOCUMENT.include(method=["POST", "PATCH", "DELETE"])
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
EXAMPLES = {"reads": 200, "writes": 250}
ANONYMOUS_EXAMPLES = 60  # each is a 401 before any other check: a few show every operation lists it

# What a refused request must leave as it was: every record of the programme and its users (not the
# bundled market data, which the API only reads, nor a token's last use, which every request notes).
PROGRAMME = {"auth", "accounts", "registry", "consortia", "collaboration", "readiness", "support", "programme",
             "missions", "privacy"}
KEPT = [model for model in apps.get_models() if model._meta.app_label in PROGRAMME and model is not ApiToken]


def stored() -> dict[str, list[Any]]:
    return {model._meta.label: list(model.objects.order_by("pk").values_list()) for model in KEPT}


@pytest.fixture
def programme(settings, manager, advisor, ee_company, fi_company, partners, django_user_model) -> dict[str, Any]:
    # The werkzeug client schemathesis drives the app with says Host: localhost.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    rep = make_user(django_user_model, "aqua-rep", role="company", company=ee_company)
    build_programme(advisor=advisor, ee_company=ee_company, fi_company=fi_company, partners=partners)
    # As Django's test client does: neither the start nor the end of a request may close the test's
    # connection (that would end the transaction the test runs in; on PostgreSQL, where a connection
    # inside a transaction looks "unusable" to close_old_connections, it did).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"tokens": {"manager": token_for(manager), "advisor": token_for(advisor), "company": token_for(rep),
                      "anonymous": "not-a-token"},
           "ids": known_ids()}
    request_finished.connect(close_old_connections)
    request_started.connect(close_old_connections)


@st.composite
def requests(draw: Any, operations: Any, ids: dict[str, list[Any]]) -> Any:
    mode = draw(st.sampled_from([GenerationMode.POSITIVE, GenerationMode.NEGATIVE]))
    case = draw(operations.as_strategy(generation_mode=mode))
    if mode == GenerationMode.POSITIVE:
        for name in list(case.path_parameters or {}):
            if ids.get(name) and draw(st.integers(0, 9)) < 8:
                case.path_parameters[name] = draw(st.sampled_from(ids[name]))
    return case


@pytest.mark.parametrize("kind", ["reads", "writes"])
@pytest.mark.parametrize("role", ["manager", "advisor", "company", "anonymous"])
def test_every_answer_is_documented_and_none_is_a_server_error(programme, role, kind):
    operations = READS if kind == "reads" else WRITES
    token = programme["tokens"][role]

    @settings(max_examples=ANONYMOUS_EXAMPLES if role == "anonymous" else EXAMPLES[kind], deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=requests(operations, programme["ids"]))
    def answers_as_documented(case: Any) -> None:
        with transaction.atomic():
            before = stored() if kind == "writes" else None
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            after = stored() if kind == "writes" else None
            transaction.set_rollback(True)
        # A request the document forbids must be refused (4xx), not answered as if it were allowed.
        refusing = [negative_data_rejection] if case.meta.generation.mode == GenerationMode.NEGATIVE else []
        case.validate_response(response, checks=CHECKS + refusing)
        if response.status_code >= 400:
            assert after == before, f"{case.method} {case.formatted_path} answered {response.status_code} " \
                                    f"but changed what is stored: {response.content[:300]!r}"

    answers_as_documented()
