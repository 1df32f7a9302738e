"""`sme2go demo` step: SYNTHETIC consortia, formed by the real engine for the demo's most common
opportunity needs among the generated companies, saved and moved along their statuses by the demo
manager, so that /consortia/, a team's history and review, partner suggestions for a saved team and
the report's consortia KPIs have something to show. Each name says "synthetic demo"."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model

from sme2go.consortia.engine import solve
from sme2go.consortia.engine.instance import Requirement, Rules, Weights
from sme2go.consortia.instance_builder import build_instance, capabilities_for_opportunity
from sme2go.consortia.models import Consortium
from sme2go.consortia.proposals import Need
from sme2go.consortia.services import AlreadySaved, change_status, save_consortium
from sme2go.opportunities.models import Opportunity
from sme2go.registry.demo_loading import ensure_demo_users
from sme2go.registry.models import Company

SYNTHETIC = "synthetic demo"
# The statuses each demo consortium goes through after "proposed", one consortium each.
PATHS: tuple[tuple[str, ...], ...] = (
    (),
    ("agreed",),
    ("agreed", "offer_submitted"),
    ("agreed", "offer_submitted", "won"),
    ("agreed", "offer_submitted", "lost"),
    ("lost",),
)
SOLVE_SECONDS = 5.0


def common_needs(count: int) -> tuple[list[tuple[Opportunity, list[str]]], int]:
    """(opportunity, the capabilities its page pre-fills) for the `count` most common needs among the
    opportunities (a need: the top two themes, the first opportunity of each), and how many distinct
    needs there are. The proposal-page bench times the same needs."""
    groups: Counter[tuple[str, ...]] = Counter()
    first: dict[tuple[str, ...], Opportunity] = {}
    for opportunity in Opportunity.objects.prefetch_related("themes").order_by("pk"):
        key = tuple(t.theme_id for t in sorted(opportunity.themes.all(), key=lambda t: (-t.share, t.theme_id))[:2])
        if key:
            groups[key] += 1
            first.setdefault(key, opportunity)
    chosen = []
    for key, _ in groups.most_common():
        capabilities = capabilities_for_opportunity(first[key])
        if capabilities:
            chosen.append((first[key], capabilities))
        if len(chosen) == count:
            break
    return chosen, len(groups)


def demo_step(stdout: object) -> str:
    """Once: one consortium per path of PATHS, each the engine's best team for a common need."""
    if Consortium.objects.filter(name__endswith=SYNTHETIC).exists():
        return "Consortia: synthetic demo consortia already loaded"
    if not Company.objects.filter(is_generated=True).exists():
        return "Consortia: no generated companies, no synthetic consortia"
    ensure_demo_users()
    manager = get_user_model().objects.get(username="manager")
    saved: list[str] = []
    for opportunity, capabilities in common_needs(3 * len(PATHS))[0]:  # a need no team can meet is skipped
        if len(saved) == len(PATHS):
            break
        path = PATHS[len(saved)]
        need = Need(required=tuple(Requirement(c, 1.0) for c in capabilities), opportunity=opportunity,
                    capable_only=True)
        built = build_instance(companies=Company.objects.filter(is_generated=True), required=need.required,
                               rules=Rules(), weights=Weights(), capable_only=True)
        best = solve(built.instance, top_k=1, time_limit=SOLVE_SECONDS).consortia
        if not best:
            continue
        try:
            consortium = save_consortium(user=manager, need=need, rules=Rules(), weights=Weights(),
                                         member_ids=list(best[0].members))
        except AlreadySaved:
            continue
        consortium.name = f"{consortium.name[:180]} · {SYNTHETIC}"
        consortium.save(update_fields=["name"])
        for status in path:
            consortium = change_status(user=manager, consortium=consortium, to_status=status)
        saved.append(consortium.status)
    counts = ", ".join(f"{n} {Consortium.status_label(s).lower()}" for s, n in Counter(saved).items())
    return f"Consortia: SYNTHETIC {len(saved)} consortia formed by the engine for common needs ({counts})"
