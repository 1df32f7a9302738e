"""Reading a need, rules and weights from the proposal page's query string (GET, so re-solving
with a lock or an exclusion is just another link).

Every number is checked field by field (finite, whole where a count is meant, in range) and an
error names the field by its label on the form ("Min size", "weight of Leak detection"); the
engine's own parser then checks the whole, its field names translated to the same labels.
What the user typed is kept in `values`, so a form with an error shows it again unchanged.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from django.db.models import QuerySet
from django.http import QueryDict

from sme2go.consortia.engine import InstanceError, Requirement, Rules, Weights, parse_instance
from sme2go.consortia.engine.instance import MAX_MAGNITUDE
from sme2go.consortia.proposals import Need
from sme2go.consortia.wording import RULE_LABELS, WEIGHT_LABELS, keys_as_labels
from sme2go.opportunities.models import Opportunity
from sme2go.registry.models import Company
from sme2go.taxonomy import load_taxonomy

MAX_TOP = 10
MAX_TEAM = 1000  # sizes and country counts above this are typing errors (and overflow the solver)


@dataclass(frozen=True)
class NumberField:
    """One number of the form: its query parameter, its label, its default and its range."""

    name: str
    label: str
    default: float
    whole: bool = False
    low: float | None = None
    high: float | None = None


RULES, WEIGHTS = Rules(), Weights()
RULE_FIELDS = (
    NumberField("min_size", RULE_LABELS["min_size"], RULES.min_size, whole=True, low=1, high=MAX_TEAM),
    NumberField("max_size", RULE_LABELS["max_size"], RULES.max_size, whole=True, low=1, high=MAX_TEAM),
    NumberField("min_countries", RULE_LABELS["min_countries"], RULES.min_countries, whole=True, low=0, high=MAX_TEAM),
    NumberField("min_readiness", RULE_LABELS["min_readiness"], RULES.min_readiness, low=0, high=1),
    NumberField("min_fit", RULE_LABELS["min_fit"], RULES.min_fit, low=0, high=1),
)
WEIGHT_FIELDS = (
    NumberField("w_tie", WEIGHT_LABELS["tie"], WEIGHTS.tie, low=0, high=MAX_MAGNITUDE),
    NumberField("w_readiness", WEIGHT_LABELS["readiness"], WEIGHTS.readiness, low=0, high=MAX_MAGNITUDE),
    # A negative size weight (rewarding bigger teams) is allowed.
    NumberField("w_size", WEIGHT_LABELS["size"], WEIGHTS.size, low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE),
)
TOP_FIELD = NumberField("top", "Proposals", 3, whole=True, low=1, high=MAX_TOP)
# Labels of the engine's fields (InstanceError.field), for the errors its parser finds itself.
ENGINE_LABELS = {f"rules.{key}": label for key, label in RULE_LABELS.items()} | {
    f"weights.{key}": label for key, label in WEIGHT_LABELS.items()
}


def weight_field(capability_id: str, name: str) -> NumberField:
    """The weight of one required capability, labelled as on the form."""
    return NumberField(f"weight_{capability_id}", f"weight of {name}", 1.0, low=0, high=MAX_MAGNITUDE)


@dataclass
class NeedQuery:
    """The page's inputs, parsed; `errors` name the field by its label and say why."""

    need: Need
    rules: Rules
    weights: Weights
    top_k: int
    capabilities: dict[str, float] = field(default_factory=dict)  # selected capability -> weight
    errors: list[str] = field(default_factory=list)
    submitted: bool = False
    values: dict[str, str] = field(default_factory=dict)  # form field -> what to show in it
    company_names: dict[str, str] = field(default_factory=dict)  # locked / excluded id -> legal name


def _shown(number: float) -> str:
    return f"{number:g}"


def read_number(params: QueryDict, spec: NumberField, errors: list[str], values: dict[str, str]) -> float | None:
    """The field's number (its default when empty), or None with an error naming the field."""
    raw = params.get(spec.name, "").strip()
    values[spec.name] = raw or _shown(spec.default)
    if raw == "":
        return spec.default
    try:
        number = float(raw)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        errors.append(f"{spec.label}: “{raw}” is not a number")
        return None
    if spec.whole and not number.is_integer():
        errors.append(f"{spec.label}: “{raw}” is not a whole number")
        return None
    if spec.low is not None and number < spec.low:
        errors.append(f"{spec.label}: must be at least {_shown(spec.low)}, not {raw}")
        return None
    if spec.high is not None and number > spec.high:
        errors.append(f"{spec.label}: must be at most {_shown(spec.high)}, not {raw}")
        return None
    return int(number) if spec.whole else number


def engine_error_in_words(error: InstanceError, capability_names: list[str]) -> str:
    """The engine's error with its field named as on the form ("required[0].weight" -> "weight of …")."""
    match = re.fullmatch(r"required\[(\d+)\]\.weight", error.field)
    if match and int(match.group(1)) < len(capability_names):
        label = f"weight of {capability_names[int(match.group(1))]}"
    else:
        label = ENGINE_LABELS.get(error.field, error.field)
    return f"{label}: {keys_as_labels(error.message)}"


def check_companies(
    lock: list[str], exclude: list[str], companies: QuerySet[Company], errors: list[str]
) -> dict[str, str]:
    """Names of the locked and excluded companies; an error for each id that is not a company
    of `companies` (those the user may see) and for a company both locked and excluded."""
    ids = [i for i in dict.fromkeys([*lock, *exclude]) if i.isdigit()]
    names = {str(pk): name for pk, name in companies.filter(pk__in=ids).values_list("pk", "legal_name")}
    for label, chosen in ((ENGINE_LABELS["rules.lock"], lock), (ENGINE_LABELS["rules.exclude"], exclude)):
        for company_id in chosen:
            if not company_id.isdigit():
                errors.append(f"{label}: “{company_id}” is not a company id")
            elif company_id not in names:
                errors.append(f"{label}: no company {company_id} among the companies you may see")
    for company_id in lock:
        if company_id in exclude and company_id in names:
            errors.append(f"{names[company_id]} is both locked and excluded: unlock it or bring it back")
    return names


def read_need(
    params: QueryDict, *, prefill: list[str] | None = None, companies: QuerySet[Company] | None = None
) -> NeedQuery:
    """Parse the query string; without a submission, capabilities come from `prefill`. With
    `companies` (those the user may see), locked and excluded ids are checked against them."""
    errors: list[str] = []
    values: dict[str, str] = {}
    opportunity = None
    if params.get("opportunity"):
        opportunity = Opportunity.objects.filter(pk=params["opportunity"]).first() if params[
            "opportunity"
        ].isdigit() else None
        if opportunity is None:
            errors.append(f"Opportunity: no opportunity {params['opportunity']!r}")
    submitted = params.get("go") == "1"
    selected = list(dict.fromkeys(params.getlist("cap") if submitted else list(prefill or [])))
    taxonomy = load_taxonomy()
    names = [taxonomy.capability(c).name if taxonomy.is_capability(c) else c for c in selected]
    capabilities: dict[str, float] = {}
    for capability, name in zip(selected, names, strict=True):
        weight = read_number(params, weight_field(capability, name), errors, values)
        capabilities[capability] = 1.0 if weight is None else weight
    raw_rules: dict[str, object] = {}
    for spec in RULE_FIELDS:
        number = read_number(params, spec, errors, values)
        if number is not None:
            raw_rules[spec.name] = number
    raw_rules["cover_all"] = params.get("cover_all") == "on" if submitted else RULES.cover_all
    raw_weights: dict[str, object] = {}
    for spec in WEIGHT_FIELDS:
        number = read_number(params, spec, errors, values)
        if number is not None:
            raw_weights[spec.name[2:]] = number
    top = read_number(params, TOP_FIELD, errors, values)
    top_k = int(top) if top is not None else int(TOP_FIELD.default)
    min_size, max_size = raw_rules.get("min_size"), raw_rules.get("max_size")
    if isinstance(min_size, int) and isinstance(max_size, int) and min_size > max_size:
        errors.append(f"Min size: {min_size} is greater than Max size ({max_size})")
    rules, weights = RULES, WEIGHTS
    required: tuple[Requirement, ...] = ()
    if not errors:
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
            errors.append(engine_error_in_words(error, names))
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
    lock, exclude = list(dict.fromkeys(lock)), list(dict.fromkeys(exclude))
    company_names = check_companies(lock, exclude, companies, errors) if companies is not None else {}
    rules = replace(rules, lock=tuple(lock), exclude=tuple(exclude))
    need = Need(
        required=required,
        capable_only=params.get("capable_only") == "on" if submitted else True,
        opportunity=opportunity,
        target_city=params.get("target_city", "").strip()[:120],
        target_country=params.get("target_country", "").strip()[:120],
    )
    return NeedQuery(need, rules, weights, top_k, capabilities, errors, submitted, values, company_names)
