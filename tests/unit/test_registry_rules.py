"""Field rules of the registry (pure, no database)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sme2go.registry import rules

nace_code = st.from_regex(r"\d{2}(\.\d{1,2})?", fullmatch=True)


@given(st.lists(nace_code, max_size=6), st.sampled_from([", ", ",", "; ", " "]))
def test_it_reads_back_any_list_of_nace_codes_written_as_text(codes, separator):
    expected = list(dict.fromkeys(codes))  # order kept, duplicates dropped
    assert rules.clean_nace_codes(separator.join(codes)) == expected
    assert rules.clean_nace_codes(codes) == expected


@pytest.mark.parametrize("bad", ["6201", "62-01", "6.2", "62.011", "Z62.01", "sixty-two"])
def test_it_names_an_ill_formed_nace_code(bad):
    with pytest.raises(ValueError, match=bad.replace(".", r"\.")):
        rules.clean_nace_codes(f"35.1, {bad}")


def test_it_accepts_a_section_letter_before_a_nace_code():
    assert rules.clean_nace_codes("J62.01") == ["62.01"]


@pytest.mark.parametrize(("raw", "code"), [("ee", "EE"), (" FI ", "FI"), ("se", "SE"), ("KE", "KE")])
def test_it_normalises_iso_country_codes(raw, code):
    assert rules.clean_country(raw) == code


@pytest.mark.parametrize("bad", ["", "Estonia", "XX", "E", "EST"])
def test_it_refuses_what_is_not_an_iso_country_code(bad):
    with pytest.raises(ValueError):
        rules.clean_country(bad)


def test_it_bounds_the_founding_year_by_this_year():
    today = datetime.date(2026, 6, 1)
    assert rules.clean_founded_year("2026", today=today) == 2026
    assert rules.clean_founded_year("", today=today) is None
    for bad in ("2027", "1799", "soon"):
        with pytest.raises(ValueError):
            rules.clean_founded_year(bad, today=today)


@pytest.mark.parametrize(
    ("raw", "url"),
    [("www.aqua.ee", "https://www.aqua.ee"), ("http://aqua.ee/en", "http://aqua.ee/en"),
     ("HTTPS://Volttiväylä.fi", "HTTPS://Volttiväylä.fi"), ("", "")],
)
def test_it_completes_web_addresses(raw, url):
    assert rules.clean_website(raw) == url


@pytest.mark.parametrize("bad", ["not a site", "localhost", "aqua", "http://", "javascript:alert(1)"])
def test_it_refuses_what_is_not_a_web_address(bad):
    with pytest.raises(ValueError):
        rules.clean_website(bad)


def test_it_checks_capability_ids_and_levels():
    assert rules.clean_capability_levels({"water.leak-detection": "0.5"}) == {"water.leak-detection": 0.5}
    with pytest.raises(ValueError, match="unknown capability"):
        rules.clean_capability_levels({"water.teleport": 0.5})
    with pytest.raises(ValueError, match="between 0 and 1"):
        rules.clean_capability_levels({"water.leak-detection": 1.2})
