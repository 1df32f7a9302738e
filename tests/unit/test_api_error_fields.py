"""How a validation error's location becomes the `field` a client sees."""

from __future__ import annotations

import pytest

from sme2go.api_errors import error_body, field_path


@pytest.mark.parametrize(("loc", "expected"), [
    (("body", "payload", "legal_name"), "legal_name"),
    (("body", "payload", "capabilities", 0, "capability_id"), "capabilities[0].capability_id"),
    (("body", "payload", "references", 2, "year"), "references[2].year"),
    (("body", "payload"), None),
    (("query", "page_size"), "page_size"),
    (("path", "company_id"), "company_id"),
    (("nace_codes", 1), "nace_codes[1]"),
    (("body", "payload", ""), '[""]'),
    (("body", "payload", "capabilities", 0, ""), 'capabilities[0][""]'),
])
def test_it_turns_a_location_into_a_field_path(loc, expected):
    assert field_path(loc) == expected


def test_one_error_is_a_flat_body_and_several_are_listed_too():
    assert error_body([("bad country", "country")]) == {"detail": "bad country", "field": "country"}
    several = error_body([("bad country", "country"), ("bad site", "website")])
    assert (several["detail"], several["field"]) == ("bad country", "country")
    assert [e["field"] for e in several["errors"]] == ["country", "website"]
