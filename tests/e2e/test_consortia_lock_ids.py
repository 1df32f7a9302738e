"""Lock and exclude ids in the proposal page's address are checked: a bad one is an error, not ignored."""

from __future__ import annotations

import pytest

from tests.e2e.test_consortia_proposal_page import page
from tests.integration.consortia_registry import small_registry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name,label", [("lock", "Locked companies"), ("exclude", "Excluded companies")])
def test_an_id_that_is_not_a_company_id_is_an_error(client, advisor, name, label):
    small_registry()
    response = page(client, advisor, [(name, "abc")])
    html = response.content.decode()
    assert response.context["proposal"] is None
    assert f"{label}: “abc” is not a company id" in html
    assert "company abc" not in html
    assert 'value="abc">' in html, "the page offers to unlock / bring back the bad id"


@pytest.mark.parametrize("name,label", [("lock", "Locked companies"), ("do_lock", "Locked companies"),
                                        ("exclude", "Excluded companies")])
def test_an_unknown_company_is_an_error(client, advisor, name, label):
    small_registry()
    response = page(client, advisor, [(name, "999999")])
    assert response.context["proposal"] is None
    assert f"{label}: no company 999999 among the companies you may see" in response.content.decode()


def test_a_company_both_locked_and_excluded_is_an_error(client, advisor):
    companies = small_registry()
    both = str(companies["both"].pk)
    response = page(client, advisor, [("lock", both), ("exclude", both)])
    assert response.context["proposal"] is None
    assert "Both AB is both locked and excluded: unlock it or bring it back" in response.content.decode()
    # Unlocking it (the button on that page) leaves it excluded, and proposes.
    response = page(client, advisor, [("lock", both), ("exclude", both), ("unlock", both)])
    assert response.context["query"].errors == []
    assert "Excluded: Both AB" in response.content.decode()


def test_a_company_the_user_may_not_see_cannot_be_locked(client, company_user):
    companies = small_registry()
    response = page(client, company_user, [("lock", str(companies["aqua"].pk))])
    assert "Locked companies: no company" in response.content.decode()
    assert "Aqua Leak OÜ" not in response.content.decode()
