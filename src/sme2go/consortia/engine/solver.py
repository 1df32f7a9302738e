"""The engine's one entry point, used by the CLI, the API and the pages alike.

With ties that can add score, small instances are first given to the exact enumeration
(branch_bound.py), which proves them in a fraction of what CP-SAT needs there (its relaxation
of the tie term is weak); when it does not finish within its share of the time, or the pruned
universe is too large for it, the CP-SAT solver (cpsat.py) gets the time left. Both are exact:
an OPTIMAL answer is the same list of scores either way.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

from sme2go.consortia.engine import cpsat
from sme2go.consortia.engine.branch_bound import solve_exact, ties_matter
from sme2go.consortia.engine.cpsat import FEASIBLE, UNKNOWN, SolveResult, timed_out_reason
from sme2go.consortia.engine.instance import Instance

# The enumeration's share of the time limit (it proves the demo's instances in 0.01-2 s).
EXACT_SHARE = 0.5


def solve(
    instance: Instance, *, top_k: int = 1, time_limit: float = 30.0, workers: int = 2, use_hint: bool = True
) -> SolveResult:
    """The `top_k` best feasible consortia, best first, with a proven bound (see cpsat.solve).

    `time_limit` (seconds) must be finite and positive (ValueError otherwise); when it runs
    out, the reason names it as given, not the share of it CP-SAT had left.
    """
    if not (math.isfinite(time_limit) and time_limit > 0):
        raise ValueError(f"time_limit must be a positive number of seconds, got {time_limit!r}")
    started = time.monotonic()
    if ties_matter(instance):
        exact = solve_exact(instance, top_k=top_k, time_limit=time_limit * EXACT_SHARE)
        if exact is not None:
            return exact
    left = max(time_limit - (time.monotonic() - started), 0.0)
    result = cpsat.solve(instance, top_k=top_k, time_limit=left, workers=workers, use_hint=use_hint)
    if result.status in (FEASIBLE, UNKNOWN):
        result = replace(result, reason=timed_out_reason(time_limit, found=bool(result.consortia)))
    return replace(result, seconds=time.monotonic() - started)
