"""The tenth round's model: small teams and whole consortia scored by their own weights, and the
community closeness that only whole consortia use (docs/partners.md)."""

from __future__ import annotations

import numpy as np
import pytest

from sme2go.collaboration.community import closeness, community_embedding, largest_component
from sme2go.collaboration.history import build_history
from sme2go.collaboration.learning import TIE_FEATURES, fit_model, size_aware_training
from sme2go.collaboration.model import (
    COMMUNITY_FEATURE,
    FEATURE_NAMES,
    WHOLE_CONSORTIUM_FEATURES,
    PartnerModel,
    Weights,
)
from sme2go.collaboration.suggest import PartnerQuery, PartnerSuggester
from tests.unit.partner_graphs import history


def two_clusters(size: int = 8, projects: int = 12, seed: int = 3, team: int = 4):
    """Two groups of organisations (a..., b...) that work within their group, joined by one project of
    a0 and b0, plus a loner."""
    rng = np.random.default_rng(seed)
    orgs = {f"{g}{i}": (("EE", "FI", "SE")[i % 3], "PRC") for g in "ab" for i in range(size)}
    orgs["z0"] = ("EE", "PRC")
    made = {}
    for n in range(projects):
        for group in "ab":
            members = tuple(f"{group}{i}" for i in sorted(rng.choice(size, size=team, replace=False)))
            made[f"{group}{n}"] = (2014 + n % 4, ("SC4",), members)
    made["bridge"] = (2014, ("SC4",), ("a0", "b0"))
    made["alone"] = (2015, ("SC4",), ("z0",))
    return history(made, orgs)


def test_the_embedding_places_each_group_together_and_the_loner_nowhere():
    h = two_clusters()
    index = h.index_of()
    inside = largest_component(h)
    assert inside.sum() == 16 and not inside[index["z0"]]
    e = community_embedding(h)
    assert e.shape == (h.org_count, 64)
    assert np.array_equal(e, community_embedding(h))  # seeded: the same every time
    members = np.array([index[f"a{i}"] for i in (1, 2, 3)])
    near = closeness(e, np.array([index[f"a{i}"] for i in (4, 5, 6, 7)] + [index[f"b{i}"] for i in (4, 5, 6, 7)]
                                 + [index["z0"]]), members)
    assert near[:4].min() > near[4:8].max()  # the members' own group is closer than the other
    assert near[8] == 0.0  # outside the component: no position, no closeness
    assert np.array_equal(closeness(e, np.array([index["a4"]]), np.array([], dtype=np.int64)), np.zeros(1))


def test_an_empty_or_tiny_history_gives_an_embedding_without_failing():
    assert community_embedding(build_history([], [])).shape == (0, 64)
    e = community_embedding(history())
    assert e.shape == (8, 64) and np.isfinite(e).all()


def only(feature: str, features: tuple[str, ...]) -> Weights:
    n = len(features)
    return Weights(weights=tuple(float(f == feature) for f in features), mean=(0.0,) * n, scale=(1.0,) * n,
                   features=features)


def test_small_teams_and_whole_consortia_are_scored_by_their_own_weights():
    h = two_clusters()
    model = PartnerModel(small_team=only("log_popularity", FEATURE_NAMES),
                         whole_consortium=only(COMMUNITY_FEATURE, WHOLE_CONSORTIUM_FEATURES), small_team_max=4)
    suggester = PartnerSuggester(h, model)
    index = h.index_of()
    kept = "a"
    popularity = {p: len(h.projects_of(index[p])) for p in h.pics}

    def ranked(members: tuple[str, ...]) -> list[str]:
        return [s.pic for s in suggester.suggest(PartnerQuery(members=members, k=20))]

    small = ranked(tuple(f"{kept}{i}" for i in range(4)))
    assert [popularity[p] for p in small] == sorted((popularity[p] for p in small), reverse=True)
    whole = ranked(tuple(f"{kept}{i}" for i in range(5)))
    near = closeness(suggester.embedding, np.array([index[p] for p in whole]),
                     np.array([index[f"{kept}{i}"] for i in range(5)]))
    assert list(near) == sorted(near, reverse=True)
    assert set(whole[:3]) == {f"{kept}{i}" for i in (5, 6, 7)}  # the rest of the team's group first
    # Unknown members do not count towards the team's size.
    assert ranked((*(f"{kept}{i}" for i in range(4)), "999", "998")) == small


def test_the_fitted_model_has_both_parts_with_tie_weights_never_negative():
    with pytest.raises(ValueError, match="no training queries"):
        fit_model(two_clusters(size=10, projects=30), years=[2015, 2016, 2017])  # teams of 4: nothing whole
    h = two_clusters(size=10, projects=30, team=7)
    data = size_aware_training(h, years=[2015, 2016, 2017])
    # Every query of a team of seven has more than four known members once its year has a history:
    # each gives a whole-consortium query and its small-team copy.
    assert len(data.whole_consortium.segments) > 0
    assert len(data.small_team.segments) >= len(data.whole_consortium.segments)
    assert data.small_team.rows.shape[1] == len(FEATURE_NAMES)
    assert data.whole_consortium.rows.shape[1] == len(WHOLE_CONSORTIUM_FEATURES)
    model = fit_model(h, years=[2015, 2016, 2017])
    assert model.small_team.features == FEATURE_NAMES
    assert model.whole_consortium.features == WHOLE_CONSORTIUM_FEATURES
    for part in (model.small_team, model.whole_consortium):
        assert all(w >= 0 for f, w in zip(part.features, part.weights, strict=True) if f in TIE_FEATURES)
    assert model.provenance["pseudo_queries"] == len(data.small_team.segments) + len(data.whole_consortium.segments)
    assert fit_model(h, years=[2015, 2016, 2017]) == model  # seeded copies: the same model every time
