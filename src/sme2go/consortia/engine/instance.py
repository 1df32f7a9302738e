"""The consortium formation instance: what is required, who could join, the rules and weights.

`parse_instance(dict)` validates an instance given as JSON data and raises
`InstanceError(field, message)` naming the offending field, e.g.
`InstanceError("ties[3].b", "unknown company id 'c99'")`. Unknown keys are refused at every
level (`InstanceError("companies[3].fits", "unknown key (did you mean \"fit\"?); expected one of
id, country, readiness, fit, name")`): a typo must not silently become a default.
"""

from __future__ import annotations

import difflib
import json
import math
from dataclasses import dataclass, field
from typing import Any

# Weights and strengths above this are rejected: scores are scaled to integers for CP-SAT.
MAX_MAGNITUDE = 1e6


class InstanceError(ValueError):
    """Bad instance data; `field` names where (e.g. "rules.min_size", "companies[2].fit.x")."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Requirement:
    capability: str
    weight: float = 1.0


@dataclass(frozen=True)
class CompanyOption:
    id: str
    country: str
    readiness: float
    fit: dict[str, float] = field(default_factory=dict)
    name: str = ""

    def fit_for(self, capability: str) -> float:
        return self.fit.get(capability, 0.0)


@dataclass(frozen=True)
class Tie:
    a: str
    b: str
    strength: float


@dataclass(frozen=True)
class Rules:
    min_size: int = 3
    max_size: int = 6
    min_countries: int = 2
    min_readiness: float = 0.5
    min_fit: float = 0.3
    cover_all: bool = True
    lock: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The rules as JSON data (the "rules" of an instance file)."""
        return {
            "min_size": self.min_size,
            "max_size": self.max_size,
            "min_countries": self.min_countries,
            "min_readiness": self.min_readiness,
            "min_fit": self.min_fit,
            "cover_all": self.cover_all,
            "lock": list(self.lock),
            "exclude": list(self.exclude),
        }


@dataclass(frozen=True)
class Weights:
    tie: float = 1.0
    readiness: float = 0.5
    size: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        """The weights as JSON data (the "weights" of an instance file)."""
        return {"tie": self.tie, "readiness": self.readiness, "size": self.size}


@dataclass(frozen=True)
class Instance:
    required: tuple[Requirement, ...]
    companies: tuple[CompanyOption, ...]
    ties: tuple[Tie, ...] = ()
    rules: Rules = Rules()
    weights: Weights = Weights()

    def company(self, company_id: str) -> CompanyOption:
        return self._by_id()[company_id]

    def _by_id(self) -> dict[str, CompanyOption]:
        cached = self.__dict__.get("_by_id_cache")
        if cached is None:
            cached = {c.id: c for c in self.companies}
            object.__setattr__(self, "_by_id_cache", cached)
        return cached

    def tie_strength(self, a: str, b: str) -> float:
        """strength(a, b), 0 when the two have no tie."""
        cached = self.__dict__.get("_ties_cache")
        if cached is None:
            cached = {}
            for tie in self.ties:
                cached[(tie.a, tie.b)] = tie.strength
                cached[(tie.b, tie.a)] = tie.strength
            object.__setattr__(self, "_ties_cache", cached)
        return cached.get((a, b), 0.0)

    def to_dict(self) -> dict[str, Any]:
        """The instance as JSON data, in the format `parse_instance` reads."""
        return {
            "required": [{"capability": r.capability, "weight": r.weight} for r in self.required],
            "companies": [
                {"id": c.id, "country": c.country, "readiness": c.readiness, "fit": dict(c.fit)}
                | ({"name": c.name} if c.name else {})
                for c in self.companies
            ],
            "ties": [{"a": t.a, "b": t.b, "strength": t.strength} for t in self.ties],
            "rules": self.rules.to_dict(),
            "weights": self.weights.to_dict(),
        }


def load_instance_json(text: str) -> Instance:
    """Parse instance JSON text; malformed JSON raises InstanceError naming the line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InstanceError("json", f"malformed JSON at line {error.lineno} column {error.colno}: {error.msg}") from error
    return parse_instance(data)


# A small instance showing every key (rules and weights at their defaults): the CLI's --help
# and the API's OpenAPI document show it.
EXAMPLE_INSTANCE_JSON = """\
{
  "required": [{"capability": "water.leak-detection", "weight": 3},
               {"capability": "water.smart-water-metering", "weight": 2}],
  "companies": [
    {"id": "c1", "name": "Aqua Leak", "country": "EE", "readiness": 0.8,
     "fit": {"water.leak-detection": 0.9}},
    {"id": "c2", "country": "FI", "readiness": 0.7,
     "fit": {"water.smart-water-metering": 0.6}},
    {"id": "c3", "country": "SE", "readiness": 0.9,
     "fit": {"water.smart-water-metering": 0.8, "water.leak-detection": 0.4}}
  ],
  "ties": [{"a": "c1", "b": "c2", "strength": 2}],
  "rules": {"min_size": 3, "max_size": 6, "min_countries": 2, "min_readiness": 0.5,
            "min_fit": 0.3, "cover_all": true, "lock": [], "exclude": []},
  "weights": {"tie": 1, "readiness": 0.5, "size": 1}
}"""

# The keys of each object of the JSON format, in the order the documentation lists them.
INSTANCE_KEYS = ("required", "companies", "ties", "rules", "weights")
REQUIREMENT_KEYS = ("capability", "weight")
COMPANY_KEYS = ("id", "country", "readiness", "fit", "name")
TIE_KEYS = ("a", "b", "strength")
RULE_KEYS = tuple(Rules.__dataclass_fields__)
WEIGHT_KEYS = tuple(Weights.__dataclass_fields__)


def refuse_unknown_keys(raw: dict[str, Any], known: tuple[str, ...], where: str, what: str = "key") -> None:
    """InstanceError naming the first unknown key of `raw` (by its path), the likely intended
    key, and the keys that are allowed there."""
    for key in raw:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            # A key that is the empty string is written [""], so the path still names it.
            name = '[""]' if key == "" else f".{key}" if where else str(key)
            raise InstanceError(f"{where}{name}", f"unknown {what}{hint}; expected one of {', '.join(known)}")


def parse_instance(data: Any) -> Instance:
    """Validate instance data (a dict as in the JSON format) and build an Instance.

    Missing `rules` / `weights` keys take their defaults; unknown keys are refused at every
    level (a typo like "min_sise", "fits" or "wieght" must not silently become the default).
    """
    if not isinstance(data, dict):
        raise InstanceError("instance", "must be a JSON object")
    refuse_unknown_keys(data, INSTANCE_KEYS, "")
    required = _parse_required(data.get("required"))
    companies = _parse_companies(data.get("companies"))
    ids = {c.id for c in companies}
    ties = _parse_ties(data.get("ties", []), ids)
    rules = _parse_rules(data.get("rules", {}), ids)
    weights = _parse_weights(data.get("weights", {}))
    return Instance(required=required, companies=companies, ties=ties, rules=rules, weights=weights)


def _number(value: Any, field: str, *, low: float | None = None, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InstanceError(field, f"must be a number, got {json.dumps(value)}")
    try:
        number = float(value)
    except OverflowError:  # a JSON integer beyond any float (10**400): refused like inf, with its size
        raise InstanceError(field, _beyond_float(int(value), low, high)) from None
    if not math.isfinite(number):
        raise InstanceError(field, "must be a finite number")
    if low is not None and number < low:
        raise InstanceError(field, f"must be at least {low:g}, got {number:g}")
    if high is not None and number > high:
        raise InstanceError(field, f"must be at most {high:g}, got {number:g}")
    return number


def _beyond_float(value: int, low: float | None, high: float | None) -> str:
    """Why an integer too large for a float is refused, with its size (not its digits, which may
    be thousands)."""
    digits = int(abs(value).bit_length() * math.log10(2)) + 1
    size = f"an integer of about {digits} digits" if value > 0 else f"a negative integer of about {digits} digits"
    if value > 0 and high is not None:
        return f"must be at most {high:g}, got {size}"
    if value < 0 and low is not None:
        return f"must be at least {low:g}, got {size}"
    return f"must be a finite number, got {size}"


def _integer(value: Any, field: str, *, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(field, f"must be a whole number, got {json.dumps(value)}")
    if value < low:
        raise InstanceError(field, f"must be at least {low}, got {value}")
    return value


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InstanceError(field, f"must be a non-empty string, got {json.dumps(value)}")
    return value


def _object(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InstanceError(field, "must be a JSON object")
    return value


def _list(value: Any, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise InstanceError(field, "must be a JSON list")
    return value


def _parse_required(value: Any) -> tuple[Requirement, ...]:
    if value is None:
        raise InstanceError("required", "is missing")
    seen: set[str] = set()
    required = []
    for i, item in enumerate(_list(value, "required")):
        where = f"required[{i}]"
        item = _object(item, where)
        refuse_unknown_keys(item, REQUIREMENT_KEYS, where)
        capability = _text(item.get("capability"), f"{where}.capability")
        if capability in seen:
            raise InstanceError(f"{where}.capability", f"duplicate capability {capability!r}")
        seen.add(capability)
        weight = _number(item.get("weight", 1.0), f"{where}.weight", low=0.0, high=MAX_MAGNITUDE)
        required.append(Requirement(capability=capability, weight=weight))
    return tuple(required)


def _company_id(value: Any, field: str) -> str:
    """A company id: non-empty text, or an integer (JSON numbers are accepted and kept as text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return _text(value, field)


def _parse_companies(value: Any) -> tuple[CompanyOption, ...]:
    if value is None:
        raise InstanceError("companies", "is missing")
    seen: set[str] = set()
    companies = []
    for i, item in enumerate(_list(value, "companies")):
        where = f"companies[{i}]"
        item = _object(item, where)
        refuse_unknown_keys(item, COMPANY_KEYS, where)
        company_id = _company_id(item.get("id"), f"{where}.id")
        if company_id in seen:
            raise InstanceError(f"{where}.id", f"duplicate company id {company_id!r}")
        seen.add(company_id)
        country = _text(item.get("country"), f"{where}.country")
        readiness = _number(item.get("readiness"), f"{where}.readiness", low=0.0, high=1.0)
        fit = {}
        for capability, level in _object(item.get("fit", {}), f"{where}.fit").items():
            fit[capability] = _number(level, f"{where}.fit.{capability}", low=0.0, high=1.0)
        name = item.get("name", "")
        if not isinstance(name, str):
            raise InstanceError(f"{where}.name", f"must be a string, got {json.dumps(name)}")
        companies.append(
            CompanyOption(id=company_id, country=country, readiness=readiness, fit=fit, name=str(name))
        )
    return tuple(companies)


def _parse_ties(value: Any, ids: set[str]) -> tuple[Tie, ...]:
    seen: set[frozenset[str]] = set()
    ties = []
    for i, item in enumerate(_list(value, "ties")):
        where = f"ties[{i}]"
        item = _object(item, where)
        refuse_unknown_keys(item, TIE_KEYS, where)
        ends = []
        for end in ("a", "b"):
            company_id = _company_id(item.get(end), f"{where}.{end}")
            if company_id not in ids:
                raise InstanceError(f"{where}.{end}", f"unknown company id {company_id!r}")
            ends.append(company_id)
        if ends[0] == ends[1]:
            raise InstanceError(f"{where}.b", f"a company cannot be tied to itself ({ends[0]!r})")
        pair = frozenset(ends)
        if pair in seen:
            raise InstanceError(where, f"duplicate tie between {ends[0]!r} and {ends[1]!r}")
        seen.add(pair)
        strength = _number(item.get("strength"), f"{where}.strength", low=0.0, high=MAX_MAGNITUDE)
        ties.append(Tie(a=ends[0], b=ends[1], strength=strength))
    return tuple(ties)


def _parse_id_list(value: Any, field: str, ids: set[str]) -> tuple[str, ...]:
    result = []
    for i, item in enumerate(_list(value, field)):
        company_id = _company_id(item, f"{field}[{i}]")
        if company_id not in ids:
            raise InstanceError(f"{field}[{i}]", f"unknown company id {company_id!r}")
        if company_id not in result:
            result.append(company_id)
    return tuple(result)


def _parse_rules(value: Any, ids: set[str]) -> Rules:
    raw = _object(value, "rules")
    refuse_unknown_keys(raw, RULE_KEYS, "rules", "rule")
    default = Rules()
    min_size = _integer(raw.get("min_size", default.min_size), "rules.min_size", low=1)
    max_size = _integer(raw.get("max_size", default.max_size), "rules.max_size", low=1)
    if min_size > max_size:
        raise InstanceError("rules.min_size", f"min_size {min_size} is greater than max_size {max_size}")
    cover_all = raw.get("cover_all", default.cover_all)
    if not isinstance(cover_all, bool):
        raise InstanceError("rules.cover_all", f"must be true or false, got {json.dumps(cover_all)}")
    lock = _parse_id_list(raw.get("lock", []), "rules.lock", ids)
    exclude = _parse_id_list(raw.get("exclude", []), "rules.exclude", ids)
    both = [company_id for company_id in lock if company_id in exclude]
    if both:
        raise InstanceError("rules.lock", f"company {both[0]!r} is both locked and excluded")
    return Rules(
        min_size=min_size,
        max_size=max_size,
        min_countries=_integer(raw.get("min_countries", default.min_countries), "rules.min_countries", low=0),
        min_readiness=_number(
            raw.get("min_readiness", default.min_readiness), "rules.min_readiness", low=0.0, high=1.0
        ),
        min_fit=_number(raw.get("min_fit", default.min_fit), "rules.min_fit", low=0.0, high=1.0),
        cover_all=cover_all,
        lock=lock,
        exclude=exclude,
    )


def _parse_weights(value: Any) -> Weights:
    raw = _object(value, "weights")
    refuse_unknown_keys(raw, WEIGHT_KEYS, "weights", "weight")
    default = Weights()
    return Weights(
        # A negative tie or readiness weight would reward strangers and unready companies.
        tie=_number(raw.get("tie", default.tie), "weights.tie", low=0.0, high=MAX_MAGNITUDE),
        readiness=_number(
            raw.get("readiness", default.readiness), "weights.readiness", low=0.0, high=MAX_MAGNITUDE
        ),
        # A negative size weight (rewarding bigger teams) is allowed.
        size=_number(raw.get("size", default.size), "weights.size", low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE),
    )
