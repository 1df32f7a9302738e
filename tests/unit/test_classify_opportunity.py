"""Classifying World Bank projects into capability themes: the cross-walk first, keywords as fallback."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from sme2go.opportunities.classify import (
    THEME_KEYWORDS,
    SectorShare,
    classify_by_keywords,
    classify_opportunity,
)
from sme2go.taxonomy import load_taxonomy
from sme2go.taxonomy.model import THEME_IDS


def shares(result):
    return {t.theme_id: round(t.share, 4) for t in result}


def test_it_splits_a_project_by_its_mapped_sector_percentages():
    result = classify_opportunity(
        sectors=[SectorShare("FY17 - Urban Transport", 60), SectorShare("FY17 - Water Supply", 40)],
        title="Nairobi urban services",
    )
    assert shares(result) == {"transportation": 0.6, "water": 0.4}
    assert {t.method for t in result} == {"sector"}


def test_it_applies_the_theme_share_of_a_sector_and_renormalises():
    # Railways map to transportation with share 0.5; Sanitation fully to wastewater.
    result = classify_opportunity(
        sectors=[SectorShare("FY17 - Railways", 50), SectorShare("FY17 - Sanitation", 50)], title="x"
    )
    assert shares(result) == {"transportation": round(0.25 / 0.75, 4), "wastewater": round(0.5 / 0.75, 4)}


def test_it_ignores_unmapped_sectors_when_a_mapped_one_exists():
    result = classify_opportunity(
        sectors=[SectorShare("FY17 - Other Agriculture, Fishing and Forestry", 90), SectorShare("FY17 - Waste Management", 10)],
        title="Rural roads and water",
    )
    assert shares(result) == {"solid-waste": 1.0}


def test_it_falls_back_to_keywords_of_title_and_objective_without_a_mapped_sector():
    result = classify_opportunity(
        sectors=[SectorShare("FY17 - Other Agriculture, Fishing and Forestry", 100)],
        title="Dakar Bus Rapid Transit Pilot",
        objective="improve urban mobility and road safety",
    )
    assert result[0].theme_id == "transportation" and result[0].method == "keyword"


def test_it_counts_a_title_keyword_twice_an_objective_keyword_once():
    result = classify_by_keywords(title="Sanitation project", objective="for better schools")
    assert shares(result) == {"wastewater": round(2 / 3, 4), "education": round(1 / 3, 4)}


def test_it_matches_whole_words_only():
    assert classify_by_keywords(title="Support to empowerment of portfolio managers") == []


def test_it_returns_no_theme_when_nothing_is_recognised():
    assert classify_opportunity(sectors=[], title="Structural adjustment credit") == []


def test_it_shares_the_rest_among_sectors_without_a_percentage():
    result = classify_opportunity(
        sectors=[SectorShare("FY17 - Urban Transport", 50), SectorShare("FY17 - Water Supply", None)], title="x"
    )
    assert shares(result) == {"transportation": 0.5, "water": 0.5}


def test_it_documents_keywords_for_every_theme():
    assert set(THEME_KEYWORDS) == set(THEME_IDS)
    assert all(THEME_KEYWORDS[t] for t in THEME_IDS)


MAPPED = sorted({row.code for row in load_taxonomy().worldbank_sectors})


@given(st.lists(st.tuples(st.sampled_from(MAPPED + ["unmapped sector"]), st.floats(1, 100)), max_size=6))
def test_it_matches_a_brute_force_sum_of_the_cross_walk(rows):
    taxonomy = load_taxonomy()
    result = classify_opportunity(sectors=[SectorShare(s, p) for s, p in rows], title="", objective="")
    oracle: dict[str, float] = {}
    for sector, percent in rows:
        for row in taxonomy.worldbank_sectors:
            if row.code == sector:
                oracle[row.theme_id] = oracle.get(row.theme_id, 0.0) + percent * row.share
    total = sum(oracle.values())
    if total == 0:
        assert result == []
        return
    assert math.isclose(sum(t.share for t in result), 1.0, abs_tol=1e-4)
    assert {t.theme_id for t in result} == {k for k, v in oracle.items() if v > 0}
    for t in result:
        assert math.isclose(t.share, oracle[t.theme_id] / total, abs_tol=1e-5)
