"""Reading a need, rules and weights from the proposal page's query string (GET, so re-solving
with a lock or an exclusion is just another link), validated by the engine's own parser."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.http import QueryDict

from sme2go.consortia.engine import InstanceError, Requirement, Rules, Weights, parse_instance
from sme2go.consortia.services import Need
from sme2go.opportunities.models import Opportunity

RULE_FIELDS = ("min_size", "max_size", "min_countries", "min_readiness", "min_fit")
WEIGHT_FIELDS = ("tie", "readiness", "size")
MAX_TOP = 10


@dataclass
class NeedQuery:
    """The page's inputs, parsed; `errors` name the field and the reason."""

    need: Need
    rules: Rules
    weights: Weights
    top_k: int
    capabilities: dict[str, float] = field(default_factory=dict)  # selected capability -> weight
    errors: list[str] = field(default_factory=list)
    submitted: bool = False


def _float(params: QueryDict, name: str, default: float, errors: list[str]) -> float:
    raw = params.get(name, "").strip()
    if raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        errors.append(f"{name}: {raw!r} is not a number")
        return default


def read_need(params: QueryDict, *, prefill: list[str] | None = None) -> NeedQuery:
    """Parse the query string; without a submission, capabilities come from `prefill`."""
    errors: list[str] = []
    opportunity = None
    if params.get("opportunity"):
        opportunity = Opportunity.objects.filter(pk=params["opportunity"]).first() if params[
            "opportunity"
        ].isdigit() else None
        if opportunity is None:
            errors.append(f"opportunity: no opportunity {params['opportunity']!r}")
    submitted = params.get("go") == "1"
    selected = params.getlist("cap") if submitted else list(prefill or [])
    capabilities = {cap: _float(params, f"weight_{cap}", 1.0, errors) for cap in dict.fromkeys(selected)}
    defaults = Rules()
    raw_rules: dict[str, object] = {}
    for name in RULE_FIELDS:
        value = _float(params, name, float(getattr(defaults, name)), errors)
        raw_rules[name] = int(value) if name in ("min_size", "max_size", "min_countries") and value.is_integer() else value
    raw_rules["cover_all"] = params.get("cover_all") == "on" if submitted else defaults.cover_all
    raw_weights = {name: _float(params, f"w_{name}", getattr(Weights(), name), errors) for name in WEIGHT_FIELDS}
    top_k = int(_float(params, "top", 3, errors))
    if not 1 <= top_k <= MAX_TOP:
        errors.append(f"top: between 1 and {MAX_TOP}")
        top_k = max(1, min(MAX_TOP, top_k))
    rules, weights = defaults, Weights()
    required: tuple[Requirement, ...] = ()
    try:
        parsed = parse_instance(
            {
                "required": [{"capability": c, "weight": w} for c, w in capabilities.items()],
                "companies": [],
                "rules": raw_rules,
                "weights": raw_weights,
            }
        )
        rules, weights, required = parsed.rules, parsed.weights, parsed.required
    except InstanceError as error:
        errors.append(str(error))
    lock = [i for i in dict.fromkeys(params.getlist("lock")) if i not in params.getlist("unlock")]
    exclude = [i for i in dict.fromkeys(params.getlist("exclude")) if i not in params.getlist("unexclude")]
    # The latest button wins: locking an excluded company un-excludes it, and the other way round.
    clicked_lock, clicked_exclude = params.get("do_lock"), params.get("do_exclude")
    if clicked_lock:
        lock.append(clicked_lock)
        exclude = [i for i in exclude if i != clicked_lock]
    if clicked_exclude:
        exclude.append(clicked_exclude)
        lock = [i for i in lock if i != clicked_exclude]
    rules = replace(rules, lock=tuple(dict.fromkeys(lock)), exclude=tuple(dict.fromkeys(exclude)))
    need = Need(
        required=required,
        capable_only=params.get("capable_only") == "on" if submitted else True,
        opportunity=opportunity,
        target_city=params.get("target_city", "").strip()[:120],
        target_country=params.get("target_country", "").strip()[:120],
    )
    return NeedQuery(need, rules, weights, top_k, capabilities, errors, submitted)
