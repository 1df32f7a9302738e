"""The suggestion pages show each company's share of the model's likelihood among those listed, not
the raw log-linear score (which is negative and means nothing to a user); the API keeps the score."""

from __future__ import annotations

import math

import pytest

from sme2go.accounts.models import ApiToken
from tests.e2e.registry_pages import client_for
from tests.e2e.test_partner_suggestions_page import consortium, names, registry  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_the_page_shows_shares_of_the_likelihood_and_the_api_the_score(registry, advisor):  # noqa: F811
    client = client_for(advisor)
    team = [registry["aqua"].pk, registry["volt"].pk]
    token = ApiToken.issue(user=advisor, name="t")[1]
    api = client.post("/api/partner-suggestions", {"company_ids": team, "k": 3}, content_type="application/json",
                      HTTP_AUTHORIZATION=f"Bearer {token}").json()
    scores = [s["score"] for s in api["suggestions"]]
    assert len(scores) == 3  # the model's raw scores, kept in the API
    total = sum(math.exp(s) for s in scores)
    expected = [round(100 * math.exp(s) / total) for s in scores]

    response = client.get(f"/consortia/suggest/?company={team[0]},{team[1]}&k=3")
    assert names(response) == [s["company"] for s in api["suggestions"]]
    page = response.content.decode()
    assert [f'<td class="share">{p} %</td>' in page for p in expected] == [True] * 3
    assert expected[0] > expected[1] > expected[2]
    for score in scores:
        assert f"<td>{score:.2f}</td>" not in page  # no raw score on the page
    assert "Share" in page and "how the model splits the likelihood" in page

    saved = consortium([registry["aqua"], registry["volt"]])
    page = client.get(f"/consortia/{saved.pk}/suggest/?k=3").content.decode()
    assert all(f'<td class="share">{p} %</td>' in page for p in expected)
