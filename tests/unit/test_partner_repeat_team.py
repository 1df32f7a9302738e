"""The "repeat team" signals of partner suggestion, hand-computed on the small history of partner_graphs."""

from __future__ import annotations

import math

import numpy as np

from sme2go.collaboration.suggest import (
    FEATURE_NAMES,
    PartnerQuery,
    PartnerSuggester,
    feature_matrix,
)
from tests.unit.partner_graphs import history

PRC = frozenset({"PRC"})


def signals_by_pic(members: tuple[str, ...], parts: tuple[str, ...] = ()) -> dict[str, dict[str, float]]:
    suggester = PartnerSuggester(history().until(2018))
    signals, _ = suggester.scored(PartnerQuery(members=members, programme_parts=parts, candidate_types=PRC), "ppr")
    return {
        suggester.history.pics[c]: {name: float(v[i]) for name, v in signals.values.items()}
        for i, c in enumerate(signals.candidates)
    }


def test_it_finds_the_strongest_single_tie_to_a_member():
    # Up to 2018: 200 shares p1 with 400 and p4 with 400 and 500 -> two projects with 400, one with 500.
    by_pic = signals_by_pic(("400", "500"))
    assert by_pic["200"]["max_tie"] == 2
    assert by_pic["200"]["shared_projects"] == 3
    assert by_pic["300"]["max_tie"] == 1  # p2 with both 400 and 500, once each
    assert by_pic["800"]["max_tie"] == 0


def test_it_weighs_the_strongest_tie_by_recency():
    # The history ends in 2017: p1 (2015) weighs 0.5 ** (2 / 2) = 0.5, p4 (2017) weighs 1.
    by_pic = signals_by_pic(("400",))
    assert math.isclose(by_pic["200"]["max_recent_tie"], 1.5)
    assert math.isclose(by_pic["300"]["max_recent_tie"], 0.5 ** 0.5)  # p2, 2016


def test_it_counts_ties_in_the_query_programme_part_only():
    # Members 400 and 500, part LEIT: p2 (LEIT, both members) gives 300 two pairs; p4 (LEIT, both) gives
    # 200 and 700 two pairs; p1 (SC4 only) does not count for 200.
    by_pic = signals_by_pic(("400", "500"), ("LEIT",))
    assert by_pic["200"]["part_shared"] == 2
    assert by_pic["300"]["part_shared"] == 2
    assert by_pic["700"]["part_shared"] == 2
    assert by_pic["100"]["part_shared"] == 0  # p1 is SC4
    assert signals_by_pic(("400", "500"), ("SC4",))["100"]["part_shared"] == 1


def test_it_finds_the_most_members_met_in_one_project():
    # Members 400, 500, 100: 200 met 400 and 100 in p1, 400 and 500 in p4 -> 2; 600 met 500 in p3 -> 1.
    by_pic = signals_by_pic(("400", "500", "100", "unknown"))
    assert by_pic["200"]["best_overlap"] == 2
    assert by_pic["600"]["best_overlap"] == 1
    assert by_pic["800"]["best_overlap"] == 0
    assert by_pic["200"]["known_members"] == 3  # the unknown pic carries no signal


def test_it_normalises_the_repeat_team_by_the_known_members():
    suggester = PartnerSuggester(history().until(2018))
    signals, _ = suggester.scored(PartnerQuery(members=("400", "500", "100"), candidate_types=PRC), "ppr")
    x = feature_matrix(signals, suggester.history.org_count)
    row = x[[suggester.history.pics[c] for c in signals.candidates].index("200")]
    column = {name: row[i] for i, name in enumerate(FEATURE_NAMES)}
    assert math.isclose(column["common_neighbours_share"], 3 / 3)  # 200 worked with 400, 500 and 100
    assert math.isclose(column["best_overlap_share"], 2 / 3)
    assert math.isclose(column["log_max_tie"], math.log(1 + 2))
    # 200's partners up to 2018: 400, 100, 700, 500 -> PPR is divided by 4.
    ppr = signals.values["ppr"][[suggester.history.pics[c] for c in signals.candidates].index("200")]
    assert math.isclose(column["log_ppr_per_partner"], math.log1p(ppr * suggester.history.org_count / 4))
    assert np.isfinite(x).all()
