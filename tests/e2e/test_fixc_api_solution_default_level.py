"""A capability sent without a level gets the documented default (1.0) instead of a server error."""

from __future__ import annotations

from tests.e2e.api_client import call, token_for


def test_a_capability_without_level_is_stored_at_level_one(advisor, ee_company):
    token = token_for(advisor)
    created = call("post", f"/api/companies/{ee_company.pk}/solutions", token=token,
                   body={"name": "X", "capabilities": [{"capability_id": "water.leak-detection"}]})
    assert created.status_code == 201, created.data
    assert created.data["capabilities"] == [{"capability_id": "water.leak-detection", "level": 1.0}]

    changed = call("patch", f"/api/solutions/{created.data['id']}", token=token,
                   body={"capabilities": [{"capability_id": "water.water-quality"}]})
    assert changed.status_code == 200, changed.data
    assert changed.data["capabilities"] == [{"capability_id": "water.water-quality", "level": 1.0}]
