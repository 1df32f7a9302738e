"""The consortium formation engine: pure Python and OR-Tools, no Django.

    from sme2go.consortia.engine import parse_instance, solve
    result = solve(parse_instance(data), top_k=5, time_limit=10)
    result.as_dict()  # {"status": "OPTIMAL", "consortia": [...], "bound": ..., ...}
"""

from __future__ import annotations

from sme2go.consortia.engine.bruteforce import brute_force_top_k
from sme2go.consortia.engine.cpsat import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN, SolveResult
from sme2go.consortia.engine.greedy import greedy
from sme2go.consortia.engine.instance import (
    CompanyOption,
    Instance,
    InstanceError,
    Requirement,
    Rules,
    Tie,
    Weights,
    load_instance_json,
    parse_instance,
)
from sme2go.consortia.engine.score import ScoredConsortium, is_feasible, score, violated_rule
from sme2go.consortia.engine.solver import solve

__all__ = [
    "FEASIBLE",
    "INFEASIBLE",
    "OPTIMAL",
    "UNKNOWN",
    "CompanyOption",
    "Instance",
    "InstanceError",
    "Requirement",
    "Rules",
    "ScoredConsortium",
    "SolveResult",
    "Tie",
    "Weights",
    "brute_force_top_k",
    "greedy",
    "is_feasible",
    "load_instance_json",
    "parse_instance",
    "score",
    "solve",
    "violated_rule",
]
