"""A page number beyond any sensible list is refused with 422 naming `page`, not a server error;
a page past the last one (within the bound) is an empty page."""

from __future__ import annotations

import pytest

from tests.e2e.api_client import call, token_for

HUGE = 4611686018427387904  # 2**62: its SQL OFFSET overflowed SQLite's integer (IntegrityError, 500)


@pytest.mark.parametrize("path", ["/api/companies", "/api/opportunities"])
def test_a_huge_page_number_is_refused_naming_page(manager, ee_company, path):
    response = call("get", f"{path}?page={HUGE}", token=token_for(manager))
    assert response.status_code == 422, response.content
    assert response.data["field"] == "page"
    assert "100000" in response.data["detail"]


@pytest.mark.parametrize("path", ["/api/companies", "/api/opportunities"])
def test_the_last_allowed_page_is_an_empty_page(manager, ee_company, path):
    response = call("get", f"{path}?page=100000&page_size=100", token=token_for(manager))
    assert response.status_code == 200, response.content
    assert response.data["page"] == 100000 and response.data["items"] == []
