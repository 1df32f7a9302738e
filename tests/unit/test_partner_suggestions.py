"""What a user of partner suggestions relies on, whatever the method."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sme2go.collaboration.history import History
from sme2go.collaboration.model import PartnerModel, Weights, shipped_model
from sme2go.collaboration.suggest import METHODS, PartnerQuery, PartnerSuggester, reasons_for
from tests.unit.partner_graphs import ORGS, history

SUGGESTER = PartnerSuggester(history().until(2018), shipped_model())
PICS = sorted(ORGS)


@settings(max_examples=80, deadline=None)
@given(
    method=st.sampled_from(METHODS),
    members=st.lists(st.sampled_from([*PICS, "999"]), max_size=4, unique=True),
    countries=st.none() | st.sets(st.sampled_from(["EE", "FI", "SE", "DE"]), min_size=1),
    types=st.none() | st.sets(st.sampled_from(["PRC", "HES", "REC"]), min_size=1),
    k=st.integers(1, 10),
)
def test_it_suggests_only_allowed_non_members_best_first(method, members, countries, types, k):
    query = PartnerQuery(
        members=tuple(members),
        candidate_countries=None if countries is None else frozenset(countries),
        candidate_types=None if types is None else frozenset(types),
        k=k,
    )
    suggestions = SUGGESTER.suggest(query, method)
    allowed = [
        pic for pic in PICS
        if pic not in members
        and (countries is None or ORGS[pic][0] in countries)
        and (types is None or ORGS[pic][1] in types)
    ]
    assert len(suggestions) == min(k, len(allowed))
    assert {s.pic for s in suggestions} <= set(allowed)
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert all(s.reasons for s in suggestions)
    for position, s in enumerate(suggestions, start=1):
        assert SUGGESTER.rank_of(query, s.pic, method) == position


def test_it_explains_a_suggestion_in_plain_words():
    [best] = SUGGESTER.suggest(
        PartnerQuery(members=("400", "500"), programme_parts=("LEIT",), candidate_types=frozenset({"PRC"}), k=1),
        "common_neighbours",
    )
    assert best.pic == "200"
    # 200 shared p1 with 400 and p4 with both 400 and 500: two projects (three member-project pairs).
    assert best.reasons[0] == "worked with 2 of the members in 2 shared projects"
    assert "1 project in LEIT" in best.reasons
    assert "2 projects in the history, 1 as coordinator" in best.reasons


def test_reasons_read_naturally_in_the_singular_and_the_plural():
    def values(**given: int) -> dict[str, np.ndarray]:
        return {name: np.array([float(given.get(name, 0))]) for name in (
            "common_neighbours", "shared_projects", "partner_hops", "part_projects", "popularity", "coordinated",
            "same_country_members",
        )}

    one = values(common_neighbours=1, shared_projects=1, part_projects=1, popularity=1, same_country_members=1)
    assert reasons_for(one, 0, ("SC4",), projects_together=1) == (
        "worked with 1 of the members in 1 shared project", "1 project in SC4", "1 project in the history",
        "1 member from the same country",
    )
    two = values(common_neighbours=2, shared_projects=2, part_projects=2, popularity=2, coordinated=2,
                 same_country_members=2)
    assert reasons_for(two, 0, ("SC4",), projects_together=2) == (
        "worked with 2 of the members in 2 shared projects", "2 projects in SC4",
        "2 projects in the history, 2 as coordinator", "2 members from the same country",
    )
    assert not any("(s)" in r or "of the member " in r
                   for r in reasons_for(one, 0, (), projects_together=1) + reasons_for(two, 0, (), projects_together=2))


def test_it_says_when_a_candidate_is_a_partner_of_a_partner():
    # 600 worked only with 500, who worked with 100's partner 200 ... 100 -> 200 -> 500 -> 600 is three hops;
    # 300 worked with 400, 100's partner: two hops.
    suggestions = SUGGESTER.suggest(PartnerQuery(members=("100",), candidate_types=frozenset({"PRC"}), k=10), "ppr")
    reasons = {s.pic: s.reasons for s in suggestions}
    assert "partner of a partner of the members" in reasons["300"]
    assert not any("partner" in r for r in reasons["800"])


def test_it_still_suggests_when_no_member_is_in_the_history():
    suggestions = SUGGESTER.suggest(PartnerQuery(members=("unknown-1",), programme_parts=("SC4",), k=3))
    assert len(suggestions) == 3


def test_it_keeps_pics_exactly_as_written():
    h = history({"p": (2016, (), ("007", "7"))}, {"007": ("EE", "PRC"), "7": ("EE", "PRC")})
    assert isinstance(h, History)
    [s] = PartnerSuggester(h).suggest(PartnerQuery(members=("7",), k=5), "popularity")
    assert s.pic == "007"


@settings(max_examples=60, deadline=None)
@given(members=st.lists(st.sampled_from(PICS), min_size=1, max_size=4, unique=True), method=st.sampled_from(METHODS))
def test_a_suggestion_never_shares_more_projects_with_the_team_than_it_has(members, method):
    """ "worked with 2 of the members in N shared projects" counts distinct projects: N never exceeds
    the candidate's projects in the history (it did when (member, project) pairs were counted)."""
    full = history()
    for s in SUGGESTER.suggest(PartnerQuery(members=tuple(members), k=10), method):
        shared = [r for r in s.reasons if r.startswith("worked with")]
        total = next(r for r in s.reasons if r.endswith("in the history") or "in the history," in r)
        if shared:
            n_shared = int(shared[0].split(" in ")[1].split()[0])
            assert 1 <= n_shared <= int(total.split()[0])
            projects = {full.project_ids[j] for j in full.until(2018).projects_of(full.index_of()[s.pic])}
            with_team = {
                full.project_ids[j] for m in members for j in full.until(2018).projects_of(full.index_of()[m])
            }
            assert n_shared == len(projects & with_team)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1]", "must be a JSON object with small_team_max, small_team and whole_consortium"),
        ('{"small_team": {}}', "missing key\\(s\\) small_team_max, whole_consortium"),
        ("{not json", "not valid JSON"),
        ('{"small_team_max": -1, "small_team": {}, "whole_consortium": {}}', "'small_team_max' must be a whole number"),
        ('{"small_team_max": 4, "small_team": [1], "whole_consortium": {}}',
         "small_team: must be a JSON object with features, weights, mean and scale"),
        ('{"small_team_max": 4, "small_team": {"weights": []}, "whole_consortium": {}}',
         "small_team: missing key\\(s\\) features, mean, scale"),
    ],
)
def test_a_weights_file_that_is_not_a_model_says_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        PartnerModel.from_json(text)


def test_a_weights_file_with_a_wrong_part_names_the_part_and_the_key():
    good = json.loads(shipped_model().to_json())
    short = json.loads(json.dumps(good))
    short["whole_consortium"]["mean"] = short["whole_consortium"]["mean"][:-1]
    with pytest.raises(ValueError, match="whole_consortium: 'mean' must be a list of 23 numbers, one per feature"):
        PartnerModel.from_json(json.dumps(short))
    wrong = json.loads(json.dumps(good))
    wrong["small_team"]["features"] = good["whole_consortium"]["features"]
    with pytest.raises(ValueError, match="small_team: 'features' must be the 22 features this engine computes"):
        PartnerModel.from_json(json.dumps(wrong))
    assert PartnerModel.from_json(shipped_model().to_json()) == shipped_model()


def test_one_set_of_weights_still_reads_and_scores_every_team():
    single = PartnerModel.single(shipped_model().small_team)
    assert Weights.from_json(single.small_team.to_json()) == single.small_team
    assert PartnerModel.from_json(single.to_json()) == single
    with pytest.raises(ValueError, match="'features' must be the 22 features"):
        Weights.from_json(shipped_model().whole_consortium.to_json())
