"""Each partner-suggestion baseline on a hand-made graph, and against brute force on random ones."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sme2go.collaboration.features import PPR_RESTART, PPR_STEPS
from sme2go.collaboration.suggest import PartnerQuery, PartnerSuggester
from tests.unit.partner_graphs import history

PRC = frozenset({"PRC"})


def order(method: str, members: tuple[str, ...], parts: tuple[str, ...] = ()) -> list[str]:
    suggester = PartnerSuggester(history().until(2018))
    query = PartnerQuery(members=members, programme_parts=parts, candidate_types=PRC, k=20)
    return [s.pic for s in suggester.suggest(query, method)]


def test_it_ranks_by_projects_for_popularity():
    # 200 has two projects up to 2018; the others one; ties go to the smaller pic.
    assert order("popularity", ("400",)) == ["200", "100", "300", "600", "700", "800"]


def test_it_counts_projects_in_any_of_the_programme_parts():
    # SC3 or LEIT: p2 (300), p3 (600), p4 (200, 700); 100 and 800 have none.
    assert order("popularity_in_part", ("400",), ("SC3", "LEIT"))[:4] == ["200", "300", "600", "700"]
    assert order("popularity_in_part", ("400",), ("SC4",))[:4] == ["200", "100", "300", "800"]


def test_it_counts_members_worked_with_for_common_neighbours():
    # Members 400 and 500: 200, 300 and 700 worked with both; 100 and 600 with one; 800 with none.
    assert order("common_neighbours", ("400", "500")) == ["200", "300", "700", "100", "600", "800"]


def test_it_weighs_members_by_their_partners_for_adamic_adar():
    suggester = PartnerSuggester(history().until(2018))
    signals, scores = suggester.scored(PartnerQuery(members=("100", "500"), candidate_types=PRC), "adamic_adar")
    by_pic = {suggester.history.pics[c]: s for c, s in zip(signals.candidates, scores, strict=True)}
    # 100 has 2 partners (400, 200), 500 has 5: weights 1/log 3 and 1/log 6.
    assert math.isclose(by_pic["200"], 1 / math.log(3) + 1 / math.log(6))
    assert math.isclose(by_pic["300"], 1 / math.log(6))
    assert by_pic["800"] == 0


def test_it_never_uses_projects_after_the_history_ends():
    # p6 (2019) joins 100 and 300; up to 2018 they never met.
    suggester = PartnerSuggester(history().until(2018))
    signals, _ = suggester.scored(PartnerQuery(members=("100",), candidate_types=PRC), "common_neighbours")
    worked = {suggester.history.pics[c] for c, n in zip(signals.candidates, signals.values["common_neighbours"], strict=True) if n}
    assert worked == {"200"}
    later = PartnerSuggester(history())
    signals, _ = later.scored(PartnerQuery(members=("100",), candidate_types=PRC), "common_neighbours")
    worked = {later.history.pics[c] for c, n in zip(signals.candidates, signals.values["common_neighbours"], strict=True) if n}
    assert worked == {"200", "300", "600"}


def brute_force(
    projects: list[set[int]], orgs: int, members: set[int], in_part: list[bool] | None = None
) -> dict[str, list[float]]:
    """Common neighbours, Adamic-Adar, shared projects, the repeat-team signals and truncated PPR
    from their definitions."""
    in_part = in_part or [True] * len(projects)
    neighbours = [{o for p in projects if i in p for o in p if o != i} for i in range(orgs)]
    common = [float(sum(1 for m in members if c in neighbours[m])) for c in range(orgs)]
    adamic = [sum(1 / math.log(len(neighbours[m]) + 1) for m in members if c in neighbours[m]) for c in range(orgs)]
    shared = [float(sum(1 for m in members for p in projects if m in p and c in p and c != m)) for c in range(orgs)]
    max_tie = [
        float(max([sum(1 for p in projects if m in p and c in p) for m in members if m != c], default=0))
        for c in range(orgs)
    ]
    part_shared = [
        float(sum(1 for m in members for p, part in zip(projects, in_part, strict=True) if part and m in p and c in p))
        for c in range(orgs)
    ]
    best_overlap = [float(max([len(p & members) for p in projects if c in p], default=0)) for c in range(orgs)]
    x = [1 / len(members) if i in members else 0.0 for i in range(orgs)] if members else [0.0] * orgs
    ppr = [PPR_RESTART * v for v in x]
    for step in range(1, PPR_STEPS + 1):
        nxt = [0.0] * orgs
        for i in range(orgs):
            mine = [p for p in projects if i in p]
            for p in mine:
                for o in p:
                    nxt[o] += x[i] / len(mine) / len(p)
        x = nxt
        ppr = [a + PPR_RESTART * (1 - PPR_RESTART) ** step * b for a, b in zip(ppr, x, strict=True)]
    return {
        "common_neighbours": common, "adamic_adar": adamic, "shared_projects": shared, "ppr": ppr,
        "max_tie": max_tie, "part_shared": part_shared, "best_overlap": best_overlap,
    }


random_projects = st.lists(st.sets(st.integers(0, 7), min_size=1, max_size=5), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(projects=random_projects, member_picks=st.sets(st.integers(0, 7), max_size=3))
def test_it_matches_brute_force_on_random_histories(projects, member_picks):
    used = sorted({o for p in projects for o in p})
    pics = {o: f"9{o:02d}" for o in used}
    parts = [("SC4",) if j % 2 == 0 else ("LEIT",) for j in range(len(projects))]
    spec = {f"r{j}": (2016, parts[j], tuple(pics[o] for o in sorted(p))) for j, p in enumerate(projects)}
    h = history(spec, {pics[o]: ("FI", "PRC") for o in used})
    members = tuple(pics[o] for o in sorted(member_picks) if o in pics)
    suggester = PartnerSuggester(h)
    signals, _ = suggester.scored(PartnerQuery(members=members, programme_parts=("SC4",)), "ppr")
    ids = {pic: i for i, pic in enumerate(h.pics)}
    projects_by_id = [{ids[pic] for pic in members_} for _, _, members_ in spec.values()]
    expected = brute_force(projects_by_id, len(h.pics), {ids[m] for m in members}, [p == ("SC4",) for p in parts])
    for name, values in expected.items():
        assert np.allclose(signals.values[name], [values[c] for c in signals.candidates]), name
    assert not set(members) & {h.pics[c] for c in signals.candidates}
