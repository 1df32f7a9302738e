"""GET /api/readiness/cohort: the readiness cohort page as data, for staff, with the same numbers."""

from __future__ import annotations

import pytest

from tests.e2e.api_client import assert_codes_documented, call, token_for
from tests.e2e.registry_pages import client_for
from tests.e2e.test_readiness_cohort_page import band_count, companies_listed
from tests.e2e.test_readiness_cohort_page import cohort as cohort_records  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_the_api_gives_the_pages_numbers(advisor, cohort_records):  # noqa: F811
    data = call("get", "/api/readiness/cohort?partner=Tehnopol&order=name", token=token_for(advisor)).data
    page = client_for(advisor).get("/readiness/?partner=Tehnopol&order=name").content.decode()
    assert (data["assessed"], data["never_assessed"], data["improved"], data["reassessed"]) == (1, 1, 1, 1)
    assert {b["band"]: b["companies"] for b in data["by_band"]} == {
        band: band_count(page, band) for band in ("Export-ready", "Nearly ready", "Developing", "Early stage")}
    assert [c["company"] for c in data["companies"]] == companies_listed(page) == ["Aqua Sense OÜ"]
    aqua = data["companies"][0]
    assert (aqua["band"], aqua["overall"], aqua["assessments"], aqua["change"]) == ("Export-ready", 75.0, 2, 50.0)
    everyone = call("get", "/api/readiness/cohort?band=Developing", token=token_for(advisor)).data
    assert everyone["assessed"] == 2 and [c["company"] for c in everyone["companies"]] == ["Volttiväylä Oy"]
    assert everyone["weakest_questions"][0]["key"] == "pricing"  # Volttiväylä answered 0


def test_every_code_the_cohort_answers_is_documented(advisor, company_user, cohort_records):  # noqa: F811
    tokens = {"advisor": token_for(advisor), "rep": token_for(company_user)}
    path = "/api/readiness/cohort"
    assert_codes_documented([
        ("get", "/api/readiness/cohort", path, "advisor", None, 200),
        ("get", "/api/readiness/cohort", path, None, None, 401),
        ("get", "/api/readiness/cohort", path, "rep", None, 403),
        ("get", "/api/readiness/cohort", f"{path}?band=Ready", "advisor", None, 422),
        ("get", "/api/readiness/cohort", f"{path}?order=best", "advisor", None, 422),
        ("get", "/api/readiness/cohort", f"{path}?partner=Nowhere", "advisor", None, 422),
    ], tokens)
    refused = call("get", f"{path}?band=Ready", token=tokens["advisor"])
    assert refused.data["field"] == "band" and "Export-ready" in refused.data["detail"]
