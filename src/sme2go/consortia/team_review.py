"""A saved team checked against its rules after members change (pure, no Django).

The advisor decides the team, so nothing here forbids a change: it says who covers what (the
same fit and min_fit as the proposal) and which rules the team now breaks, in the page's words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sme2go.consortia.engine import Instance
from sme2go.consortia.engine.score import covers_of, ordered
from sme2go.consortia.wording import CAPABLE_ONLY_LABEL, RULE_LABELS, TRL_PROXY


def covered_by(instance: Instance, members: Iterable[str]) -> dict[str, list[str]]:
    """Each member -> the required capabilities it covers (best fit in the team, at least min_fit)."""
    team = ordered(instance, members)
    result: dict[str, list[str]] = {member: [] for member in team}
    for capability, member in covers_of(instance, team).items():
        result[member].append(capability)
    return result


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def team_warnings(
    instance: Instance, members: Iterable[str], capability_names: Mapping[str, str],
    company_names: Mapping[str, str], *, capable_only: bool = False, locked: Iterable[str] = (),
    readiness_source: Mapping[str, str] | None = None,
) -> list[str]:
    """The rules the team breaks, one sentence each, rules named by their labels on the form
    ("5 members: above Max size 4"). With `capable_only` (the team was proposed with "every
    member brings a required capability"), members other than the `locked` ones that have no
    required capability with a fit of at least min_fit are named too."""
    team = ordered(instance, members)
    rules, label = instance.rules, RULE_LABELS
    warnings = []
    if len(team) > rules.max_size:
        warnings.append(f"{_count(len(team), 'member', 'members')}: above {label['max_size']} {rules.max_size}")
    if len(team) < rules.min_size:
        warnings.append(f"{_count(len(team), 'member', 'members')}: below {label['min_size']} {rules.min_size}")
    countries = sorted({instance.company(c).country for c in team})
    if len(countries) < rules.min_countries:
        warnings.append(
            f"{_count(len(countries), 'country', 'countries')} ({', '.join(countries) or 'none'}): "
            f"below {label['min_countries']} {rules.min_countries}"
        )
    for member in team:
        readiness = instance.company(member).readiness
        if readiness < rules.min_readiness:
            warnings.append(
                f"{company_names.get(member, member)}: readiness {readiness:.2f} "
                f"({(readiness_source or {}).get(member, TRL_PROXY)}) "
                f"below {label['min_readiness']} {rules.min_readiness:g}"
            )
    covers = covers_of(instance, team)
    for requirement in instance.required:
        if requirement.capability not in covers:
            name = capability_names.get(requirement.capability, requirement.capability)
            warnings.append(f"{name} is not covered: no member has a fit of at least {rules.min_fit:g}")
    if capable_only:
        exempt = set(locked)
        for member in team:
            option = instance.company(member)
            if member not in exempt and all(option.fit_for(r.capability) < rules.min_fit for r in instance.required):
                warnings.append(
                    f"{company_names.get(member, member)} brings no required capability (no fit of at least "
                    f"{rules.min_fit:g}), but the team was proposed with “{CAPABLE_ONLY_LABEL}”"
                )
    return warnings


def no_longer_covered(
    instance: Instance, before: Iterable[str], after: Iterable[str], capability_names: Mapping[str, str]
) -> list[str]:
    """Sentences for the required capabilities the old team covered and the new one does not."""
    was, now = covers_of(instance, ordered(instance, before)), covers_of(instance, ordered(instance, after))
    return [
        f"{capability_names.get(r.capability, r.capability)} is no longer covered."
        for r in instance.required
        if r.capability in was and r.capability not in now
    ]
