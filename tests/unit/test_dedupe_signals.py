"""Each signal of the de-duplication rule, on pairs a partner would recognise."""

from __future__ import annotations

import pytest

from sme2go.registry.dedupe import CompanyRecord, find_candidates, normalise_code, score_pair


def pair(first: str, second: str, **fields: str) -> tuple[CompanyRecord, CompanyRecord]:
    a = {k[2:]: v for k, v in fields.items() if k.startswith("a_")}
    b = {k[2:]: v for k, v in fields.items() if k.startswith("b_")}
    country = fields.get("country", "SE")
    return CompanyRecord(1, first, a.pop("country", country), **a), CompanyRecord(2, second, b.pop("country", country), **b)


@pytest.mark.parametrize(
    "first, second",
    [
        ("Sweden Water Research AB", "Sweden Water Research Aktiebolag"),
        ("Sweden Water Research AB", "SWEDEN WATER RESEARCH"),
        ("Volttiväylä Oy", "Volttivayla Oyj"),
        ("Aqua Sense OÜ", "Aqua Sense OU"),
        ("Smart Grid Ltd", "Smart-Grid AB"),
        ("Glava Energy Center Ekonomisk förening", "Glava Energy Center ek. för."),
    ],
)
def test_it_sees_through_legal_form_case_accents_and_punctuation(first, second):
    candidate = score_pair(*pair(first, second))
    assert candidate.score == 1.0
    assert "same name without legal form, case, accents and punctuation" in candidate.reasons


def test_it_ignores_word_order():
    candidate = score_pair(*pair("Skellefteå Science City", "Science City Skellefteå AB"))
    assert candidate.score == 1.0
    assert "same words in another order" in candidate.reasons


@pytest.mark.parametrize("typo", ["Borghoms Komumn", "Borhgoms Kommun", "Borghoms Kommmun", "Borgoms Kommun"])
def test_it_forgives_one_typo(typo):
    candidate = score_pair(*pair("Borghoms Kommun", typo))
    assert candidate.score >= 0.85, candidate


def test_it_separates_organisations_that_share_only_a_common_word():
    records = [CompanyRecord(i, f"{town} kommun", "SE") for i, town in enumerate(
        ["Kalmar", "Kalix", "Karlstad", "Kalmr", "Umeå", "Lund", "Borås", "Gävle"], start=1)]
    found = {(c.first_id, c.second_id) for c in find_candidates(records)}
    assert found == {(1, 4)}  # Kalmar / Kalmr, not Kalmar / Kalix


def test_it_separates_names_that_differ_in_a_distinctive_word():
    candidate = score_pair(*pair("Hushållningssällskapet I Hallands Län", "Hushållningssällskapet I Jämtlands Län"))
    assert candidate.score < 0.85
    assert any(reason.startswith("different words") for reason in candidate.reasons)


@pytest.mark.parametrize("code", ["556123-4567", "5561234567", "SE 556123 4567", "se556123-4567"])
def test_it_matches_a_registry_code_written_differently(code):
    candidate = score_pair(*pair("Cuviva AB", "Totally Renamed AB", a_registry_code="556123-4567", b_registry_code=code))
    assert candidate.score == 1.0
    assert candidate.reasons[0] == "same registry code"


def test_it_finds_the_registry_code_inside_a_swedish_vat_number():
    candidate = score_pair(*pair("Cuviva AB", "Cuviva Group", a_registry_code="556123-4567", b_vat="SE556123456701"))
    assert candidate.reasons[0] == "same registry code"


def test_it_reads_codes_with_the_country_of_the_record():
    assert normalise_code("1234567-8", "FI") == normalise_code("FI12345678") == "FI:12345678"


def test_a_shared_website_domain_lifts_a_weaker_name_match():
    without = score_pair(*pair("KTH Kungliga Tekniska högskolan", "Kungl Tekniska Högskolan"))
    with_site = score_pair(*pair("KTH Kungliga Tekniska högskolan", "Kungl Tekniska Högskolan",
                                 a_website="https://www.kth.se/en", b_website="WWW.KTH.SE"))
    assert with_site.score > without.score
    assert "same website domain kth.se" in with_site.reasons


def test_a_shared_host_such_as_facebook_says_nothing():
    candidate = score_pair(*pair("Cuviva AB", "Ecoloop AB", a_website="https://facebook.com/cuviva",
                                 b_website="https://www.facebook.com/ecoloop"))
    assert candidate.score == 0.0


def test_different_registry_codes_are_different_companies():
    candidate = score_pair(*pair("Nordic Water AB", "Nordic Water AB", a_registry_code="5561234567", b_registry_code="5569999999"))
    assert candidate.score <= 0.5
    assert "different registry codes" in candidate.reasons


def test_the_same_name_in_two_countries_is_two_companies():
    candidate = score_pair(*pair("Smart Water AB", "Smart Water OÜ", a_country="SE", b_country="EE"))
    assert candidate.score == 0.0
    assert "different countries" in candidate.reasons


def test_a_record_without_a_country_is_compared_with_any_country():
    candidate = score_pair(*pair("Smart Water AB", "Smart Water", a_country="SE", b_country=""))
    assert candidate.score == 1.0


def test_it_lists_the_best_candidates_first_and_each_pair_once():
    records = [CompanyRecord(1, "Ecoloop AB", "SE"), CompanyRecord(2, "Ecolop AB", "SE"),
               CompanyRecord(3, "ECOLOOP", "SE"), CompanyRecord(4, "Cuviva AB", "SE")]
    found = find_candidates(records)
    assert [(c.first_id, c.second_id) for c in found][0] == (1, 3)
    assert len({(c.first_id, c.second_id) for c in found}) == len(found) == 3
