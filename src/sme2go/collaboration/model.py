"""The learned partner-suggestion model's parameters, and their JSON file.

Pure: no Django. `Weights` is one conditional logit, score = sum_i weight_i * (feature_i - mean_i)
/ scale_i. `PartnerModel` holds two of them (the tenth round, docs/partners.md): a team with at most
`small_team_max` members known to the history is scored by `small_team` (the 22 features), any
larger one by `whole_consortium` (the same 22 plus community closeness).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from sme2go.collaboration.features import FloatArray

FEATURE_NAMES = (
    "log_popularity",
    "log_consortium_projects",
    "log_part_projects",
    "log_recent_projects",
    "log_coordinated",
    "log_common_neighbours",
    "log_shared_projects",
    "log_recent_shared",
    "adamic_adar",
    "log_ppr",
    "two_hops",
    "three_hops",
    "log_same_country_members",
    "log_walk1",
    "log_walk2",
    "log_member_share_of_projects",
    "common_neighbours_share",
    "log_max_tie",
    "log_max_recent_tie",
    "log_part_shared",
    "best_overlap_share",
    "log_ppr_per_partner",
)
COMMUNITY_FEATURE = "community_closeness"
WHOLE_CONSORTIUM_FEATURES = (*FEATURE_NAMES, COMMUNITY_FEATURE)
SMALL_TEAM_MAX = 4
WHERE_FROM = "as written by bench/fit_partner_weights.py"


@dataclass(frozen=True)
class Weights:
    """A fitted log-linear model: score = sum_i weight_i * (feature_i - mean_i) / scale_i."""

    weights: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    features: tuple[str, ...] = FEATURE_NAMES
    provenance: dict[str, Any] = field(default_factory=dict)

    def score(self, x: FloatArray) -> FloatArray:
        """Each row's score (rows = candidates, columns = `features`)."""
        return np.asarray(((x - np.array(self.mean)) / np.array(self.scale)) @ np.array(self.weights))

    def as_dict(self) -> dict[str, Any]:
        return {"features": list(self.features), "weights": list(self.weights), "mean": list(self.mean),
                "scale": list(self.scale), "provenance": self.provenance}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2)

    @classmethod
    def from_json(cls, text: str) -> Weights:
        """Read weights written by `to_json`; ValueError saying what is wrong (never a KeyError or TypeError)."""
        return cls.from_dict(_json_object(text), features=(FEATURE_NAMES,))

    @classmethod
    def from_dict(cls, data: Any, *, features: tuple[tuple[str, ...], ...], where: str = "") -> Weights:
        """Weights from a parsed JSON object whose features are one of `features`; ValueError naming `where`."""
        at = f"{where}: " if where else ""
        if not isinstance(data, dict):
            raise ValueError(f"{at}must be a JSON object with features, weights, mean and scale ({WHERE_FROM})")
        missing = [key for key in ("features", "weights", "mean", "scale") if key not in data]
        if missing:
            raise ValueError(f"{at}missing key(s) {', '.join(missing)} (a weights file has features, weights, mean "
                             f"and scale, {WHERE_FROM})")
        names = tuple(data["features"]) if isinstance(data["features"], list) else None
        if names not in features:
            allowed = features[0]
            raise ValueError(f"{at}'features' must be the {len(allowed)} features this engine computes, "
                             f"in order: {', '.join(allowed)}")
        assert names is not None
        numbers = {key: _numbers(data[key], key, len(names), at) for key in ("weights", "mean", "scale")}
        if any(s == 0 for s in numbers["scale"]):
            raise ValueError(f"{at}'scale' must not contain 0")
        provenance = data.get("provenance", {})
        if not isinstance(provenance, dict):
            raise ValueError(f"{at}'provenance' must be a JSON object")
        return cls(weights=numbers["weights"], mean=numbers["mean"], scale=numbers["scale"], features=names,
                   provenance=dict(provenance))


@dataclass(frozen=True)
class PartnerModel:
    """Small-team and whole-consortium weights, chosen by the team's members known to the history."""

    small_team: Weights
    whole_consortium: Weights
    small_team_max: int = SMALL_TEAM_MAX
    provenance: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def single(cls, weights: Weights) -> PartnerModel:
        """One set of weights for every team (the model shipped until the tenth round)."""
        return cls(small_team=weights, whole_consortium=weights, provenance=dict(weights.provenance))

    def weights_for(self, known_members: int) -> Weights:
        return self.small_team if known_members <= self.small_team_max else self.whole_consortium

    def to_json(self) -> str:
        return json.dumps({"small_team_max": self.small_team_max, "small_team": self.small_team.as_dict(),
                           "whole_consortium": self.whole_consortium.as_dict(), "provenance": self.provenance},
                          indent=2)

    @classmethod
    def from_json(cls, text: str) -> PartnerModel:
        """Read a model written by `to_json`; ValueError saying what is wrong (never a KeyError or TypeError)."""
        data = _json_object(text)
        if not isinstance(data, dict):
            raise ValueError(f"must be a JSON object with small_team_max, small_team and whole_consortium "
                             f"({WHERE_FROM})")
        missing = [key for key in ("small_team_max", "small_team", "whole_consortium") if key not in data]
        if missing:
            raise ValueError(f"missing key(s) {', '.join(missing)} (a weights file has small_team_max, small_team "
                             f"and whole_consortium, {WHERE_FROM})")
        most = data["small_team_max"]
        if not isinstance(most, int) or isinstance(most, bool) or most < 0:
            raise ValueError("'small_team_max' must be a whole number of members, 0 or more")
        provenance = data.get("provenance", {})
        if not isinstance(provenance, dict):
            raise ValueError("'provenance' must be a JSON object")
        return cls(
            small_team=Weights.from_dict(data["small_team"], features=(FEATURE_NAMES,), where="small_team"),
            whole_consortium=Weights.from_dict(data["whole_consortium"],
                                               features=(WHOLE_CONSORTIUM_FEATURES, FEATURE_NAMES),
                                               where="whole_consortium"),
            small_team_max=most,
            provenance=dict(provenance),
        )


def _json_object(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None


def _numbers(value: Any, key: str, count: int, at: str) -> tuple[float, ...]:
    """A weights file's list of one number per feature."""
    if (
        not isinstance(value, list)
        or len(value) != count
        or not all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in value)
    ):
        raise ValueError(f"{at}{key!r} must be a list of {count} numbers, one per feature")
    return tuple(float(x) for x in value)


def shipped_model() -> PartnerModel:
    """The model shipped with sme2go (fitted by bench/fit_partner_weights.py on CORDIS 2014-2018)."""
    text = resources.files("sme2go.collaboration").joinpath("data/partner_weights.json").read_text("utf-8")
    return PartnerModel.from_json(text)
